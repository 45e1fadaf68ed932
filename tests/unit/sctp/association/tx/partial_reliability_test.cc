// Partial reliability in the send queues (RFC 3758 3.5): which messages a
// rule gives up and when, that every fragment of one goes (A3), what it
// does to the flight and the window (A2), the Advanced.Peer.Ack.Point
// (C1, C2) and the FORWARD-TSN built from it (C4); and in the SendQueue,
// expired and kBuffer messages dropped before they get a TSN.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#include "sctp/association/tx/retransmission_queue.h"
#include "sctp/association/tx/send_queue.h"
#include "sctp/wire/chunks/data.h"

namespace dsctp::sctp {
namespace {

using std::chrono::milliseconds;
using wire::DataFlags;
using wire::GapAckBlock;

constexpr uint32_t kHeader = 16;
constexpr uint32_t kRwnd = 100000;

AbandonRule rtx(uint32_t n) { return {PrPolicy::kRetransmissions, n, {}}; }
AbandonRule lifetime_until(TimePoint t) { return {PrPolicy::kLifetime, 0, t}; }
AbandonRule buffer() { return {PrPolicy::kBuffer, 0, {}}; }

MessageBytes bytes_of(uint32_t n) { return MessageBytes::copy_of(std::vector<std::byte>(n)); }

class AbandonTest : public ::testing::Test {
 protected:
  AbandonTest() : q_(RetransmissionConfig{}, Tsn(1000), kRwnd) {}

  // One single-chunk message; returns its number (1-based TSN offset).
  uint32_t send(AbandonRule rule, uint16_t stream = 0, uint16_t ssn = 0, bool unordered = false,
                uint32_t length = 100) {
    OutgoingFragment f;
    f.stream = StreamId(stream);
    f.ssn = Ssn(ssn);
    f.flags = DataFlags::kBeginning | DataFlags::kEnding;
    if (unordered) f.flags |= DataFlags::kUnordered;
    f.message = bytes_of(length);
    f.length = length;
    f.rule = rule;
    q_.add(std::move(f), 0, now_);
    return static_cast<uint32_t>(q_.next_tsn().distance_from(tsn(0))) - 1;
  }

  // A message cut into `n` fragments of 100 bytes (consecutive TSNs).
  MessageBytes send_fragmented(int n, AbandonRule rule, uint16_t stream = 0, uint16_t ssn = 0) {
    MessageBytes m = bytes_of(100 * n);
    for (int i = 0; i < n; ++i) {
      OutgoingFragment f;
      f.stream = StreamId(stream);
      f.ssn = Ssn(ssn);
      f.flags = (i == 0 ? DataFlags::kBeginning : 0) | (i == n - 1 ? DataFlags::kEnding : 0);
      f.message = m;
      f.offset = 100 * i;
      f.length = 100;
      f.rule = rule;
      q_.add(std::move(f), 0, now_);
    }
    return m;
  }

  SackOutcome sack(uint32_t cum, std::initializer_list<GapAckBlock> blocks = {}) {
    std::vector<GapAckBlock> b(blocks);
    wire::SackChunk s;
    s.cumulative_tsn_ack = tsn(cum);
    s.a_rwnd = kRwnd;
    s.gap_blocks = wire::RecordList<GapAckBlock>(std::span<const GapAckBlock>(b));
    return q_.handle_sack(s, now_);
  }

  AbandonOutcome t3_then_abandon() {
    q_.mark_t3_expired(0);
    AbandonOutcome out;
    q_.abandon_due(now_, out);
    return out;
  }

  std::vector<uint32_t> retransmit_all() {
    std::vector<uint32_t> out;
    while (auto c = q_.next_retransmission(0, now_)) {
      out.push_back(static_cast<uint32_t>(c->tsn.distance_from(tsn(0))));
    }
    return out;
  }

  Tsn tsn(uint32_t n) const { return Tsn(999) + n; }

  RetransmissionQueue q_;
  TimePoint now_{milliseconds(1000)};
};

TEST_F(AbandonTest, RtxZeroIsGivenUpInsteadOfRetransmitted) {
  send(rtx(0));
  send({});  // reliable
  AbandonOutcome out = t3_then_abandon();
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].pr.policy, PrPolicy::kRetransmissions);
  // Marked chunks are out of the flight already; nothing more left it.
  EXPECT_EQ(out.bytes_out_of_flight[0], 0u);
  EXPECT_TRUE(out.unsent_rest.empty());
  EXPECT_EQ(retransmit_all(), std::vector<uint32_t>{2});
  // A2: no longer outstanding.
  EXPECT_EQ(q_.outstanding_bytes(), kHeader + 100u);
  EXPECT_EQ(q_.buffered_payload_bytes(), 100u);
  EXPECT_EQ(q_.advanced_peer_ack_point(), tsn(1));
  EXPECT_TRUE(q_.needs_forward_tsn());
}

TEST_F(AbandonTest, RtxLimitAllowsThatManyRetransmissions) {
  send(rtx(2));
  for (int round = 0; round < 2; ++round) {
    AbandonOutcome out = t3_then_abandon();
    EXPECT_TRUE(out.messages.empty()) << round;
    EXPECT_EQ(retransmit_all(), std::vector<uint32_t>{1}) << round;
  }
  AbandonOutcome out = t3_then_abandon();
  EXPECT_EQ(out.messages.size(), 1u);
  EXPECT_TRUE(retransmit_all().empty());
}

TEST_F(AbandonTest, LifetimeGivesUpOnlyOnceItHasPassed) {
  send(lifetime_until(now_ + milliseconds(500)));
  EXPECT_TRUE(t3_then_abandon().messages.empty());
  EXPECT_EQ(retransmit_all(), std::vector<uint32_t>{1});
  now_ += milliseconds(500);
  EXPECT_EQ(t3_then_abandon().messages.size(), 1u);
  EXPECT_TRUE(retransmit_all().empty());
}

TEST_F(AbandonTest, ReliableAndInFlightChunksAreNeverGivenUpByTheirRule) {
  send({});
  send(rtx(0));
  AbandonOutcome out;
  q_.abandon_due(now_, out);  // nothing marked: nothing to decide
  EXPECT_TRUE(out.messages.empty());
  for (int i = 0; i < 20; ++i) {
    out = t3_then_abandon();
    EXPECT_LE(out.messages.size(), i == 0 ? 1u : 0u);
    retransmit_all();
  }
  EXPECT_EQ(q_.size(), 2u);
  EXPECT_EQ(q_.advanced_peer_ack_point(), tsn(0));
  EXPECT_FALSE(q_.needs_forward_tsn());
}

TEST_F(AbandonTest, EveryFragmentOfTheMessageGoesWithIt) {
  send({});                                       // TSN 1
  MessageBytes m = send_fragmented(3, rtx(0));    // TSNs 2..4
  send({});                                       // TSN 5
  // TSN 2 cum-acked, 3 missing, 4 and 5 gap-acked; T3 marks 3.
  sack(2, {{2, 3}});
  AbandonOutcome out = t3_then_abandon();
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_TRUE(out.messages[0].bytes.same_as(m));
  EXPECT_TRUE(out.unsent_rest.empty());
  EXPECT_TRUE(retransmit_all().empty());
  // A3: the gap-acked fragment 4 is abandoned with 3, and the queue keeps
  // no reference to the message.
  EXPECT_EQ(m.use_count(), 2u);  // ours and the report's
  EXPECT_EQ(q_.outstanding_bytes(), kHeader + 100u);  // TSN 5
  EXPECT_EQ(q_.advanced_peer_ack_point(), tsn(4));
  EXPECT_EQ(q_.make_forward_tsn(1500).new_cumulative_tsn, tsn(4));
}

TEST_F(AbandonTest, AbandoningInFlightChunksTakesThemOutOfTheFlight) {
  send(buffer());
  send(buffer());
  send({});
  AbandonOutcome out;
  size_t freed = q_.abandon_for_space(150, out);
  EXPECT_EQ(freed, 200u);  // oldest first, whole messages, until enough
  EXPECT_EQ(out.messages.size(), 2u);
  EXPECT_EQ(out.bytes_out_of_flight[0], 2 * (kHeader + 100u));
  EXPECT_EQ(q_.in_flight_bytes(0), kHeader + 100u);
  EXPECT_EQ(q_.outstanding_bytes(), kHeader + 100u);
  EXPECT_EQ(q_.buffered_payload_bytes(), 100u);
  EXPECT_EQ(q_.advanced_peer_ack_point(), tsn(2));
}

TEST_F(AbandonTest, BufferRuleSkipsOtherPoliciesAndGapAckedMessages) {
  send(rtx(5));
  send(buffer());
  send(buffer());
  sack(0, {{2, 2}});  // the first kBuffer message reached the peer
  AbandonOutcome out;
  EXPECT_EQ(q_.abandon_for_space(1000, out), 100u);
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(q_.advanced_peer_ack_point(), tsn(0));
  EXPECT_FALSE(q_.needs_forward_tsn());
}

TEST_F(AbandonTest, SackOverAbandonedChunksCreditsNothing) {
  send(buffer());
  send(buffer());
  send({});
  AbandonOutcome out;
  q_.abandon_for_space(1, out);  // the first message only
  SackOutcome s = sack(0, {{2, 3}});
  EXPECT_EQ(s.bytes_acked[0], 2 * (kHeader + 100u));
  // The peer skipped TSN 1 after our FORWARD-TSN: A2, no credit for it.
  s = sack(3);
  EXPECT_EQ(s.kind, SackOutcome::Kind::kApplied);
  EXPECT_EQ(s.bytes_acked[0], 0u);
  EXPECT_TRUE(q_.empty());
  EXPECT_EQ(q_.outstanding_bytes(), 0u);
  EXPECT_EQ(q_.buffered_payload_bytes(), 0u);
  EXPECT_EQ(q_.in_flight_bytes(0), 0u);
}

TEST_F(AbandonTest, AdvancedPeerAckPointStopsAtTheFirstChunkNotAbandoned) {
  // RFC 3758 3.5 C2's example: 102 acked, 103 and 104 abandoned, 105
  // outstanding, 106 acked.
  send({});         // 1
  send(buffer());   // 2
  send(buffer());   // 3
  send({});         // 4
  send(buffer());   // 5, gap-acked below, so never abandoned
  sack(1, {{4, 4}});
  AbandonOutcome out;
  q_.abandon_for_space(1000, out);
  EXPECT_EQ(out.messages.size(), 2u);
  EXPECT_EQ(q_.advanced_peer_ack_point(), tsn(3));
  wire::ForwardTsnChunk f = q_.make_forward_tsn(1500);
  EXPECT_EQ(f.new_cumulative_tsn, tsn(3));
}

TEST_F(AbandonTest, ForwardTsnListsTheHighestSsnOfEachOrderedStream) {
  send(buffer(), 1, 7);
  send(buffer(), 2, 3);
  send(buffer(), 1, 8);
  send(buffer(), 3, 0, true);  // unordered: no SSN to report (C4)
  send({}, 4, 1);
  AbandonOutcome out;
  q_.abandon_for_space(400, out);
  wire::ForwardTsnChunk f = q_.make_forward_tsn(1500);
  EXPECT_EQ(f.new_cumulative_tsn, tsn(4));
  std::vector<wire::ForwardTsnStream> entries;
  for (wire::ForwardTsnStream e : f.streams) entries.push_back(e);
  std::vector<wire::ForwardTsnStream> expected{{StreamId(1), Ssn(8)}, {StreamId(2), Ssn(3)}};
  EXPECT_EQ(entries, expected);
}

TEST_F(AbandonTest, ForwardTsnTooLargeLowersThePoint) {
  for (uint16_t s = 0; s < 5; ++s) send(buffer(), s, 0);
  AbandonOutcome out;
  q_.abandon_for_space(10000, out);
  EXPECT_EQ(q_.advanced_peer_ack_point(), tsn(5));
  // Room for the header and two entries: C4 lowers the point to TSN 2.
  wire::ForwardTsnChunk f = q_.make_forward_tsn(8 + 2 * 4 + 3);
  EXPECT_EQ(f.new_cumulative_tsn, tsn(2));
  EXPECT_EQ(f.streams.size(), 2u);
  EXPECT_LE(f.serialized_size(), 8u + 2 * 4 + 3);
}

TEST_F(AbandonTest, TakeAllLeavesOutAbandonedMessages) {
  send(buffer());
  send({});
  AbandonOutcome out;
  q_.abandon_for_space(1, out);
  std::vector<OutgoingMessage> all = q_.take_all();
  EXPECT_EQ(all.size(), 1u);
}

// RFC 8260 2.3.1: with I-DATA a message's fragments are found by MID
// between other streams' fragments, and I-FORWARD-TSN names them by MID.
class InterleavedAbandonTest : public ::testing::Test {
 protected:
  InterleavedAbandonTest() : q_(RetransmissionConfig{3, 20, true}, Tsn(1000), kRwnd) {}

  void send(const MessageBytes& m, uint16_t stream, uint32_t mid, uint32_t fsn, bool first,
            bool last, AbandonRule rule, bool unordered = false) {
    OutgoingFragment f;
    f.stream = StreamId(stream);
    f.mid = Mid(mid);
    f.fsn = fsn;
    f.flags = (first ? DataFlags::kBeginning : 0) | (last ? DataFlags::kEnding : 0) |
              (unordered ? DataFlags::kUnordered : 0);
    f.message = m;
    f.offset = 100 * fsn;
    f.length = 100;
    f.rule = rule;
    q_.add(std::move(f), 0, now_);
  }

  SackOutcome sack(uint32_t cum, std::initializer_list<GapAckBlock> blocks = {}) {
    std::vector<GapAckBlock> b(blocks);
    wire::SackChunk s;
    s.cumulative_tsn_ack = Tsn(999) + cum;
    s.a_rwnd = kRwnd;
    s.gap_blocks = wire::RecordList<GapAckBlock>(std::span<const GapAckBlock>(b));
    return q_.handle_sack(s, now_);
  }

  static std::vector<wire::IForwardTsnStream> entries(const wire::IForwardTsnChunk& c) {
    std::vector<wire::IForwardTsnStream> out;
    for (wire::IForwardTsnStream e : c.streams) out.push_back(e);
    return out;
  }

  RetransmissionQueue q_;
  TimePoint now_{milliseconds(1000)};
};

TEST_F(InterleavedAbandonTest, EveryFragmentOfTheMidGoesAndTheSkipWaitsForTheOthers) {
  MessageBytes a = bytes_of(200);
  MessageBytes b = bytes_of(100);
  send(a, 1, 4, 0, true, false, rtx(0));  // TSN 1000
  send(b, 2, 9, 0, true, true, {});       // TSN 1001, reliable
  send(a, 1, 4, 1, false, true, rtx(0));  // TSN 1002
  q_.mark_t3_expired(0);
  AbandonOutcome out;
  q_.abandon_due(now_, out);
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_TRUE(out.messages[0].bytes.same_as(a));
  EXPECT_TRUE(out.unsent_rest.empty());
  EXPECT_EQ(q_.buffered_payload_bytes(), 100u);  // b only
  // b is not acknowledged: skipping 1000 alone would leave a late copy of
  // 1002 looking new, so nothing is skipped yet.
  wire::IForwardTsnChunk f = q_.make_iforward_tsn(1500);
  EXPECT_EQ(f.new_cumulative_tsn, Tsn(999));
  EXPECT_TRUE(entries(f).empty());
  // Once b is gap-acknowledged the point passes all three.
  sack(0, {{2, 2}});
  f = q_.make_iforward_tsn(1500);
  EXPECT_EQ(f.new_cumulative_tsn, Tsn(1002));
  std::vector<wire::IForwardTsnStream> expected{{StreamId(1), false, Mid(4)}};
  EXPECT_EQ(entries(f), expected);
}

TEST_F(InterleavedAbandonTest, UnorderedAndOrderedMessagesOfAStreamAreListedApart) {
  MessageBytes a = bytes_of(100);
  MessageBytes b = bytes_of(100);
  MessageBytes c = bytes_of(100);
  send(a, 3, 0, 0, true, true, buffer());
  send(b, 3, 7, 0, true, true, buffer(), true);
  send(c, 3, 1, 0, true, true, buffer());
  AbandonOutcome out;
  q_.abandon_for_space(1000, out);
  EXPECT_EQ(out.messages.size(), 3u);
  wire::IForwardTsnChunk f = q_.make_iforward_tsn(1500);
  EXPECT_EQ(f.new_cumulative_tsn, Tsn(1002));
  std::vector<wire::IForwardTsnStream> expected{{StreamId(3), false, Mid(1)},
                                                {StreamId(3), true, Mid(7)}};
  EXPECT_EQ(entries(f), expected);
  // C4: room for one entry lowers the point to before the unordered one.
  f = q_.make_iforward_tsn(8 + 8 + 7);
  EXPECT_EQ(f.new_cumulative_tsn, Tsn(1000));
  EXPECT_EQ(entries(f).size(), 1u);
}

TEST_F(InterleavedAbandonTest, AMessageAbandonedBeforeItsEndWasCutGetsAnEndTsn) {
  MessageBytes a = bytes_of(300);
  send(a, 0, 2, 0, true, false, buffer());
  AbandonOutcome out;
  EXPECT_EQ(q_.abandon_for_space(1, out), 300u);
  ASSERT_EQ(out.unsent_rest.size(), 1u);
  wire::IForwardTsnChunk f = q_.make_iforward_tsn(1500);
  EXPECT_EQ(f.new_cumulative_tsn, Tsn(1001));
  std::vector<wire::IForwardTsnStream> expected{{StreamId(0), false, Mid(2)}};
  EXPECT_EQ(entries(f), expected);
}

TEST(AbandonPipeline, UncutFragmentsOfAnAbandonedMessageAreNeverSent) {
  SendQueue sq(SendQueueConfig{}, 1);
  RetransmissionQueue rq(RetransmissionConfig{}, Tsn(1), kRwnd);
  TimePoint now{milliseconds(5)};
  ASSERT_EQ(sq.push(OutgoingMessage{StreamId(0), Ppid(1), false, bytes_of(300)}, buffer()),
            SendQueue::PushResult::kQueued);
  ASSERT_EQ(sq.push(OutgoingMessage{StreamId(0), Ppid(1), false, bytes_of(50)}),
            SendQueue::PushResult::kQueued);
  ASSERT_TRUE(rq.add_next(sq, 100, 0, now));  // 1 of 3 fragments
  ASSERT_TRUE(rq.add_next(sq, 100, 0, now));  // 2 of 3
  EXPECT_EQ(sq.buffered_bytes(), 150u);
  AbandonOutcome out;
  // The 100 bytes never cut count as freed too.
  EXPECT_EQ(rq.abandon_for_space(1, out), 300u);
  ASSERT_EQ(out.unsent_rest.size(), 1u);
  EXPECT_TRUE(sq.discard_started(out.unsent_rest[0]));
  EXPECT_EQ(sq.buffered_bytes(), 50u);
  // TSN 3 stands for the end that was never cut: the FORWARD-TSN covers
  // it and names SSN 0, even once TSNs 1 and 2 are acknowledged.
  wire::SackChunk s;
  s.cumulative_tsn_ack = Tsn(2);
  s.a_rwnd = kRwnd;
  EXPECT_EQ(rq.handle_sack(s, now).kind, SackOutcome::Kind::kApplied);
  EXPECT_TRUE(rq.needs_forward_tsn());
  wire::ForwardTsnChunk f = rq.make_forward_tsn(1500);
  EXPECT_EQ(f.new_cumulative_tsn, Tsn(3));
  ASSERT_EQ(f.streams.size(), 1u);
  EXPECT_EQ((*f.streams.begin()).ssn, Ssn(0));
  EXPECT_EQ(rq.outstanding_bytes(), 0u);
  // The next message follows with the next SSN.
  std::optional<ChunkToSend> c = rq.add_next(sq, 100, 0, now);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->tsn, Tsn(4));
  EXPECT_TRUE(c->fragment->beginning());
  EXPECT_TRUE(c->fragment->ending());
  EXPECT_EQ(c->fragment->ssn, Ssn(1));
  EXPECT_TRUE(sq.empty());
}

OutgoingMessage message(uint32_t size, uint16_t stream = 0) {
  return OutgoingMessage{StreamId(stream), Ppid(0), false, bytes_of(size)};
}

TEST(SendQueueAbandon, ExpiredMessageLeavesWithoutUsingAnSsn) {
  SendQueue sq(SendQueueConfig{}, 1);
  TimePoint now{milliseconds(100)};
  sq.push(message(10), lifetime_until(now));
  sq.push(message(20), lifetime_until(now + milliseconds(1)));
  EXPECT_FALSE(sq.take_expired_next(now - milliseconds(1)));
  std::optional<OutgoingMessage> gone = sq.take_expired_next(now);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->bytes.size(), 10u);
  EXPECT_EQ(sq.buffered_bytes(), 20u);
  EXPECT_FALSE(sq.take_expired_next(now));
  std::optional<OutgoingFragment> f = sq.produce(1000);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->ssn, Ssn(0));
  EXPECT_EQ(f->rule.policy, PrPolicy::kLifetime);
}

TEST(SendQueueAbandon, StartedMessageIsNotDroppedByItsLifetime) {
  SendQueue sq(SendQueueConfig{}, 1);
  TimePoint now{milliseconds(100)};
  sq.push(message(30), lifetime_until(now));
  ASSERT_TRUE(sq.produce(10));
  EXPECT_FALSE(sq.take_expired_next(now));
  EXPECT_FALSE(sq.discard_started(bytes_of(30)));  // another message
  EXPECT_EQ(sq.buffered_bytes(), 20u);
}

class SendQueueBufferTest : public ::testing::TestWithParam<SchedulerKind> {};

TEST_P(SendQueueBufferTest, DropsUnstartedBufferMessagesOldestFirst) {
  SendQueueConfig config;
  config.scheduler = GetParam();
  SendQueue sq(config, 3);
  sq.push(message(10, 0), buffer());  // started below: never dropped
  sq.push(message(20, 1), buffer());
  sq.push(message(30, 2), {});
  sq.push(message(40, 2), buffer());
  sq.push(message(50, 1), buffer());
  ASSERT_TRUE(sq.produce(4));
  std::vector<OutgoingMessage> removed;
  EXPECT_EQ(sq.drop_buffer_policy(45, removed), 60u);
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(removed[0].bytes.size(), 20u);
  EXPECT_EQ(removed[1].bytes.size(), 40u);
  EXPECT_EQ(sq.buffered_bytes(), 6u + 30u + 50u);
  // What is left goes out whole and in order per stream.
  std::vector<uint32_t> sizes;
  while (auto f = sq.produce(1000)) sizes.push_back(f->length);
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<uint32_t>{6, 30, 50}));
  EXPECT_EQ(sq.buffered_bytes(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Schedulers, SendQueueBufferTest,
                         ::testing::Values(SchedulerKind::kFirstComeFirstServed,
                                           SchedulerKind::kRoundRobin));

}  // namespace
}  // namespace dsctp::sctp
