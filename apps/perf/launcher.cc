#include "launcher.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "children.h"
#include "common/report.h"
#include "comparison.h"

namespace dsctp::apps {
namespace {

struct Plan {
  std::string name;                  // for logs and messages
  std::vector<std::string> server;   // argv
  std::string server_ready;          // what the server prints when it listens
  std::vector<std::string> client;   // argv without the measurement
  bool one_client = false;           // memif: see client_runs()
  std::vector<std::string> file_prefixes;  // EAL's, to clean up after
};

struct ClientRun {
  std::vector<std::string> args;  // what to measure
  std::string what;               // for an error message
  size_t measurements;            // for its time limit
};

std::string size_list(const PerfOptions& o) {
  std::string list;
  for (uint32_t size : o.sizes.empty() ? paper_sweep_sizes() : o.sizes) {
    list += (list.empty() ? "" : ",") + std::to_string(size);
  }
  return list;
}

// The client processes of a plan. A memif client runs everything in one
// process and then tells the server to quit: the memif driver of DPDK
// 22.11 can crash a server that polls while its peer disconnects, so a
// memif peer never goes away under a polling server.
std::vector<ClientRun> client_runs(const PerfOptions& o, bool one_process) {
  if (o.mode == PerfMode::kSweep) {
    size_t n = 2 * (o.sizes.empty() ? paper_sweep_sizes().size() : o.sizes.size());
    return {{{"--mode", "sweep", "--sizes", size_list(o)}, "the sweep", n}};
  }
  if (one_process) return {{{"--comparison"}, "the comparison", 4}};
  std::vector<ClientRun> runs{{{"--mode", "latency", "--size", std::to_string(kLatencySize)},
                               "latency at " + std::to_string(kLatencySize) + " B", 1}};
  for (uint32_t size : kThroughputSizes) {
    runs.push_back({{"--mode", "throughput", "--size", std::to_string(size)},
                    "throughput at " + std::to_string(size) + " B", 1});
  }
  return runs;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

class Launcher {
 public:
  Launcher(const PerfOptions& o, const std::atomic<bool>& stop, std::string dir)
      : o_(o), stop_(stop), dir_(std::move(dir)) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    client_cpu_ = cpus > 1 ? 1 : 0;
  }

  void run(const Plan& plan) {
    if (stop_.load()) return;
    std::printf("\n== %s\n", plan.name.c_str());
    std::fflush(stdout);
    std::string server_log = dir_ + "/" + plan.name + "-server.log";
    pid_t server = spawn_pinned(plan.server, server_cpu_, server_log);
    if (server < 0 || !wait_for_text(server, server_log, plan.server_ready, 15000)) {
      std::fprintf(stderr, "dpdk-sctp-perf: the %s server did not start:\n%s\n",
                   plan.name.c_str(), log_tail(server_log, 10).c_str());
      stop_child(server, 2000);
      for (const std::string& prefix : plan.file_prefixes) remove_eal_runtime_dir(prefix);
      return;
    }
    int n = 0;
    for (const ClientRun& run : client_runs(o_, plan.one_client)) {
      if (stop_.load()) break;
      std::string csv = dir_ + "/" + plan.name + "-" + std::to_string(n++) + ".csv";
      std::vector<std::string> argv = plan.client;
      argv.insert(argv.end(), run.args.begin(), run.args.end());
      for (const std::string& a : {std::string("--duration"), number(o_.duration_s),
                                   std::string("--warmup"), number(o_.warmup_s),
                                   std::string("--csv"), csv}) {
        argv.push_back(a);
      }
      if (plan.one_client) argv.push_back("--quit-server");
      pid_t client = spawn_pinned(argv, client_cpu_, "");
      double per_measurement_ms = (o_.duration_s + o_.warmup_s) * 1000 + 5000;
      int limit_ms = static_cast<int>(run.measurements * per_measurement_ms) + 30000;
      int status = client < 0 ? -1 : wait_exit(client, limit_ms);
      std::string error;
      auto rows = status == 0 ? read_csv(csv, error) : std::nullopt;
      if (!rows) {
        std::fprintf(stderr, "dpdk-sctp-perf: %s, %s: failed (status %d)%s%s\n",
                     plan.name.c_str(), run.what.c_str(), status, error.empty() ? "" : ": ",
                     error.c_str());
        continue;
      }
      rows_.insert(rows_.end(), rows->begin(), rows->end());
    }
    // A memif server was told to quit; wait_exit() kills it if it did not.
    if (plan.one_client) {
      wait_exit(server, 5000);
    } else {
      stop_child(server, 3000);
    }
    for (const std::string& prefix : plan.file_prefixes) remove_eal_runtime_dir(prefix);
  }

  const std::vector<PerfRow>& rows() const { return rows_; }
  int server_cpu() const { return server_cpu_; }
  int client_cpu() const { return client_cpu_; }

 private:
  const PerfOptions& o_;
  const std::atomic<bool>& stop_;
  std::string dir_;
  int server_cpu_ = 0;
  int client_cpu_ = 1;
  std::vector<PerfRow> rows_;
};

// Megabytes of memory each DPDK process asks for.
constexpr unsigned kProcessMemoryMb = 200;

// Hugepages when there are enough free 2 MiB pages for both processes
// (scripts/setup reserves them): the link moves several times more with
// them. --in-memory keeps no files behind.
std::vector<std::string> memory_args() {
  std::ifstream in("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages");
  unsigned free_pages = 0;
  if (in >> free_pages && free_pages >= 2 * kProcessMemoryMb / 2 + 16) {
    return {"--in-memory", "-m", std::to_string(kProcessMemoryMb)};
  }
  return {"--no-huge", "-m", std::to_string(kProcessMemoryMb)};
}

// Two DPDK processes joined by memif; the socket is abstract (no file) and
// named after this process, so runs side by side do not meet.
// Above the memif default buffer of 2048 bytes a frame would span several
// memif descriptors; DPDK 22.11's memif stalls on those under load, so the
// buffers are made as large as a frame.
Plan memif_plan(const std::string& self, const Launcher& l, bool raw, uint16_t mtu) {
  std::string tag = "dsctp-perf-" + std::to_string(getpid()) + (raw ? "-raw" : "");
  std::string vdev = "--vdev=net_memif0,socket=/run/" + tag + ".sock,socket-abstract=yes,";
  if (mtu > 1500) vdev += "bsize=" + std::to_string(mtu + 64) + ",";
  vdev += "role=";
  std::vector<std::string> eal = memory_args();
  eal.insert(eal.end(), {"--no-pci", "--log-level=lib.eal:error"});
  Plan p;
  p.name = raw ? "raw-link" : "dpdk-sctp";
  p.one_client = true;
  p.file_prefixes = {tag + "-s", tag + "-c"};
  p.server = {self, "-l", std::to_string(l.server_cpu()), "--file-prefix", tag + "-s"};
  p.server.insert(p.server.end(), eal.begin(), eal.end());
  p.server.insert(p.server.end(), {vdev + "server", "--", "--role", "server", "--ip", "10.77.0.1"});
  p.client = {self, "-l", std::to_string(l.client_cpu()), "--file-prefix", tag + "-c"};
  p.client.insert(p.client.end(), eal.begin(), eal.end());
  p.client.insert(p.client.end(), {vdev + "client", "--", "--role", "client", "--ip",
                                   "10.77.0.2", "--peer", "10.77.0.1"});
  for (auto* side : {&p.server, &p.client}) {
    side->insert(side->end(), {"--mtu", std::to_string(mtu)});
  }
  if (raw) {
    p.server.push_back("--raw-link");
    p.client.push_back("--raw-link");
    p.server_ready = "raw-link server ready";
  } else {
    p.server_ready = "server ready";
  }
  return p;
}

// The options the user gave the embedded default that change what a client
// measures, for each tool that takes them, so that the columns compare
// the same thing. Zero checksum and interleaving go to both dpdk-sctp ends.
void add_user_options(const PerfOptions& o, PerfTool tool, Plan& p) {
  std::vector<std::string>& c = p.client;
  const bool sctp = tool != PerfTool::kTcp;
  if (o.assocs != 1) c.insert(c.end(), {"--assocs", std::to_string(o.assocs)});
  if (sctp && o.streams != 1) c.insert(c.end(), {"--streams", std::to_string(o.streams)});
  if (sctp && o.unordered) c.push_back("--unordered");
  if (sctp && o.send_threshold != 0) {
    c.insert(c.end(), {"--send-threshold", std::to_string(o.send_threshold)});
  }
  if (tool != PerfTool::kDpdkSctp) return;
  const std::string value = std::to_string(o.pr_value);
  switch (o.pr_policy) {
    case PerfPrPolicy::kNone: break;
    case PerfPrPolicy::kLifetime: c.insert(c.end(), {"--pr", "ttl:" + value}); break;
    case PerfPrPolicy::kRetransmissions: c.insert(c.end(), {"--pr", "rtx:" + value}); break;
    case PerfPrPolicy::kBuffer: c.insert(c.end(), {"--pr", "buf"}); break;
  }
  if (!o.scheduler.empty()) c.insert(c.end(), {"--scheduler", o.scheduler});
  for (auto* side : {&p.server, &p.client}) {
    if (o.zero_checksum_edmid != 0) {
      side->insert(side->end(), {"--zero-checksum", std::to_string(o.zero_checksum_edmid)});
    }
    if (o.interleave) side->push_back("--interleave");
  }
}

// A loopback tool (tcp-perf, usrsctp-perf) on ports of its own.
Plan loopback_plan(const std::string& name, const std::string& program,
                   const std::string& ready, const std::vector<std::string>& extra) {
  std::string port = std::to_string(20000 + getpid() % 20000);
  Plan p;
  p.name = name;
  p.server = {program, "--role", "server", "--port", port};
  p.server.insert(p.server.end(), extra.begin(), extra.end());
  p.server_ready = ready;
  p.client = {program, "--role", "client", "--peer", "127.0.0.1", "--port", port};
  return p;
}

std::string find_program(const std::string& name) {
  std::string here = own_directory();
  for (const std::string& path : {here + "/" + name, here + "/../" + name + "/" + name}) {
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return "";
}

void print_machine() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  std::string model = "unknown CPU";
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname u{};
  uname(&u);
  std::printf("machine: %s, %ld cores, Linux %s\n", model.c_str(),
              sysconf(_SC_NPROCESSORS_ONLN), u.release);
}

}  // namespace

int run_embedded_default(const PerfOptions& o, const std::atomic<bool>& stop) {
  char dir_template[] = "/tmp/dsctp-perf-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) {
    std::perror("dpdk-sctp-perf: temporary directory");
    return 1;
  }
  std::string dir = dir_template;
  std::string self = own_directory() + "/dpdk-sctp-perf";
  Launcher launcher(o, stop, dir);
  std::printf("dpdk-sctp-perf: the embedded default: %g s per measurement after %g s of "
              "warm-up; server on core %d, client on core %d; memif MTU %u, processes %s\n",
              o.duration_s, o.warmup_s, launcher.server_cpu(), launcher.client_cpu(), o.mtu,
              memory_args().front() == "--in-memory" ? "on hugepages"
                                                     : "without hugepages (too few free)");
  launcher.run(memif_plan(self, launcher, /*raw=*/true, o.mtu));
  Plan sctp = memif_plan(self, launcher, /*raw=*/false, o.mtu);
  add_user_options(o, PerfTool::kDpdkSctp, sctp);
  launcher.run(sctp);
  if (std::string tcp = find_program("tcp-perf"); !tcp.empty()) {
    Plan plan = loopback_plan("kernel-tcp", tcp, "server on", {});
    add_user_options(o, PerfTool::kTcp, plan);
    launcher.run(plan);
  } else {
    std::fprintf(stderr, "dpdk-sctp-perf: tcp-perf not found next to dpdk-sctp-perf\n");
  }
  if (std::string usrsctp = find_program("usrsctp-perf"); !usrsctp.empty()) {
    Plan plan = loopback_plan("usrsctp", usrsctp, "server: SCTP port", {});
    add_user_options(o, PerfTool::kUsrsctp, plan);
    launcher.run(plan);
  } else {
    std::printf("usrsctp-perf was not built (no libusrsctp): its column stays empty\n");
  }
  std::printf("\n");
  print_machine();
  std::printf("%s", comparison_table(launcher.rows()).c_str());
  std::string error;
  bool ok = true;
  if (!o.csv_path.empty() && !write_csv(o.csv_path, launcher.rows(), error)) ok = false;
  if (ok && !o.json_path.empty() && !write_json(o.json_path, launcher.rows(), error)) ok = false;
  if (!ok) std::fprintf(stderr, "dpdk-sctp-perf: %s\n", error.c_str());
  std::filesystem::remove_all(dir);
  bool complete = launcher.rows().size() >= 2;
  return ok && complete ? 0 : 1;
}

}  // namespace dsctp::apps
