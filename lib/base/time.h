// Time as the stack sees it: the runtime reads a clock (the TSC) and passes
// `now` in; nothing below lib/rt ever reads a clock itself. StackClock has
// no now() on purpose.
#pragma once

#include <chrono>
#include <cstdint>

namespace dsctp {

struct StackClock {
  using rep = int64_t;
  using period = std::nano;
  using duration = std::chrono::duration<rep, period>;
  using time_point = std::chrono::time_point<StackClock>;
  static constexpr bool is_steady = true;
};

using Duration = StackClock::duration;
using TimePoint = StackClock::time_point;

}  // namespace dsctp
