// Micro-benchmarks of the timer wheel: arming and cancelling with a million
// timers armed, and what advance() costs per expired timer and when idle.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "timer/timer_wheel.h"

namespace {

using namespace std::chrono_literals;
using dsctp::Duration;
using dsctp::TimePoint;
using dsctp::timer::Timer;
using dsctp::timer::TimerWheel;

constexpr int kArmed = 1'000'000;
const TimePoint kStart = TimePoint{} + 1000s;

uint64_t g_fired = 0;

void count_firing(void*, TimePoint) { ++g_fired; }

struct Entry {
  Timer timer{&count_firing, nullptr};
};

// Deadlines spread evenly over the orders of magnitude between `earliest`
// and 10 h, as an SCTP stack's timers are: delayed SACKs, RTOs, heartbeats.
std::vector<TimePoint> random_deadlines(size_t count, uint64_t seed, Duration earliest = 10us) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> exponent(
      std::log(static_cast<double>(earliest.count())), std::log(3.6e13));
  std::vector<TimePoint> deadlines(count);
  for (TimePoint& d : deadlines) {
    d = kStart + Duration(static_cast<Duration::rep>(std::exp(exponent(rng))));
  }
  return deadlines;
}

// A wheel with a million timers armed at random deadlines.
struct Loaded {
  explicit Loaded(Duration earliest = 10us)
      : wheel(kStart), entries(std::make_unique<Entry[]>(kArmed)) {
    const auto deadlines = random_deadlines(kArmed, 1, earliest);
    for (int i = 0; i < kArmed; ++i) wheel.arm(entries[i].timer, deadlines[i]);
  }
  TimerWheel wheel;
  std::unique_ptr<Entry[]> entries;
};

void BM_ArmCancel1MArmed(benchmark::State& state) {
  Loaded loaded;
  const auto deadlines = random_deadlines(4096, 2);
  Entry extra;
  size_t i = 0;
  for (auto _ : state) {
    loaded.wheel.arm(extra.timer, deadlines[i++ & 4095]);
    loaded.wheel.cancel(extra.timer);
  }
  benchmark::DoNotOptimize(loaded.wheel.size());
}
BENCHMARK(BM_ArmCancel1MArmed);

// The common case in SCTP: restarting a running T3-rtx or heartbeat timer of
// the association whose packet was just handled, so the timer is in cache.
void BM_RearmHot1MArmed(benchmark::State& state) {
  Loaded loaded;
  const auto deadlines = random_deadlines(4096, 3);
  Entry extra;
  loaded.wheel.arm(extra.timer, deadlines[0]);
  size_t i = 0;
  for (auto _ : state) loaded.wheel.arm(extra.timer, deadlines[i++ & 4095]);
  benchmark::DoNotOptimize(loaded.wheel.size());
}
BENCHMARK(BM_RearmHot1MArmed);

// Re-arming timers picked at random among the million: mostly cache misses
// on the timer and its two list neighbours.
void BM_RearmCold1MArmed(benchmark::State& state) {
  Loaded loaded;
  const auto deadlines = random_deadlines(4096, 3);
  size_t i = 0;
  for (auto _ : state) {
    loaded.wheel.arm(loaded.entries[(i * 7919) % kArmed].timer, deadlines[i & 4095]);
    ++i;
  }
  benchmark::DoNotOptimize(loaded.wheel.size());
}
BENCHMARK(BM_RearmCold1MArmed);

// Arms range(0) timers one `step` ahead and spread over `spread` after that,
// then advances in steps of `step` until all have fired. Only advance() is
// timed; the rate is per timer fired.
void advance_through(benchmark::State& state, Duration spread, Duration step) {
  const auto count = static_cast<size_t>(state.range(0));
  auto entries = std::make_unique<Entry[]>(count);
  std::mt19937_64 rng(4);
  std::uniform_int_distribution<Duration::rep> offset(0, spread.count());
  TimePoint now = kStart;
  TimerWheel wheel(now);
  for (auto _ : state) {
    state.PauseTiming();
    const TimePoint base = now;
    for (size_t i = 0; i < count; ++i) {
      wheel.arm(entries[i].timer, base + step + Duration(offset(rng)));
    }
    state.ResumeTiming();
    while (wheel.size() != 0) {
      now += step;
      wheel.advance(now);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}

// Timers spread over a second, advanced every 10 µs (one tick): the
// steady-state cost, including advance() calls that fire nothing.
void BM_AdvancePerTimerSecondByTick(benchmark::State& state) {
  advance_through(state, 1s, 10us);
}
BENCHMARK(BM_AdvancePerTimerSecondByTick)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

// Timers spread over 10 hours, reached in two jumps: every level cascades.
void BM_AdvancePerTimerHoursInOneJump(benchmark::State& state) {
  advance_through(state, 10h, 10h);
}
BENCHMARK(BM_AdvancePerTimerHoursInOneJump)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

// All timers due at the same instant.
void BM_AdvancePerTimerMassExpiry(benchmark::State& state) {
  advance_through(state, 0s, 1s);
}
BENCHMARK(BM_AdvancePerTimerMassExpiry)->Arg(100'000)->Arg(1'000'000);

// The lcore loop calls advance() on every poll; with a million timers armed
// and nothing due for an hour, that call must cost next to nothing.
void BM_AdvanceIdle1MArmed(benchmark::State& state) {
  Loaded loaded(1h);
  TimePoint now = kStart;
  for (auto _ : state) {
    now += 1ns;
    benchmark::DoNotOptimize(loaded.wheel.advance(now));
  }
}
BENCHMARK(BM_AdvanceIdle1MArmed);

}  // namespace

BENCHMARK_MAIN();
