// What callbacks may do to the wheel while it expires timers, and driving the
// wheel by next_deadline() as the engine does.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "timer/timer_wheel.h"
#include "timer_test_util.h"

namespace dsctp::timer {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::Probe;
using test::rounded;

TEST(TimerWheelCallback, CancelsTheRestOfItsBatch) {
  TimerWheel wheel(at(0s));
  std::vector<Probe> probes(100);
  for (Probe& p : probes) {
    p.action = [&](Probe&, TimePoint) {
      for (Probe& other : probes) other.timer.cancel();
    };
    wheel.arm(p.timer, at(1s));
  }
  EXPECT_EQ(wheel.advance(at(1s)), 1u);
  EXPECT_EQ(wheel.size(), 0u);
  int fired = 0;
  for (const Probe& p : probes) fired += p.fired;
  EXPECT_EQ(fired, 1);
}

TEST(TimerWheelCallback, CancelsTimersDueLaterInTheSameAdvance) {
  TimerWheel wheel(at(0s));
  Probe far;   // Still in a high level when `near` fires.
  Probe next;  // Same level-0 lap as `near`.
  Probe near([&](Probe&, TimePoint) {
    far.timer.cancel();
    next.timer.cancel();
  });
  wheel.arm(near.timer, at(1ms));
  wheel.arm(next.timer, at(1ms + 10us));
  wheel.arm(far.timer, at(2h));
  EXPECT_EQ(wheel.advance(at(3h)), 1u);
  EXPECT_EQ(far.fired + next.fired, 0);
  EXPECT_EQ(wheel.size(), 0u);
}

TEST(TimerWheelCallback, PeriodicRearmFromItsDeadlineCatchesUpInOneAdvance) {
  TimerWheel wheel(at(0s));
  std::vector<TimePoint> deadlines;
  Probe periodic([&](Probe& p, TimePoint) {
    deadlines.push_back(p.timer.deadline());
    wheel.arm(p.timer, p.timer.deadline() + 1ms);
  });
  wheel.arm(periodic.timer, at(1ms));
  EXPECT_EQ(wheel.advance(at(10ms)), 10u);
  ASSERT_EQ(deadlines.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(deadlines[i], at((i + 1) * 1ms));
  // 11 ms is in a level-1 slot, which starts 640 µs apart.
  EXPECT_EQ(wheel.next_deadline(), at(10880us));
  EXPECT_EQ(wheel.advance(at(11ms) - 1ns), 0u);
  EXPECT_EQ(wheel.advance(at(11ms)), 1u);
}

TEST(TimerWheelCallback, RearmFromNowFiresOncePerAdvance) {
  TimerWheel wheel(at(0s));
  Probe periodic([&](Probe& p, TimePoint now) { wheel.arm(p.timer, now + 1ms); });
  wheel.arm(periodic.timer, at(1ms));
  EXPECT_EQ(wheel.advance(at(1h)), 1u);
  EXPECT_EQ(periodic.timer.deadline(), at(1h + 1ms));
  EXPECT_EQ(wheel.advance(at(1h + 1ms)), 1u);
}

// Documented: a deadline at or before the position waits for the next
// advance(), so this cannot loop.
TEST(TimerWheelCallback, RearmInThePastFiresOnTheNextAdvance) {
  TimerWheel wheel(at(0s));
  Probe stubborn([&](Probe& p, TimePoint now) { wheel.arm(p.timer, now - 1s); });
  wheel.arm(stubborn.timer, at(5s));
  EXPECT_EQ(wheel.advance(at(5s)), 1u);
  EXPECT_TRUE(stubborn.timer.armed());
  EXPECT_LE(wheel.next_deadline(), at(4s));
  EXPECT_EQ(wheel.advance(at(5s)), 1u);
  EXPECT_EQ(wheel.advance(at(5s)), 1u);
  EXPECT_EQ(stubborn.fired, 3);
  stubborn.timer.cancel();
  EXPECT_EQ(wheel.advance(at(5s)), 0u);
}

TEST(TimerWheelCallback, ArmAtTheTickBeingExpiredWaitsForTheNextAdvance) {
  TimerWheel wheel(at(0s));
  Probe same_tick;
  Probe later_tick;
  Probe first([&](Probe&, TimePoint) {
    wheel.arm(same_tick.timer, at(1ms));
    wheel.arm(later_tick.timer, at(5ms));
  });
  wheel.arm(first.timer, at(1ms));
  EXPECT_EQ(wheel.advance(at(10ms)), 2u);  // `first`, then `later_tick`.
  EXPECT_EQ(later_tick.fired, 1);
  EXPECT_EQ(same_tick.fired, 0);
  EXPECT_EQ(wheel.advance(at(10ms)), 1u);
  EXPECT_EQ(same_tick.fired, 1);
}

TEST(TimerWheel, ArmInThePastFiresOnTheNextAdvance) {
  TimerWheel wheel(at(0s));
  wheel.advance(at(10s));
  Probe late;
  Probe later;
  Probe latest;
  wheel.arm(late.timer, at(5s) + 3us);
  wheel.arm(latest.timer, at(10s));
  wheel.arm(later.timer, at(8s));
  EXPECT_EQ(wheel.next_deadline(), at(5s) + 10us);
  EXPECT_EQ(wheel.advance(at(10s)), 3u);
  EXPECT_EQ(late.last_fired_at, at(10s));
  EXPECT_EQ(wheel.next_deadline(), std::nullopt);
}

TEST(TimerWheelCallback, MayDestroyItsOwnTimer) {
  TimerWheel wheel(at(0s));
  auto* owner = new Probe;
  owner->action = [](Probe& p, TimePoint) { delete &p; };
  Probe after;
  wheel.arm(owner->timer, at(1s));
  wheel.arm(after.timer, at(1s));
  EXPECT_EQ(wheel.advance(at(1s)), 2u);
  EXPECT_EQ(wheel.size(), 0u);
}

TEST(TimerWheelCallback, MayDestroyATimerDueInTheSameBatch) {
  TimerWheel wheel(at(0s));
  std::vector<std::unique_ptr<Probe>> probes;
  for (int i = 0; i < 4; ++i) probes.push_back(std::make_unique<Probe>());
  // Whichever fires first destroys all the others.
  for (auto& p : probes) {
    p->action = [&](Probe& self, TimePoint) {
      for (auto& other : probes) {
        if (other.get() != &self) other.reset();
      }
    };
    wheel.arm(p->timer, at(1s));
  }
  EXPECT_EQ(wheel.advance(at(1s)), 1u);
  EXPECT_EQ(wheel.size(), 0u);
}

TEST(TimerWheelCallback, MayPostponeATimerDueInTheSameBatch) {
  TimerWheel wheel(at(0s));
  Probe a;
  Probe b;
  auto postpone_other = [&](Probe& self, TimePoint) {
    Probe& other = &self == &a ? b : a;
    wheel.arm(other.timer, at(2s));
  };
  a.action = postpone_other;
  b.action = postpone_other;
  wheel.arm(a.timer, at(1s));
  wheel.arm(b.timer, at(1s));
  EXPECT_EQ(wheel.advance(at(1s)), 1u);
  EXPECT_EQ(wheel.size(), 1u);
  EXPECT_EQ(wheel.advance(at(2s)), 1u);
  EXPECT_EQ(a.fired + b.fired, 2);
}

// The engine loop: sleep until next_deadline(), advance(), repeat. Every
// reported deadline is no later than the timer's, and the timer fires exactly
// on its rounded deadline after at most one step per level.
TEST(TimerWheel, DrivenByNextDeadlineFiresExactlyOnTime) {
  const Duration delays[] = {10us,  15us, 333us, 5ms, 77ms, 1s, 3700ms, 61s,
                             1234s, 2h,   13h,   48h, 24h * 700};
  for (const Duration tick : {Duration(1ns), Duration(10us), Duration(1ms)}) {
    TimerWheel wheel(at(0s), tick);
    TimePoint now = at(0s);
    for (const Duration delay : delays) {
      SCOPED_TRACE(::testing::PrintToString(tick.count()) + "/" +
                   ::testing::PrintToString(delay.count()));
      Probe probe;
      wheel.arm(probe.timer, now + delay);
      const TimePoint due = rounded(at(0s), tick, now + delay);
      // Each lap a parked timer waits costs one more step.
      const uint64_t laps = static_cast<uint64_t>(delay / tick) / TimerWheel::kRangeTicks;
      const uint64_t max_steps = TimerWheel::kLevels + 1 + laps;
      uint64_t steps = 0;
      while (probe.fired == 0 && steps <= max_steps) {
        const auto next = wheel.next_deadline();
        ASSERT_TRUE(next.has_value());
        ASSERT_LE(*next, due);
        ASSERT_GT(*next, now);
        now = *next;
        wheel.advance(now);
        ++steps;
      }
      EXPECT_EQ(probe.last_fired_at, due);
      EXPECT_LE(steps, max_steps);
    }
  }
}

}  // namespace
}  // namespace dsctp::timer
