#include "cpu_time.h"

#include <sys/resource.h>
#include <time.h>

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace dsctp::apps {
namespace {

double monotonic_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

double calibrate() {
#if defined(__x86_64__) || defined(__i386__)
  // Sleeping rather than spinning: an invariant TSC ticks at its nominal
  // rate whatever the core does, and the core is shared.
  const timespec interval{0, 50'000'000};
  const double t0 = monotonic_seconds();
  const uint64_t c0 = __rdtsc();
  nanosleep(&interval, nullptr);
  const uint64_t c1 = __rdtsc();
  const double t1 = monotonic_seconds();
  return static_cast<double>(c1 - c0) / (t1 - t0);
#else
  return 1e9;
#endif
}

}  // namespace

double tsc_hz() {
  static const double hz = calibrate();
  return hz;
}

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

}  // namespace dsctp::apps
