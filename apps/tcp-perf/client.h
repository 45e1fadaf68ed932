// tcp-perf's client: one measurement, or a sweep of them, against a
// tcp-perf server.
#pragma once

#include <atomic>

#include "perf_options.h"

namespace dsctp::apps::tcp_perf {

// Returns the exit status: 0, 1 on failure, 130 when `stop` interrupted
// the run (the results so far are printed and written all the same).
int run_client(const PerfOptions& options, const std::atomic<bool>& stop);

}  // namespace dsctp::apps::tcp_perf
