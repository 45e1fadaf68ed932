// Arming, firing and cancelling on fake time, from tens of microseconds to
// beyond the wheel's range.
#include "timer/timer_wheel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

#include "timer_test_util.h"

namespace dsctp::timer {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::Probe;
using test::rounded;

TEST(TimerWheel, StartsEmpty) {
  TimerWheel wheel(at(0s));
  EXPECT_EQ(wheel.size(), 0u);
  EXPECT_EQ(wheel.next_deadline(), std::nullopt);
  EXPECT_EQ(wheel.advance(at(10h)), 0u);
  EXPECT_EQ(wheel.tick(), 10us);
}

// Tick-aligned deadlines fire exactly at their deadline, and not 1 ns before,
// with the wheel's position moving on between scales.
TEST(TimerWheel, FiresOnTimeAndNotEarlyAtEveryScale) {
  TimerWheel wheel(at(0s));
  const Duration delays[] = {10us, 30us, 640us, 650us, 1ms, 7ms, 41ms, 250ms, 1s, 3s,
                             60s,  170s, 1h,    3h,    5h,  30h, 24h * 40, 24h * 600};
  TimePoint now = at(0s);
  for (const Duration delay : delays) {
    SCOPED_TRACE(delay.count());
    Probe probe;
    const TimePoint deadline = now + delay;
    wheel.arm(probe.timer, deadline);
    EXPECT_EQ(wheel.advance(now + delay / 2), 0u);
    EXPECT_EQ(wheel.advance(deadline - 1ns), 0u);
    EXPECT_EQ(probe.fired, 0);
    EXPECT_EQ(wheel.advance(deadline), 1u);
    EXPECT_EQ(probe.fired, 1);
    EXPECT_EQ(probe.last_fired_at, deadline);
    EXPECT_FALSE(probe.timer.armed());
    now = deadline + 3 * wheel.tick();
  }
}

TEST(TimerWheel, DeadlineRoundsUpToTheTick) {
  TimerWheel wheel(at(0s));
  Probe probe;
  wheel.arm(probe.timer, at(15us));
  EXPECT_EQ(probe.timer.deadline(), at(15us));
  EXPECT_EQ(wheel.next_deadline(), at(20us));
  EXPECT_EQ(wheel.advance(at(15us)), 0u);
  EXPECT_EQ(wheel.advance(at(20us) - 1ns), 0u);
  EXPECT_EQ(wheel.advance(at(20us)), 1u);
}

TEST(TimerWheel, CustomTickAndUnalignedStart) {
  const TimePoint start = at(1s + 3ns);
  TimerWheel wheel(start, 1ms);
  Probe probe;
  const TimePoint deadline = start + 2500us;
  wheel.arm(probe.timer, deadline);
  EXPECT_EQ(wheel.next_deadline(), start + 3ms);
  EXPECT_EQ(wheel.advance(start + 3ms - 1ns), 0u);
  EXPECT_EQ(wheel.advance(start + 3ms), 1u);
}

TEST(TimerWheel, NegativeStart) {
  const TimePoint start = at(-5h);
  TimerWheel wheel(start);
  Probe probe;
  wheel.arm(probe.timer, at(-1h));
  EXPECT_EQ(wheel.advance(at(-1h) - 1ns), 0u);
  EXPECT_EQ(wheel.advance(at(-1h)), 1u);
}

TEST(TimerWheel, DeadlineAtOrBeforeStartIsDueAtOnce) {
  TimerWheel wheel(at(1s));
  Probe before;
  Probe on;
  wheel.arm(before.timer, at(0s));
  wheel.arm(on.timer, at(1s));
  EXPECT_EQ(wheel.next_deadline(), at(1s));
  EXPECT_EQ(wheel.advance(at(1s)), 2u);
}

TEST(TimerWheel, OneLargeJumpFiresExactlyWhatIsDue) {
  TimerWheel wheel(at(0s));
  const Duration delays[] = {1ms, 1s, 1h, 10h, 50h, 100h};
  std::vector<std::unique_ptr<Probe>> probes;
  for (const Duration delay : delays) {
    probes.push_back(std::make_unique<Probe>());
    wheel.arm(probes.back()->timer, at(delay));
  }
  EXPECT_EQ(wheel.advance(at(50h)), 5u);
  EXPECT_EQ(wheel.size(), 1u);
  EXPECT_EQ(probes.back()->fired, 0);
  EXPECT_EQ(wheel.advance(at(100h)), 1u);
}

TEST(TimerWheel, BeyondTheRangeParksAndStillFiresOnTime) {
  // A 1 ns tick gives a range of 2^42 ns, about 73 minutes.
  const Duration range(static_cast<Duration::rep>(TimerWheel::kRangeTicks));
  const Duration delays[] = {range - 1ns, range, range + 1ns, 10h, 1000h, 24h * 365 * 20};
  for (const Duration delay : delays) {
    SCOPED_TRACE(delay.count());
    TimerWheel wheel(at(0s), 1ns);
    Probe probe;
    const TimePoint now = at(7s);
    wheel.advance(now);
    wheel.arm(probe.timer, now + delay);
    EXPECT_LE(wheel.next_deadline(), now + delay);
    EXPECT_EQ(wheel.advance(now + delay - 1ns), 0u);
    EXPECT_EQ(wheel.advance(now + delay), 1u);
    EXPECT_EQ(probe.last_fired_at, now + delay);
  }
}

TEST(TimerWheel, FarthestDeadlineNeitherFiresNorOverflows) {
  TimerWheel wheel(at(0s));
  Probe probe;
  wheel.arm(probe.timer, TimePoint::max());
  EXPECT_EQ(wheel.advance(at(24h * 365 * 100)), 0u);
  ASSERT_TRUE(wheel.next_deadline().has_value());
  EXPECT_GT(*wheel.next_deadline(), at(24h * 365 * 100));
  EXPECT_EQ(wheel.size(), 1u);
}

TEST(TimerWheel, FiresInRoundedDeadlineOrder) {
  TimerWheel wheel(at(0s));
  std::mt19937_64 rng(7);
  std::vector<TimePoint> fired;
  std::vector<std::unique_ptr<Probe>> probes;
  for (int i = 0; i < 2000; ++i) {
    probes.push_back(std::make_unique<Probe>([&](Probe& p, TimePoint) {
      fired.push_back(rounded(at(0s), wheel.tick(), p.timer.deadline()));
    }));
    const auto exponent = std::uniform_int_distribution<int>(1, 12)(rng);
    const auto ns = std::uniform_int_distribution<int64_t>(1, int64_t{1} << (3 * exponent))(rng);
    wheel.arm(probes.back()->timer, at(Duration(ns)));
  }
  EXPECT_EQ(wheel.advance(at(24h * 365)), 2000u);
  EXPECT_TRUE(std::is_sorted(fired.begin(), fired.end()));
}

TEST(TimerWheel, MassExpiryAtOneInstant) {
  TimerWheel wheel(at(0s));
  constexpr int kCount = 100'000;
  std::vector<Probe> probes(kCount);
  for (Probe& p : probes) wheel.arm(p.timer, at(3s));
  EXPECT_EQ(wheel.size(), size_t{kCount});
  EXPECT_EQ(wheel.advance(at(3s) - 1ns), 0u);
  EXPECT_EQ(wheel.advance(at(3s)), size_t{kCount});
  EXPECT_EQ(wheel.size(), 0u);
  EXPECT_TRUE(std::all_of(probes.begin(), probes.end(), [](const Probe& p) {
    return p.fired == 1;
  }));
}

TEST(TimerWheel, MassExpirySpreadOverAnHour) {
  TimerWheel wheel(at(0s));
  constexpr int kCount = 100'000;
  std::vector<Probe> probes(kCount);
  for (int i = 0; i < kCount; ++i) wheel.arm(probes[i].timer, at(i * 36ms));
  EXPECT_EQ(wheel.advance(at(1h)), size_t{kCount});
  EXPECT_EQ(wheel.size(), 0u);
  for (const Probe& p : probes) EXPECT_EQ(p.fired, 1);
}

TEST(TimerWheel, CancelPreventsFiringAndIsIdempotent) {
  TimerWheel wheel(at(0s));
  Probe kept;
  Probe cancelled;
  Probe never_armed;
  wheel.arm(kept.timer, at(1s));
  wheel.arm(cancelled.timer, at(1s));
  wheel.cancel(cancelled.timer);
  cancelled.timer.cancel();
  wheel.cancel(never_armed.timer);
  EXPECT_FALSE(cancelled.timer.armed());
  EXPECT_EQ(wheel.size(), 1u);
  EXPECT_EQ(wheel.advance(at(2s)), 1u);
  EXPECT_EQ(kept.fired, 1);
  EXPECT_EQ(cancelled.fired, 0);
}

TEST(TimerWheel, CancellingTheOnlyTimerClearsNextDeadline) {
  TimerWheel wheel(at(0s));
  for (const Duration d : {Duration(20us), Duration(5ms), Duration(2s), Duration(5h)}) {
    Probe probe;
    wheel.arm(probe.timer, at(d));
    EXPECT_TRUE(wheel.next_deadline().has_value());
    probe.timer.cancel();
    EXPECT_EQ(wheel.next_deadline(), std::nullopt);
  }
}

TEST(TimerWheel, RearmEarlierAndLater) {
  TimerWheel wheel(at(0s));
  Probe earlier;
  Probe later;
  wheel.arm(earlier.timer, at(1s));
  wheel.arm(earlier.timer, at(10ms));
  wheel.arm(later.timer, at(10ms));
  wheel.arm(later.timer, at(1s));
  EXPECT_EQ(wheel.size(), 2u);
  EXPECT_EQ(wheel.advance(at(10ms)), 1u);
  EXPECT_EQ(earlier.fired, 1);
  EXPECT_EQ(later.fired, 0);
  EXPECT_EQ(wheel.advance(at(1s)), 1u);
  EXPECT_EQ(earlier.fired, 1);
  EXPECT_EQ(later.fired, 1);
}

TEST(TimerWheel, ArmingOnAnotherWheelMovesTheTimer) {
  TimerWheel a(at(0s));
  TimerWheel b(at(0s));
  Probe probe;
  a.arm(probe.timer, at(1s));
  b.arm(probe.timer, at(2s));
  EXPECT_EQ(a.size(), 0u);
  EXPECT_EQ(b.size(), 1u);
  EXPECT_EQ(a.advance(at(3s)), 0u);
  EXPECT_EQ(b.advance(at(3s)), 1u);
}

TEST(TimerWheel, DestroyingAnArmedTimerCancelsIt) {
  TimerWheel wheel(at(0s));
  Probe survivor;
  wheel.arm(survivor.timer, at(1s));
  {
    Probe doomed;
    wheel.arm(doomed.timer, at(1s));
    EXPECT_EQ(wheel.size(), 2u);
  }
  EXPECT_EQ(wheel.size(), 1u);
  EXPECT_EQ(wheel.advance(at(1s)), 1u);  // ASan would flag a touch of `doomed`.
}

TEST(TimerWheel, TimersMayOutliveTheirWheel) {
  Probe probe;
  Probe due;
  {
    TimerWheel wheel(at(0s));
    wheel.arm(probe.timer, at(1s));
    wheel.arm(due.timer, at(0s));  // Due: waits in the pending list.
  }
  EXPECT_FALSE(probe.timer.armed());
  EXPECT_FALSE(due.timer.armed());
  probe.timer.cancel();
}

}  // namespace
}  // namespace dsctp::timer
