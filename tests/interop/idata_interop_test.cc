// I-DATA with PR-SCTP and partial delivery (RFC 8260) between our
// association and usrsctp's (SCTP_INTERLEAVING_SUPPORTED, fragment
// interleave level 2), with the wire in the test's hands:
//  - ours gives messages up: usrsctp takes our I-FORWARD-TSN, delivers the
//    rest, and never sees a FORWARD-TSN;
//  - usrsctp gives messages up (its prinfo policies): we take its
//    I-FORWARD-TSN and deliver the rest in order;
//  - usrsctp sends two 700 KB messages on two streams, interleaved, into
//    our 256 KiB receive buffer: partial delivery completes both.
#include <gtest/gtest.h>
#include <usrsctp.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "interop/our_endpoint_driver.h"

namespace dsctp::interop {
namespace {

constexpr uint8_t kIDataChunk = 64;
constexpr uint8_t kForwardTsnChunk = 192;
constexpr uint8_t kIForwardTsnChunk = 194;

// Chunk types seen on the wire one way.
struct ChunksSeen {
  std::set<uint8_t> types;
  void observe(const std::vector<std::byte>& packet) {
    for (size_t at = 12; at + 4 <= packet.size();) {
      uint16_t length = load_be16(packet.data() + at + 2);
      if (length < 4) return;
      types.insert(static_cast<uint8_t>(packet[at]));
      at += (length + 3u) & ~3u;
    }
  }
};

// Whether `packet` carries the first fragment (B, with the PPID) of one of
// `ppids`' messages in I-DATA: dropping those makes a message unable to
// complete, whatever of its other fragments arrive.
bool carries_first_fragment(const std::vector<std::byte>& packet, const std::set<uint32_t>& ppids) {
  for (size_t at = 12; at + 4 <= packet.size();) {
    auto type = static_cast<uint8_t>(packet[at]);
    auto flags = static_cast<uint8_t>(packet[at + 1]);
    uint16_t length = load_be16(packet.data() + at + 2);
    if (length < 4) return false;
    if (type == kIDataChunk && (flags & 0x02) != 0 && at + 20 <= packet.size() &&
        ppids.count(load_be32(packet.data() + at + 16)) != 0) {
      return true;
    }
    at += (length + 3u) & ~3u;
  }
  return false;
}

std::vector<std::byte> payload_of(uint32_t ppid, size_t size) {
  std::vector<std::byte> b(size);
  for (size_t i = 0; i < size; ++i) b[i] = static_cast<std::byte>((ppid * 31 + i) & 0xff);
  return b;
}

// Messages `first`.. on streams 0 to 2, every fourth unordered, every
// third spanning several packets.
std::vector<UserMessage> messages(uint32_t first, uint32_t count) {
  std::vector<UserMessage> out;
  for (uint32_t i = 0; i < count; ++i) {
    UserMessage m;
    m.ppid = first + i;
    m.stream = static_cast<uint16_t>(i % 3);
    m.unordered = i % 4 == 3;
    m.payload = payload_of(m.ppid, i % 3 == 1 ? 4000 : 300);
    out.push_back(std::move(m));
  }
  return out;
}

// Exactly the messages of `sent` not in `skipped` arrived, once each,
// intact, the ordered ones of each stream in send order.
testing::AssertionResult delivered_all_but(const std::vector<UserMessage>& sent,
                                           const std::set<uint32_t>& skipped,
                                           const std::vector<UserMessage>& got) {
  std::map<uint32_t, const UserMessage*> by_ppid;
  for (const UserMessage& m : sent) by_ppid[m.ppid] = &m;
  std::set<uint32_t> seen;
  std::map<uint16_t, uint32_t> last_ordered;
  for (const UserMessage& m : got) {
    auto it = by_ppid.find(m.ppid);
    if (it == by_ppid.end()) return testing::AssertionFailure() << "unknown ppid " << m.ppid;
    if (skipped.count(m.ppid) != 0) {
      return testing::AssertionFailure() << "abandoned ppid " << m.ppid << " delivered";
    }
    if (!seen.insert(m.ppid).second) return testing::AssertionFailure() << "duplicate " << m.ppid;
    if (!(m == *it->second)) return testing::AssertionFailure() << "ppid " << m.ppid << " differs";
    if (!m.unordered) {
      if (last_ordered[m.stream] > m.ppid) {
        return testing::AssertionFailure() << "ppid " << m.ppid << " out of order";
      }
      last_ordered[m.stream] = m.ppid;
    }
  }
  for (const UserMessage& m : sent) {
    if (skipped.count(m.ppid) == 0 && seen.count(m.ppid) == 0) {
      return testing::AssertionFailure() << "ppid " << m.ppid << " missing";
    }
  }
  return testing::AssertionSuccess();
}

MixedPairOptions idata_options() {
  MixedPairOptions o = mixed_options(4);
  o.ours.association.extensions.partial_reliability = true;
  o.ours.association.extensions.interleaving = true;
  o.ours.association.send.scheduler = sctp::SchedulerKind::kRoundRobin;
  o.usrsctp.interleaving = true;
  o.usrsctp.scheduler = SCTP_SS_ROUND_ROBIN;
  o.paced = true;  // usrsctp's retransmissions wait in wall time
  return o;
}

TEST(IDataPartialReliability, UsrsctpSkipsWhatWeGaveUpByIForwardTsn) {
  MixedPair p(idata_options());
  const std::set<uint32_t> doomed{101, 104, 106, 111};
  ChunksSeen to_usrsctp;
  p.drop = [&](Toward t, const std::vector<std::byte>& packet) {
    if (t != Toward::kUsrsctp) return false;
    to_usrsctp.observe(packet);
    return carries_first_fragment(packet, doomed);
  };
  ASSERT_TRUE(p.connect_usrsctp_to_ours()) << p.trace();
  sctp::Association* a = p.ours().association();
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(a->extensions().interleaving);
  ASSERT_TRUE(a->extensions().partial_reliability);
  sctp::PartialReliability rtx0;
  rtx0.policy = sctp::PrPolicy::kRetransmissions;
  std::vector<UserMessage> batch = messages(100, 18);
  for (const UserMessage& m : batch) {
    p.ours().send(m, doomed.count(m.ppid) != 0 ? rtx0 : sctp::PartialReliability{});
  }
  ASSERT_TRUE(p.run_until(
      [&] {
        return p.usrsctp().received().size() + doomed.size() >= batch.size() &&
               a->send_buffer_used() == 0;
      },
      30000, std::chrono::seconds(60)))
      << "usrsctp got " << p.usrsctp().received().size() << "\n" << p.trace();
  EXPECT_TRUE(delivered_all_but(batch, doomed, p.usrsctp().received()));
  EXPECT_EQ(a->stats().messages_abandoned, doomed.size());
  EXPECT_GT(a->stats().forward_tsns_sent, 0u);
  EXPECT_EQ(to_usrsctp.types.count(kIForwardTsnChunk), 1u);
  EXPECT_EQ(to_usrsctp.types.count(kForwardTsnChunk), 0u);
  EXPECT_FALSE(p.ours().log().closed.has_value());
}

TEST(IDataPartialReliability, WeSkipWhatUsrsctpGaveUpByIForwardTsn) {
  MixedPair p(idata_options());
  // Messages of several packets, whose first fragment fills a packet of
  // its own: dropping it loses nothing else. (Dropping packets that also
  // carried other messages' fragments made usrsctp 0.9.5 list a message it
  // had not given up in an I-FORWARD-TSN, and never send it again.)
  const std::set<uint32_t> doomed{301, 307, 313};
  ChunksSeen to_ours;
  p.drop = [&](Toward t, const std::vector<std::byte>& packet) {
    if (t != Toward::kOurs) return false;
    to_ours.observe(packet);
    return carries_first_fragment(packet, doomed);
  };
  ASSERT_TRUE(p.connect_ours_to_usrsctp()) << p.trace();
  sctp::Association* a = p.ours().association();
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(a->extensions().interleaving);
  ASSERT_TRUE(a->extensions().partial_reliability);
  std::vector<UserMessage> batch = messages(300, 15);
  for (const UserMessage& m : batch) {
    if (doomed.count(m.ppid) != 0) {
      p.usrsctp().send(m, SCTP_PR_SCTP_RTX, 0);
    } else {
      p.usrsctp().send(m);
    }
  }
  ASSERT_TRUE(p.run_until(
      [&] { return p.ours().log().messages.size() + doomed.size() >= batch.size(); }, 30000,
      std::chrono::seconds(60)))
      << "ours got " << p.ours().log().messages.size() << "\n" << p.trace();
  // Let stray retransmissions arrive: nothing skipped may turn up late.
  p.run_until([] { return false; }, 500);
  EXPECT_TRUE(delivered_all_but(batch, doomed, p.ours().log().messages));
  EXPECT_GT(a->stats().forward_tsns_received, 0u);
  EXPECT_EQ(to_ours.types.count(kIForwardTsnChunk), 1u);
  EXPECT_EQ(to_ours.types.count(kForwardTsnChunk), 0u);
  EXPECT_FALSE(p.ours().log().closed.has_value());
}

// The stall this fixes: interleaved messages that together exceed our
// receive buffer, none of which could complete while the others' parts
// filled it.
TEST(IDataPartialDelivery, TwoLargeInterleavedMessagesFromUsrsctpComplete) {
  MixedPairOptions o = idata_options();
  o.ours.association.receive.max_buffered_bytes = 256 * 1024;
  MixedPair p(o);
  ASSERT_TRUE(p.connect_ours_to_usrsctp()) << p.trace();
  sctp::Association* a = p.ours().association();
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(a->extensions().interleaving);
  std::vector<UserMessage> batch;
  for (uint16_t s = 0; s < 2; ++s) {
    UserMessage m;
    m.ppid = 500 + s;
    m.stream = s;
    m.payload = payload_of(m.ppid, 700'000);
    batch.push_back(m);
  }
  for (const UserMessage& m : batch) p.usrsctp().send(m);
  ASSERT_TRUE(p.run_until([&] { return p.ours().log().messages.size() >= batch.size(); }, 60000,
                          std::chrono::seconds(60)))
      << "ours got " << p.ours().log().messages.size() << ", "
      << a->stats().data_dropped_no_buffer << " chunks dropped for room\n"
      << p.trace();
  EXPECT_TRUE(delivered_all_but(batch, {}, p.ours().log().messages));
  EXPECT_GT(p.ours().log().pieces, 4u);
  // usrsctp interleaved them: both were in pieces at once.
  EXPECT_EQ(p.ours().log().most_parts_open, 2u);
  EXPECT_EQ(p.usrsctp().send_error(), "");
}

}  // namespace
}  // namespace dsctp::interop
