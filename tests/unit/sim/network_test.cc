// The network around the links: addresses and multihoming, the clock, node
// deadlines, event order, and the run loops and their limits.
#include "sim/network.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim_test_util.h"

namespace dsctp::sim {
namespace {

using namespace std::chrono_literals;
using test::kEpoch;
using test::numbered;
using test::Pair;
using test::Recorder;

LinkConfig with_delay(Duration d) {
  LinkConfig c;
  c.delay = d;
  return c;
}

// A and Z with two interfaces each: path 1 is a1<->z1, path 2 is a2<->z2.
struct Multihomed {
  Multihomed() : net(kEpoch, 3) {
    a = net.add_node(&a_rx);
    z = net.add_node(&z_rx);
    net.add_address(a, a1);
    net.add_address(a, a2);
    net.add_address(z, z1);
    net.add_address(z, z2);
    net.connect(a1, z1, with_delay(1ms));
    net.connect(a2, z2, with_delay(4ms));
  }

  SimNetwork net;
  Recorder a_rx;
  Recorder z_rx;
  NodeId a{};
  NodeId z{};
  Address a1 = ipv4(10, 0, 1, 1);
  Address a2 = ipv4(10, 0, 2, 1);
  Address z1 = ipv4(10, 0, 1, 2);
  Address z2 = ipv4(10, 0, 2, 2);
};

TEST(SimNetwork, MultihomedNodesKeepTheirPathsApart) {
  Multihomed m;
  EXPECT_EQ(m.net.addresses(m.a), (std::vector<Address>{m.a1, m.a2}));
  EXPECT_EQ(m.net.owner(m.z2), m.z);
  EXPECT_FALSE(m.net.owner(ipv4(10, 9, 9, 9)).has_value());

  m.net.cut(m.a1, m.z1);
  EXPECT_EQ(m.net.send(m.a, m.a1, m.z1, numbered(1)), Fate::kDroppedCut);
  EXPECT_EQ(m.net.send(m.a, m.a2, m.z2, numbered(2)), Fate::kInFlight);
  EXPECT_EQ(m.net.send(m.z, m.z1, m.a1, numbered(3)), Fate::kDroppedCut);
  EXPECT_EQ(m.net.send(m.z, m.z2, m.a2, numbered(4)), Fate::kInFlight);
  m.net.run_until_idle();
  ASSERT_EQ(m.z_rx.packets.size(), 1u);
  EXPECT_EQ(m.z_rx.packets[0].from, m.a2);
  EXPECT_EQ(m.z_rx.packets[0].to, m.z2);
  EXPECT_EQ(m.z_rx.packets[0].at, kEpoch + 4ms);
  EXPECT_EQ(m.a_rx.numbers(), (std::vector<uint32_t>{4}));
  EXPECT_EQ(m.net.link(m.a2, m.z2).counters(), (LinkCounters{.sent = 1, .delivered = 1}));

  m.net.restore(m.a1, m.z1);
  EXPECT_EQ(m.net.send(m.a, m.a1, m.z1, numbered(5)), Fate::kInFlight);
  m.net.run_until_idle();
  EXPECT_EQ(m.z_rx.packets.back().to, m.z1);
  EXPECT_EQ(m.z_rx.packets.back().at, kEpoch + 5ms);
}

TEST(SimNetwork, AddressesWithoutALinkHaveNoRoute) {
  Multihomed m;
  // No cross links: a1 cannot reach z2.
  EXPECT_EQ(m.net.send(m.a, m.a1, m.z2, numbered(1)), Fate::kNoRoute);
  EXPECT_EQ(m.net.no_route(), 1u);
  EXPECT_EQ(m.net.in_flight(), 0u);
  EXPECT_EQ(m.net.find_link(m.a1, m.z2), nullptr);
  EXPECT_NE(m.net.find_link(m.a1, m.z1), nullptr);
}

TEST(SimNetwork, NextEventTimeIsTheEarliestPacketOrDeadline) {
  Pair p(with_delay(3ms));
  EXPECT_FALSE(p.net.next_event_time().has_value());
  EXPECT_FALSE(p.net.step());

  p.net.set_wakeup(p.z, kEpoch + 5ms);
  EXPECT_EQ(p.net.next_event_time(), kEpoch + 5ms);
  p.send_az(1);
  EXPECT_EQ(p.net.next_event_time(), kEpoch + 3ms);
  EXPECT_EQ(p.net.now(), kEpoch);  // asking does not move the clock

  EXPECT_TRUE(p.net.step());
  EXPECT_EQ(p.net.now(), kEpoch + 3ms);
  EXPECT_EQ(p.z_rx.packets.size(), 1u);
  EXPECT_EQ(p.net.next_event_time(), kEpoch + 5ms);

  EXPECT_TRUE(p.net.step());
  EXPECT_EQ(p.z_rx.wakeups, (std::vector<TimePoint>{kEpoch + 5ms}));
  EXPECT_FALSE(p.net.wakeup(p.z).has_value());
  EXPECT_FALSE(p.net.next_event_time().has_value());
  EXPECT_FALSE(p.net.step());
}

TEST(SimNetwork, WakeupsCanBeReplacedAndCleared) {
  Pair p(with_delay(1ms));
  p.net.set_wakeup(p.a, kEpoch + 5ms);
  p.net.set_wakeup(p.a, kEpoch + 8ms);
  EXPECT_EQ(p.net.wakeup(p.a), kEpoch + 8ms);
  p.net.set_wakeup(p.z, kEpoch + 2ms);
  p.net.clear_wakeup(p.z);
  EXPECT_EQ(p.net.run_until_idle(), RunStatus::kIdle);
  EXPECT_EQ(p.a_rx.wakeups, (std::vector<TimePoint>{kEpoch + 8ms}));
  EXPECT_TRUE(p.z_rx.wakeups.empty());
}

TEST(SimNetwork, RunUntilIdleDrivesTimersThatSendAndRearm) {
  // A retransmission timer in miniature: every 10 ms A sends and re-arms,
  // three times, then stops.
  Pair p(with_delay(1ms));
  uint32_t fired = 0;
  p.a_rx.on_wake = [&](TimePoint now) {
    p.send_az(++fired);
    if (fired < 3) p.net.set_wakeup(p.a, now + 10ms);
  };
  p.net.set_wakeup(p.a, kEpoch + 10ms);
  EXPECT_EQ(p.net.run_until_idle(), RunStatus::kIdle);
  EXPECT_EQ(p.a_rx.wakeups,
            (std::vector<TimePoint>{kEpoch + 10ms, kEpoch + 20ms, kEpoch + 30ms}));
  ASSERT_EQ(p.z_rx.packets.size(), 3u);
  EXPECT_EQ(p.z_rx.packets[2].at, kEpoch + 31ms);
  EXPECT_EQ(p.net.now(), kEpoch + 31ms);
}

TEST(SimNetwork, AtOneInstantPacketsArriveBeforeDeadlinesFire) {
  Pair p(with_delay(1ms));
  std::vector<std::string> log;
  p.z_rx.on_receive = [&](const test::Received&) { log.push_back("packet z"); };
  p.z_rx.on_wake = [&](TimePoint) { log.push_back("wake z"); };
  p.a_rx.on_wake = [&](TimePoint) { log.push_back("wake a"); };
  // Deadlines set in reverse NodeId order still fire in NodeId order.
  p.net.set_wakeup(p.z, kEpoch + 1ms);
  p.net.set_wakeup(p.a, kEpoch + 1ms);
  p.send_az(1);
  p.net.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"packet z", "wake a", "wake z"}));
}

TEST(SimNetwork, ZeroDelayReplyArrivesAtTheSameInstantAfterWhatWasDue) {
  Pair p(with_delay(0ms));
  p.z_rx.on_receive = [&](const test::Received& r) {
    if (test::number_of(r.bytes) < 100) p.send_za(test::number_of(r.bytes) + 100);
  };
  p.send_az(1);
  p.send_az(2);
  EXPECT_EQ(p.net.run_until_idle(), RunStatus::kIdle);
  EXPECT_EQ(p.z_rx.numbers(), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(p.a_rx.numbers(), (std::vector<uint32_t>{101, 102}));
  EXPECT_EQ(p.a_rx.packets[1].at, kEpoch);
  EXPECT_EQ(p.net.now(), kEpoch);
}

TEST(SimNetwork, APastDeadlineFiresNowAndTheClockNeverGoesBack) {
  Pair p(with_delay(1ms));
  ASSERT_TRUE(p.net.advance_to(kEpoch + 10ms));
  p.net.set_wakeup(p.a, kEpoch + 5ms);
  EXPECT_EQ(p.net.next_event_time(), kEpoch + 10ms);
  EXPECT_TRUE(p.net.step());
  EXPECT_EQ(p.a_rx.wakeups, (std::vector<TimePoint>{kEpoch + 10ms}));
  ASSERT_TRUE(p.net.advance_to(kEpoch + 2ms));
  EXPECT_EQ(p.net.now(), kEpoch + 10ms);
}

TEST(SimNetwork, APastDeadlineStillYieldsToAPacketDueNow) {
  Pair p(with_delay(0ms));
  std::vector<std::string> log;
  p.z_rx.on_receive = [&](const test::Received&) { log.push_back("packet"); };
  p.a_rx.on_wake = [&](TimePoint) { log.push_back("wake"); };
  ASSERT_TRUE(p.net.advance_to(kEpoch + 10ms));
  p.net.set_wakeup(p.a, kEpoch + 5ms);
  p.send_az(1);
  p.net.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"packet", "wake"}));
}

TEST(SimNetwork, AdvanceToRunsWhatIsDueAndStopsTheClockThere) {
  Pair p(with_delay(3ms));
  p.send_az(1);
  ASSERT_TRUE(p.net.advance_to(kEpoch + 2ms));
  EXPECT_TRUE(p.z_rx.packets.empty());
  EXPECT_EQ(p.net.now(), kEpoch + 2ms);
  ASSERT_TRUE(p.net.advance_by(2ms));
  ASSERT_EQ(p.z_rx.packets.size(), 1u);
  EXPECT_EQ(p.z_rx.packets[0].at, kEpoch + 3ms);
  EXPECT_EQ(p.net.now(), kEpoch + 4ms);
}

TEST(SimNetwork, RunUntilStopsAsSoonAsThePredicateHolds) {
  Pair p(with_delay(1ms));
  for (uint32_t i = 0; i < 10; ++i) {
    p.send_az(i);
    ASSERT_TRUE(p.net.advance_by(100us));
  }
  const RunStatus s = p.net.run_until([&] { return p.z_rx.packets.size() == 3; });
  EXPECT_EQ(s, RunStatus::kDone);
  EXPECT_EQ(p.z_rx.packets.size(), 3u);
  EXPECT_EQ(p.net.now(), kEpoch + 1200us);
  EXPECT_EQ(p.net.in_flight(), 7u);
}

TEST(SimNetwork, EndlessPingPongStopsAtTheEventLimit) {
  Pair p(with_delay(0ms));  // zero delay: time never moves, events never end
  p.z_rx.on_receive = [&](const test::Received& r) { p.send_za(test::number_of(r.bytes) + 1); };
  p.a_rx.on_receive = [&](const test::Received& r) { p.send_az(test::number_of(r.bytes) + 1); };
  p.send_az(0);
  EXPECT_EQ(p.net.run_until_idle({.events = 1000}), RunStatus::kEventLimit);
  EXPECT_EQ(p.z_rx.packets.size() + p.a_rx.packets.size(), 1000u);
  EXPECT_EQ(p.net.now(), kEpoch);
  EXPECT_FALSE(p.net.advance_to(kEpoch + 1ms, 10));
}

TEST(SimNetwork, APeriodicTimerStopsAtTheTimeLimit) {
  // A heartbeat never lets the network go idle.
  Pair p(with_delay(1ms));
  p.a_rx.on_wake = [&](TimePoint now) { p.net.set_wakeup(p.a, now + 1s); };
  p.net.set_wakeup(p.a, kEpoch + 1s);
  EXPECT_EQ(p.net.run_until_idle({.time = 10s}), RunStatus::kTimeLimit);
  EXPECT_EQ(p.net.now(), kEpoch + 10s);
  EXPECT_EQ(p.a_rx.wakeups.size(), 10u);
  EXPECT_EQ(p.a_rx.wakeups.back(), kEpoch + 10s);
  EXPECT_EQ(p.net.run_until([] { return false; }, {.time = 2500ms}), RunStatus::kTimeLimit);
  EXPECT_EQ(p.net.now(), kEpoch + 12500ms);
  EXPECT_EQ(p.a_rx.wakeups.size(), 12u);
}

TEST(SimNetwork, ANodeWithoutAnEndpointStillCountsDeliveries) {
  SimNetwork net(kEpoch);
  const NodeId a = net.add_node();
  const NodeId z = net.add_node();
  net.add_address(a, ipv4(1, 1, 1, 1));
  net.add_address(z, ipv4(2, 2, 2, 2));
  net.add_link(ipv4(1, 1, 1, 1), ipv4(2, 2, 2, 2), with_delay(1ms));
  net.send(a, ipv4(1, 1, 1, 1), ipv4(2, 2, 2, 2), numbered(1));
  net.set_wakeup(z, kEpoch + 1ms);
  EXPECT_EQ(net.run_until_idle(), RunStatus::kIdle);
  EXPECT_EQ(net.link(ipv4(1, 1, 1, 1), ipv4(2, 2, 2, 2)).counters().delivered, 1u);
}

TEST(SimNetwork, TraceLinesReadLikeALog) {
  Pair p(with_delay(1ms));
  p.net.set_tracing(true);
  p.send_az(1, 48);
  p.net.run_until_idle();
  ASSERT_EQ(p.net.trace().size(), 2u);
  EXPECT_EQ(to_string(p.net.trace()[1]),
            "t=1000001000000ns delivered #1 10.0.0.1->10.0.0.2 node 1 48B");
  p.net.clear_trace();
  EXPECT_TRUE(p.net.trace().empty());
}

TEST(SimNetworkDeathTest, MisuseNamesItsCause) {
  Pair p(with_delay(1ms));
  EXPECT_DEATH(p.net.add_address(p.z, p.a_addr), "address already belongs to a node");
  EXPECT_DEATH(p.net.send(p.z, p.a_addr, p.z_addr, numbered(1)), "does not own");
  EXPECT_DEATH(p.net.add_link(p.a_addr, p.z_addr, {}), "link defined twice");
  EXPECT_DEATH(p.net.add_link(p.a_addr, ipv4(9, 9, 9, 9), {}), "no node owns");
  EXPECT_DEATH(p.az().set_config(with_delay(-1ms)), "negative delay");
}

}  // namespace
}  // namespace dsctp::sim
