// dpdk-sctp-perf over our own stack: the server and the client's
// measurements, both on one engine polled by the calling thread.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "common/perf_options.h"
#include "common/report.h"
#include "rt/engine.h"
#include "rt/port.h"

namespace dsctp::apps {

rt::EngineConfig perf_engine_config(const PerfOptions& o, const rt::PortInfo& port);

// Serves measurements until a client asks it to quit (returns 0) or `stop`
// is set; then shuts its associations down.
int run_sctp_server(rt::Engine& engine, const PerfOptions& o, const std::atomic<bool>& stop);

// One measurement in `mode` (throughput or latency) at `size` bytes over
// o.assocs associations. Prints a progress line per second when
// `progress` is set. Stops early, with what it has, when `stop` is set.
// Nothing, with `error` set, when the peer cannot be reached or stops
// answering.
std::optional<PerfResult> run_sctp_measurement(rt::Engine& engine, const PerfOptions& o,
                                               PerfMode mode, uint32_t size,
                                               const std::atomic<bool>& stop, bool progress,
                                               std::string& error);

// Asks the server to exit.
bool send_sctp_quit(rt::Engine& engine, const PerfOptions& o, std::string& error);

}  // namespace dsctp::apps
