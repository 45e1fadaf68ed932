#include "comparison.h"

#include <cstdio>
#include <optional>

namespace dsctp::apps {
namespace {

constexpr const char* kTools[] = {"raw-link", "dpdk-sctp", "kernel-tcp", "usrsctp"};

const PerfRow* find(const std::vector<PerfRow>& rows, const char* tool, PerfMode mode,
                    uint32_t size) {
  for (const PerfRow& r : rows) {
    if (r.tool == tool && r.mode == mode && r.size == size && r.messages > 0) return &r;
  }
  return nullptr;
}

std::string cell(std::optional<double> v, int decimals) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  return buf;
}

std::string ratio(std::optional<double> ours, std::optional<double> theirs) {
  if (!ours || !theirs || *ours <= 0 || *theirs <= 0) return "-";
  double r = *ours / *theirs;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx", r);
  return buf;
}

struct Line {
  std::string label;
  PerfMode mode;
  uint32_t size;
  double (*value)(const PerfRow&);
  int decimals;
};

void append(std::string& out, const std::string& label, const std::vector<std::string>& cells) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-30s", label.c_str());
  out += buf;
  for (const std::string& c : cells) {
    std::snprintf(buf, sizeof buf, " %11s", c.c_str());
    out += buf;
  }
  out += '\n';
}

}  // namespace

std::string comparison_table(const std::vector<PerfRow>& rows) {
  std::vector<Line> lines;
  char label[64];
  std::snprintf(label, sizeof label, "round trip %u B p50 (us)", kLatencySize);
  lines.push_back({label, PerfMode::kLatency, kLatencySize,
                   [](const PerfRow& r) { return r.rtt_p50_us; }, 2});
  std::snprintf(label, sizeof label, "round trip %u B p99 (us)", kLatencySize);
  lines.push_back({label, PerfMode::kLatency, kLatencySize,
                   [](const PerfRow& r) { return r.rtt_p99_us; }, 2});
  std::snprintf(label, sizeof label, "one way %u B p50 (us)", kLatencySize);
  lines.push_back({label, PerfMode::kLatency, kLatencySize,
                   [](const PerfRow& r) { return r.rtt_p50_us / 2; }, 2});
  for (uint32_t size : kThroughputSizes) {
    std::snprintf(label, sizeof label, "%u B messages (M msg/s)", size);
    lines.push_back({label, PerfMode::kThroughput, size,
                     [](const PerfRow& r) { return r.messages_per_s / 1e6; }, 3});
    std::snprintf(label, sizeof label, "%u B payload (Gbit/s)", size);
    lines.push_back({label, PerfMode::kThroughput, size,
                     [](const PerfRow& r) { return r.gbit_per_s; }, 2});
  }
  std::string out;
  append(out, "", {"raw link", "dpdk-sctp", "kernel TCP", "usrsctp", "vs raw", "vs TCP"});
  for (const Line& l : lines) {
    std::vector<std::optional<double>> v;
    std::vector<std::string> cells;
    for (const char* tool : kTools) {
      const PerfRow* r = find(rows, tool, l.mode, l.size);
      v.push_back(r ? std::optional<double>(l.value(*r)) : std::nullopt);
      cells.push_back(cell(v.back(), l.decimals));
    }
    cells.push_back(ratio(v[1], v[0]));
    cells.push_back(ratio(v[1], v[2]));
    append(out, l.label, cells);
  }
  out += "vs raw, vs TCP: dpdk-sctp's figure divided by theirs (times for latency, rates "
         "for throughput)\n";
  return out;
}

}  // namespace dsctp::apps
