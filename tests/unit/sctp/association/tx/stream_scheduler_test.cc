// The RFC 8260 3 stream schedulers, driven through the SendQueue as the
// association drives it: strict priority order, one stream per packet,
// byte shares for fair bandwidth and weighted fair queueing, and the DATA
// rule that a started message finishes before any other stream's.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "sctp/association/tx/send_queue.h"
#include "sctp/association/tx/stream_scheduler.h"

namespace dsctp::sctp {
namespace {

OutgoingMessage message(uint16_t stream, uint32_t size, uint32_t ppid = 0) {
  std::vector<std::byte> bytes(size, std::byte{static_cast<uint8_t>(ppid)});
  return OutgoingMessage{StreamId(stream), Ppid(ppid), false, MessageBytes::copy_of(bytes)};
}

SendQueueConfig config(SchedulerKind kind, bool interleaving) {
  SendQueueConfig c;
  c.max_buffered_bytes = 64u << 20;
  c.scheduler = kind;
  c.interleaving = interleaving;
  return c;
}

// Each fragment as "stream:ppid".
std::vector<std::string> drain(SendQueue& q, uint32_t max_payload) {
  std::vector<std::string> out;
  while (auto f = q.produce(max_payload)) {
    out.push_back(std::to_string(f->stream.value()) + ":" + std::to_string(f->ppid.value()));
  }
  return out;
}

// Payload bytes per stream over the first `total` bytes produced, in
// fragments of `max_payload`.
std::map<uint16_t, uint64_t> bytes_per_stream(SendQueue& q, uint32_t max_payload,
                                              uint64_t total) {
  std::map<uint16_t, uint64_t> bytes;
  uint64_t sent = 0;
  while (sent < total) {
    auto f = q.produce(max_payload);
    if (!f) break;
    bytes[f->stream.value()] += f->length;
    sent += f->length;
  }
  return bytes;
}

// Fills `streams` with messages of the given sizes (cycled) up to
// `per_stream` bytes each, so that every stream stays busy throughout.
void saturate(SendQueue& q, const std::vector<uint16_t>& streams,
              const std::vector<uint32_t>& sizes, uint64_t per_stream) {
  for (uint16_t s : streams) {
    uint64_t queued = 0;
    for (size_t i = 0; queued < per_stream; ++i) {
      uint32_t size = sizes[(i + s) % sizes.size()];
      ASSERT_EQ(q.push(message(s, size)), SendQueue::PushResult::kQueued);
      queued += size;
    }
  }
}

void expect_shares(const std::map<uint16_t, uint64_t>& bytes,
                   const std::map<uint16_t, double>& weights) {
  uint64_t total = 0;
  for (auto [s, b] : bytes) total += b;
  double weight_sum = 0;
  for (auto [s, w] : weights) weight_sum += w;
  ASSERT_GT(total, 0u);
  for (auto [s, w] : weights) {
    double want = w / weight_sum;
    double got = static_cast<double>(bytes.count(s) ? bytes.at(s) : 0) / static_cast<double>(total);
    EXPECT_NEAR(got, want, 0.05 * want) << "stream " << s;
  }
}

TEST(StreamScheduler, PriorityServesLowestValueFirstRoundRobinWithinALevel) {
  SendQueue q(config(SchedulerKind::kPriority, false), 4);
  q.set_stream_priority(StreamId(0), 2);
  q.set_stream_priority(StreamId(1), 0);
  q.set_stream_priority(StreamId(2), 1);
  q.set_stream_priority(StreamId(3), 0);
  EXPECT_EQ(q.stream_priority(StreamId(0)), 2);
  uint32_t ppid = 0;
  for (uint16_t s : {0, 0, 1, 1, 2, 2, 3, 3}) q.push(message(s, 10, ++ppid));
  EXPECT_EQ(drain(q, 100), (std::vector<std::string>{"1:3", "3:7", "1:4", "3:8", "2:5", "2:6",
                                                     "0:1", "0:2"}));
}

TEST(StreamScheduler, PriorityMessageArrivingLaterGoesNext) {
  SendQueue q(config(SchedulerKind::kPriority, true), 2);
  q.set_stream_priority(StreamId(0), 5);
  q.set_stream_priority(StreamId(1), 1);
  q.push(message(0, 10, 1));
  q.push(message(0, 10, 2));
  EXPECT_EQ(q.produce(100)->ppid, Ppid(1));
  q.push(message(1, 10, 3));
  EXPECT_EQ(drain(q, 100), (std::vector<std::string>{"1:3", "0:2"}));
}

TEST(StreamScheduler, PriorityChangedWhileQueuedTakesEffect) {
  SendQueue q(config(SchedulerKind::kPriority, false), 2);
  q.push(message(0, 10, 1));
  q.push(message(1, 10, 2));
  q.set_stream_priority(StreamId(0), 9);
  EXPECT_EQ(drain(q, 100), (std::vector<std::string>{"1:2", "0:1"}));
}

TEST(StreamScheduler, PriorityWithoutInterleavingFinishesTheStartedMessage) {
  // RFC 9260 6.9: a DATA message's fragments take consecutive TSNs, even
  // when a more urgent stream gets a message meanwhile.
  SendQueue q(config(SchedulerKind::kPriority, false), 2);
  q.set_stream_priority(StreamId(0), 5);
  q.set_stream_priority(StreamId(1), 1);
  q.push(message(0, 30, 1));
  EXPECT_EQ(q.produce(10)->stream, StreamId(0));
  q.push(message(1, 10, 2));
  EXPECT_EQ(drain(q, 10), (std::vector<std::string>{"0:1", "0:1", "1:2"}));
}

TEST(StreamScheduler, PriorityWithInterleavingPreemptsBetweenFragments) {
  SendQueue q(config(SchedulerKind::kPriority, true), 2);
  q.set_stream_priority(StreamId(0), 5);
  q.set_stream_priority(StreamId(1), 1);
  q.push(message(0, 30, 1));
  EXPECT_EQ(q.produce(10)->stream, StreamId(0));
  q.push(message(1, 10, 2));
  EXPECT_EQ(drain(q, 10), (std::vector<std::string>{"1:2", "0:1", "0:1"}));
}

// Fills packets of `per_packet` fragments of 10 bytes as the association
// does and returns the streams of each packet.
std::vector<std::vector<uint16_t>> packets(SendQueue& q, size_t per_packet) {
  std::vector<std::vector<uint16_t>> out;
  while (!q.empty()) {
    q.start_packet();
    std::vector<uint16_t> packet;
    while (packet.size() < per_packet) {
      if (q.peek_size(10) == 0) break;
      packet.push_back(q.produce(10)->stream.value());
    }
    if (packet.empty()) break;
    out.push_back(packet);
  }
  return out;
}

TEST(StreamScheduler, RoundRobinPerPacketGivesEachPacketOneStream) {
  for (bool interleaving : {false, true}) {
    SCOPED_TRACE(interleaving ? "I-DATA" : "DATA");
    SendQueue q(config(SchedulerKind::kRoundRobinPerPacket, interleaving), 3);
    for (int i = 0; i < 5; ++i) q.push(message(0, 10));
    for (int i = 0; i < 3; ++i) q.push(message(1, 10));
    q.push(message(2, 10));
    using P = std::vector<uint16_t>;
    // Stream 2 has one message: its packet ends early rather than take
    // another stream's; streams 1 and then 0 finish in packets of their own.
    EXPECT_EQ(packets(q, 2), (std::vector<P>{{0, 0}, {1, 1}, {2}, {0, 0}, {1}, {0}}));
  }
}

TEST(StreamScheduler, RoundRobinPerPacketWithoutInterleavingFinishesAMessageFirst) {
  SendQueue q(config(SchedulerKind::kRoundRobinPerPacket, false), 2);
  q.push(message(0, 30));
  q.push(message(1, 10));
  using P = std::vector<uint16_t>;
  // The packet after stream 0's first one continues its message.
  EXPECT_EQ(packets(q, 2), (std::vector<P>{{0, 0}, {0}, {1}}));
}

TEST(StreamScheduler, FairBandwidthGivesEqualBytesWhateverTheMessageSizes) {
  for (bool interleaving : {true, false}) {
    SCOPED_TRACE(interleaving ? "I-DATA" : "DATA");
    SendQueue q(config(SchedulerKind::kFairBandwidth, interleaving), 3);
    // Stream 0 sends large messages, 1 small, 2 mixed.
    q.set_stream_weight(StreamId(0), 7);  // ignored: fair bandwidth
    saturate(q, {0}, {5000, 9000}, 4u << 20);
    saturate(q, {1}, {100, 300}, 4u << 20);
    saturate(q, {2}, {1200, 40, 2500}, 4u << 20);
    expect_shares(bytes_per_stream(q, 1000, 6u << 20), {{0, 1}, {1, 1}, {2, 1}});
  }
}

TEST(StreamScheduler, WeightedFairQueueingFollowsTheWeights) {
  for (bool interleaving : {true, false}) {
    SCOPED_TRACE(interleaving ? "I-DATA" : "DATA");
    SendQueue q(config(SchedulerKind::kWeightedFairQueueing, interleaving), 3);
    q.set_stream_weight(StreamId(0), 1);
    q.set_stream_weight(StreamId(1), 2);
    q.set_stream_weight(StreamId(2), 5);
    EXPECT_EQ(q.stream_weight(StreamId(2)), 5);
    saturate(q, {0, 1, 2}, {3000, 700, 1452, 64}, 8u << 20);
    expect_shares(bytes_per_stream(q, 1200, 8u << 20), {{0, 1}, {1, 2}, {2, 5}});
  }
}

TEST(StreamScheduler, WeightedFairQueueingStreamIdleForAWhileGetsNoBacklog) {
  // A stream that had nothing to send cannot claim the bytes it missed:
  // from when it comes back, shares follow the weights again.
  SendQueue q(config(SchedulerKind::kWeightedFairQueueing, true), 2);
  saturate(q, {0}, {1000}, 4u << 20);
  bytes_per_stream(q, 1000, 2u << 20);
  saturate(q, {1}, {1000}, 4u << 20);
  expect_shares(bytes_per_stream(q, 1000, 1u << 20), {{0, 1}, {1, 1}});
}

TEST(StreamScheduler, SwitchingToWeightedFairQueueingMidMessageFinishesItFirst) {
  SendQueue q(config(SchedulerKind::kFirstComeFirstServed, false), 2);
  q.push(message(0, 30, 1));
  q.push(message(1, 10, 2));
  EXPECT_EQ(q.produce(10)->ppid, Ppid(1));
  q.set_scheduler(SchedulerKind::kWeightedFairQueueing);
  EXPECT_EQ(q.scheduler(), SchedulerKind::kWeightedFairQueueing);
  EXPECT_EQ(drain(q, 10), (std::vector<std::string>{"0:1", "0:1", "1:2"}));
}

TEST(StreamScheduler, TakeAllAfterSchedulingReturnsEveryMessageOnce) {
  SendQueue q(config(SchedulerKind::kPriority, true), 3);
  q.push(message(0, 30, 1));
  q.push(message(1, 30, 2));
  q.push(message(2, 30, 3));
  q.produce(10);
  q.produce(10);
  std::vector<OutgoingMessage> all = q.take_all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.buffered_bytes(), 0u);
  EXPECT_FALSE(q.produce(10).has_value());
}

TEST(StreamScheduler, MessagesBegunTogetherStayWithinTheStartedByteLimit) {
  // Two 30-byte messages interleave when both fit the limit; with room for
  // one, the second begins only once the first has ended.
  for (size_t limit : {60u, 59u}) {
    SCOPED_TRACE(limit);
    SendQueueConfig c = config(SchedulerKind::kRoundRobin, true);
    c.max_started_bytes = limit;
    SendQueue q(c, 2);
    q.push(message(0, 30, 1));
    q.push(message(1, 30, 2));
    std::vector<std::string> want =
        limit == 60 ? std::vector<std::string>{"0:1", "1:2", "0:1", "1:2", "0:1", "1:2"}
                    : std::vector<std::string>{"0:1", "0:1", "0:1", "1:2", "1:2", "1:2"};
    EXPECT_EQ(drain(q, 10), want);
  }
}

TEST(StreamScheduler, AMessageLargerThanTheLimitStillGoesAlone) {
  SendQueueConfig c = config(SchedulerKind::kRoundRobin, true);
  c.max_started_bytes = 15;
  SendQueue q(c, 2);
  q.push(message(0, 30, 1));
  q.push(message(1, 10, 2));
  EXPECT_EQ(drain(q, 10), (std::vector<std::string>{"0:1", "0:1", "0:1", "1:2"}));
}

}  // namespace
}  // namespace dsctp::sctp
