// Our wire layer against packets from a real peer: every packet usrsctp
// emitted in the scenarios (usrsctp_scenarios.cc) must carry a CRC32c our
// code agrees with, and must frame and parse, chunk by chunk and down to
// nested parameters and causes, whole or split into segments. The user
// data in it must be what the scenario sent.
#include <gtest/gtest.h>
#include <usrsctp.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "crc/crc32c.h"
#include "support/packet_decoder.h"
#include "interop/usrsctp_scenarios.h"
#include "sctp/wire/chunks/data.h"

namespace dsctp::interop {
namespace {

using test::decode_packet;
using test::DecodedPacket;
using test::hex;
using test::UserChunk;

using sctp::wire::ChunkType;
using sctp::wire::DataFlags;
using sctp::wire::name_of;
using sctp::wire::ParameterType;

ByteRange whole(const std::vector<std::byte>& v) { return ByteRange(std::span(v)); }

const Capture& capture_named(const std::string& name) {
  for (const Capture& c : all_captures()) {
    if (c.scenario == name) return c;
  }
  throw std::runtime_error("no scenario " + name);
}

std::string where(const Capture& c, size_t i) {
  const CapturedPacket& p = c.packets[i];
  return c.scenario + " packet " + std::to_string(i) + " (" + to_string(p.direction) +
         ", " + std::to_string(p.bytes.size()) + " bytes): " + hex(whole(p.bytes));
}

class ScenarioCapture : public testing::TestWithParam<std::string> {
 protected:
  const Capture& capture() const { return capture_named(GetParam()); }
};

TEST_P(ScenarioCapture, RanToCompletion) {
  const Capture& c = capture();
  for (const std::string& f : c.failures) ADD_FAILURE() << c.scenario << ": " << f;
  EXPECT_GE(c.packets.size(), 4u) << "at least the handshake";
}

// The known-answer test of our CRC32c against an independent
// implementation: usrsctp computed every one of these checksums itself
// (offload is off), and our code must agree to the bit.
TEST_P(ScenarioCapture, EveryPacketCarriesACrc32cWeAgreeWith) {
  const Capture& c = capture();
  for (size_t i = 0; i < c.packets.size(); ++i) {
    std::vector<std::byte> bytes = c.packets[i].bytes;
    ASSERT_GE(bytes.size(), 12u) << where(c, i);
    EXPECT_TRUE(crc::sctp_checksum_ok(whole(bytes))) << where(c, i);
    EXPECT_EQ(crc::sctp_checksum(whole(bytes)), crc::stored_sctp_checksum(bytes.data()))
        << where(c, i);

    // usrsctp's own CRC over the zeroed packet is what it stored, in the
    // same memory layout: so usrsctp computed it, and our reading of the
    // field's byte order matches its writing of it.
    std::vector<std::byte> zeroed = bytes;
    std::memset(zeroed.data() + crc::kSctpChecksumOffset, 0, crc::kSctpChecksumSize);
    uint32_t stored;
    std::memcpy(&stored, bytes.data() + crc::kSctpChecksumOffset, sizeof stored);
    EXPECT_EQ(stored, usrsctp_crc32c(zeroed.data(), zeroed.size())) << where(c, i);

    // CRC32c catches every single-bit error: one flip per byte position
    // (the first miss is reported, not a flood of them).
    for (size_t at = 0; at < bytes.size(); ++at) {
      bytes[at] ^= std::byte{1} << (at % 8);
      bool caught = !crc::sctp_checksum_ok(whole(bytes));
      bytes[at] ^= std::byte{1} << (at % 8);
      if (!caught) {
        ADD_FAILURE() << where(c, i) << ": bit flip at byte " << at << " not detected";
        break;
      }
    }
  }
}

TEST_P(ScenarioCapture, EveryChunkParameterAndCauseParses) {
  const Capture& c = capture();
  for (size_t i = 0; i < c.packets.size(); ++i) {
    DecodedPacket d = decode_packet(whole(c.packets[i].bytes));
    EXPECT_FALSE(d.chunk_types.empty()) << where(c, i);
    for (const std::string& e : d.errors) ADD_FAILURE() << where(c, i) << ": " << e << "\n" << d.text;
  }
}

// Splits `bytes` at `cuts` into segments and decodes that.
DecodedPacket decode_split(const std::vector<std::byte>& bytes, std::vector<uint32_t> cuts) {
  std::vector<Segment> segments;
  uint32_t from = 0;
  cuts.push_back(static_cast<uint32_t>(bytes.size()));
  for (uint32_t cut : cuts) {
    segments.push_back(Segment{bytes.data() + from, cut - from});
    from = cut;
  }
  return decode_packet(ByteRange(std::span<const Segment>(segments)));
}

TEST_P(ScenarioCapture, SegmentedPacketsParseIdentically) {
  const Capture& c = capture();
  for (size_t i = 0; i < c.packets.size(); ++i) {
    const std::vector<std::byte>& bytes = c.packets[i].bytes;
    auto n = static_cast<uint32_t>(bytes.size());
    DecodedPacket reference = decode_packet(whole(bytes));
    // Cuts inside the common header, at and just after it, inside the first
    // chunk header and value, in the middle, and one byte from the end.
    std::vector<std::vector<uint32_t>> splits = {
        {1}, {8}, {12}, {13}, {16}, {18}, {n / 2}, {n - 1},
        {1, 2}, {6, 14}, {12, 16}, {n / 3, 2 * n / 3}, {13, n - 3}, {n - 2, n - 1},
    };
    for (const auto& cuts : splits) {
      if (!std::is_sorted(cuts.begin(), cuts.end()) || cuts.front() == 0 || cuts.back() >= n ||
          std::adjacent_find(cuts.begin(), cuts.end()) != cuts.end()) {
        continue;
      }
      DecodedPacket split = decode_split(bytes, cuts);
      EXPECT_EQ(split.text, reference.text) << where(c, i) << " cut at " << cuts.front();
    }
  }
}

// The messages a direction's DATA or I-DATA chunks carry, each once
// (retransmissions and packets the harness dropped included: what usrsctp
// emitted, not what arrived).
std::vector<Message> reassemble(const Capture& c, Direction d, std::vector<std::string>& errors) {
  std::vector<UserChunk> chunks;
  std::set<uint32_t> seen;
  for (const CapturedPacket& p : c.packets) {
    if (p.direction != d) continue;
    for (UserChunk& u : decode_packet(whole(p.bytes)).user_chunks) {
      if (seen.insert(u.tsn).second) chunks.push_back(std::move(u));
    }
  }
  std::vector<Message> out;
  // DATA: fragments of one message have consecutive TSNs, first sent first.
  std::map<uint16_t, Message> open_data;  // by stream
  // I-DATA: fragments are keyed by message and ordered by FSN.
  std::map<std::tuple<uint16_t, bool, uint32_t>, std::map<uint32_t, const UserChunk*>> open_idata;
  for (const UserChunk& u : chunks) {
    bool unordered = u.flags & DataFlags::kUnordered;
    if (!u.idata) {
      if (u.flags & DataFlags::kBeginning) open_data[u.stream] = Message{u.stream, u.ppid, unordered, {}};
      auto it = open_data.find(u.stream);
      if (it == open_data.end()) {
        errors.push_back("DATA fragment without a beginning, TSN " + std::to_string(u.tsn));
        continue;
      }
      it->second.payload.insert(it->second.payload.end(), u.payload.begin(), u.payload.end());
      if (u.flags & DataFlags::kEnding) {
        out.push_back(std::move(it->second));
        open_data.erase(it);
      }
      continue;
    }
    auto& fragments = open_idata[{u.stream, unordered, u.ssn_or_mid}];
    fragments[(u.flags & DataFlags::kBeginning) ? 0 : u.fsn] = &u;
    const UserChunk* last = fragments.rbegin()->second;
    bool complete = fragments.begin()->second->flags & DataFlags::kBeginning &&
                    last->flags & DataFlags::kEnding &&
                    fragments.rbegin()->first + 1 == fragments.size();
    if (!complete) continue;
    Message m{u.stream, fragments.begin()->second->ppid, unordered, {}};
    for (auto& [fsn, f] : fragments) m.payload.insert(m.payload.end(), f->payload.begin(), f->payload.end());
    out.push_back(std::move(m));
    open_idata.erase({u.stream, unordered, u.ssn_or_mid});
  }
  if (!open_data.empty() || !open_idata.empty()) errors.push_back("a message never completed");
  return out;
}

std::string describe(const Message& m) {
  std::string tag;
  for (std::byte b : m.payload) {
    if (b == std::byte{'|'} || tag.size() == 40) break;
    tag.push_back(static_cast<char>(b));
  }
  return "stream " + std::to_string(m.stream) + " ppid " + std::to_string(m.ppid) +
         (m.unordered ? " unordered " : " ordered ") + std::to_string(m.payload.size()) +
         " bytes '" + tag + "...'";
}

// Equal as multisets: messages on different streams may be sent, and
// unordered ones delivered, in another order than they were handed over.
void expect_same_messages(std::vector<Message> got, const std::vector<Message>& want,
                          const std::string& what) {
  for (const Message& m : want) {
    auto it = std::find(got.begin(), got.end(), m);
    if (it == got.end()) {
      ADD_FAILURE() << what << ": missing " << describe(m);
    } else {
      got.erase(it);
    }
  }
  for (const Message& m : got) ADD_FAILURE() << what << ": unexpected " << describe(m);
}

TEST_P(ScenarioCapture, UserDataOnTheWireIsWhatWasSent) {
  const Capture& c = capture();
  for (Direction d : {kClient, kServer}) {
    std::vector<std::string> errors;
    std::vector<Message> wire = reassemble(c, d, errors);
    for (const std::string& e : errors) ADD_FAILURE() << c.scenario << ": " << e;
    expect_same_messages(wire, c.sent[index_of(d)],
                         c.scenario + " " + to_string(d) + " on the wire");
  }
}

TEST_P(ScenarioCapture, ReceiversGotWhatWasSentLessWhatWasAbandoned) {
  const Capture& c = capture();
  for (Direction d : {kClient, kServer}) {
    std::vector<Message> want;
    for (const Message& m : c.sent[index_of(d)]) {
      const auto& gone = c.abandoned[index_of(d)];
      if (std::find(gone.begin(), gone.end(), m) == gone.end()) want.push_back(m);
    }
    expect_same_messages(c.received_from[index_of(d)], want,
                         c.scenario + " " + to_string(d) + " delivered");
  }
}

std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  for (const auto& s : all_scenarios()) names.push_back(s.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Usrsctp, ScenarioCapture, testing::ValuesIn(scenario_names()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

struct Seen {
  std::set<ChunkType> chunks;
  std::set<uint16_t> parameters;
  std::set<uint16_t> causes;
  std::set<uint32_t> reconfig_results;
};

Seen seen_in(const Capture& c) {
  Seen s;
  for (const CapturedPacket& p : c.packets) {
    DecodedPacket d = decode_packet(whole(p.bytes));
    s.chunks.insert(d.chunk_types.begin(), d.chunk_types.end());
    s.parameters.insert(d.parameter_types.begin(), d.parameter_types.end());
    s.causes.insert(d.cause_codes.begin(), d.cause_codes.end());
    s.reconfig_results.insert(d.reconfig_results.begin(), d.reconfig_results.end());
  }
  return s;
}

// So that a scenario which silently stops producing what it is for fails.
TEST(UsrsctpCoverage, EachScenarioEmitsTheChunksItIsFor) {
  using T = ChunkType;
  const std::map<std::string, std::vector<ChunkType>> expected = {
      {"data", {T::kInit, T::kInitAck, T::kCookieEcho, T::kCookieAck, T::kData, T::kSack,
                T::kShutdown, T::kShutdownAck, T::kShutdownComplete}},
      {"heartbeat", {T::kHeartbeat, T::kHeartbeatAck, T::kAbort}},
      {"reconfig", {T::kReconfig, T::kAbort}},
      {"pr_sctp", {T::kForwardTsn}},
      {"ecn", {T::kEcne, T::kCwr, T::kAbort}},
      {"idata", {T::kIData, T::kIForwardTsn}},
      {"auth", {T::kAuth}},
      {"nr_sack", {T::kNrSack}},
      {"error", {T::kError}},
  };
  ASSERT_EQ(expected.size(), all_scenarios().size());
  for (const auto& [scenario, types] : expected) {
    Seen s = seen_in(capture_named(scenario));
    for (ChunkType t : types) {
      EXPECT_TRUE(s.chunks.count(t)) << scenario << " emitted no " << name_of(t);
    }
  }
}

TEST(UsrsctpCoverage, NestedParametersAndCauses) {
  std::set<uint16_t> parameters;
  std::set<uint16_t> causes;
  for (const Capture& c : all_captures()) {
    Seen s = seen_in(c);
    parameters.insert(s.parameters.begin(), s.parameters.end());
    causes.insert(s.causes.begin(), s.causes.end());
  }
  using P = ParameterType;
  // (usrsctp sends no Supported Address Types over AF_CONN.)
  for (P p : {P::kHeartbeatInfo, P::kStateCookie, P::kEcnCapable, P::kRandom, P::kChunkList, P::kRequestedHmacAlgorithm,
              P::kSupportedExtensions, P::kForwardTsnSupported,
              P::kOutgoingSsnResetRequest, P::kIncomingSsnResetRequest,
              P::kSsnTsnResetRequest, P::kReconfigurationResponse,
              P::kAddOutgoingStreamsRequest, P::kAddIncomingStreamsRequest}) {
    EXPECT_TRUE(parameters.count(static_cast<uint16_t>(p))) << "no " << name_of(p);
  }
  using C = sctp::wire::CauseCode;
  for (C c : {C::kUnrecognizedChunkType, C::kUserInitiatedAbort}) {
    EXPECT_TRUE(causes.count(static_cast<uint16_t>(c))) << "no " << name_of(c);
  }
}

// usrsctp performed every RE-CONFIG request it was sent: a denial would
// mean the scenario exercised refusals, not the requests themselves.
TEST(UsrsctpCoverage, ReconfigRequestsArePerformed) {
  Seen s = seen_in(capture_named("reconfig"));
  EXPECT_FALSE(s.reconfig_results.empty());
  for (uint32_t r : s.reconfig_results) {
    EXPECT_TRUE(r == 1 || r == 0) << "result " << r;  // Success - Performed / Nothing to do
  }
}

}  // namespace
}  // namespace dsctp::interop
