// The point of the simulator: the same seeds give the same run, event for
// event and byte for byte, and a link's behaviour depends on its own seed
// alone.
#include <gtest/gtest.h>

#include <vector>

#include "sim/network.h"
#include "sim_test_util.h"

namespace dsctp::sim {
namespace {

using namespace std::chrono_literals;
using test::kEpoch;
using test::numbered;
using test::Pair;

LinkConfig everything_on() {
  LinkConfig c;
  c.delay = 2ms;
  c.jitter = 400us;
  c.loss = 0.05;
  c.duplicate = 0.05;
  c.reorder = 0.05;
  c.corrupt = 0.05;
  c.corrupt_max_bits = 3;
  c.mtu = 1200;
  c.report_too_big = true;
  c.bits_per_second = 100'000'000;
  return c;
}

// Traffic both ways on a fixed schedule, with an echo, a timer and a cut,
// so every kind of event shows up in the trace.
std::vector<TraceEvent> scenario(uint64_t seed) {
  Pair p(everything_on(), seed);
  p.net.set_tracing(true);
  p.z_rx.on_receive = [&](const test::Received& r) {
    if (r.bytes.size() % 3 == 0) p.net.send(p.z, p.z_addr, p.a_addr, r.bytes);
  };
  p.a_rx.on_wake = [&](TimePoint now) { p.net.set_wakeup(p.a, now + 7ms); };
  p.net.set_wakeup(p.a, kEpoch + 7ms);
  for (uint32_t i = 0; i < 2000; ++i) {
    p.send_az(i, 30 + (i * 37) % 1200);
    if (i % 5 == 0) p.send_za(i + 100000, 60);
    if (i == 700) p.net.cut(p.a_addr, p.z_addr);
    if (i == 720) p.net.restore(p.a_addr, p.z_addr);
    EXPECT_TRUE(p.net.advance_by(Duration(30'000 + (i % 7) * 10'000)));
  }
  p.net.clear_wakeup(p.a);
  EXPECT_EQ(p.net.run_until_idle(), RunStatus::kIdle);
  return p.net.trace();
}

bool has_kind(const std::vector<TraceEvent>& trace, TraceKind kind) {
  for (const TraceEvent& e : trace) {
    if (e.kind == kind) return true;
  }
  return false;
}

TEST(SimDeterminism, SameSeedSameTraceOtherSeedOtherTrace) {
  const std::vector<TraceEvent> first = scenario(7);
  const std::vector<TraceEvent> again = scenario(7);
  const std::vector<TraceEvent> other = scenario(8);
  ASSERT_GT(first.size(), 4000u);
  for (TraceKind k : {TraceKind::kSent, TraceKind::kDelivered, TraceKind::kLost,
                      TraceKind::kDuplicated, TraceKind::kReordered, TraceKind::kCorrupted,
                      TraceKind::kDroppedMtu, TraceKind::kDroppedCut, TraceKind::kTooBig,
                      TraceKind::kWakeup}) {
    EXPECT_TRUE(has_kind(first, k)) << to_string(k);
  }
  ASSERT_EQ(first.size(), again.size());
  for (size_t i = 0; i < first.size(); ++i) {
    ASSERT_EQ(first[i], again[i]) << i << ": " << to_string(first[i]) << " vs "
                                  << to_string(again[i]);
  }
  EXPECT_NE(first, other);
}

// Sends 500 numbered packets from `from` to `to` and returns what arrived,
// with when.
std::vector<std::pair<TimePoint, uint64_t>> arrivals_on(SimNetwork& net, test::Recorder& rx,
                                                        NodeId node, Address from, Address to,
                                                        const std::function<void()>& noise) {
  for (uint32_t i = 0; i < 500; ++i) {
    net.send(node, from, to, numbered(i, 100));
    noise();
    EXPECT_TRUE(net.advance_by(200us));
  }
  net.run_until_idle();
  std::vector<std::pair<TimePoint, uint64_t>> out;
  for (const auto& r : rx.packets) {
    if (r.from == from) out.emplace_back(r.at, digest_of(r.bytes));
  }
  return out;
}

TEST(SimDeterminism, ALinkIgnoresOtherLinksAndTheirTraffic) {
  const LinkConfig c = everything_on();
  // Alone: one link A -> Z.
  Pair alone(c, 99);
  const auto expected =
      arrivals_on(alone.net, alone.z_rx, alone.a, alone.a_addr, alone.z_addr, [] {});

  // Crowded: other nodes and links created first, busy all along.
  SimNetwork net(kEpoch, 99);
  test::Recorder a_rx, z_rx, x_rx;
  const NodeId x = net.add_node(&x_rx);
  net.add_address(x, ipv4(10, 0, 0, 9));
  const NodeId a = net.add_node(&a_rx);
  const NodeId z = net.add_node(&z_rx);
  net.add_address(a, alone.a_addr);
  net.add_address(z, alone.z_addr);
  net.connect(ipv4(10, 0, 0, 9), alone.z_addr, c);
  net.connect(alone.a_addr, alone.z_addr, c);
  uint32_t n = 0;
  const auto crowded = arrivals_on(net, z_rx, a, alone.a_addr, alone.z_addr, [&] {
    net.send(x, ipv4(10, 0, 0, 9), alone.z_addr, numbered(++n, 300));
    net.send(z, alone.z_addr, alone.a_addr, numbered(++n, 200));
  });

  ASSERT_GT(expected.size(), 400u);
  EXPECT_EQ(crowded, expected);
}

TEST(SimDeterminism, AnExplicitLinkSeedOverridesTheNetworkSeed) {
  auto run = [](uint64_t network_seed, std::optional<uint64_t> link_seed) {
    SimNetwork net(kEpoch, network_seed);
    test::Recorder rx;
    const NodeId a = net.add_node();
    const NodeId z = net.add_node(&rx);
    net.add_address(a, ipv4(1, 0, 0, 1));
    net.add_address(z, ipv4(1, 0, 0, 2));
    net.add_link(ipv4(1, 0, 0, 1), ipv4(1, 0, 0, 2), everything_on(), link_seed);
    return arrivals_on(net, rx, a, ipv4(1, 0, 0, 1), ipv4(1, 0, 0, 2), [] {});
  };
  EXPECT_EQ(run(1, 1234), run(2, 1234));
  EXPECT_NE(run(1, std::nullopt), run(2, std::nullopt));
}

// Pinned fates for one seed. The generator and the order in which a link
// draws from it are written out (no <random> distributions), so these hold
// on every compiler and library; a change that moves them changes what
// every seeded test in the project exercises, and should be deliberate.
TEST(SimDeterminism, FatesForAFixedSeedArePinned) {
  Pair p(everything_on(), 2024);
  for (uint32_t i = 0; i < 1000; ++i) {
    p.send_az(i, 30 + (i * 37) % 1200);
    EXPECT_TRUE(p.net.advance_by(50us));
  }
  p.net.run_until_idle();
  const LinkCounters& k = p.az().counters();
  EXPECT_EQ(k, (LinkCounters{.sent = 1000,
                             .delivered = 948,
                             .lost = 62,
                             .duplicated = 50,
                             .reordered = 57,
                             .corrupted = 50,
                             .dropped_mtu = 40,
                             .dropped_cut = 0}));
  ASSERT_EQ(p.z_rx.packets.size(), 948u);
  EXPECT_EQ(p.z_rx.packets.back().at, kEpoch + 56'090'061ns);
  EXPECT_EQ(digest_of(p.z_rx.packets[17].bytes), 2372077435871201624u);
}

}  // namespace
}  // namespace dsctp::sim
