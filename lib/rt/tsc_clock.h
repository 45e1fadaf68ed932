// The runtime's one clock: the TSC, read once per poll iteration and
// handed to the sans-IO layers as a TimePoint. Nothing below lib/rt reads
// a clock.
#pragma once

#include <rte_cycles.h>

#include <cstdint>

#include "base/time.h"

namespace dsctp::rt {

// Cycles become nanoseconds by one multiplication with a 32.32 fixed-point
// factor: now() runs at the top of every poll, where the two 64-bit
// divisions of the exact conversion were the loop's costliest
// instructions. The factor's rounding drifts by under a nanosecond per
// second, far below any timer's tick.
class TscClock {
 public:
  TscClock()
      : ns_per_cycle_q32_(((uint64_t{1'000'000'000} << 32) + rte_get_tsc_hz() / 2) /
                          rte_get_tsc_hz()),
        start_(rte_rdtsc()) {}

  TimePoint now() const {
    __extension__ using u128 = unsigned __int128;
    uint64_t cycles = rte_rdtsc() - start_;
    auto ns = static_cast<uint64_t>((u128{cycles} * ns_per_cycle_q32_) >> 32);
    return TimePoint(Duration(static_cast<int64_t>(ns)));
  }

 private:
  uint64_t ns_per_cycle_q32_;
  uint64_t start_;
};

}  // namespace dsctp::rt
