// Results of a perf measurement, as every tool prints and stores them:
// one progress line per second, a summary, JSON and CSV files, and the
// CSV read back by dpdk-sctp-perf's comparison table.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "histogram.h"
#include "perf_options.h"

namespace dsctp::apps {

struct PerfResult {
  std::string tool;       // "dpdk-sctp", "raw-link", "kernel-tcp", "usrsctp"
  PerfMode mode = PerfMode::kLatency;  // kThroughput or kLatency
  uint32_t size = 0;      // payload bytes per message
  uint16_t streams = 1;
  uint16_t assocs = 1;
  bool unordered = false;
  double seconds = 0;     // measured time, warm-up excluded
  uint64_t messages = 0;  // received by the server (throughput) or round trips
  uint64_t bytes = 0;     // payload bytes, the same way
  uint64_t retransmissions = 0;  // where the transport reports them
  // CPU time both the client's threads used, in TSC-rate cycles, per message
  // (busy-polling tools use their whole core).
  double cycles_per_message = 0;
  LatencyHistogram rtt;   // latency mode: round trips in ns

  double gbit_per_s() const { return seconds > 0 ? bytes * 8.0 / seconds / 1e9 : 0; }
  double messages_per_s() const { return seconds > 0 ? messages / seconds : 0; }
};

// Summary values of a result as stored (the histogram itself is not).
struct PerfRow {
  std::string tool;
  PerfMode mode = PerfMode::kLatency;
  uint32_t size = 0;
  uint16_t streams = 1;
  uint16_t assocs = 1;
  bool unordered = false;
  double seconds = 0;
  uint64_t messages = 0;
  uint64_t bytes = 0;
  double gbit_per_s = 0;
  double messages_per_s = 0;
  // Round trip in microseconds; one way is half the round trip.
  double rtt_p50_us = 0, rtt_p90_us = 0, rtt_p99_us = 0, rtt_p999_us = 0, rtt_max_us = 0;
  uint64_t retransmissions = 0;
  double cycles_per_message = 0;
};

PerfRow to_row(const PerfResult& r);

// "  3 s  12.31 Gbit/s  1.05 M msg/s" or "  3 s  rtt p50 4.1 us p99 6.0 us",
// for the interval since the previous line.
void print_progress(std::FILE* out, double elapsed_s, const PerfRow& interval);
// A few lines: rate, the latency percentiles (round trip and one way),
// retransmissions, cycles per message.
void print_summary(std::FILE* out, const PerfRow& row);

// The CSV header line and rows (stable column order; the plot script and
// the comparison table read them).
std::string csv_header();
std::string csv_line(const PerfRow& row);
// Writes the rows to `path` (header first). False with `error` set on
// failure.
bool write_csv(const std::string& path, const std::vector<PerfRow>& rows, std::string& error);
bool write_json(const std::string& path, const std::vector<PerfRow>& rows, std::string& error);
// Reads a file written by write_csv. Nothing, with `error`, if it is not one.
std::optional<std::vector<PerfRow>> read_csv(const std::string& path, std::string& error);

}  // namespace dsctp::apps
