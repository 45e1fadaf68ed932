// tcp-perf: the kernel-TCP side of the dpdk-sctp-perf comparison, with
// the same options, the same exchange (perf_protocol.h) and the same
// results.
//
//   tcp-perf --role server
//   tcp-perf --role client --peer 10.0.0.1 --mode throughput --size 1452
//
// --assocs N opens N connections at once, each with a thread at both ends.
// Exit status: 0, 1 on a failure, 2 for bad arguments, 130 when Ctrl-C
// interrupted the client (after its summary so far).
#include <atomic>
#include <csignal>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "client.h"
#include "perf_options.h"
#include "server.h"

namespace dsctp::apps::tcp_perf {
namespace {

std::atomic<bool> stop_requested{false};

void on_signal(int) { stop_requested.store(true); }

// No SA_RESTART, so that blocked calls return to look at the flag; once
// only, so that a second Ctrl-C ends a client still waiting for a Report.
void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int run(int argc, char** argv) {
  std::string error;
  std::optional<PerfOptions> options =
      parse_perf_options(PerfTool::kTcp, std::vector<std::string>(argv + 1, argv + argc), error);
  if (!options && error == "help") {
    std::fputs(perf_usage(PerfTool::kTcp).c_str(), stdout);
    return 0;
  }
  if (!options) {
    std::fprintf(stderr, "tcp-perf: %s (tcp-perf --help lists the options)\n", error.c_str());
    return 2;
  }
  // Progress lines reach a pipe or a log as they happen.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  install_signal_handlers();
  return options->role == PerfRole::kServer ? run_server(*options, stop_requested)
                                            : run_client(*options, stop_requested);
}

}  // namespace
}  // namespace dsctp::apps::tcp_perf

int main(int argc, char** argv) { return dsctp::apps::tcp_perf::run(argc, argv); }
