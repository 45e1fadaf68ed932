// The runtime's one clock: the TSC, read once per poll iteration and
// handed to the sans-IO layers as a TimePoint. Nothing below lib/rt reads
// a clock.
#pragma once

#include <rte_cycles.h>

#include <cstdint>

#include "base/time.h"

namespace dsctp::rt {

class TscClock {
 public:
  TscClock() : hz_(rte_get_tsc_hz()), start_(rte_rdtsc()) {}

  TimePoint now() const {
    uint64_t cycles = rte_rdtsc() - start_;
    // Split so that the product cannot overflow for years of uptime.
    uint64_t seconds = cycles / hz_;
    uint64_t rest = cycles % hz_;
    return TimePoint(Duration(static_cast<int64_t>(seconds * 1'000'000'000ull +
                                                   rest * 1'000'000'000ull / hz_)));
  }

 private:
  uint64_t hz_;
  uint64_t start_;
};

}  // namespace dsctp::rt
