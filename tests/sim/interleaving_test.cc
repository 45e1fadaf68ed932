// I-DATA (RFC 8260) between two of our stacks: small messages on one
// stream overtake a large message on another instead of waiting behind it
// (and without I-DATA they do wait, which the same run shows); under loss,
// duplication and reordering every message still arrives exactly once and
// in order per stream with every scheduler; weighted fair queueing shares
// the delivered bytes as the weights say; and a peer that sends the chunk
// type the negotiation ruled out is aborted.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "delivery_check.h"
#include "sctp/wire/chunks/data.h"
#include "sctp/wire/packet.h"
#include "sim/rng.h"
#include "sim_fixture.h"

namespace dsctp::test {
namespace {

using sctp::SchedulerKind;
namespace wire = sctp::wire;

constexpr Duration kOneWay = std::chrono::milliseconds(10);
constexpr Duration kRtt = 2 * kOneWay;

sctp::EndpointConfig interleaving_config(bool interleaving, SchedulerKind scheduler) {
  sctp::EndpointConfig c = fast_config();
  c.association.extensions.interleaving = interleaving;
  c.association.send.scheduler = scheduler;
  // Room for a 1 MiB message and what overtakes it.
  c.association.receive.max_buffered_bytes = 4u << 20;
  c.association.send.max_buffered_bytes = 8u << 20;
  return c;
}

// When each message of a log was delivered, sampled between events.
struct DeliveryTimes {
  const AppLog* log = nullptr;
  std::vector<TimePoint> at;
  void poll(TimePoint now) {
    while (at.size() < log->messages.size()) at.push_back(now);
  }
};

void run_for(SimPair& p, DeliveryTimes& times, Duration d) {
  p.net.run_until(
      [&] {
        times.poll(p.net.now());
        return false;
      },
      {d, 20'000'000});
  times.poll(p.net.now());
}

struct LatencyRun {
  bool interleaving_used = false;
  Duration big_transfer{};
  Duration worst_small{};
  size_t small_before_big = 0;  // small messages delivered before the big one
  uint64_t idata_chunks_sent = 0;
  std::string problems;
};

constexpr uint32_t kBigSize = 1u << 20;
constexpr uint32_t kSmallCount = 10;

// A 1 MiB message on stream 1, then, while it is in flight, a small
// message on stream 2 every 20 ms: how long each small one takes.
LatencyRun latency_run(bool interleaving) {
  LatencyRun r;
  sim::LinkConfig link;
  link.delay = kOneWay;
  SimPair p(7, link, false, interleaving_config(interleaving, SchedulerKind::kRoundRobin));
  if (!p.connect()) {
    r.problems = "no connection";
    return r;
  }
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  r.interleaving_used = c->extensions().interleaving && s->extensions().interleaving;
  DeliveryTimes times{p.server->log_of(s->id()), {}};

  std::vector<SentMessage> sent{{0, 1, false, kBigSize}};
  std::vector<TimePoint> sent_at{p.net.now()};
  if (!send_message(*c, sent[0])) r.problems = "big message refused";
  p.client->poke();
  run_for(p, times, std::chrono::milliseconds(30));
  for (uint32_t i = 1; i <= kSmallCount; ++i) {
    SentMessage m{i, 2, false, 200};
    if (!send_message(*c, m)) r.problems = "small message refused";
    sent.push_back(m);
    sent_at.push_back(p.net.now());
    p.client->poke();
    run_for(p, times, std::chrono::milliseconds(20));
  }
  p.net.run_until(
      [&] {
        times.poll(p.net.now());
        return times.at.size() == sent.size();
      },
      {std::chrono::seconds(30), 20'000'000});
  r.problems += check_delivery(sent, times.log->messages);
  if (!r.problems.empty()) return r;
  size_t big_position = 0;
  for (size_t k = 0; k < times.log->messages.size(); ++k) {
    uint32_t index = times.log->messages[k].ppid;
    Duration took = times.at[k] - sent_at[index];
    if (index == 0) {
      r.big_transfer = took;
      big_position = k;
    } else {
      r.worst_small = std::max(r.worst_small, took);
    }
  }
  r.small_before_big = big_position;
  r.idata_chunks_sent = c->stats().idata_chunks_sent;
  return r;
}

TEST(Interleaving, SmallMessagesOvertakeALargeOneOnlyWithIData) {
  LatencyRun with = latency_run(true);
  LatencyRun without = latency_run(false);
  ASSERT_EQ(with.problems, "");
  ASSERT_EQ(without.problems, "");
  EXPECT_TRUE(with.interleaving_used);
  EXPECT_FALSE(without.interleaving_used);
  EXPECT_GT(with.idata_chunks_sent, kBigSize / 1500);
  EXPECT_EQ(without.idata_chunks_sent, 0u);

  auto ms = [](Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d); };
  SCOPED_TRACE("with I-DATA: big " + std::to_string(ms(with.big_transfer).count()) +
               " ms, worst small " + std::to_string(ms(with.worst_small).count()) +
               " ms; without: big " + std::to_string(ms(without.big_transfer).count()) +
               " ms, worst small " + std::to_string(ms(without.worst_small).count()) + " ms");
  // The large message takes many round trips (slow start) either way.
  EXPECT_GT(with.big_transfer, 8 * kRtt);
  // With I-DATA each small message goes out at its stream's next turn:
  // within a few round trips, far below the large transfer, and all of
  // them before the large message is complete.
  EXPECT_LE(with.worst_small, 4 * kRtt);
  EXPECT_LT(with.worst_small * 3, with.big_transfer);
  EXPECT_EQ(with.small_before_big, kSmallCount);
  // With DATA they wait until the large message has been sent whole.
  EXPECT_EQ(without.small_before_big, 0u);
  EXPECT_GT(without.worst_small, 2 * with.worst_small);
}

// --- Every message exactly once under impairment, with each scheduler.

sim::LinkConfig impaired() {
  sim::LinkConfig l;
  l.delay = std::chrono::milliseconds(3);
  l.jitter = std::chrono::milliseconds(2);
  l.loss = 0.1;
  l.duplicate = 0.05;
  l.reorder = 0.1;
  l.corrupt = 0.02;
  return l;
}

std::vector<SentMessage> send_mix(sctp::Association& a, sim::Rng& rng, uint32_t first,
                                  uint32_t count) {
  std::vector<SentMessage> sent;
  for (uint32_t i = 0; i < count; ++i) {
    SentMessage m;
    m.index = first + i;
    m.stream = static_cast<uint16_t>(rng.below(6));
    m.unordered = rng.below(5) == 0;
    m.size = rng.below(3) == 0 ? 1500 + static_cast<uint32_t>(rng.below(12000))
                               : 4 + static_cast<uint32_t>(rng.below(300));
    if (send_message(a, m)) sent.push_back(m);
  }
  return sent;
}

std::string impaired_seed(uint64_t seed) {
  const SchedulerKind kinds[] = {
      SchedulerKind::kFirstComeFirstServed, SchedulerKind::kRoundRobin,
      SchedulerKind::kRoundRobinPerPacket,  SchedulerKind::kPriority,
      SchedulerKind::kFairBandwidth,        SchedulerKind::kWeightedFairQueueing};
  SchedulerKind kind = kinds[seed % 6];
  SimPair p(seed, impaired(), false, interleaving_config(true, kind));
  if (!p.connect({std::chrono::seconds(120), 2'000'000})) return "no connection";
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  if (c == nullptr || s == nullptr) return "association missing";
  if (!c->extensions().interleaving || !s->extensions().interleaving) return "no I-DATA";
  for (uint16_t stream = 0; stream < 6; ++stream) {
    c->set_stream_priority(sctp::StreamId(stream), static_cast<uint16_t>(stream % 3));
    c->set_stream_weight(sctp::StreamId(stream), static_cast<uint16_t>(1 + stream));
  }
  const uint64_t sid = s->id();
  sim::Rng rng(seed * 31 + 5);
  std::vector<SentMessage> to_server = send_mix(*c, rng, 0, 40);
  std::vector<SentMessage> to_client = send_mix(*s, rng, 1'000'000, 40);
  if (to_server.size() != 40 || to_client.size() != 40) return "send refused";
  p.client->poke();
  p.server->poke();
  p.net.run_until(
      [&] {
        return p.server->log_of(sid)->messages.size() >= to_server.size() &&
               p.client->log_of(p.client_id)->messages.size() >= to_client.size();
      },
      {std::chrono::seconds(300), 5'000'000});
  std::string problems = check_delivery(to_server, p.server->log_of(sid)->messages) +
                         check_delivery(to_client, p.client->log_of(p.client_id)->messages);
  if (!problems.empty()) return std::string(sctp::to_string(kind)) + ": " + problems;
  if (c->stats().idata_chunks_sent == 0 || c->stats().idata_chunks_sent != c->stats().data_chunks_sent) {
    return "client sent DATA chunks";
  }
  if (s->stats().idata_chunks_received == 0) return "server received no I-DATA";
  return {};
}

TEST(Interleaving, EveryMessageExactlyOnceInOrderUnderImpairmentWithEveryScheduler) {
  uint32_t failures = 0;
  for (uint64_t seed = 1; seed <= 24; ++seed) {
    std::string problem = impaired_seed(seed);
    if (!problem.empty()) {
      ADD_FAILURE() << "seed " << seed << ": " << problem;
      if (++failures == 5) break;
    }
  }
}

// --- Weighted fair queueing over the simulated link.

TEST(Interleaving, WeightedFairQueueingSharesDeliveredBytesByWeight) {
  sim::LinkConfig link;
  link.delay = std::chrono::milliseconds(5);
  link.bits_per_second = 50'000'000;
  SimPair p(3, link, false, interleaving_config(true, SchedulerKind::kWeightedFairQueueing));
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  ASSERT_NE(s, nullptr);
  const std::map<uint16_t, uint16_t> weights{{1, 1}, {2, 2}, {3, 3}};
  for (auto [stream, weight] : weights) {
    ASSERT_TRUE(c->set_stream_weight(sctp::StreamId(stream), weight));
  }
  // Every stream holds more than it can send before the measurement ends,
  // in messages larger than a packet.
  uint32_t index = 0;
  for (int i = 0; i < 500; ++i) {
    for (auto [stream, weight] : weights) {
      ASSERT_TRUE(send_message(*c, SentMessage{index++, stream, false, 2000}));
    }
  }
  p.client->poke();
  const AppLog& log = *p.server->log_of(s->id());
  constexpr uint64_t kMeasured = 1'500'000;
  std::map<uint16_t, uint64_t> bytes;
  uint64_t total = 0;
  size_t seen = 0;
  p.net.run_until(
      [&] {
        for (; seen < log.messages.size(); ++seen) {
          bytes[log.messages[seen].stream] += log.messages[seen].bytes.size();
          total += log.messages[seen].bytes.size();
        }
        return total >= kMeasured;
      },
      {std::chrono::seconds(60), 20'000'000});
  ASSERT_GE(total, kMeasured);
  for (auto [stream, weight] : weights) {
    double want = weight / 6.0;
    double got = static_cast<double>(bytes[stream]) / static_cast<double>(total);
    EXPECT_NEAR(got, want, 0.05 * want) << "stream " << stream;
    // Still saturated: the measurement covers only times all were busy.
    EXPECT_LT(bytes[stream], 500u * 2000u) << "stream " << stream;
  }
}

// --- RFC 8260 2.2.1: DATA where I-DATA was negotiated, or the reverse.

// A packet of one user data chunk from the client's address to the
// server's association, as if the client had sent it.
template <class Chunk>
void inject(SimPair& p, sctp::Association& server, const Chunk& chunk) {
  std::vector<std::byte> buffer(1500);
  wire::CommonHeader header;
  header.source_port = kClientPort;
  header.destination_port = kServerPort;
  header.verification_tag = server.local_tag();
  wire::PacketBuilder b(buffer, header);
  ASSERT_TRUE(b.add(chunk));
  std::span<const std::byte> packet = b.finish();
  p.server->endpoint().handle_packet(p.net.now(), ip_of(kClientA), ByteRange(packet));
  p.server->poke();
}

template <class Chunk>
void expect_abort_on(bool interleaving) {
  SimPair p(5, sim::LinkConfig{}, false,
            interleaving_config(interleaving, SchedulerKind::kRoundRobin));
  ASSERT_TRUE(p.connect());
  sctp::Association* s = p.server->newest();
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->extensions().interleaving, interleaving);
  const uint64_t sid = s->id();
  static const char kText[] = "hello";
  Chunk chunk;
  chunk.tsn = sctp::Tsn(12345);
  chunk.stream = sctp::StreamId(0);
  chunk.payload = ByteRange(as_bytes_of(kText, 5));
  inject(p, *s, chunk);
  const AppLog& server_log = *p.server->log_of(sid);
  const AppLog& client_log = *p.client->log_of(p.client_id);
  p.net.run_until([&] { return client_log.closed.has_value(); }, {std::chrono::seconds(5), 100'000});
  ASSERT_TRUE(server_log.closed.has_value());
  EXPECT_EQ(server_log.closed->reason, sctp::CloseReason::kProtocolViolation);
  EXPECT_TRUE(server_log.messages.empty());
  ASSERT_TRUE(client_log.closed.has_value());
  EXPECT_EQ(client_log.closed->reason, sctp::CloseReason::kAbortedByPeer);
  EXPECT_EQ(client_log.closed->cause_code,
            static_cast<uint16_t>(wire::CauseCode::kProtocolViolation));
}

TEST(Interleaving, DataChunkWhereIDataWasNegotiatedAborts) {
  expect_abort_on<wire::DataChunk>(true);
}

TEST(Interleaving, IDataChunkWhereItWasNotNegotiatedAborts) {
  expect_abort_on<wire::IDataChunk>(false);
}

// --- Large messages interleaved beyond the receiver's buffer.

TEST(Interleaving, LargeMessagesTogetherBeyondTheReceiveBufferAllArrive) {
  // Two 700 KB messages against a 1 MiB receive buffer: interleaved
  // fragment by fragment, the buffer would fill with halves of both and
  // neither could complete. The sender begins the second once the first
  // has gone.
  sctp::EndpointConfig config = fast_config();
  config.association.extensions.interleaving = true;
  config.association.send.scheduler = SchedulerKind::kRoundRobin;
  config.association.receive.max_buffered_bytes = 1u << 20;
  SimPair p(9, sim::LinkConfig{}, false, config);
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  ASSERT_NE(s, nullptr);
  std::vector<SentMessage> sent{{0, 1, false, 700000}, {1, 2, false, 700000}, {2, 3, false, 100}};
  for (const SentMessage& m : sent) ASSERT_TRUE(send_message(*c, m));
  p.client->poke();
  const AppLog& log = *p.server->log_of(s->id());
  p.net.run_until([&] { return log.messages.size() == sent.size() || log.closed; },
                  {std::chrono::seconds(60), 5'000'000});
  EXPECT_EQ(check_delivery(sent, log.messages), "");
  EXPECT_FALSE(log.closed.has_value());
}

}  // namespace
}  // namespace dsctp::test
