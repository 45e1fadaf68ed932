// CPU cost without DPDK, so that kernel TCP and usrsctp report cycles per
// message on the same scale as dpdk-sctp-perf (which has rte_get_tsc_hz()).
#pragma once

namespace dsctp::apps {

// The time stamp counter's rate in Hz, from rdtsc against CLOCK_MONOTONIC
// over 50 ms on the first call (later calls return the same value). On a
// CPU without a TSC, 1e9: cycles are then nanoseconds.
double tsc_hz();

// User plus system CPU time of every thread of this process so far.
double process_cpu_seconds();

}  // namespace dsctp::apps
