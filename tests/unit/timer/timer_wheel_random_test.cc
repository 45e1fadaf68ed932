// The wheel against a std::multimap model (see model_checker.h): random
// operations over every scale with a fixed seed, and long runs that take each
// level of the wheel round many laps.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>

#include "model_checker.h"

namespace dsctp::timer {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::ModelChecker;

constexpr int kTimers = 1000;
constexpr int kOperations = 100'000;

class Random {
 public:
  explicit Random(uint64_t seed) : rng_(seed) {}

  int64_t uniform(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  bool chance(int percent) { return uniform(0, 99) < percent; }

  // Spread evenly over the orders of magnitude in [1, max].
  Duration log_uniform(double max_ns) {
    const double exponent = std::uniform_real_distribution<double>(0, std::log(max_ns))(rng_);
    return Duration(static_cast<Duration::rep>(std::exp(exponent)));
  }

  // Mostly within hours; some in the past, some decades off, which is
  // beyond the range of every tick tested.
  TimePoint deadline(TimePoint now) {
    const int64_t kind = uniform(0, 99);
    if (kind < 8) return now - log_uniform(1e9);
    if (kind < 12) return now;
    if (kind < 72) return now + log_uniform(1e13);
    if (kind < 92) return now + log_uniform(1e16);
    return now + log_uniform(4e17);
  }

  Duration step() { return chance(30) ? Duration(0) : log_uniform(1e13); }

 private:
  std::mt19937_64 rng_;
};

struct Case {
  Duration tick;
  bool callbacks_act;
};

class TimerWheelDifferential : public ::testing::TestWithParam<Case> {};

// Callbacks cancel, re-arm themselves and arm others; always for later than
// `now`, since a past deadline armed from a callback waits for the next
// advance() by design and is tested on its own.
void act_on_fire(ModelChecker& checker, Random& random, int id, TimePoint now) {
  const int64_t what = random.uniform(0, 9);
  const int other = static_cast<int>(random.uniform(0, kTimers - 1));
  const TimePoint later = now + 1ns + random.log_uniform(1e12);
  if (what < 2) checker.cancel(other);
  if (what >= 2 && what < 5) checker.arm(id, later);
  if (what == 5) checker.arm(other, later);
}

TEST_P(TimerWheelDifferential, MatchesTheModel) {
  const Case c = GetParam();
  const TimePoint start = at(1000s + 12345ns);
  ModelChecker checker(start, c.tick, kTimers);
  Random random(0x5C7Bu + static_cast<uint64_t>(c.tick.count()));
  if (c.callbacks_act) {
    checker.set_on_fire(
        [&](int id, TimePoint now) { act_on_fire(checker, random, id, now); });
  }
  for (int op = 0; op < kOperations && !HasFailure(); ++op) {
    const int64_t what = random.uniform(0, 99);
    const int id = static_cast<int>(random.uniform(0, kTimers - 1));
    if (what < 45) {
      checker.arm(id, random.deadline(checker.now()));
    } else if (what < 60) {
      checker.cancel(id);
    } else {
      checker.advance(checker.now() + random.step());
    }
  }
  checker.advance(TimePoint::max() - 24h);
  EXPECT_GT(checker.fired_total(), size_t{kOperations / 5});
}

INSTANTIATE_TEST_SUITE_P(Ticks, TimerWheelDifferential,
                         ::testing::Values(Case{1ns, false}, Case{1ns, true},
                                           Case{10us, false}, Case{10us, true},
                                           Case{1ms, true}));

// For each level in turn, 64 timers re-arm themselves at random delays up to
// one lap of that level while time moves in steps of up to 1/16 lap, for 20
// laps. The position carries over from level to level, so by the end every
// level has wrapped many times, the top one 20 times.
class TimerWheelLaps : public ::testing::TestWithParam<Duration> {};

TEST_P(TimerWheelLaps, EveryLevelWrapsManyTimes) {
  const Duration tick = GetParam();
  ModelChecker checker(at(0s), tick, 64);
  Random random(42);
  for (uint32_t level = 0; level < TimerWheel::kLevels && !HasFailure(); ++level) {
    const int64_t lap = int64_t{1} << (TimerWheel::kBitsPerLevel * (level + 1));
    const TimePoint end = checker.now() + 20 * lap * tick;
    const auto delay = [&] { return random.uniform(1, lap - 1) * tick; };
    checker.set_on_fire([&](int id, TimePoint now) {
      if (now < end) checker.arm(id, now + delay());
    });
    const size_t fired_before = checker.fired_total();
    for (int id = 0; id < 64; ++id) checker.arm(id, checker.now() + delay());
    while (checker.now() < end && !HasFailure()) {
      checker.advance(checker.now() + random.uniform(0, lap / 16) * tick);
    }
    checker.advance(end + lap * tick);
    EXPECT_EQ(checker.armed_count(), 0u);
    EXPECT_GE(checker.fired_total() - fired_before, size_t{64 * 20});
    checker.set_on_fire(nullptr);  // It refers to this iteration's locals.
  }
}

INSTANTIATE_TEST_SUITE_P(Ticks, TimerWheelLaps, ::testing::Values(1ns, 10us));

}  // namespace
}  // namespace dsctp::timer
