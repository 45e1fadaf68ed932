#include "client.h"

#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cpu_time.h"
#include "measurement.h"
#include "perf_protocol.h"
#include "report.h"
#include "socket_io.h"

namespace dsctp::apps::tcp_perf {
namespace {

constexpr int kInterrupted = 130;  // 128 + SIGINT, as a shell reports it

std::vector<std::pair<PerfMode, uint32_t>> plan(const PerfOptions& o) {
  if (o.mode != PerfMode::kSweep) return {{o.mode, o.size}};
  std::vector<std::pair<PerfMode, uint32_t>> steps;
  for (uint32_t size : o.sizes) {
    steps.emplace_back(PerfMode::kThroughput, size);
    steps.emplace_back(PerfMode::kLatency, size);
  }
  return steps;
}

void announce(const PerfOptions& o, PerfMode mode, uint32_t size) {
  std::printf("%s %s to %s:%u, %u-byte messages, %u connection%s: %g s warm-up, %g s measured\n",
              kToolName, to_string(mode), o.peer.c_str(), o.port, size, o.assocs,
              o.assocs == 1 ? "" : "s", o.warmup_s, o.duration_s);
  std::fflush(stdout);
}

bool write_results(const PerfOptions& o, const std::vector<PerfRow>& rows) {
  std::string error;
  if ((!o.csv_path.empty() && !write_csv(o.csv_path, rows, error)) ||
      (!o.json_path.empty() && !write_json(o.json_path, rows, error))) {
    std::fprintf(stderr, "tcp-perf: %s\n", error.c_str());
    return false;
  }
  return true;
}

bool quit_server(const PerfOptions& o) {
  std::string error;
  Fd fd = connect_to(o.peer, o.port, static_cast<int>(o.timeout_ms), error);
  const auto hello = encode(Hello{WireMode::kQuit, 0});
  if (fd.valid() && configure(fd.get(), 0, error) &&
      write_full(fd.get(), hello.data(), hello.size(), Patience{static_cast<int>(o.timeout_ms)}) ==
          IoStatus::kOk) {
    std::printf("asked the server to quit\n");
    return true;
  }
  std::fprintf(stderr, "tcp-perf: cannot ask the server to quit: %s\n",
               error.empty() ? "the connection failed" : error.c_str());
  return false;
}

}  // namespace

int run_client(const PerfOptions& options, const std::atomic<bool>& stop) {
  tsc_hz();  // calibrated once, before any clock runs
  std::vector<PerfRow> rows;
  int status = 0;
  for (const auto& [mode, size] : plan(options)) {
    announce(options, mode, size);
    std::string error;
    std::optional<PerfResult> result = run_measurement(options, mode, size, stop, error);
    if (!error.empty()) {
      std::fprintf(stderr, "tcp-perf: %s\n", error.c_str());
      status = 1;
      break;
    }
    if (result) {
      rows.push_back(to_row(*result));
      print_summary(stdout, rows.back());
    }
    if (stop.load()) {
      std::printf("interrupted\n");
      status = kInterrupted;
      break;
    }
  }
  if (!write_results(options, rows) && status == 0) status = 1;
  if (status == 0 && options.quit_server && !quit_server(options)) status = 1;
  return status;
}

}  // namespace dsctp::apps::tcp_perf
