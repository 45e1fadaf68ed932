// dpdk-sctp-perf: throughput and latency of the stack over any DPDK port,
// side by side with the raw link, kernel TCP and usrsctp.
//
//   dpdk-sctp-perf                      the embedded default (launcher.h)
//   dpdk-sctp-perf <EAL args> -- --role server --ip 10.0.0.1
//   dpdk-sctp-perf <EAL args> -- --role client --ip 10.0.0.2 --peer 10.0.0.1
//                                  --mode latency --size 30
#include <rte_eal.h>
#include <rte_errno.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "comparison.h"
#include "dpdk_port.h"
#include "launcher.h"
#include "raw_link.h"
#include "rt/system_random.h"
#include "sctp_perf.h"

namespace dsctp::apps {
namespace {

std::atomic<bool> stop_requested{false};

void on_signal(int) { stop_requested.store(true); }

constexpr const char* kOwnUsage =
    "  --raw-link              measure the link itself with bare frames (both ends)\n"
    "  --comparison            client: the comparison table's measurements in one run\n"
    "                          (latency at 30 B, throughput at 64, 1452 and 65536 B)\n";

struct Measurement {
  PerfMode mode;
  uint32_t size;
};

std::vector<Measurement> plan(const PerfOptions& o, bool comparison) {
  if (comparison) {
    std::vector<Measurement> m{{PerfMode::kLatency, kLatencySize}};
    for (uint32_t size : kThroughputSizes) m.push_back({PerfMode::kThroughput, size});
    return m;
  }
  if (o.mode != PerfMode::kSweep) return {{o.mode, o.size}};
  std::vector<Measurement> m;
  for (uint32_t size : o.sizes.empty() ? paper_sweep_sizes() : o.sizes) {
    m.push_back({PerfMode::kThroughput, size});
    m.push_back({PerfMode::kLatency, size});
  }
  return m;
}

bool write_results(const PerfOptions& o, const std::vector<PerfRow>& rows) {
  std::string error;
  if ((!o.csv_path.empty() && !write_csv(o.csv_path, rows, error)) ||
      (!o.json_path.empty() && !write_json(o.json_path, rows, error))) {
    std::fprintf(stderr, "dpdk-sctp-perf: %s\n", error.c_str());
    return false;
  }
  return true;
}

int run_client(const DpdkPort& port, rt::Engine* engine, const PerfOptions& o, bool raw,
               bool comparison) {
  std::vector<PerfRow> rows;
  int rc = 0;
  for (const Measurement& m : plan(o, comparison)) {
    if (stop_requested.load()) break;
    if (raw && m.size > kRawMaxPayload) continue;
    std::printf("%s %s, %u B\n", raw ? "raw link" : "dpdk-sctp", to_string(m.mode), m.size);
    std::fflush(stdout);
    std::string error;
    std::optional<PerfResult> r =
        raw ? run_raw_measurement(port, o, m.mode, m.size, stop_requested, true, error)
            : run_sctp_measurement(*engine, o, m.mode, m.size, stop_requested, true, error);
    if (!r) {
      std::fprintf(stderr, "dpdk-sctp-perf: %s\n", error.c_str());
      rc = 1;
      break;
    }
    rows.push_back(to_row(*r));
    print_summary(stdout, rows.back());
    std::fflush(stdout);
  }
  if (o.quit_server) {
    std::string error;
    if (raw) {
      send_raw_quit(port);
    } else if (!send_sctp_quit(*engine, o, error)) {
      std::fprintf(stderr, "dpdk-sctp-perf: quit: %s\n", error.c_str());
    }
  }
  if (!write_results(o, rows)) rc = 1;
  return rc;
}

int run_role(const PerfOptions& o, bool raw, bool comparison) {
  std::string error;
  std::unique_ptr<DpdkPort> port = DpdkPort::open(o.port_id, o.mtu, error);
  if (!port) {
    std::fprintf(stderr, "dpdk-sctp-perf: %s\n", error.c_str());
    return 1;
  }
  if (raw) {
    return o.role == PerfRole::kServer ? run_raw_server(*port, stop_requested)
                                       : run_client(*port, nullptr, o, true, comparison);
  }
  rt::SystemRandom random;
  rt::Engine engine(perf_engine_config(o, port->info()), port->pool(), random);
  engine.start();
  return o.role == PerfRole::kServer ? run_sctp_server(engine, o, stop_requested)
                                     : run_client(*port, &engine, o, false, comparison);
}

// Takes a flag out of the application's arguments: --raw-link and
// --comparison belong to this tool alone, not to the options the three
// perf tools share.
bool take_flag(std::vector<std::string>& args, const char* flag) {
  auto it = std::find(args.begin(), args.end(), flag);
  if (it == args.end()) return false;
  args.erase(it);
  return true;
}

std::optional<PerfOptions> parse(std::vector<std::string> args, bool& raw, bool& comparison) {
  raw = take_flag(args, "--raw-link");
  comparison = take_flag(args, "--comparison");
  std::string error;
  std::optional<PerfOptions> o = parse_perf_options(PerfTool::kDpdkSctp, args, error);
  if (!o && error == "help") {
    std::printf("%s%s", perf_usage(PerfTool::kDpdkSctp).c_str(), kOwnUsage);
    std::exit(0);
  }
  if (!o) {
    std::fprintf(stderr, "dpdk-sctp-perf: %s\n%s%s", error.c_str(),
                 perf_usage(PerfTool::kDpdkSctp).c_str(), kOwnUsage);
  }
  return o;
}

int run(int argc, char** argv) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  char** dashes = std::find_if(argv + 1, argv + argc,
                               [](const char* a) { return std::strcmp(a, "--") == 0; });
  bool raw = false;
  bool comparison = false;
  // With no `--`, every argument is the tool's own: the embedded default.
  if (dashes == argv + argc) {
    std::optional<PerfOptions> o = parse(std::vector<std::string>(argv + 1, argv + argc), raw, comparison);
    if (!o) return 2;
    if (o->role != PerfRole::kNone || raw || comparison) {
      std::fprintf(stderr, "dpdk-sctp-perf: --role, --raw-link and --comparison need EAL "
                           "arguments and `--` "
                           "before the tool's own (see --help)\n");
      return 2;
    }
    // Jumbo frames on the built-in link, as loopback gives kernel TCP
    // 64 KiB ones: the comparison is between stacks, not frame sizes.
    if (o->mtu == 0) o->mtu = 9000;
    return run_embedded_default(*o, stop_requested);
  }
  std::optional<PerfOptions> o = parse(std::vector<std::string>(dashes + 1, argv + argc), raw, comparison);
  if (!o) return 2;
  if (o->mtu == 0) o->mtu = 1500;
  if (o->role == PerfRole::kNone) {
    std::fprintf(stderr, "dpdk-sctp-perf: with EAL arguments, say --role server|client; "
                         "run with no arguments for the embedded default\n");
    return 2;
  }
  int used = rte_eal_init(argc, argv);
  if (used < 0) {
    std::fprintf(stderr, "dpdk-sctp-perf: EAL initialisation failed: %s\n",
                 rte_strerror(rte_errno));
    return 2;
  }
  int rc = run_role(*o, raw, comparison);
  rte_eal_cleanup();
  return rc;
}

}  // namespace
}  // namespace dsctp::apps

int main(int argc, char** argv) { return dsctp::apps::run(argc, argv); }
