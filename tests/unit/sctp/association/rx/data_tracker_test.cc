// DataTracker: cumulative ack, gap blocks with their exact offsets,
// duplicates, the acceptance window, SACK timing and FORWARD-TSN.
#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include "sctp/association/rx/data_tracker.h"

namespace dsctp::sctp {
namespace {

using std::chrono::milliseconds;
using Class = DataTracker::TsnClass;
using wire::GapAckBlock;

const TimePoint kT0 = TimePoint(std::chrono::seconds(10));
constexpr size_t kAll = 1000;

// One packet carrying DATA chunks with these TSNs.
void receive(DataTracker& t, std::initializer_list<uint32_t> tsns, TimePoint now = kT0,
             bool immediate = false) {
  for (uint32_t tsn : tsns) t.observe(Tsn(tsn), immediate);
  t.observe_packet_end(now);
}

std::vector<GapAckBlock> blocks_of(const wire::SackChunk& s) {
  std::vector<GapAckBlock> out;
  for (GapAckBlock b : s.gap_blocks) out.push_back(b);
  return out;
}

std::vector<uint32_t> dups_of(const wire::SackChunk& s) {
  std::vector<uint32_t> out;
  for (wire::DuplicateTsn d : s.duplicate_tsns) out.push_back(d.tsn.value());
  return out;
}

using Blocks = std::vector<GapAckBlock>;
using Dups = std::vector<uint32_t>;

TEST(DataTracker, StartsOneBelowThePeersInitialTsn) {
  DataTracker t(Tsn(100), {});
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(99));
  EXPECT_EQ(t.highest_received_tsn(), Tsn(99));
  EXPECT_FALSE(t.should_send_sack_now());
  EXPECT_FALSE(t.sack_deadline().has_value());
  EXPECT_EQ(t.classify(Tsn(100)), Class::kNew);
  EXPECT_EQ(t.classify(Tsn(99)), Class::kDuplicate);
}

TEST(DataTracker, InOrderAdvancesTheCumulativeAck) {
  DataTracker t(Tsn(100), {});
  receive(t, {100, 101, 102});
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(102));
  EXPECT_FALSE(t.has_gaps());
  wire::SackChunk s = t.make_sack(5000, kAll, kAll);
  EXPECT_EQ(s.cumulative_tsn_ack, Tsn(102));
  EXPECT_EQ(s.a_rwnd, 5000u);
  EXPECT_TRUE(s.gap_blocks.empty());
  EXPECT_TRUE(s.duplicate_tsns.empty());
  EXPECT_EQ(s.serialized_size(), 16u);
}

TEST(DataTracker, OutOfOrderTsnsBecomeGapBlocksWithOffsetsFromTheCumAck) {
  DataTracker t(Tsn(100), {});
  receive(t, {100, 102, 103, 106});
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(100));
  EXPECT_EQ(t.highest_received_tsn(), Tsn(106));
  wire::SackChunk s = t.make_sack(0, kAll, kAll);
  // RFC 9260 3.3.4: TSNs 102-103 and 106 are cum + 2..3 and cum + 6..6.
  EXPECT_EQ(blocks_of(s), (Blocks{{2, 3}, {6, 6}}));
  EXPECT_EQ(s.serialized_size(), 16u + 2 * 4);

  receive(t, {101});  // fills the first gap: cum jumps to 103
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(103));
  EXPECT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), (Blocks{{3, 3}}));

  receive(t, {105});  // joins the block from below
  EXPECT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), (Blocks{{2, 3}}));
  receive(t, {104});
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(106));
  EXPECT_FALSE(t.has_gaps());
}

TEST(DataTracker, BlocksMergeWhenAHoleBetweenThemIsFilled) {
  DataTracker t(Tsn(1), {});
  receive(t, {3, 5, 7});
  EXPECT_EQ(t.gap_block_count(), 3u);
  receive(t, {4});
  EXPECT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), (Blocks{{3, 5}, {7, 7}}));
  receive(t, {6});
  EXPECT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), (Blocks{{3, 7}}));
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(0));
}

TEST(DataTracker, DuplicatesAreReportedOnceInTheNextSack) {
  DataTracker t(Tsn(100), {});
  receive(t, {100, 102});
  EXPECT_EQ(t.observe(Tsn(100), false), Class::kDuplicate);  // the cum ack
  EXPECT_EQ(t.observe(Tsn(102), false), Class::kDuplicate);  // in a gap block
  EXPECT_EQ(t.observe(Tsn(50), false), Class::kDuplicate);   // long acked
  t.observe_packet_end(kT0);
  EXPECT_EQ(t.pending_duplicate_count(), 3u);
  wire::SackChunk s = t.make_sack(0, kAll, kAll);
  EXPECT_EQ(dups_of(s), (Dups{100, 102, 50}));
  EXPECT_EQ(s.serialized_size(), 16u + 4 + 3 * 4);
  EXPECT_TRUE(t.make_sack(0, kAll, kAll).duplicate_tsns.empty());
}

TEST(DataTracker, DuplicateListIsBounded) {
  DataTrackerConfig c;
  c.max_duplicates = 3;
  DataTracker t(Tsn(1), c);
  receive(t, {1});
  receive(t, {1, 1, 1, 1, 1});
  EXPECT_EQ(t.pending_duplicate_count(), 3u);
  EXPECT_EQ(t.unreported_duplicates(), 2u);
  EXPECT_EQ(dups_of(t.make_sack(0, kAll, kAll)), (Dups{1, 1, 1}));
}

TEST(DataTracker, TsnWrapsAroundTwoToTheThirtyTwo) {
  DataTracker t(Tsn(0xfffffffe), {});
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(0xfffffffd));
  receive(t, {0xfffffffe, 0, 1});
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(0xfffffffe));
  EXPECT_EQ(t.highest_received_tsn(), Tsn(1));
  // 0 and 1 are cum + 2 and cum + 3 across the wrap.
  EXPECT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), (Blocks{{2, 3}}));
  receive(t, {0xffffffff});
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(1));
  EXPECT_FALSE(t.has_gaps());
  EXPECT_EQ(t.classify(Tsn(0xffffffff)), Class::kDuplicate);
  EXPECT_EQ(t.classify(Tsn(2)), Class::kNew);
}

TEST(DataTracker, InitialTsnZeroPutsTheCumAckAtTheTopOfTheSpace) {
  DataTracker t(Tsn(0), {});
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(0xffffffff));
  receive(t, {0});
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(0));
}

TEST(DataTracker, RefusesTsnsBeyondTheWindow) {
  DataTrackerConfig c;
  c.max_tsn_window = 10;
  DataTracker t(Tsn(1000), c);  // cum ack 999
  EXPECT_EQ(t.classify(Tsn(1009)), Class::kNew);           // cum + 10
  EXPECT_EQ(t.classify(Tsn(1010)), Class::kBeyondWindow);  // cum + 11
  EXPECT_EQ(t.classify(Tsn(999u + 0x7fffffffu)), Class::kBeyondWindow);
  EXPECT_EQ(t.classify(Tsn(999u + 0x80000000u)), Class::kDuplicate);  // as far behind
  receive(t, {1009});
  EXPECT_EQ(t.observe(Tsn(1010), false), Class::kBeyondWindow);
  t.observe_packet_end(kT0);
  // The refused TSN left no trace; the window moves with the cum ack.
  EXPECT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), (Blocks{{10, 10}}));
  receive(t, {1000});
  EXPECT_EQ(t.classify(Tsn(1010)), Class::kNew);
}

TEST(DataTracker, WindowIsClampedToWhatAGapBlockCanReport) {
  DataTrackerConfig c;
  c.max_tsn_window = 1u << 20;
  DataTracker t(Tsn(1), c);
  EXPECT_EQ(t.classify(Tsn(0xffff)), Class::kNew);  // cum 0 + 65535
  EXPECT_EQ(t.classify(Tsn(0x10000)), Class::kBeyondWindow);
  receive(t, {0xffff});
  EXPECT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), (Blocks{{0xffff, 0xffff}}));
}

TEST(DataTracker, SacksTheFirstDataAtOnce) {
  DataTracker t(Tsn(1), {});
  receive(t, {1});
  EXPECT_TRUE(t.should_send_sack_now());
  EXPECT_FALSE(t.sack_deadline().has_value());
}

// A tracker past its first DATA chunk and SACK.
DataTracker established(DataTrackerConfig c = {}) {
  DataTracker t(Tsn(1), c);
  receive(t, {1});
  t.make_sack(0, kAll, kAll);
  return t;
}

TEST(DataTracker, SacksEverySecondPacket) {
  DataTracker t = established();
  receive(t, {2, 3, 4});  // one packet, three chunks: still one packet
  EXPECT_FALSE(t.should_send_sack_now());
  EXPECT_EQ(t.sack_deadline(), kT0 + milliseconds(200));
  receive(t, {5}, kT0 + milliseconds(10));
  EXPECT_TRUE(t.should_send_sack_now());
  EXPECT_FALSE(t.sack_deadline().has_value());
  EXPECT_EQ(t.make_sack(0, kAll, kAll).cumulative_tsn_ack, Tsn(5));
  EXPECT_FALSE(t.should_send_sack_now());
  receive(t, {6});
  EXPECT_FALSE(t.should_send_sack_now());
}

TEST(DataTracker, EveryNthPacketIsConfigurable) {
  DataTrackerConfig c;
  c.sack_every_n_packets = 1;
  DataTracker t = established(c);
  receive(t, {2});
  EXPECT_TRUE(t.should_send_sack_now());
}

TEST(DataTracker, DelayedSackDeadlineStartsAtTheFirstUnackedPacket) {
  DataTrackerConfig c;
  c.sack_every_n_packets = 4;
  DataTracker t = established(c);
  receive(t, {2}, kT0);
  receive(t, {3}, kT0 + milliseconds(150));
  // The later packet does not push the deadline back.
  EXPECT_EQ(t.sack_deadline(), kT0 + milliseconds(200));
  t.handle_timeout(kT0 + milliseconds(199));
  EXPECT_FALSE(t.should_send_sack_now());
  t.handle_timeout(kT0 + milliseconds(200));
  EXPECT_TRUE(t.should_send_sack_now());
  EXPECT_FALSE(t.sack_deadline().has_value());
  t.make_sack(0, kAll, kAll);
  receive(t, {4}, kT0 + milliseconds(300));
  EXPECT_EQ(t.sack_deadline(), kT0 + milliseconds(500));
}

TEST(DataTracker, DelayIsConfigurableButNeverAboveFiveHundredMs) {
  DataTrackerConfig c;
  c.delayed_sack_timeout = milliseconds(40);
  DataTracker fast = established(c);
  receive(fast, {2});
  EXPECT_EQ(fast.sack_deadline(), kT0 + milliseconds(40));

  c.delayed_sack_timeout = std::chrono::seconds(2);
  DataTracker slow = established(c);
  receive(slow, {2});
  EXPECT_EQ(slow.sack_deadline(), kT0 + milliseconds(500));
}

TEST(DataTracker, SacksAtOnceWhileAGapExistsAndWhenItIsFilled) {
  DataTracker t = established();
  receive(t, {3});  // 2 missing
  EXPECT_TRUE(t.should_send_sack_now());
  t.make_sack(0, kAll, kAll);
  receive(t, {4});  // gap persists
  EXPECT_TRUE(t.should_send_sack_now());
  t.make_sack(0, kAll, kAll);
  receive(t, {2});  // fills it
  EXPECT_TRUE(t.should_send_sack_now());
  EXPECT_EQ(t.make_sack(0, kAll, kAll).cumulative_tsn_ack, Tsn(4));
  receive(t, {5});  // back to delaying
  EXPECT_FALSE(t.should_send_sack_now());
  EXPECT_TRUE(t.sack_deadline().has_value());
}

TEST(DataTracker, SacksAtOnceOnTheIBit) {
  DataTracker t = established();
  receive(t, {2}, kT0, /*immediate=*/true);
  EXPECT_TRUE(t.should_send_sack_now());
}

TEST(DataTracker, SacksAtOnceOnADuplicate) {
  DataTracker t = established();
  receive(t, {1});
  EXPECT_TRUE(t.should_send_sack_now());
  EXPECT_EQ(dups_of(t.make_sack(0, kAll, kAll)), (Dups{1}));
}

TEST(DataTracker, SacksAtOnceWhenDataIsRefusedOrDropped) {
  DataTrackerConfig c;
  c.max_tsn_window = 4;
  DataTracker t = established(c);
  receive(t, {100});
  EXPECT_TRUE(t.should_send_sack_now());
  t.make_sack(0, kAll, kAll);
  t.note_dropped();  // the ReassemblyQueue had no room for TSN 2
  t.observe_packet_end(kT0);
  EXPECT_TRUE(t.should_send_sack_now());
  EXPECT_EQ(t.make_sack(0, kAll, kAll).cumulative_tsn_ack, Tsn(1));
}

TEST(DataTracker, APacketWithoutDataOwesNoSack) {
  DataTracker t = established();
  t.observe_packet_end(kT0);
  EXPECT_FALSE(t.should_send_sack_now());
  EXPECT_FALSE(t.sack_deadline().has_value());
}

TEST(DataTracker, SackBudgetKeepsTheLowestBlocksAndFirstDuplicates) {
  DataTracker t(Tsn(1), {});
  receive(t, {1, 3, 5, 7, 9, 11});
  receive(t, {1, 3, 5});
  wire::SackChunk s = t.make_sack(0, 2, 1);
  EXPECT_EQ(blocks_of(s), (Blocks{{2, 2}, {4, 4}}));
  EXPECT_EQ(dups_of(s), (Dups{1}));
  EXPECT_EQ(s.serialized_size(), 16u + 2 * 4 + 1 * 4);
  EXPECT_EQ(t.unreported_duplicates(), 2u);
  // Blocks are state, not news: the next SACK has them all again.
  EXPECT_EQ(t.make_sack(0, kAll, kAll).gap_blocks.size(), 5u);
}

TEST(DataTracker, SackWithinAByteBudgetPrefersGapBlocks) {
  DataTracker t(Tsn(1), {});
  receive(t, {1, 3, 5, 7});
  receive(t, {1, 3});
  wire::SackChunk s = t.make_sack_within(0, 16 + 4 * 2 + 3);  // two records fit
  EXPECT_EQ(blocks_of(s), (Blocks{{2, 2}, {4, 4}}));
  EXPECT_TRUE(s.duplicate_tsns.empty());
  EXPECT_LE(s.serialized_size(), 16u + 4 * 2 + 3);
  receive(t, {1, 3});
  s = t.make_sack_within(0, 16 + 4 * 4);
  EXPECT_EQ(blocks_of(s), (Blocks{{2, 2}, {4, 4}, {6, 6}}));
  EXPECT_EQ(dups_of(s), (Dups{1}));
  EXPECT_EQ(s.serialized_size(), 32u);
  EXPECT_EQ(t.make_sack_within(0, 8).serialized_size(), 16u);  // no room: fixed part only
}

TEST(DataTracker, ForwardTsnMovesTheCumAckAndDropsBlocksBelowIt) {
  DataTracker t(Tsn(1), {});
  receive(t, {1, 3, 5, 8});
  t.make_sack(0, kAll, kAll);
  // Cum 4, then 5 is next and was received: cum 5; 8 remains at cum + 3.
  EXPECT_TRUE(t.handle_forward_tsn(Tsn(4)));
  t.observe_packet_end(kT0);
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(5));
  EXPECT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), (Blocks{{3, 3}}));
  EXPECT_EQ(t.classify(Tsn(4)), Class::kDuplicate);
  EXPECT_EQ(t.classify(Tsn(7)), Class::kNew);
}

TEST(DataTracker, ForwardTsnIntoABlockTakesTheWholeBlock) {
  DataTracker t(Tsn(1), {});
  receive(t, {1, 7, 8, 9, 12});
  EXPECT_TRUE(t.handle_forward_tsn(Tsn(8)));
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(9));
  EXPECT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), (Blocks{{3, 3}}));
  EXPECT_TRUE(t.handle_forward_tsn(Tsn(100)));  // beyond all received
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(100));
  EXPECT_FALSE(t.has_gaps());
}

TEST(DataTracker, OutOfDateForwardTsnChangesNothingButAsksForASack) {
  DataTracker t = established();
  receive(t, {2, 3});
  t.make_sack(0, kAll, kAll);
  EXPECT_FALSE(t.handle_forward_tsn(Tsn(2)));
  t.observe_packet_end(kT0);
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(3));
  EXPECT_TRUE(t.should_send_sack_now());
}

TEST(DataTracker, ForwardTsnFollowsTheDelayedSackRulesLikeData) {
  DataTracker t = established();
  EXPECT_TRUE(t.handle_forward_tsn(Tsn(5)));
  t.observe_packet_end(kT0);
  EXPECT_FALSE(t.should_send_sack_now());
  EXPECT_EQ(t.sack_deadline(), kT0 + milliseconds(200));
}

TEST(DataTracker, ForwardTsnAcrossTheWrap) {
  DataTracker t(Tsn(0xfffffff0), {});
  receive(t, {0xfffffff0, 2});
  EXPECT_TRUE(t.handle_forward_tsn(Tsn(0xffffffff)));
  EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(0xffffffff));
  EXPECT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), (Blocks{{3, 3}}));
}

// Against a model (a set of received TSNs), in a seeded random order that
// wraps the TSN space: the cum ack and every gap block must match.
TEST(DataTracker, MatchesASetModelForRandomArrivalOrders) {
  std::mt19937 rng(20261130);
  for (int round = 0; round < 20; ++round) {
    const uint32_t initial = 0xffffff00u + static_cast<uint32_t>(round * 13);
    std::vector<uint32_t> offsets(600);
    std::iota(offsets.begin(), offsets.end(), 0u);
    std::shuffle(offsets.begin(), offsets.end(), rng);
    DataTracker t(Tsn(initial), {});
    std::set<uint32_t> seen;  // offsets from initial
    for (uint32_t off : offsets) {
      receive(t, {initial + off});
      seen.insert(off);
      uint32_t cum = 0;  // model cum, as offset + 1 from initial - 1
      while (seen.count(cum) != 0) ++cum;
      ASSERT_EQ(t.cumulative_tsn_ack(), Tsn(initial + cum - 1));
      Blocks expect;
      for (auto it = seen.upper_bound(cum); it != seen.end(); ++it) {
        uint16_t rel = static_cast<uint16_t>(*it - cum + 1);
        if (!expect.empty() && expect.back().end + 1 == rel) {
          expect.back().end = rel;
        } else {
          expect.push_back({rel, rel});
        }
      }
      ASSERT_EQ(blocks_of(t.make_sack(0, kAll, kAll)), expect);
    }
    EXPECT_EQ(t.cumulative_tsn_ack(), Tsn(initial + 599));
    EXPECT_FALSE(t.has_gaps());
  }
}

}  // namespace
}  // namespace dsctp::sctp

namespace dsctp::sctp {
namespace {

// Hostile input: TSNs from anywhere in the space, FORWARD-TSNs both ways.
// State stays within the window and every reported block is well formed.
TEST(DataTracker, StaysBoundedUnderRandomTsns) {
  DataTrackerConfig c;
  c.max_tsn_window = 64;
  c.max_duplicates = 4;
  DataTracker t(Tsn(0xfffffff0), c);
  std::mt19937 rng(99);
  for (int i = 0; i < 20000; ++i) {
    uint32_t r = rng();
    Tsn cum = t.cumulative_tsn_ack();
    if (r % 50 == 0) {
      t.handle_forward_tsn(cum + (rng() % 80) - 10);
    } else if (r % 7 == 0) {
      t.observe(Tsn(rng()), (r & 0x100) != 0);
    } else {
      t.observe(cum + rng() % 70, (r & 0x100) != 0);
    }
    if (r % 3 == 0) t.observe_packet_end(kT0);
    ASSERT_LE(t.gap_block_count(), 32u);
    ASSERT_LE(t.pending_duplicate_count(), 4u);
    if (r % 5 == 0) {
      wire::SackChunk s = t.make_sack(0, kAll, kAll);
      uint32_t prev_end = 1;
      for (GapAckBlock b : s.gap_blocks) {
        ASSERT_GT(b.start, prev_end);  // ascending, never adjacent
        ASSERT_LE(b.start, b.end);
        ASSERT_LE(b.end, 64u);
        prev_end = b.end + 1u;
      }
    }
  }
}

}  // namespace
}  // namespace dsctp::sctp
