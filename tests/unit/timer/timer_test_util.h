// Helpers shared by the timer wheel tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

#include "base/time.h"
#include "timer/timer.h"

namespace dsctp::timer::test {

using namespace std::chrono_literals;

inline TimePoint at(Duration d) { return TimePoint{} + d; }

// The deadline rounded up to the wheel's tick: when the wheel must fire it.
// Worked out independently of the wheel, on signed nanoseconds.
inline TimePoint rounded(TimePoint start, Duration tick, TimePoint deadline) {
  if (deadline <= start) return start;
  const Duration since = deadline - start;
  const auto ticks = (since.count() + tick.count() - 1) / tick.count();
  return start + ticks * tick;
}

// A timer that counts its firings and may run an action when it fires.
struct Probe {
  using Action = std::function<void(Probe&, TimePoint)>;

  Probe() = default;
  explicit Probe(Action a) : action(std::move(a)) {}

  static void on_fire(void* context, TimePoint now) {
    auto& probe = *static_cast<Probe*>(context);
    ++probe.fired;
    probe.last_fired_at = now;
    if (probe.action) probe.action(probe, now);
  }

  Timer timer{&Probe::on_fire, this};
  int fired = 0;
  TimePoint last_fired_at{};
  Action action;
};

}  // namespace dsctp::timer::test
