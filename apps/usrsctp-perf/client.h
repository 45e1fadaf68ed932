// The usrsctp-perf client: one measurement after another (sweep: the
// throughput and then the latency of every size), each on fresh
// associations, with a summary per measurement and the rows in the
// --csv and --json files at the end.
#pragma once

#include <atomic>

#include "perf_options.h"

namespace dsctp::apps::usrsctp_perf {

// Runs usrsctp for the client's whole life. 0 when every measurement
// went through, 1 on failure, kInterruptedExit when `stop` cut it short
// (the measurements so far are reported).
int run_client(const PerfOptions& o, const std::atomic<bool>& stop);

inline constexpr int kInterruptedExit = 130;  // as a shell reports SIGINT

// The client's own UDP port: the server has --udp-port, and both may run
// on one host.
uint16_t client_udp_port(uint16_t server_udp_port);

}  // namespace dsctp::apps::usrsctp_perf
