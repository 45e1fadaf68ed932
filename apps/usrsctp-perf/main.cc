// usrsctp-perf: the usrsctp side of the perf comparison, over SCTP over
// UDP (RFC 6951) so that the kernel needs no SCTP module, on usrsctp's
// callback API: a receive callback, and a send callback with a threshold
// (--send-threshold, usrsctp's sb_threshold), which is what dpdk-sctp's
// callback API is compared with.
//
//   usrsctp-perf --role server
//   usrsctp-perf --role client --peer 127.0.0.1 --mode sweep --csv usrsctp.csv
//
// --udp-port is the server's UDP port on both sides: the server listens
// on it, and the client sends to it and takes the next port up for itself
// (down, for 65535), so that the two ends can share a host.
//
// Exit status: 0 done, 1 failure (the client gives up after --timeout
// ms of silence), 2 bad arguments, 130 client interrupted (after the
// summaries of the measurements so far). The server stops cleanly on
// SIGINT or SIGTERM, or when a client's Hello asks it to (--quit-server).
#include <atomic>
#include <csignal>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "client.h"
#include "perf_options.h"
#include "server.h"

namespace dsctp::apps::usrsctp_perf {
namespace {

std::atomic<bool> stop_requested{false};

void on_signal(int) { stop_requested.store(true); }

// A second signal ends the process at once (SA_RESETHAND).
void catch_signals() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

std::string usage() {
  return perf_usage(PerfTool::kUsrsctp) +
         "The client sends to --udp-port and takes --udp-port + 1 for itself.\n";
}

int run(int argc, char** argv) {
  std::string error;
  const std::optional<PerfOptions> o =
      parse_perf_options(PerfTool::kUsrsctp, std::vector<std::string>(argv + 1, argv + argc), error);
  if (!o && error == "help") {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  if (!o) {
    std::fprintf(stderr, "usrsctp-perf: %s\n%s", error.c_str(), usage().c_str());
    return 2;
  }
  catch_signals();
  return o->role == PerfRole::kServer ? run_server(*o, stop_requested)
                                      : run_client(*o, stop_requested);
}

}  // namespace
}  // namespace dsctp::apps::usrsctp_perf

int main(int argc, char** argv) { return dsctp::apps::usrsctp_perf::run(argc, argv); }
