// tcp-perf's server: answers one measurement after another until a Quit
// Hello, SIGINT or SIGTERM.
#pragma once

#include <atomic>

#include "perf_options.h"

namespace dsctp::apps::tcp_perf {

// Returns the exit status: 0 after a Quit or a stop request, 1 if it
// cannot listen. `stop` ends it from outside.
int run_server(const PerfOptions& options, std::atomic<bool>& stop);

}  // namespace dsctp::apps::tcp_perf
