// Partial delivery between two of our stacks: messages larger than the
// receive buffer, interleaved (I-DATA) or not, under loss. Every byte must
// arrive once and in order, the association must never stall on a buffer
// full of parts, and a message the sender gives up while it is being
// delivered in pieces must end with partial_delivery_aborted, never as a
// message.
//   DSCTP_SIM_PD_SEEDS (default 8) seeds per lossy case.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "delivery_check.h"
#include "sim/rng.h"
#include "sim_fixture.h"

namespace dsctp::test {
namespace {

using sctp::SchedulerKind;

constexpr size_t kReceiveBuffer = 256 * 1024;

uint64_t seeds() {
  const char* v = std::getenv("DSCTP_SIM_PD_SEEDS");
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : 8;
}

sim::LinkConfig lossy(double loss) {
  sim::LinkConfig l;
  l.delay = std::chrono::milliseconds(2);
  l.jitter = std::chrono::milliseconds(1);
  l.loss = loss;
  return l;
}

sctp::EndpointConfig pd_config(bool interleaving) {
  sctp::EndpointConfig c = fast_config();
  c.association.extensions.interleaving = interleaving;
  c.association.send.scheduler = SchedulerKind::kRoundRobin;
  c.association.receive.max_buffered_bytes = kReceiveBuffer;
  // Start every message at once, as usrsctp does, whatever the peer's
  // window: the receiver must cope.
  c.association.send.max_started_bytes = std::numeric_limits<size_t>::max();
  c.association.send.max_buffered_bytes = 8u << 20;
  return c;
}

struct Outcome {
  std::string problem;  // empty when every rule held
  uint64_t pieces = 0;
  size_t most_parts_open = 0;
};

Outcome transfer(uint64_t seed, const sim::LinkConfig& link, bool interleaving,
                 const std::vector<SentMessage>& messages) {
  Outcome o;
  SimPair p(seed, link, false, pd_config(interleaving));
  if (!p.connect({std::chrono::seconds(120), 2'000'000})) return {"no connection"};
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  if (c == nullptr || s == nullptr) return {"association missing"};
  if (c->extensions().interleaving != interleaving) return {"I-DATA negotiation"};
  for (const SentMessage& m : messages) {
    if (!send_message(*c, m)) return {"send refused"};
  }
  p.client->poke();
  const AppLog& sl = *p.server->log_of(s->id());
  p.net.run_until([&] { return sl.messages.size() >= messages.size() || sl.closed; },
                  {std::chrono::seconds(600), 50'000'000});
  o.problem = check_delivery(messages, sl.messages) + sl.part_errors;
  if (sl.messages.size() < messages.size()) {
    o.problem += " stalled with " + std::to_string(sl.messages.size()) + " of " +
                 std::to_string(messages.size()) + " delivered, " +
                 std::to_string(s->stats().data_dropped_no_buffer) + " chunks dropped for room";
  }
  o.pieces = sl.pieces;
  o.most_parts_open = sl.most_parts_open;
  return o;
}

std::vector<SentMessage> two_large() {
  return {{1, 0, false, 700'000}, {2, 1, false, 700'000}};
}

// The case that stalled before partial delivery: usrsctp sent two 700 KB
// messages on two streams, interleaved, to a 256 KiB buffer.
TEST(PartialDelivery, TwoLargeInterleavedMessagesIntoASmallBufferComplete) {
  Outcome o = transfer(1, lossy(0), true, two_large());
  EXPECT_EQ(o.problem, "");
  EXPECT_GT(o.pieces, 4u);
  // Both were in pieces at once: they were interleaved.
  EXPECT_EQ(o.most_parts_open, 2u);
}

// The same without partial delivery would stall: the interleaving
// endpoint refuses an application without message_part.
TEST(PartialDelivery, InterleavingWithoutMessagePartIsRefused) {
  sim::SimNetwork net;
  sctp::EndpointConfig config = pd_config(true);
  SeededRandom random(1);
  struct NoSink : sctp::PacketSink {
    void send_packet(const sctp::IpAddress&, std::span<const std::byte>) override {}
  } sink;
  sctp::Endpoint e(config, sink, random, net.now());
  sctp::Callbacks whole_only;
  whole_only.message = [](void*, sctp::Association&, sctp::ReceivedMessage&) {};
  EXPECT_FALSE(e.listen(kServerPort, whole_only, nullptr));
  EXPECT_EQ(e.connect(net.now(), 0, kServerPort, {ip_of(kServerA)}, whole_only, nullptr), nullptr);
  sctp::Callbacks with_parts = whole_only;
  with_parts.message_part = [](void*, sctp::Association&, sctp::ReceivedMessage&,
                               sctp::MessagePart) {};
  EXPECT_TRUE(e.listen(kServerPort, with_parts, nullptr));
  // Without I-DATA nothing changes.
  sctp::Endpoint plain(pd_config(false), sink, random, net.now());
  EXPECT_TRUE(plain.listen(kServerPort, whole_only, nullptr));
}

struct LossCase {
  const char* name;
  double loss;
  bool interleaving;
};

class PartialDeliveryUnderLoss : public ::testing::TestWithParam<LossCase> {};

// Large messages on several streams with small ones between them, some
// unordered, into a buffer smaller than the large ones.
std::vector<SentMessage> mixed(uint64_t seed) {
  sim::Rng rng(seed * 7919 + 11);
  std::vector<SentMessage> out;
  for (uint32_t i = 0; i < 24; ++i) {
    SentMessage m;
    m.index = i + 1;
    m.stream = static_cast<uint16_t>(rng.below(4));
    m.unordered = rng.below(6) == 0;
    m.size = rng.below(6) == 0 ? 100'000 + static_cast<uint32_t>(rng.below(500'000))
                               : 1 + static_cast<uint32_t>(rng.below(3000));
    out.push_back(m);
  }
  return out;
}

TEST_P(PartialDeliveryUnderLoss, EveryByteOnceAndInOrder) {
  const LossCase& lc = GetParam();
  uint64_t pieces = 0;
  uint32_t failures = 0;
  for (uint64_t seed = 1; seed <= seeds(); ++seed) {
    std::vector<SentMessage> messages = seed % 2 == 0 ? two_large() : mixed(seed);
    Outcome o = transfer(seed, lossy(lc.loss), lc.interleaving, messages);
    pieces += o.pieces;
    if (!o.problem.empty()) {
      ADD_FAILURE() << lc.name << " seed " << seed << ": " << o.problem;
      if (++failures == 3) break;
    }
    // RFC 6458 8.1.21: with DATA one message at a time.
    if (!lc.interleaving) {
      EXPECT_LE(o.most_parts_open, 1u) << seed;
    }
  }
  std::printf("%s: %llu pieces\n", lc.name, static_cast<unsigned long long>(pieces));
  EXPECT_GT(pieces, 0u);
}

INSTANTIATE_TEST_SUITE_P(Cases, PartialDeliveryUnderLoss,
                         ::testing::Values(LossCase{"idata_loss10", 0.10, true},
                                           LossCase{"idata_loss20", 0.20, true},
                                           LossCase{"idata_loss30", 0.30, true},
                                           LossCase{"data_loss10", 0.10, false},
                                           LossCase{"data_loss20", 0.20, false}),
                         [](const auto& info) { return std::string(info.param.name); });

// A message given up by the sender (its lifetime ran out) while the
// receiver was handing it out in pieces: the pieces end with
// partial_delivery_aborted and the message never arrives whole; the
// reliable one after it on the same stream does.
TEST(PartialDelivery, AMessageAbandonedMidwayEndsInAnAbortedPartialDelivery) {
  uint64_t aborts = 0;
  for (uint64_t seed = 1; seed <= 10 && aborts == 0; ++seed) {
    for (bool interleaving : {true, false}) {
      sctp::EndpointConfig config = pd_config(interleaving);
      SimPair p(seed, lossy(0.2), false, config);
      ASSERT_TRUE(p.connect({std::chrono::seconds(120), 2'000'000}));
      sctp::Association* c = p.client->endpoint().find(p.client_id);
      sctp::Association* s = p.server->newest();
      ASSERT_NE(s, nullptr);
      ASSERT_TRUE(c->extensions().partial_reliability);
      std::vector<std::byte> big = message_bytes(1, 600'000);
      sctp::SendOptions doomed;
      doomed.pr.policy = sctp::PrPolicy::kLifetime;
      doomed.pr.lifetime = std::chrono::milliseconds(60);
      ASSERT_EQ(c->send(sctp::StreamId(0), sctp::Ppid(1), big, doomed), sctp::SendStatus::kOk);
      SentMessage after{2, 0, false, 5000};
      ASSERT_TRUE(send_message(*c, after));
      p.client->poke();
      const AppLog& sl = *p.server->log_of(s->id());
      const AppLog& cl = *p.client->log_of(p.client_id);
      p.net.run_until([&] { return !sl.messages.empty() && sl.messages.back().ppid == 2; },
                      {std::chrono::seconds(120), 20'000'000});
      EXPECT_EQ(sl.part_errors, "");
      bool abandoned = !cl.abandoned.empty();
      std::set<uint32_t> got;
      for (const Delivered& d : sl.messages) got.insert(d.ppid);
      EXPECT_EQ(got.count(2), 1u) << seed;
      // Delivered whole only if it was not given up (or got through before).
      if (abandoned && got.count(1) == 0) {
        EXPECT_TRUE(sl.parts.empty()) << seed;
        aborts += sl.partial_aborts;
      }
    }
  }
  EXPECT_GT(aborts, 0u);
}

}  // namespace
}  // namespace dsctp::test
