// The usrsctp-perf server: takes associations one measurement after
// another (several at once with the client's --assocs) and answers each
// as its Hello says (perf_protocol.h), all from usrsctp's receive
// callback: echoes go back from the thread that delivered the request,
// with no hand-over in between.
#pragma once

#include <atomic>

#include "perf_options.h"

namespace dsctp::apps::usrsctp_perf {

// Runs usrsctp for the server's whole life. 0 once a client's Hello asks
// it to quit or `stop` is set, 1 when it cannot start.
int run_server(const PerfOptions& o, const std::atomic<bool>& stop);

}  // namespace dsctp::apps::usrsctp_perf
