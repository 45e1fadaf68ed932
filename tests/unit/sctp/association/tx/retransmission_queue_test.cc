// RetransmissionQueue: SACK processing (cumulative ack, gap blocks,
// duplicates, stale and impossible SACKs), the peer's window, miss
// indications with the HTNA rule and fast retransmit, reneging, T3-rtx
// marking per path, Karn's rule, TSN wrap-around, and a randomized
// comparison with a plain model.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sctp/association/tx/retransmission_queue.h"
#include "sctp/wire/chunks/data.h"

namespace dsctp::sctp {
namespace {

using std::chrono::milliseconds;
using wire::DataFlags;
using wire::GapAckBlock;
using Kind = SackOutcome::Kind;

constexpr uint32_t kHeader = 16;
constexpr uint32_t kRwnd = 100000;

OutgoingFragment fragment(uint32_t length, uint16_t stream = 0, MessageBytes message = {},
                          uint32_t offset = 0) {
  static const std::byte kZeros[4096] = {};
  OutgoingFragment f;
  f.stream = StreamId(stream);
  f.flags = DataFlags::kBeginning | DataFlags::kEnding;
  f.message = message.empty() ? MessageBytes::copy_of({kZeros, length}) : std::move(message);
  f.offset = offset;
  f.length = length;
  return f;
}

class RetransmissionQueueTest : public ::testing::Test {
 protected:
  explicit RetransmissionQueueTest(uint32_t initial_tsn = 1000)
      : q_(RetransmissionConfig{}, Tsn(initial_tsn), kRwnd), initial_(initial_tsn) {}

  // Sends `n` chunks of `length` payload bytes on `path`; returns the first TSN.
  Tsn send(int n, uint32_t length = 100, PathIndex path = 0) {
    Tsn first = q_.next_tsn();
    for (int i = 0; i < n; ++i) q_.add(fragment(length), path, now_);
    return first;
  }

  // A SACK whose cumulative ack is `cum` TSNs past the Initial TSN - 1
  // (so 0 acks nothing), with gap blocks as offsets from it.
  SackOutcome sack(uint32_t cum, std::initializer_list<GapAckBlock> blocks = {},
                   uint32_t a_rwnd = kRwnd, bool in_fast_recovery = false,
                   std::initializer_list<wire::DuplicateTsn> dups = {}) {
    std::vector<GapAckBlock> b(blocks);
    std::vector<wire::DuplicateTsn> d(dups);
    wire::SackChunk s;
    s.cumulative_tsn_ack = tsn(cum);
    s.a_rwnd = a_rwnd;
    s.gap_blocks = wire::RecordList<GapAckBlock>(std::span<const GapAckBlock>(b));
    s.duplicate_tsns = wire::RecordList<wire::DuplicateTsn>(std::span<const wire::DuplicateTsn>(d));
    return q_.handle_sack(s, now_, in_fast_recovery);
  }

  // The n-th TSN sent (1-based); tsn(0) is the Cumulative TSN Ack at start.
  Tsn tsn(uint32_t n) const { return Tsn(initial_ - 1) + n; }

  std::vector<uint32_t> retransmit_all(PathIndex path = 0) {
    std::vector<uint32_t> out;
    while (auto c = q_.next_retransmission(path, now_)) {
      EXPECT_TRUE(c->retransmission);
      out.push_back(static_cast<uint32_t>(c->tsn.distance_from(tsn(0))));
    }
    return out;
  }

  RetransmissionQueue q_;
  uint32_t initial_;
  TimePoint now_{milliseconds(1000)};
};

TEST_F(RetransmissionQueueTest, StartsEmpty) {
  EXPECT_EQ(q_.next_tsn(), Tsn(1000));
  EXPECT_EQ(q_.cumulative_tsn_ack(), Tsn(999));
  EXPECT_TRUE(q_.empty());
  EXPECT_EQ(q_.size(), 0u);
  EXPECT_EQ(q_.peer_rwnd(), kRwnd);
  EXPECT_FALSE(q_.has_retransmissions());
  EXPECT_EQ(q_.next_retransmission_size(), 0u);
  EXPECT_FALSE(q_.next_retransmission(0, now_));
}

TEST_F(RetransmissionQueueTest, AddGivesConsecutiveTsnsAndCountsFlight) {
  ChunkToSend a = q_.add(fragment(100), 0, now_);
  ChunkToSend b = q_.add(fragment(50), 1, now_);
  EXPECT_EQ(a.tsn, Tsn(1000));
  EXPECT_EQ(b.tsn, Tsn(1001));
  EXPECT_FALSE(a.retransmission);
  ASSERT_NE(b.fragment, nullptr);
  EXPECT_EQ(b.fragment->length, 50u);
  EXPECT_EQ(q_.next_tsn(), Tsn(1002));
  EXPECT_EQ(q_.in_flight_bytes(0), 100 + kHeader);
  EXPECT_EQ(q_.in_flight_bytes(1), 50 + kHeader);
  EXPECT_TRUE(q_.has_in_flight(1));
  EXPECT_FALSE(q_.has_in_flight(2));
  EXPECT_EQ(q_.outstanding_bytes(), 150 + 2 * kHeader);
  EXPECT_EQ(q_.buffered_payload_bytes(), 150u);
  // RFC 9260 6.2.1 B: the window shrinks as data goes out.
  EXPECT_EQ(q_.peer_rwnd(), kRwnd - 150 - 2 * kHeader);
  EXPECT_EQ(q_.size(), 2u);
}

TEST(RetransmissionQueue, IDataChunksCountTheirLongerHeader) {
  RetransmissionConfig config;
  config.chunk_header_size = 20;
  RetransmissionQueue q(config, Tsn(1), 1000);
  q.add(fragment(10), 0, TimePoint());
  EXPECT_EQ(q.in_flight_bytes(0), 30u);
  EXPECT_EQ(q.peer_rwnd(), 970u);
}

TEST_F(RetransmissionQueueTest, RwndSaturatesAtZero) {
  RetransmissionQueue q(RetransmissionConfig{}, Tsn(1), 200);
  q.add(fragment(150), 0, now_);
  EXPECT_EQ(q.peer_rwnd(), 200u - 166u);
  q.add(fragment(150), 0, now_);
  EXPECT_EQ(q.peer_rwnd(), 0u);
}

TEST_F(RetransmissionQueueTest, CumulativeAckRemovesChunks) {
  send(3, 100, 0);
  now_ += milliseconds(30);
  SackOutcome out = sack(2, {}, 5000);
  EXPECT_EQ(out.kind, Kind::kApplied);
  EXPECT_TRUE(out.cum_ack_advanced);
  EXPECT_EQ(out.bytes_acked[0], 2 * 116u);
  EXPECT_EQ(out.bytes_out_of_flight[0], 2 * 116u);
  ASSERT_TRUE(out.rtt);
  EXPECT_EQ(*out.rtt, milliseconds(30));
  EXPECT_EQ(out.rtt_path, 0);
  EXPECT_EQ(out.fast_retransmit_marked, 0u);
  EXPECT_EQ(out.highest_outstanding, tsn(3));
  EXPECT_EQ(q_.cumulative_tsn_ack(), tsn(2));
  EXPECT_EQ(q_.size(), 1u);
  EXPECT_EQ(q_.in_flight_bytes(0), 116u);
  EXPECT_EQ(q_.outstanding_bytes(), 116u);
  EXPECT_EQ(q_.buffered_payload_bytes(), 100u);
  // RFC 9260 6.2.1 D ii: a_rwnd minus what is still in flight.
  EXPECT_EQ(q_.peer_rwnd(), 5000u - 116u);

  out = sack(3);
  EXPECT_TRUE(q_.empty());
  EXPECT_EQ(q_.outstanding_bytes(), 0u);
  EXPECT_EQ(q_.in_flight_bytes(0), 0u);
  EXPECT_EQ(q_.peer_rwnd(), kRwnd);
  EXPECT_EQ(q_.next_tsn(), tsn(4));
}

TEST_F(RetransmissionQueueTest, AckedBytesGoToThePathEachChunkWasSentOn) {
  send(1, 100, 0);
  send(1, 200, 3);
  send(1, 300, 0);
  SackOutcome out = sack(3);
  EXPECT_EQ(out.bytes_acked[0], 116u + 316u);
  EXPECT_EQ(out.bytes_acked[3], 216u);
  EXPECT_EQ(out.bytes_acked[1], 0u);
  EXPECT_EQ(out.rtt_path, 0);  // the newest chunk, TSN 3, went on path 0
}

TEST_F(RetransmissionQueueTest, SameCumAckStillUpdatesTheWindow) {
  send(2);
  SackOutcome out = sack(0, {}, 1000);
  EXPECT_EQ(out.kind, Kind::kApplied);
  EXPECT_FALSE(out.cum_ack_advanced);
  EXPECT_FALSE(out.rtt);
  EXPECT_EQ(q_.peer_rwnd(), 1000u - 232u);
}

TEST_F(RetransmissionQueueTest, StaleSackIsIgnored) {
  send(4);
  sack(2, {}, 5000);
  SackOutcome out = sack(1, {{2, 2}}, 9000);
  EXPECT_EQ(out.kind, Kind::kStale);
  EXPECT_EQ(q_.cumulative_tsn_ack(), tsn(2));
  EXPECT_EQ(q_.peer_rwnd(), 5000u - 232u);  // a_rwnd of the stale SACK unused
  EXPECT_EQ(q_.in_flight_bytes(0), 232u);
}

TEST_F(RetransmissionQueueTest, AckingATsnNeverSentIsAViolation) {
  send(3);
  SackOutcome out = sack(4);
  EXPECT_EQ(out.kind, Kind::kViolation);
  // Valid cum ack, but a gap block past the last TSN sent: nothing applies.
  out = sack(1, {{1, 1}, {3, 3}}, 10);
  EXPECT_EQ(out.kind, Kind::kViolation);
  EXPECT_EQ(q_.cumulative_tsn_ack(), tsn(0));
  EXPECT_EQ(q_.size(), 3u);
  EXPECT_EQ(q_.in_flight_bytes(0), 3 * 116u);
  EXPECT_EQ(q_.peer_rwnd(), kRwnd - 3 * 116u);
  // The edge: the last TSN sent may be acknowledged.
  EXPECT_EQ(sack(1, {{2, 2}}).kind, Kind::kApplied);
}

TEST_F(RetransmissionQueueTest, GapAckedChunksLeaveFlightButStay) {
  send(5);
  SackOutcome out = sack(1, {{2, 3}});  // TSNs 3 and 4
  EXPECT_EQ(out.bytes_acked[0], 3 * 116u);
  EXPECT_EQ(out.bytes_out_of_flight[0], 3 * 116u);
  EXPECT_EQ(q_.size(), 4u);  // TSNs 2..5 wait for the cumulative ack
  EXPECT_EQ(q_.outstanding_bytes(), 4 * 116u);
  EXPECT_EQ(q_.in_flight_bytes(0), 2 * 116u);  // TSNs 2 and 5

  // Reported again (and as duplicates): nothing new.
  out = sack(1, {{2, 3}}, kRwnd, false, {{tsn(3)}, {tsn(3)}});
  EXPECT_EQ(out.bytes_acked[0], 0u);
  EXPECT_EQ(out.bytes_out_of_flight[0], 0u);
  EXPECT_FALSE(out.rtt);

  // The cumulative ack passing them counts only TSN 2.
  out = sack(4);
  EXPECT_EQ(out.bytes_acked[0], 116u);
  EXPECT_EQ(q_.size(), 1u);
  EXPECT_EQ(q_.in_flight_bytes(0), 116u);
}

TEST_F(RetransmissionQueueTest, OverlappingAndMalformedBlocks) {
  send(6);
  // {3,2} is malformed (start > end) and {0,1} starts at the cum ack:
  // both are skipped, as usrsctp does, and are no violation.
  SackOutcome out = sack(0, {{2, 3}, {3, 4}, {3, 2}, {0, 1}});
  EXPECT_EQ(out.kind, Kind::kApplied);
  EXPECT_EQ(out.bytes_acked[0], 3 * 116u);  // TSNs 2, 3, 4 once each
  EXPECT_EQ(q_.in_flight_bytes(0), 3 * 116u);
}

TEST_F(RetransmissionQueueTest, GapBlocksOutOfOrder) {
  send(6);
  SackOutcome out = sack(0, {{5, 6}, {2, 2}});
  EXPECT_EQ(out.bytes_acked[0], 3 * 116u);
  EXPECT_EQ(q_.in_flight_bytes(0), 3 * 116u);
}

TEST_F(RetransmissionQueueTest, ThreeMissIndicationsMarkForFastRetransmit) {
  send(5);
  EXPECT_EQ(sack(0, {{2, 2}}).fast_retransmit_marked, 0u);
  EXPECT_EQ(sack(0, {{2, 3}}).fast_retransmit_marked, 0u);
  SackOutcome out = sack(0, {{2, 4}});
  EXPECT_EQ(out.fast_retransmit_marked, 1u);
  EXPECT_TRUE(out.fast_retransmit_paths[0]);
  EXPECT_FALSE(out.fast_retransmit_paths[1]);
  EXPECT_EQ(out.bytes_acked[0], 116u);                // TSN 4
  EXPECT_EQ(out.bytes_out_of_flight[0], 2 * 116u);    // TSN 4 acked, TSN 1 marked
  EXPECT_EQ(out.highest_outstanding, tsn(5));
  EXPECT_TRUE(q_.has_retransmissions());
  EXPECT_EQ(q_.next_retransmission_size(), 116u);
  EXPECT_EQ(q_.in_flight_bytes(0), 116u);  // only TSN 5

  now_ += milliseconds(5);
  auto c = q_.next_retransmission(1, now_);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->tsn, tsn(1));
  EXPECT_TRUE(c->retransmission);
  EXPECT_FALSE(q_.has_retransmissions());
  EXPECT_EQ(q_.in_flight_bytes(1), 116u);  // in flight again, on the new path
  EXPECT_EQ(q_.in_flight_bytes(0), 116u);
}

TEST_F(RetransmissionQueueTest, MissesCountOnlyBelowTheHighestNewlyAcked) {
  send(6);
  sack(0, {{2, 3}});  // TSN 1: 1 miss; TSN 4..6 are above: none
  // Same report again: nothing newly acknowledged, so no miss counted.
  sack(0, {{2, 3}});
  sack(0, {{2, 3}});
  EXPECT_FALSE(q_.has_retransmissions());
  // TSN 5 newly acked: TSN 1 (2 misses) and TSN 4 (1 miss); TSN 6 none.
  sack(0, {{2, 3}, {5, 5}});
  EXPECT_FALSE(q_.has_retransmissions());
  SackOutcome out = sack(0, {{2, 3}, {5, 6}});  // TSN 1: 3, TSN 4: 2
  EXPECT_EQ(out.fast_retransmit_marked, 1u);
  EXPECT_EQ(retransmit_all(), std::vector<uint32_t>{1});
}

TEST_F(RetransmissionQueueTest, CumAckNewlyAckingAboveAHoleCountsAMiss) {
  send(4);
  sack(0, {{2, 2}});     // TSN 1: 1 miss
  sack(0, {{2, 3}});     // 2
  // A cum ack never leaves holes below it, so only gap acks make misses.
  SackOutcome out = sack(0, {{2, 4}});
  EXPECT_EQ(out.fast_retransmit_marked, 1u);
}

TEST_F(RetransmissionQueueTest, FastRecoveryCountsEveryReportedHole) {
  send(8);
  sack(0, {{2, 2}, {4, 6}});  // HTNA = TSN 6: TSNs 1 and 3 get a miss
  // In Fast Recovery, an advancing cum ack counts a miss for every hole the
  // SACK reports, though nothing above the holes is newly acknowledged.
  SackOutcome out = sack(2, {{2, 4}}, kRwnd, /*in_fast_recovery=*/true);  // TSN 3 missing
  EXPECT_EQ(out.fast_retransmit_marked, 0u);
  out = sack(2, {{2, 4}}, kRwnd, true);  // cum ack not advanced: HTNA applies
  EXPECT_EQ(out.fast_retransmit_marked, 0u);
  send(1);  // TSN 9
  out = sack(2, {{2, 4}, {7, 7}}, kRwnd, true);  // newly acks 9: TSN 3 gets its third
  EXPECT_EQ(out.fast_retransmit_marked, 1u);
  EXPECT_EQ(retransmit_all(), std::vector<uint32_t>{3});
}

TEST_F(RetransmissionQueueTest, WithoutFastRecoveryTheSameSacksCountLess) {
  send(9);
  sack(0, {{2, 2}, {4, 6}});
  sack(2, {{2, 4}});  // cum advanced, but HTNA (TSN 2) is below the hole
  SackOutcome out = sack(2, {{2, 4}, {7, 7}});
  EXPECT_EQ(out.fast_retransmit_marked, 0u);  // TSN 3 has two misses only
}

TEST_F(RetransmissionQueueTest, FastRetransmitAtMostOnce) {
  send(8);
  sack(0, {{2, 2}});
  sack(0, {{2, 3}});
  sack(0, {{2, 4}});
  EXPECT_EQ(retransmit_all(), std::vector<uint32_t>{1});
  // TSN 1 is lost again: RFC 9260 7.2.4 makes it ineligible for another
  // fast retransmit; it waits for the T3-rtx timer.
  sack(0, {{2, 5}});
  sack(0, {{2, 6}});
  SackOutcome out = sack(0, {{2, 7}});
  EXPECT_EQ(out.fast_retransmit_marked, 0u);
  EXPECT_FALSE(q_.has_retransmissions());
  EXPECT_EQ(q_.mark_t3_expired(0), 2 * 116u);  // TSNs 1 and 8
  EXPECT_EQ(retransmit_all(), (std::vector<uint32_t>{1, 8}));
}

TEST_F(RetransmissionQueueTest, SeveralChunksMarkedAreHandedOutLowestFirst) {
  send(3, 100, 0);
  send(3, 100, 1);
  EXPECT_EQ(q_.mark_t3_expired(1), 3 * 116u);
  EXPECT_EQ(q_.mark_t3_expired(0), 3 * 116u);
  EXPECT_EQ(retransmit_all(2), (std::vector<uint32_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(q_.in_flight_bytes(2), 6 * 116u);
}

TEST_F(RetransmissionQueueTest, MarkedChunkAckedBeforeItsRetransmission) {
  send(3);
  q_.mark_t3_expired(0);
  SackOutcome out = sack(1, {{2, 2}});  // TSNs 1 and 3
  EXPECT_EQ(out.bytes_acked[0], 2 * 116u);
  EXPECT_EQ(out.bytes_out_of_flight[0], 0u);  // they had left the flight already
  EXPECT_EQ(retransmit_all(), std::vector<uint32_t>{2});
  EXPECT_EQ(q_.in_flight_bytes(0), 116u);
}

TEST_F(RetransmissionQueueTest, T3MarksOnlyItsPath) {
  send(2, 100, 0);
  send(2, 200, 1);
  send(1, 100, 0);
  sack(0, {{2, 2}});  // TSN 2 gap-acked: not marked, not in flight
  EXPECT_EQ(q_.mark_t3_expired(0), 2 * 116u);  // TSNs 1 and 5
  EXPECT_EQ(q_.in_flight_bytes(0), 0u);
  EXPECT_EQ(q_.in_flight_bytes(1), 2 * 216u);
  EXPECT_TRUE(q_.has_retransmissions());
  EXPECT_EQ(q_.mark_t3_expired(0), 0u);  // nothing left in flight there
  EXPECT_EQ(retransmit_all(1), (std::vector<uint32_t>{1, 5}));
  EXPECT_EQ(q_.in_flight_bytes(1), 2 * 216u + 2 * 116u);
}

TEST_F(RetransmissionQueueTest, RetransmissionShrinksTheWindow) {
  send(2);
  sack(0, {}, 1000);
  EXPECT_EQ(q_.peer_rwnd(), 1000u - 232u);
  q_.mark_t3_expired(0);
  ASSERT_TRUE(q_.next_retransmission(0, now_));
  EXPECT_EQ(q_.peer_rwnd(), 1000u - 232u - 116u);
}

TEST_F(RetransmissionQueueTest, KarnNoRttFromRetransmittedChunks) {
  send(1);
  q_.mark_t3_expired(0);
  now_ += milliseconds(100);
  ASSERT_TRUE(q_.next_retransmission(0, now_));
  now_ += milliseconds(10);
  SackOutcome out = sack(1);
  EXPECT_EQ(out.bytes_acked[0], 116u);
  EXPECT_FALSE(out.rtt);
}

TEST_F(RetransmissionQueueTest, KarnRttFromNewestChunkSentOnce) {
  send(1, 100, 0);  // t = 1000 ms
  now_ += milliseconds(10);
  send(1, 100, 1);  // t = 1010 ms
  now_ += milliseconds(10);
  send(1, 100, 2);  // t = 1020 ms: retransmitted below
  q_.mark_t3_expired(2);
  ASSERT_TRUE(q_.next_retransmission(2, now_));
  now_ += milliseconds(50);
  SackOutcome out = sack(3);
  ASSERT_TRUE(out.rtt);
  EXPECT_EQ(*out.rtt, milliseconds(60));  // TSN 2, sent at 1010 ms
  EXPECT_EQ(out.rtt_path, 1);
}

TEST_F(RetransmissionQueueTest, RttFromGapAckedChunk) {
  send(1);
  now_ += milliseconds(10);
  send(1, 100, 4);
  now_ += milliseconds(7);
  SackOutcome out = sack(0, {{2, 2}});
  ASSERT_TRUE(out.rtt);
  EXPECT_EQ(*out.rtt, milliseconds(7));
  EXPECT_EQ(out.rtt_path, 4);
}

TEST_F(RetransmissionQueueTest, RenegedChunkIsOutstandingButNotInFlight) {
  send(1, 100, 0);
  send(2, 100, 1);
  sack(0, {{2, 3}});  // TSNs 2 and 3 on path 1
  EXPECT_EQ(q_.in_flight_bytes(1), 0u);
  // The peer dropped TSN 3 (RFC 9260 6.2.1 D iii).
  SackOutcome out = sack(0, {{2, 2}}, 1000);
  EXPECT_EQ(out.kind, Kind::kApplied);
  EXPECT_TRUE(out.reneged_paths[1]);
  EXPECT_FALSE(out.reneged_paths[0]);
  EXPECT_EQ(out.bytes_acked[1], 0u);
  EXPECT_EQ(q_.in_flight_bytes(1), 0u);  // not in flight: nothing to remove
  EXPECT_EQ(q_.outstanding_bytes(), 3 * 116u);
  EXPECT_FALSE(q_.has_retransmissions());
  EXPECT_EQ(q_.peer_rwnd(), 1000u - 116u);  // only TSN 1 in flight

  // T3-rtx of its path sends it again; it was not in flight, so no bytes.
  EXPECT_EQ(q_.mark_t3_expired(1), 0u);
  EXPECT_EQ(retransmit_all(1), std::vector<uint32_t>{3});
  // Acked again later: counted as newly acked once more.
  out = sack(3);
  EXPECT_EQ(out.bytes_acked[1], 116u);
  EXPECT_EQ(out.bytes_acked[0], 116u);
  EXPECT_TRUE(q_.empty());
}

TEST_F(RetransmissionQueueTest, RenegeCountsOneMissIndication) {
  send(4);
  sack(0, {{2, 2}});           // TSN 1: 1 miss
  sack(0, {{2, 3}});           // TSN 1: 2 misses
  sack(0, {{3, 3}});           // TSN 2 reneged: 1 miss; HTNA none: TSN 1 stays at 2
  EXPECT_FALSE(q_.has_retransmissions());
  SackOutcome out = sack(0, {{3, 4}});  // newly acks 4: TSN 1: 3, TSN 2: 2
  EXPECT_EQ(out.fast_retransmit_marked, 1u);
  out = sack(0, {{3, 4}});  // no newly acked: TSN 2 stays at 2
  EXPECT_EQ(out.fast_retransmit_marked, 0u);
  EXPECT_EQ(retransmit_all(), std::vector<uint32_t>{1});
}

TEST_F(RetransmissionQueueTest, EverythingRenegedWhenASackHasNoBlocks) {
  send(5);
  sack(0, {{2, 2}, {4, 5}});
  SackOutcome out = sack(1);  // TSN 1 acked, 2, 4, 5 reneged
  EXPECT_EQ(out.bytes_acked[0], 116u);
  EXPECT_TRUE(out.reneged_paths[0]);
  EXPECT_EQ(q_.in_flight_bytes(0), 116u);  // TSN 3 only
  EXPECT_EQ(q_.mark_t3_expired(0), 116u);
  EXPECT_EQ(retransmit_all(), (std::vector<uint32_t>{2, 3, 4, 5}));
}

class WrapTest : public RetransmissionQueueTest {
 protected:
  WrapTest() : RetransmissionQueueTest(0xfffffffeu) {}
};

TEST_F(WrapTest, TsnsWrapThroughZero) {
  EXPECT_EQ(q_.cumulative_tsn_ack(), Tsn(0xfffffffdu));
  send(5);
  EXPECT_EQ(q_.next_tsn(), Tsn(3));
  SackOutcome out = sack(1, {{2, 2}, {4, 4}});  // cum 0xfffffffe; TSNs 0 and 2
  EXPECT_EQ(out.kind, Kind::kApplied);
  EXPECT_EQ(q_.cumulative_tsn_ack(), Tsn(0xfffffffeu));
  EXPECT_EQ(out.bytes_acked[0], 3 * 116u);
  // A SACK below the cum ack, across the wrap, is stale.
  EXPECT_EQ(sack(0).kind, Kind::kStale);
  // One past the last TSN sent (3) is a violation.
  EXPECT_EQ(sack(6).kind, Kind::kViolation);
  out = sack(4);  // cum ack = TSN 1
  EXPECT_EQ(q_.cumulative_tsn_ack(), Tsn(1));
  EXPECT_EQ(out.bytes_acked[0], 2 * 116u);  // 0xffffffff and 1; 0 was gap-acked
  EXPECT_TRUE(out.reneged_paths[0]);          // TSN 2 is no longer reported
  EXPECT_EQ(q_.size(), 1u);
  EXPECT_EQ(sack(5).kind, Kind::kApplied);
  EXPECT_TRUE(q_.empty());
}

TEST_F(WrapTest, FastRetransmitAcrossTheWrap) {
  send(4);  // 0xfffffffe, 0xffffffff, 0, 1
  sack(0, {{2, 2}});
  sack(0, {{2, 3}});
  sack(0, {{2, 4}});
  auto c = q_.next_retransmission(0, now_);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->tsn, Tsn(0xfffffffeu));
}

TEST_F(RetransmissionQueueTest, TakeAllReturnsEachMessageOnceInTsnOrder) {
  MessageBytes big = MessageBytes::copy_of(std::vector<std::byte>(30));
  MessageBytes other = MessageBytes::copy_of(std::vector<std::byte>(20));
  MessageBytes single = MessageBytes::copy_of(std::vector<std::byte>(5));
  // I-DATA interleaving: big (stream 1) and other (stream 2) alternate.
  q_.add(fragment(10, 1, big, 0), 0, now_);
  q_.add(fragment(10, 2, other, 0), 0, now_);
  q_.add(fragment(10, 1, big, 10), 0, now_);
  q_.add(fragment(10, 2, other, 10), 0, now_);
  q_.add(fragment(10, 1, big, 20), 0, now_);
  q_.add(fragment(5, 1, single, 0), 0, now_);
  sack(1, {{2, 2}});  // first fragment of big gone; one gap-acked
  EXPECT_EQ(big.use_count(), 3u);
  std::vector<OutgoingMessage> all = q_.take_all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_TRUE(all[0].bytes.same_as(other));
  EXPECT_EQ(all[0].stream, StreamId(2));
  EXPECT_TRUE(all[1].bytes.same_as(big));
  EXPECT_TRUE(all[2].bytes.same_as(single));
  EXPECT_EQ(big.use_count(), 2u);  // ours and the one returned
  EXPECT_TRUE(q_.empty());
  EXPECT_EQ(q_.outstanding_bytes(), 0u);
  EXPECT_EQ(q_.in_flight_bytes(0), 0u);
  EXPECT_EQ(q_.next_tsn(), tsn(7));
  EXPECT_FALSE(q_.has_retransmissions());
}

TEST_F(RetransmissionQueueTest, ManyChunksGrowTheRing) {
  send(1000, 10);
  EXPECT_EQ(q_.size(), 1000u);
  sack(500, {{10, 20}});
  EXPECT_EQ(q_.size(), 500u);
  EXPECT_EQ(q_.in_flight_bytes(0), (500u - 11u) * 26u);
  send(1000, 10);
  sack(2000);
  EXPECT_TRUE(q_.empty());
  EXPECT_EQ(q_.in_flight_bytes(0), 0u);
}

TEST(TxPipeline, MessageIsReleasedOnceItsLastFragmentIsAcked) {
  static const char kText[] = "0123456789";
  int released = 0;
  auto release = [](void* c) { ++*static_cast<int*>(c); };
  SendQueue sq(SendQueueConfig{}, 1);
  RetransmissionQueue rq(RetransmissionConfig{}, Tsn(7), 10000);
  sq.push(OutgoingMessage{StreamId(0), Ppid(1), false,
                          MessageBytes::external(ByteRange(as_bytes_of(kText, 10)), release,
                                                 &released)});
  while (auto f = sq.produce(4)) rq.add(std::move(*f), 0, TimePoint());
  EXPECT_EQ(rq.size(), 3u);
  EXPECT_EQ(rq.buffered_payload_bytes(), 10u);
  EXPECT_EQ(rq.next_tsn(), Tsn(10));
  wire::SackChunk s;
  s.a_rwnd = 10000;
  s.cumulative_tsn_ack = Tsn(8);
  EXPECT_EQ(rq.handle_sack(s, TimePoint()).kind, Kind::kApplied);
  EXPECT_EQ(released, 0);
  s.cumulative_tsn_ack = Tsn(9);
  rq.handle_sack(s, TimePoint());
  EXPECT_EQ(released, 1);
  EXPECT_TRUE(rq.empty());
}

// The same rules written the plain way: one map entry per TSN, every SACK a
// full walk. The queue must agree with it on every observable.
class Model {
 public:
  struct Chunk {
    uint32_t bytes = 0;
    PathIndex path = 0;
    bool acked = false;
    bool marked = false;
    bool reneged = false;
    bool fast_retransmitted = false;
    int misses = 0;
  };

  explicit Model(uint32_t rwnd) : rwnd_(rwnd) {}

  void add(uint64_t n, uint32_t bytes, PathIndex path) {
    chunks_[n] = Chunk{bytes, path};
    rwnd_ = rwnd_ > bytes ? rwnd_ - bytes : 0;
  }

  bool in_flight(const Chunk& c) const { return !c.acked && !c.marked && !c.reneged; }

  // cum, gaps as absolute positions (inclusive ranges).
  void sack(uint64_t cum, const std::vector<std::pair<uint64_t, uint64_t>>& gaps, uint32_t a_rwnd,
            bool fast_recovery) {
    uint64_t htna = 0;
    bool advanced = cum > cum_;
    std::map<uint64_t, bool> covered;
    for (auto [s, e] : gaps)
      for (uint64_t n = s; n <= e; ++n) covered[n] = true;
    uint64_t highest_reported = covered.empty() ? 0 : covered.rbegin()->first;
    for (auto& [n, c] : chunks_) {
      bool now_acked = n <= cum || covered.count(n) != 0;
      if (now_acked && !c.acked) htna = std::max(htna, n);
    }
    for (auto it = chunks_.begin(); it != chunks_.end();) {
      Chunk& c = it->second;
      uint64_t n = it->first;
      if (n <= cum) {
        it = chunks_.erase(it);
        continue;
      }
      if (covered.count(n) != 0) {
        c.acked = true;
        c.marked = false;
        c.reneged = false;
      } else if (c.acked) {
        c.acked = false;
        c.reneged = true;
        miss(c);
      } else if (!c.marked && (n < htna || (fast_recovery && advanced && n < highest_reported))) {
        miss(c);
      }
      ++it;
    }
    cum_ = cum;
    uint64_t flight = 0;
    for (auto& [n, c] : chunks_)
      if (in_flight(c)) flight += c.bytes;
    rwnd_ = a_rwnd > flight ? static_cast<uint32_t>(a_rwnd - flight) : 0;
  }

  uint32_t t3(PathIndex path) {
    uint32_t bytes = 0;
    for (auto& [n, c] : chunks_) {
      if (c.path != path || c.acked || c.marked) continue;
      if (!c.reneged) bytes += c.bytes;
      c.reneged = false;
      c.marked = true;
      c.misses = 0;
    }
    return bytes;
  }

  std::optional<uint64_t> retransmit(PathIndex path) {
    for (auto& [n, c] : chunks_) {
      if (!c.marked) continue;
      c.marked = false;
      c.path = path;
      c.misses = 0;
      rwnd_ = rwnd_ > c.bytes ? rwnd_ - c.bytes : 0;
      return n;
    }
    return std::nullopt;
  }

  uint32_t flight(PathIndex path) const {
    uint32_t sum = 0;
    for (auto& [n, c] : chunks_)
      if (c.path == path && in_flight(c)) sum += c.bytes;
    return sum;
  }
  size_t size() const { return chunks_.size(); }
  uint32_t rwnd() const { return rwnd_; }
  std::map<uint64_t, Chunk>& chunks() { return chunks_; }

 private:
  static void miss(Chunk& c) {
    if (c.fast_retransmitted) return;
    if (++c.misses < 3) return;
    c.misses = 0;
    c.reneged = false;
    c.marked = true;
    c.fast_retransmitted = true;
  }

  std::map<uint64_t, Chunk> chunks_;
  uint64_t cum_ = 0;
  uint32_t rwnd_;
};

TEST(RetransmissionQueueRandom, AgreesWithAPlainModel) {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const uint32_t initial = seed % 2 == 0 ? 0xffffff00u : rng();
    RetransmissionQueue q(RetransmissionConfig{}, Tsn(initial), 50000);
    Model m(50000);
    uint64_t sent = 0;  // positions: TSN = initial - 1 + position
    uint64_t cum = 0;
    std::map<uint64_t, bool> received;  // what the "peer" holds above cum
    TimePoint now{};
    for (int step = 0; step < 400; ++step) {
      now += milliseconds(1);
      int op = static_cast<int>(rng() % 10);
      if (op < 4) {
        uint32_t len = 1 + rng() % 300;
        PathIndex path = static_cast<PathIndex>(rng() % 3);
        q.add(fragment(len), path, now);
        m.add(++sent, len + kHeader, path);
        if (rng() % 4 != 0) received[sent] = true;  // lost otherwise
      } else if (op < 8) {
        // The peer advances its cum ack over what arrived in order, reports
        // the rest as gap blocks, and now and then reneges on one.
        while (received.count(cum + 1) != 0) received.erase(++cum);
        if (rng() % 8 == 0 && !received.empty()) {
          auto it = received.begin();
          std::advance(it, rng() % received.size());
          received.erase(it);
        }
        std::vector<std::pair<uint64_t, uint64_t>> gaps;
        for (auto [n, _] : received) {
          if (!gaps.empty() && gaps.back().second + 1 == n) {
            gaps.back().second = n;
          } else {
            gaps.emplace_back(n, n);
          }
        }
        std::vector<GapAckBlock> blocks;
        for (auto [s, e] : gaps) {
          blocks.push_back(GapAckBlock{static_cast<uint16_t>(s - cum), static_cast<uint16_t>(e - cum)});
        }
        wire::SackChunk s;
        s.cumulative_tsn_ack = Tsn(initial - 1) + static_cast<uint32_t>(cum);
        s.a_rwnd = 40000 + rng() % 20000;
        s.gap_blocks = wire::RecordList<GapAckBlock>(std::span<const GapAckBlock>(blocks));
        bool fr = rng() % 3 == 0;
        SackOutcome out = q.handle_sack(s, now, fr);
        ASSERT_EQ(out.kind, Kind::kApplied);
        m.sack(cum, gaps, s.a_rwnd, fr);
      } else if (op == 8) {
        PathIndex path = static_cast<PathIndex>(rng() % 3);
        ASSERT_EQ(q.mark_t3_expired(path), m.t3(path));
      } else {
        PathIndex path = static_cast<PathIndex>(rng() % 3);
        auto c = q.next_retransmission(path, now);
        auto n = m.retransmit(path);
        ASSERT_EQ(c.has_value(), n.has_value());
        if (c) {
          ASSERT_EQ(c->tsn, Tsn(initial - 1) + static_cast<uint32_t>(*n));
          // A retransmission may arrive where the original did not.
          if (rng() % 2 == 0) received[*n] = true;
        }
      }
      ASSERT_EQ(q.size(), m.size());
      ASSERT_EQ(q.peer_rwnd(), m.rwnd());
      for (PathIndex p = 0; p < 3; ++p) ASSERT_EQ(q.in_flight_bytes(p), m.flight(p));
      ASSERT_EQ(q.cumulative_tsn_ack(), Tsn(initial - 1) + static_cast<uint32_t>(cum));
    }
  }
}

}  // namespace
}  // namespace dsctp::sctp
