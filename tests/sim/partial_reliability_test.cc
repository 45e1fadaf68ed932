// PR-SCTP (RFC 3758) between two of our stacks over lossy links, for many
// seeds: messages both ways with lifetime and retransmission-limit
// policies mixed with reliable ones. Every message must end up delivered
// or reported abandoned (the association never stalls on a skipped TSN),
// reliable ones always delivered, nothing delivered twice, corrupted or
// out of order within its stream, the abandoned count in the stats equal
// to the callbacks, and the association must still shut down gracefully.
//
// A message given up while a copy of it was on its way may still be
// delivered (RFC 3758 abandons chunks the sender cannot know the fate of);
// such messages are counted, and must keep the order and once-only rules.
//   DSCTP_SIM_SEEDS (default 1000), DSCTP_SIM_FIRST_SEED (default 1);
//   DSCTP_SIM_TRACE=<seed> prints that seed's packets.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "crc/crc32c.h"
#include "delivery_check.h"
#include "sctp/wire/chunks/forward_tsn.h"
#include "sctp/wire/constants.h"
#include "sim/rng.h"
#include "sim_fixture.h"

namespace dsctp::test {
namespace {

uint64_t env_or(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

sim::LinkConfig lossy(double loss) {
  sim::LinkConfig l;
  l.delay = std::chrono::milliseconds(2);
  l.jitter = std::chrono::milliseconds(1);
  l.loss = loss;
  return l;
}

sim::LinkConfig everything() {
  sim::LinkConfig l = lossy(0.1);
  l.duplicate = 0.05;
  l.reorder = 0.1;
  l.corrupt = 0.05;
  l.corrupt_max_bits = 3;
  return l;
}

struct Profile {
  const char* name;
  sim::LinkConfig link;
  // I-DATA with a round-robin scheduler, so that messages interleave and
  // are skipped by I-FORWARD-TSN (RFC 8260 2.3).
  bool interleaving = false;
};

struct Totals {
  uint64_t sent = 0;
  uint64_t abandoned = 0;
  uint64_t abandoned_yet_delivered = 0;
  uint64_t forward_tsns_sent = 0;
  uint64_t forward_tsns_received = 0;
};

struct Batch {
  std::vector<SentMessage> sent;
  std::set<uint32_t> reliable;
};

sctp::PartialReliability draw_policy(sim::Rng& rng) {
  sctp::PartialReliability pr;
  switch (rng.below(4)) {
    case 0:
      pr.policy = sctp::PrPolicy::kRetransmissions;
      pr.max_retransmissions = static_cast<uint32_t>(rng.below(2));
      break;
    case 1:
      pr.policy = sctp::PrPolicy::kLifetime;
      pr.lifetime = std::chrono::milliseconds(10 + rng.below(200));
      break;
    case 2:
      pr.policy = sctp::PrPolicy::kRetransmissions;
      pr.max_retransmissions = 0;
      break;
    default:
      break;  // reliable
  }
  return pr;
}

Batch send_batch(sctp::Association& a, sim::Rng& rng, uint32_t first, uint32_t count) {
  Batch b;
  for (uint32_t i = 0; i < count; ++i) {
    SentMessage m;
    m.index = first + i;
    m.stream = static_cast<uint16_t>(rng.below(4));
    m.unordered = rng.below(5) == 0;
    m.size = rng.below(4) == 0 ? 4 + static_cast<uint32_t>(rng.below(3000))
                               : 4 + static_cast<uint32_t>(rng.below(200));
    sctp::SendOptions options{m.unordered, draw_policy(rng)};
    std::vector<std::byte> bytes = message_bytes(m.index, m.size);
    if (a.send(sctp::StreamId(m.stream), sctp::Ppid(m.index), bytes, options) !=
        sctp::SendStatus::kOk) {
      continue;
    }
    b.sent.push_back(m);
    if (options.pr.policy == sctp::PrPolicy::kNone) b.reliable.insert(m.index);
  }
  return b;
}

std::set<uint32_t> ppids_of(const std::vector<sctp::OutgoingMessage>& messages) {
  std::set<uint32_t> out;
  for (const sctp::OutgoingMessage& m : messages) out.insert(m.ppid.value());
  return out;
}

// Empty when one direction kept the rules, else what went wrong.
std::string check_direction(const char* name, const Batch& batch, const sctp::Association& sender,
                            const AppLog& sender_log, const AppLog& receiver_log, Totals& totals) {
  std::set<uint32_t> abandoned = ppids_of(sender_log.abandoned);
  std::string where = std::string(name) + ": ";
  if (abandoned.size() != sender_log.abandoned.size()) return where + "a message abandoned twice";
  if (sender.stats().messages_abandoned != abandoned.size()) {
    return where + "stats count " + std::to_string(sender.stats().messages_abandoned) +
           " abandoned, callbacks " + std::to_string(abandoned.size());
  }
  for (uint32_t index : abandoned) {
    if (batch.reliable.count(index) != 0) {
      return where + "reliable message " + std::to_string(index) + " abandoned";
    }
  }
  std::set<uint32_t> delivered;
  for (const Delivered& d : receiver_log.messages) delivered.insert(d.ppid);
  // Every message kept must arrive, and so must the abandoned ones that
  // did arrive; the check covers order, integrity and duplicates for all.
  std::vector<SentMessage> expected;
  for (const SentMessage& m : batch.sent) {
    bool gone = abandoned.count(m.index) != 0;
    if (gone && delivered.count(m.index) != 0) ++totals.abandoned_yet_delivered;
    if (!gone || delivered.count(m.index) != 0) expected.push_back(m);
  }
  std::string problems = check_delivery(expected, receiver_log.messages);
  totals.sent += batch.sent.size();
  totals.abandoned += abandoned.size();
  return problems.empty() ? std::string() : where + problems;
}

// Every message sent was delivered or reported abandoned (a message may be
// both, so counting would not do).
bool all_accounted(const Batch& batch, const AppLog& sender_log, const AppLog& receiver_log) {
  std::set<uint32_t> done = ppids_of(sender_log.abandoned);
  for (const Delivered& d : receiver_log.messages) done.insert(d.ppid);
  return std::all_of(batch.sent.begin(), batch.sent.end(),
                     [&](const SentMessage& m) { return done.count(m.index) != 0; });
}

// The messages neither delivered nor abandoned, for a failure message.
std::string missing(const Batch& batch, const AppLog& sender_log, const AppLog& receiver_log) {
  std::set<uint32_t> done = ppids_of(sender_log.abandoned);
  for (const Delivered& d : receiver_log.messages) done.insert(d.ppid);
  std::string out;
  for (const SentMessage& m : batch.sent) {
    if (done.count(m.index) != 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(m.index) + " (stream " +
           std::to_string(m.stream) + (m.unordered ? " unordered, " : ", ") +
           std::to_string(m.size) + " B" + (batch.reliable.count(m.index) ? ", reliable)" : ")");
  }
  return out.empty() ? "none" : out;
}

std::string run_seed(const Profile& profile, uint64_t seed, Totals& totals) {
  const sim::LinkConfig& link = profile.link;
  sctp::EndpointConfig config = fast_config();
  config.association.extensions.partial_reliability = true;
  config.association.extensions.interleaving = profile.interleaving;
  if (profile.interleaving) config.association.send.scheduler = sctp::SchedulerKind::kRoundRobin;
  SimPair p(seed, link, false, config);
  std::vector<std::string> packets;
  if (env_or("DSCTP_SIM_TRACE", 0) == seed) {
    p.client->set_packet_log(&packets);
    p.server->set_packet_log(&packets);
  }
  struct Dump {
    std::vector<std::string>& lines;
    ~Dump() {
      for (const std::string& l : lines) std::printf("%s\n", l.c_str());
    }
  } dump{packets};
  if (!p.connect({std::chrono::seconds(120), 2'000'000})) return "no connection";
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  if (c == nullptr || s == nullptr) return "association missing";
  if (!c->extensions().partial_reliability || !s->extensions().partial_reliability) {
    return "PR-SCTP not negotiated";
  }
  if (c->extensions().interleaving != profile.interleaving ||
      s->extensions().interleaving != profile.interleaving) {
    return "I-DATA negotiation differs from the profile";
  }
  const uint64_t sid = s->id();
  sim::Rng rng(seed * 104729 + 3);
  Batch to_server = send_batch(*c, rng, 0, 30);
  Batch to_client = send_batch(*s, rng, 1'000'000, 30);
  if (to_server.sent.size() != 30 || to_client.sent.size() != 30) return "send refused";
  p.client->poke();
  p.server->poke();
  const AppLog& cl = *p.client->log_of(p.client_id);
  const AppLog& sl = *p.server->log_of(sid);
  // Done when every message is accounted for and nothing is outstanding
  // (the peer acknowledged the FORWARD-TSNs too).
  p.net.run_until(
      [&] {
        return all_accounted(to_server, cl, sl) && all_accounted(to_client, sl, cl) &&
               c->send_buffer_used() == 0 && s->send_buffer_used() == 0;
      },
      {std::chrono::seconds(120), 5'000'000});
  if (!all_accounted(to_server, cl, sl) || !all_accounted(to_client, sl, cl) ||
      c->send_buffer_used() != 0 || s->send_buffer_used() != 0) {
    return "stalled: " + missing(to_server, cl, sl) + " to the server, " +
           missing(to_client, sl, cl) + " to the client unaccounted for";
  }
  std::string problems = check_direction("to server", to_server, *c, cl, sl, totals) +
                         check_direction("to client", to_client, *s, sl, cl, totals);
  if (!problems.empty()) return problems;
  totals.forward_tsns_sent += c->stats().forward_tsns_sent + s->stats().forward_tsns_sent;
  totals.forward_tsns_received +=
      c->stats().forward_tsns_received + s->stats().forward_tsns_received;

  c->shutdown(p.net.now());
  p.client->poke();
  p.net.run_until([&] { return cl.closed && sl.closed; }, {std::chrono::seconds(300), 5'000'000});
  if (!cl.closed || !sl.closed) return "shutdown did not complete";
  if (cl.closed->reason != sctp::CloseReason::kShutdown) {
    return std::string("client closed: ") + sctp::to_string(cl.closed->reason);
  }
  if (sl.closed->reason != sctp::CloseReason::kShutdown) {
    return std::string("server closed: ") + sctp::to_string(sl.closed->reason);
  }
  return {};
}

class PartialReliability : public ::testing::TestWithParam<Profile> {};

TEST_P(PartialReliability, EveryMessageDeliveredOrAbandonedAndTheAssociationCloses) {
  const uint64_t first = env_or("DSCTP_SIM_FIRST_SEED", 1);
  const uint64_t count = env_or("DSCTP_SIM_SEEDS", 1000);
  Totals totals;
  uint32_t failures = 0;
  for (uint64_t seed = first; seed < first + count; ++seed) {
    std::string problem = run_seed(GetParam(), seed, totals);
    if (!problem.empty()) {
      ADD_FAILURE() << GetParam().name << " seed " << seed << ": " << problem;
      if (++failures == 5) break;
    }
  }
  std::printf("%s: %llu messages, %llu abandoned (%llu of them delivered anyway), "
              "%llu FORWARD-TSN sent, %llu received\n",
              GetParam().name, static_cast<unsigned long long>(totals.sent),
              static_cast<unsigned long long>(totals.abandoned),
              static_cast<unsigned long long>(totals.abandoned_yet_delivered),
              static_cast<unsigned long long>(totals.forward_tsns_sent),
              static_cast<unsigned long long>(totals.forward_tsns_received));
  // Under this much loss the policies must have given messages up, and
  // the peer must have been told.
  EXPECT_GT(totals.abandoned, totals.abandoned_yet_delivered);
  EXPECT_GT(totals.forward_tsns_received, 0u);
}

INSTANTIATE_TEST_SUITE_P(Profiles, PartialReliability,
                         ::testing::Values(Profile{"loss10", lossy(0.10)},
                                           Profile{"loss20", lossy(0.20)},
                                           Profile{"loss30", lossy(0.30)},
                                           Profile{"everything", everything()},
                                           Profile{"idata_loss10", lossy(0.10), true},
                                           Profile{"idata_loss20", lossy(0.20), true},
                                           Profile{"idata_loss30", lossy(0.30), true},
                                           Profile{"idata_everything", everything(), true}),
                         [](const auto& info) { return std::string(info.param.name); });

sctp::SendStatus send_sized(sctp::Association& a, uint32_t index, uint32_t size,
                            sctp::PrPolicy policy) {
  sctp::SendOptions options;
  options.pr.policy = policy;
  std::vector<std::byte> bytes = message_bytes(index, size);
  return a.send(sctp::StreamId(0), sctp::Ppid(index), bytes, options);
}

std::vector<uint32_t> abandoned_indexes(const AppLog& log) {
  std::vector<uint32_t> out;
  for (const sctp::OutgoingMessage& m : log.abandoned) out.push_back(m.ppid.value());
  return out;
}

// kBuffer: a send() that does not fit gives up the oldest buffer-policy
// messages still queued, which then never reach the peer (they never got
// a TSN), while every other message is delivered in order.
TEST(PartialReliabilityBuffer, QueuedBufferMessagesMakeRoomOldestFirst) {
  sctp::EndpointConfig config = fast_config();
  config.association.send.max_buffered_bytes = 20000;
  SimPair p(1, lossy(0), false, config);
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  ASSERT_NE(c, nullptr);
  std::vector<SentMessage> sent;
  for (uint32_t i = 0; i < 10; ++i) {
    ASSERT_EQ(send_sized(*c, i, 2000, sctp::PrPolicy::kBuffer), sctp::SendStatus::kOk);
    sent.push_back({i, 0, false, 2000});
  }
  // Nothing has left yet (no endpoint call since): 8000 bytes more need
  // the four oldest to go.
  ASSERT_EQ(send_sized(*c, 10, 8000, sctp::PrPolicy::kNone), sctp::SendStatus::kOk);
  sent.push_back({10, 0, false, 8000});
  // And 4000 more, two more of them.
  ASSERT_EQ(send_sized(*c, 11, 4000, sctp::PrPolicy::kNone), sctp::SendStatus::kOk);
  sent.push_back({11, 0, false, 4000});
  ASSERT_EQ(send_sized(*c, 12, 30000, sctp::PrPolicy::kNone), sctp::SendStatus::kTooLarge);
  p.client->poke();
  sctp::Association* s = p.server->newest();
  ASSERT_NE(s, nullptr);
  const AppLog& sl = *p.server->log_of(s->id());
  const AppLog& cl = *p.client->log_of(p.client_id);
  p.net.run_until([&] { return c->send_buffer_used() == 0 && sl.messages.size() >= 6; },
                  {std::chrono::seconds(60), 1'000'000});
  EXPECT_EQ(abandoned_indexes(cl), (std::vector<uint32_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(c->stats().messages_abandoned, 6u);
  std::vector<SentMessage> kept(sent.begin() + 6, sent.end());
  EXPECT_EQ(check_delivery(kept, sl.messages), "");
  EXPECT_EQ(c->stats().forward_tsns_sent, 0u);  // none had a TSN
}

// kBuffer for messages in flight: the link is cut, so the oldest ones are
// lost; giving them up for a new message leaves the receiver a gap that
// only a FORWARD-TSN closes, once the link is back.
TEST(PartialReliabilityBuffer, InFlightBufferMessagesAreSkippedWithForwardTsn) {
  sctp::EndpointConfig config = fast_config();
  config.association.send.max_buffered_bytes = 12000;
  SimPair p(2, lossy(0), false, config);
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  ASSERT_NE(c, nullptr);
  p.net.cut(kClientA, kServerA);
  std::vector<SentMessage> sent;
  for (uint32_t i = 0; i < 4; ++i) {
    ASSERT_EQ(send_sized(*c, i, 3000, sctp::PrPolicy::kBuffer), sctp::SendStatus::kOk);
    sent.push_back({i, 0, false, 3000});
  }
  p.client->poke();  // into the cut link: in flight, lost
  ASSERT_EQ(c->send_buffer_free(), 0u);
  ASSERT_EQ(send_sized(*c, 4, 5000, sctp::PrPolicy::kNone), sctp::SendStatus::kOk);
  sent.push_back({4, 0, false, 5000});
  p.client->poke();
  p.net.restore(kClientA, kServerA);
  sctp::Association* s = p.server->newest();
  ASSERT_NE(s, nullptr);
  const AppLog& sl = *p.server->log_of(s->id());
  const AppLog& cl = *p.client->log_of(p.client_id);
  p.net.run_until([&] { return c->send_buffer_used() == 0 && sl.messages.size() >= 2; },
                  {std::chrono::seconds(60), 1'000'000});
  EXPECT_EQ(abandoned_indexes(cl), (std::vector<uint32_t>{0, 1}));
  std::vector<SentMessage> kept(sent.begin() + 2, sent.end());
  EXPECT_EQ(check_delivery(kept, sl.messages), "");
  EXPECT_GT(c->stats().forward_tsns_sent, 0u);
  EXPECT_GT(s->stats().forward_tsns_received, 0u);
}

// RFC 3758 3.3.2: an endpoint that did not negotiate PR-SCTP acts "as if
// it does NOT support the FORWARD TSN chunk, returning an ERROR to the
// peer": type 192's high bits say skip it and report it, and nothing
// moves.
TEST(PartialReliabilityOff, ForwardTsnIsReportedAsAnUnrecognizedChunk) {
  sctp::EndpointConfig config = fast_config();
  config.association.extensions.partial_reliability = false;
  SimPair p(3, lossy(0), false, config);
  ASSERT_TRUE(p.connect());
  sctp::Association* s = p.server->newest();
  ASSERT_NE(s, nullptr);
  ASSERT_FALSE(s->extensions().partial_reliability);
  std::vector<std::string> packets;
  p.server->set_packet_log(&packets);
  std::vector<std::byte> packet(12 + 12);
  store_be16(packet.data(), kClientPort);
  store_be16(packet.data() + 2, kServerPort);
  store_be32(packet.data() + 4, s->local_tag().value());
  sctp::wire::ForwardTsnChunk fwd;
  fwd.new_cumulative_tsn = sctp::Tsn(12345);
  std::vector<sctp::wire::ForwardTsnStream> entries{{sctp::StreamId(0), sctp::Ssn(3)}};
  fwd.streams = sctp::wire::RecordList<sctp::wire::ForwardTsnStream>(
      std::span<const sctp::wire::ForwardTsnStream>(entries));
  ASSERT_EQ(fwd.serialized_size(), 12u);
  fwd.serialize(packet.data() + 12);
  crc::write_sctp_checksum(std::span<std::byte>(packet));
  p.server->endpoint().handle_packet(p.net.now(), ip_of(kClientA),
                                     ByteRange(std::span<const std::byte>(packet)));
  p.server->poke();
  bool reported = std::any_of(packets.begin(), packets.end(), [](const std::string& l) {
    return l.find(sctp::wire::name_of(sctp::wire::ChunkType::kError)) != std::string::npos;
  });
  EXPECT_TRUE(reported);
  EXPECT_EQ(s->stats().forward_tsns_received, 0u);
  // Still up, and still delivering from where it was.
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  ASSERT_NE(c, nullptr);
  std::vector<SentMessage> sent{{1, 0, false, 100}};
  ASSERT_TRUE(send_message(*c, sent[0]));
  p.client->poke();
  const AppLog& sl = *p.server->log_of(s->id());
  p.net.run_until([&] { return !sl.messages.empty(); }, {std::chrono::seconds(10), 100'000});
  EXPECT_EQ(check_delivery(sent, sl.messages), "");
  EXPECT_EQ(s->state(), sctp::AssociationState::kEstablished);
}

// Without PR-SCTP negotiated the same policies change nothing: every
// message is delivered, none abandoned.
TEST(PartialReliabilityOff, PoliciesAreIgnoredWithoutTheExtension) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SimPair p(seed, lossy(0.2), false);
    // The server does not offer it.
    sctp::EndpointConfig server_config = fast_config();
    server_config.association.extensions.partial_reliability = false;
    p.server->restart(server_config, seed * 2 + 2);
    p.server->listen(kServerPort);
    ASSERT_TRUE(p.connect({std::chrono::seconds(120), 2'000'000})) << seed;
    sctp::Association* c = p.client->endpoint().find(p.client_id);
    ASSERT_NE(c, nullptr);
    EXPECT_FALSE(c->extensions().partial_reliability);
    sim::Rng rng(seed);
    Batch batch = send_batch(*c, rng, 0, 30);
    ASSERT_EQ(batch.sent.size(), 30u);
    p.client->poke();
    sctp::Association* s = p.server->newest();
    ASSERT_NE(s, nullptr);
    const AppLog& sl = *p.server->log_of(s->id());
    p.net.run_until([&] { return sl.messages.size() >= 30; }, {std::chrono::seconds(120), 5'000'000});
    EXPECT_EQ(check_delivery(batch.sent, sl.messages), "") << seed;
    EXPECT_EQ(c->stats().messages_abandoned, 0u);
    EXPECT_EQ(c->stats().forward_tsns_sent, 0u);
  }
}

// A FORWARD-TSN or I-FORWARD-TSN, 12 bytes, to `s` from the client.
std::vector<std::byte> skip_packet(const sctp::Association& s, bool iforward) {
  std::vector<std::byte> packet(12 + (iforward ? 16 : 12));
  store_be16(packet.data(), kClientPort);
  store_be16(packet.data() + 2, kServerPort);
  store_be32(packet.data() + 4, s.local_tag().value());
  if (iforward) {
    sctp::wire::IForwardTsnChunk fwd;
    fwd.new_cumulative_tsn = sctp::Tsn(12345);
    std::vector<sctp::wire::IForwardTsnStream> entries{{sctp::StreamId(0), false, sctp::Mid(3)}};
    fwd.streams = sctp::wire::RecordList<sctp::wire::IForwardTsnStream>(
        std::span<const sctp::wire::IForwardTsnStream>(entries));
    fwd.serialize(packet.data() + 12);
  } else {
    sctp::wire::ForwardTsnChunk fwd;
    fwd.new_cumulative_tsn = sctp::Tsn(12345);
    std::vector<sctp::wire::ForwardTsnStream> entries{{sctp::StreamId(0), sctp::Ssn(3)}};
    fwd.streams = sctp::wire::RecordList<sctp::wire::ForwardTsnStream>(
        std::span<const sctp::wire::ForwardTsnStream>(entries));
    fwd.serialize(packet.data() + 12);
  }
  crc::write_sctp_checksum(std::span<std::byte>(packet));
  return packet;
}

// RFC 8260 2.3.1: with I-DATA the skip is I-FORWARD-TSN, with DATA
// FORWARD-TSN; the other one is a Protocol Violation.
TEST(PartialReliabilityInterleaving, TheWrongSkipChunkAbortsTheAssociation) {
  for (bool interleaving : {true, false}) {
    sctp::EndpointConfig config = fast_config();
    config.association.extensions.interleaving = interleaving;
    SimPair p(4, lossy(0), false, config);
    ASSERT_TRUE(p.connect());
    sctp::Association* s = p.server->newest();
    ASSERT_NE(s, nullptr);
    ASSERT_TRUE(s->extensions().partial_reliability);
    ASSERT_EQ(s->extensions().interleaving, interleaving);
    const AppLog& sl = *p.server->log_of(s->id());
    std::vector<std::byte> packet = skip_packet(*s, !interleaving);
    p.server->endpoint().handle_packet(p.net.now(), ip_of(kClientA),
                                       ByteRange(std::span<const std::byte>(packet)));
    p.server->poke();
    ASSERT_TRUE(sl.closed.has_value()) << interleaving;
    EXPECT_EQ(sl.closed->reason, sctp::CloseReason::kProtocolViolation);
    EXPECT_EQ(sl.closed->cause_code,
              static_cast<uint16_t>(sctp::wire::CauseCode::kProtocolViolation));
  }
}

// The right one is accepted on an association that interleaves.
TEST(PartialReliabilityInterleaving, IForwardTsnMovesTheCumulativeTsn) {
  sctp::EndpointConfig config = fast_config();
  config.association.extensions.interleaving = true;
  SimPair p(5, lossy(0), false, config);
  ASSERT_TRUE(p.connect());
  sctp::Association* s = p.server->newest();
  ASSERT_NE(s, nullptr);
  std::vector<std::byte> packet = skip_packet(*s, true);
  p.server->endpoint().handle_packet(p.net.now(), ip_of(kClientA),
                                     ByteRange(std::span<const std::byte>(packet)));
  p.server->poke();
  EXPECT_FALSE(s->closed());
  EXPECT_EQ(s->stats().forward_tsns_received, 1u);
}

}  // namespace
}  // namespace dsctp::test
