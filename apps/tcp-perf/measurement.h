// One tcp-perf measurement: --assocs connections, one thread each, for
// the warm-up and then the measured time, with a progress line a second.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "perf_options.h"
#include "report.h"

namespace dsctp::apps::tcp_perf {

inline constexpr const char* kToolName = "kernel-tcp";

// `mode` is kThroughput or kLatency. Returns the result so far when
// `stop` becomes true after the warm-up; nothing with `error` empty when
// it does so before; nothing with `error` set on failure.
std::optional<PerfResult> run_measurement(const PerfOptions& options, PerfMode mode,
                                          uint32_t size, const std::atomic<bool>& stop,
                                          std::string& error);

}  // namespace dsctp::apps::tcp_perf
