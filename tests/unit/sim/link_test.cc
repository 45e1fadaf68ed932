// What one link does to the packets that cross it: delay, jitter, loss,
// duplication, reordering, corruption, MTU, bandwidth and cuts, each
// checked on the packets that arrive and on the link's counters.
#include "sim/link.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <map>
#include <set>

#include "sim_test_util.h"

namespace dsctp::sim {
namespace {

using namespace std::chrono_literals;
using test::kEpoch;
using test::numbered;
using test::Pair;

LinkConfig with_delay(Duration d) {
  LinkConfig c;
  c.delay = d;
  return c;
}

TEST(SimLink, DeliversAfterExactlyTheDelay) {
  Pair p(with_delay(3ms));
  EXPECT_EQ(p.send_az(7), Fate::kInFlight);
  EXPECT_EQ(p.net.run_until_idle(), RunStatus::kIdle);
  ASSERT_EQ(p.z_rx.packets.size(), 1u);
  const auto& r = p.z_rx.packets[0];
  EXPECT_EQ(r.at, kEpoch + 3ms);
  EXPECT_EQ(r.from, p.a_addr);
  EXPECT_EQ(r.to, p.z_addr);
  EXPECT_EQ(r.bytes, numbered(7));
  EXPECT_EQ(p.net.now(), kEpoch + 3ms);
  EXPECT_EQ(p.az().counters(), (LinkCounters{.sent = 1, .delivered = 1}));
  EXPECT_TRUE(p.a_rx.packets.empty());
}

TEST(SimLink, JitterStaysWithinItsBoundsAndSpreads) {
  LinkConfig c = with_delay(2ms);
  c.jitter = 500us;
  Pair p(c);
  std::vector<Duration> latency;
  p.z_rx.on_receive = [&](const test::Received& r) {
    // Packets go out on whole 10 ms marks and none takes that long.
    latency.push_back(r.at - (kEpoch + (r.at - kEpoch) / 10ms * 10ms));
  };
  for (uint32_t i = 0; i < 1000; ++i) {
    p.send_az(i);
    ASSERT_TRUE(p.net.advance_by(10ms));
  }
  ASSERT_EQ(latency.size(), 1000u);
  const auto [lo, hi] = std::minmax_element(latency.begin(), latency.end());
  EXPECT_GE(*lo, 2ms);
  EXPECT_LE(*hi, 2500us);
  // Uniform over 500 µs: 1000 draws reach within 25 µs of both ends.
  EXPECT_LT(*lo, 2025us);
  EXPECT_GT(*hi, 2475us);
}

TEST(SimLink, LossRateIsCloseToTheConfiguredOne) {
  LinkConfig c = with_delay(1ms);
  c.loss = 0.1;
  Pair p(c, 42);
  uint32_t lost = 0;
  for (uint32_t i = 0; i < 10000; ++i) lost += p.send_az(i) == Fate::kLost;
  p.net.run_until_idle();
  // Binomial(10000, 0.1): mean 1000, sd 30; five sd either side.
  EXPECT_GE(lost, 850u);
  EXPECT_LE(lost, 1150u);
  const LinkCounters& k = p.az().counters();
  EXPECT_EQ(k.lost, lost);
  EXPECT_EQ(k.sent, 10000u);
  EXPECT_EQ(k.delivered, 10000u - lost);
  EXPECT_EQ(p.z_rx.packets.size(), k.delivered);
}

TEST(SimLink, DuplicationDeliversExtraCopies) {
  LinkConfig c = with_delay(1ms);
  c.duplicate = 0.2;
  Pair p(c, 5);
  for (uint32_t i = 0; i < 5000; ++i) p.send_az(i);
  p.net.run_until_idle();
  const LinkCounters& k = p.az().counters();
  EXPECT_GE(k.duplicated, 850u);  // mean 1000, sd 28
  EXPECT_LE(k.duplicated, 1150u);
  ASSERT_EQ(p.z_rx.packets.size(), 5000u + k.duplicated);
  std::map<uint32_t, int> seen;
  for (uint32_t n : p.z_rx.numbers()) ++seen[n];
  ASSERT_EQ(seen.size(), 5000u);
  uint64_t twice = 0;
  for (auto [n, count] : seen) {
    EXPECT_TRUE(count == 1 || count == 2) << n;
    twice += count == 2;
  }
  EXPECT_EQ(twice, k.duplicated);
  for (const auto& r : p.z_rx.packets) EXPECT_EQ(r.bytes, numbered(test::number_of(r.bytes)));
}

TEST(SimLink, ReorderingReordersAndLosesNothing) {
  LinkConfig c = with_delay(1ms);
  c.reorder = 0.1;
  c.reorder_delay = 5ms;
  Pair p(c, 9);
  std::map<uint32_t, TimePoint> sent_at;
  for (uint32_t i = 0; i < 1000; ++i) {
    sent_at[i] = p.net.now();
    p.send_az(i);
    ASSERT_TRUE(p.net.advance_by(100us));
  }
  EXPECT_EQ(p.net.run_until_idle(), RunStatus::kIdle);
  const std::vector<uint32_t> order = p.z_rx.numbers();
  ASSERT_EQ(order.size(), 1000u);
  EXPECT_FALSE(std::is_sorted(order.begin(), order.end()));
  std::vector<uint32_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (uint32_t i = 0; i < 1000; ++i) ASSERT_EQ(sorted[i], i);

  const LinkCounters& k = p.az().counters();
  EXPECT_GE(k.reordered, 60u);  // mean 100, sd 9.5
  EXPECT_LE(k.reordered, 140u);
  EXPECT_EQ(k.delivered, 1000u);
  EXPECT_EQ(k.lost, 0u);
  // Each packet took the delay, or the delay plus the hold-back.
  uint64_t held = 0;
  for (const auto& r : p.z_rx.packets) {
    const Duration took = r.at - sent_at[test::number_of(r.bytes)];
    EXPECT_TRUE(took == 1ms || took == 6ms);
    held += took == 6ms;
  }
  EXPECT_EQ(held, k.reordered);
}

int bits_differing(const test::Bytes& a, const test::Bytes& b) {
  int n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += std::popcount(static_cast<uint8_t>(a[i] ^ b[i]));
  return n;
}

TEST(SimLink, CorruptionFlipsOneToNBitsAndKeepsTheLength) {
  LinkConfig c = with_delay(1ms);
  c.corrupt = 1.0;
  c.corrupt_max_bits = 3;
  Pair p(c, 3);
  for (uint32_t i = 0; i < 300; ++i) p.send_az(0x01020304, 100);
  p.net.run_until_idle();
  ASSERT_EQ(p.z_rx.packets.size(), 300u);
  EXPECT_EQ(p.az().counters().corrupted, 300u);
  std::set<int> flips_seen;
  const test::Bytes original = numbered(0x01020304, 100);
  for (const auto& r : p.z_rx.packets) {
    ASSERT_EQ(r.bytes.size(), 100u);
    const int flips = bits_differing(r.bytes, original);
    EXPECT_GE(flips, 1);
    EXPECT_LE(flips, 3);
    flips_seen.insert(flips);
  }
  EXPECT_EQ(flips_seen, (std::set<int>{1, 2, 3}));
}

TEST(SimLink, CorruptionRateIsCloseToTheConfiguredOne) {
  LinkConfig c = with_delay(1ms);
  c.corrupt = 0.05;
  Pair p(c, 11);
  for (uint32_t i = 0; i < 4000; ++i) p.send_az(i);
  p.net.run_until_idle();
  // With no jitter the i-th arrival is packet i; its number may be damaged.
  ASSERT_EQ(p.z_rx.packets.size(), 4000u);
  uint64_t damaged = 0;
  for (uint32_t i = 0; i < 4000; ++i) damaged += p.z_rx.packets[i].bytes != numbered(i);
  const uint64_t corrupted = p.az().counters().corrupted;
  EXPECT_GE(corrupted, 140u);  // mean 200, sd 13.8
  EXPECT_LE(corrupted, 260u);
  EXPECT_EQ(damaged, corrupted);
}

TEST(SimLink, MtuDropsOversizedPacketsCountingTheIpHeader) {
  Pair p(with_delay(1ms));  // MTU 1500, 20 bytes of IPv4 header
  EXPECT_EQ(p.send_az(1, 1480), Fate::kInFlight);
  EXPECT_EQ(p.send_az(2, 1481), Fate::kDroppedMtu);
  p.net.run_until_idle();
  EXPECT_EQ(p.z_rx.numbers(), (std::vector<uint32_t>{1}));
  EXPECT_EQ(p.az().counters(), (LinkCounters{.sent = 2, .delivered = 1, .dropped_mtu = 1}));
  EXPECT_TRUE(p.a_rx.too_big.empty());  // not reported unless asked
}

TEST(SimLink, MtuDropIsReportedToTheSenderWhenAsked) {
  LinkConfig c = with_delay(2ms);
  c.mtu = 1280;
  c.report_too_big = true;
  Pair p(c);
  EXPECT_EQ(p.send_az(1, 1261), Fate::kDroppedMtu);
  p.net.run_until_idle();
  ASSERT_EQ(p.a_rx.too_big.size(), 1u);
  EXPECT_EQ(p.a_rx.too_big[0].at, kEpoch + 2ms);
  EXPECT_EQ(p.a_rx.too_big[0].local, p.a_addr);
  EXPECT_EQ(p.a_rx.too_big[0].remote, p.z_addr);
  EXPECT_EQ(p.a_rx.too_big[0].mtu, 1280u);
  EXPECT_TRUE(p.z_rx.packets.empty());
}

TEST(SimLink, CutDropsEverythingAndRestoreResumes) {
  Pair p(with_delay(1ms));
  EXPECT_EQ(p.send_az(1), Fate::kInFlight);
  p.net.cut(p.a_addr, p.z_addr);
  EXPECT_TRUE(p.az().is_cut());
  EXPECT_EQ(p.send_az(2), Fate::kDroppedCut);
  EXPECT_EQ(p.send_za(3), Fate::kDroppedCut);
  p.net.run_until_idle();
  EXPECT_TRUE(p.z_rx.packets.empty());  // #1 was in flight at the cut

  p.net.restore(p.a_addr, p.z_addr);
  EXPECT_EQ(p.send_az(4), Fate::kInFlight);
  EXPECT_EQ(p.send_za(5), Fate::kInFlight);
  p.net.run_until_idle();
  EXPECT_EQ(p.z_rx.numbers(), (std::vector<uint32_t>{4}));
  EXPECT_EQ(p.a_rx.numbers(), (std::vector<uint32_t>{5}));
  EXPECT_EQ(p.az().counters(), (LinkCounters{.sent = 3, .delivered = 1, .dropped_cut = 2}));
}

TEST(SimLink, PacketInFlightIsLostEvenIfTheCutHealsBeforeItArrives) {
  Pair p(with_delay(10ms));
  p.send_az(1);
  ASSERT_TRUE(p.net.advance_by(5ms));
  p.az().cut();
  p.az().restore();
  p.send_az(2);  // sent after the restore: unaffected
  p.net.run_until_idle();
  EXPECT_EQ(p.z_rx.numbers(), (std::vector<uint32_t>{2}));
  EXPECT_EQ(p.az().counters().dropped_cut, 1u);
}

TEST(SimLink, BandwidthSpacesOutABurst) {
  LinkConfig c = with_delay(1ms);
  c.bits_per_second = 8'000'000;  // one byte per microsecond
  Pair p(c);
  for (uint32_t i = 0; i < 3; ++i) p.send_az(i, 980);  // 1000 bytes on the wire
  p.net.run_until_idle();
  ASSERT_EQ(p.z_rx.packets.size(), 3u);
  EXPECT_EQ(p.z_rx.packets[0].at, kEpoch + 2ms);
  EXPECT_EQ(p.z_rx.packets[1].at, kEpoch + 3ms);
  EXPECT_EQ(p.z_rx.packets[2].at, kEpoch + 4ms);
  // Once the queue drains, a packet waits only for itself.
  ASSERT_TRUE(p.net.advance_to(kEpoch + 10ms));
  p.send_az(3, 980);
  p.net.run_until_idle();
  EXPECT_EQ(p.z_rx.packets.back().at, kEpoch + 12ms);
}

TEST(SimLink, CountersBalanceWithEveryImpairmentOn) {
  LinkConfig c = with_delay(1ms);
  c.jitter = 300us;
  c.loss = 0.05;
  c.duplicate = 0.05;
  c.reorder = 0.05;
  c.corrupt = 0.05;
  c.corrupt_max_bits = 4;
  Pair p(c, 77);
  for (uint32_t i = 0; i < 3000; ++i) {
    p.send_az(i, 40 + i % 1500);
    if (i == 1000) p.az().cut();
    if (i == 1100) p.az().restore();
    ASSERT_TRUE(p.net.advance_by(50us));
  }
  p.net.run_until_idle();
  const LinkCounters& k = p.az().counters();
  EXPECT_EQ(k.sent, 3000u);
  EXPECT_GT(k.lost, 0u);
  EXPECT_GT(k.duplicated, 0u);
  EXPECT_GT(k.reordered, 0u);
  EXPECT_GT(k.corrupted, 0u);
  EXPECT_GT(k.dropped_mtu, 0u);
  EXPECT_GT(k.dropped_cut, 0u);
  EXPECT_EQ(k.sent + k.duplicated, k.delivered + k.lost + k.dropped_mtu + k.dropped_cut);
  EXPECT_EQ(p.z_rx.packets.size(), k.delivered);
  EXPECT_EQ(p.net.in_flight(), 0u);
}

}  // namespace
}  // namespace dsctp::sim
