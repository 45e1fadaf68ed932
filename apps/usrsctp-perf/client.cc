#include "client.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "client_assoc.h"
#include "cpu_time.h"
#include "latency.h"
#include "measurement.h"
#include "perf_protocol.h"
#include "report.h"
#include "throughput.h"
#include "usrsctp_util.h"

namespace dsctp::apps::usrsctp_perf {
namespace {

constexpr auto kLookInterval = std::chrono::milliseconds(100);

struct Step {
  PerfMode mode;
  uint32_t size;
};

std::vector<Step> plan(const PerfOptions& o) {
  if (o.mode != PerfMode::kSweep) return {Step{o.mode, o.size}};
  std::vector<Step> steps;
  for (uint32_t size : o.sizes) {
    steps.push_back(Step{PerfMode::kThroughput, size});
    steps.push_back(Step{PerfMode::kLatency, size});
  }
  return steps;
}

class Client {
 public:
  Client(const PerfOptions& o, const std::atomic<bool>& stop) : options_(o), stop_(stop) {}
  int run();

 private:
  std::optional<PerfResult> measure(const Step& step, std::string& error);
  bool open(size_t count, bool throughput, std::vector<ClientAssoc*>& out, std::string& error);
  bool wait_up(const std::vector<ClientAssoc*>& assocs, std::string& error);
  bool say_hello(const std::vector<ClientAssoc*>& assocs, Hello hello, std::string& error);
  bool quit_server(std::string& error);
  bool write_files(const std::vector<PerfRow>& rows) const;
  Clock::time_point deadline() const;
  std::string timeout_text() const;
  std::string server_text() const;

  const PerfOptions& options_;
  const std::atomic<bool>& stop_;
  Wakeup wakeup_;
  // Every association ever opened: usrsctp may still call back into one
  // while it shuts down, so none is freed before usrsctp has stopped.
  std::vector<std::unique_ptr<ClientAssoc>> assocs_;
};

Clock::time_point Client::deadline() const {
  return Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
}

std::string Client::timeout_text() const {
  return " within " + std::to_string(options_.timeout_ms) + " ms";
}

std::string Client::server_text() const {
  return options_.peer + " port " + std::to_string(options_.port) + " (SCTP over UDP port " +
         std::to_string(options_.udp_port) + ")";
}

bool Client::open(size_t count, bool throughput, std::vector<ClientAssoc*>& out,
                  std::string& error) {
  for (size_t i = 0; i < count; ++i) {
    assocs_.push_back(std::make_unique<ClientAssoc>(i, wakeup_));
    out.push_back(assocs_.back().get());
    if (!out.back()->connect(options_, throughput, error)) return false;
  }
  return wait_up(out, error);
}

// An empty `error` with a false return: interrupted.
bool Client::wait_up(const std::vector<ClientAssoc*>& assocs, std::string& error) {
  const Clock::time_point until = deadline();
  for (;;) {
    const uint64_t seen = wakeup_.count();
    size_t up = 0;
    for (ClientAssoc* a : assocs) {
      const ClientAssoc::State s = a->state();
      if (s == ClientAssoc::State::kRefused || s == ClientAssoc::State::kEnded) {
        error = server_text() + " refused the association";
        return false;
      }
      up += s == ClientAssoc::State::kUp;
    }
    if (up == assocs.size()) break;
    if (stop_.load()) return false;
    const Clock::time_point now = Clock::now();
    if (now >= until) {
      error = "no association with " + server_text() + timeout_text();
      return false;
    }
    wakeup_.wait(seen, std::min(until, now + kLookInterval));
  }
  for (ClientAssoc* a : assocs) {
    if (a->out_streams() < options_.streams) {
      error = "the server allows " + std::to_string(a->out_streams()) + " streams, not " +
              std::to_string(options_.streams) + " (start it with --streams " +
              std::to_string(options_.streams) + ")";
      return false;
    }
  }
  return true;
}

// Waits until every Hello is acknowledged, so that no data (unordered, on
// another stream) can overtake it.
bool Client::say_hello(const std::vector<ClientAssoc*>& assocs, Hello hello,
                       std::string& error) {
  const auto bytes = encode(hello);
  for (ClientAssoc* a : assocs) {
    if (int err = a->send(0, kHelloPpid, false, bytes)) {
      error = "sending the Hello: " + errno_text(err);
      return false;
    }
  }
  const Clock::time_point until = deadline();
  for (ClientAssoc* a : assocs) {
    for (;;) {
      std::optional<uint32_t> left = unacked_bytes(a->socket());
      if (!left) {
        error = server_text() + " ended the association at the Hello";
        return false;
      }
      if (*left == 0) break;
      if (Clock::now() >= until) {
        error = "the Hello was not acknowledged" + timeout_text();
        return false;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  }
  return true;
}

std::optional<PerfResult> Client::measure(const Step& step, std::string& error) {
  const bool throughput = step.mode == PerfMode::kThroughput;
  std::printf("usrsctp %s, %u-byte messages, %u assoc%s to %s\n", to_string(step.mode),
              step.size, options_.assocs, options_.assocs == 1 ? "" : "s",
              server_text().c_str());
  std::fflush(stdout);
  std::vector<ClientAssoc*> assocs;
  const Hello hello{throughput ? WireMode::kThroughput : WireMode::kLatency, step.size};
  std::optional<PerfResult> result;
  if (open(options_.assocs, throughput, assocs, error) && say_hello(assocs, hello, error)) {
    const Measurement m{options_, step.size, assocs, wakeup_, stop_};
    result = throughput ? measure_throughput(m, error) : measure_latency(m, error);
  }
  // After a failure ABORT: a graceful end could wait on a silent server.
  for (ClientAssoc* a : assocs) a->close(!result.has_value());
  return result;
}

bool Client::quit_server(std::string& error) {
  std::vector<ClientAssoc*> assocs;
  const bool ok = open(1, false, assocs, error) &&
                  say_hello(assocs, Hello{WireMode::kQuit, 0}, error);
  for (ClientAssoc* a : assocs) a->close(!ok);
  return ok;
}

bool Client::write_files(const std::vector<PerfRow>& rows) const {
  bool ok = true;
  std::string error;
  if (!options_.csv_path.empty() && !write_csv(options_.csv_path, rows, error)) {
    std::fprintf(stderr, "usrsctp-perf: %s\n", error.c_str());
    ok = false;
  }
  if (!options_.json_path.empty() && !write_json(options_.json_path, rows, error)) {
    std::fprintf(stderr, "usrsctp-perf: %s\n", error.c_str());
    ok = false;
  }
  return ok;
}

int Client::run() {
  tsc_hz();  // calibrates once, before anything is measured
  std::vector<PerfRow> rows;
  int rc = 0;
  std::string error;
  for (const Step& step : plan(options_)) {
    if (stop_.load()) break;
    std::optional<PerfResult> result = measure(step, error);
    if (!result) {
      if (!error.empty()) {
        std::fprintf(stderr, "usrsctp-perf: %s\n", error.c_str());
        rc = 1;
      }
      break;
    }
    if (result->seconds <= 0) continue;  // stopped in the warm-up
    rows.push_back(to_row(*result));
    print_summary(stdout, rows.back());
  }
  if (rc == 0 && stop_.load()) rc = kInterruptedExit;
  if (rc == 0 && options_.quit_server && !quit_server(error)) {
    std::fprintf(stderr, "usrsctp-perf: asking the server to quit: %s\n", error.c_str());
    rc = 1;
  }
  if (!write_files(rows)) rc = 1;
  return rc;
}

}  // namespace

uint16_t client_udp_port(uint16_t server_udp_port) {
  return server_udp_port == 65535 ? 65534 : static_cast<uint16_t>(server_udp_port + 1);
}

int run_client(const PerfOptions& o, const std::atomic<bool>& stop) {
  std::string error;
  if (!start_usrsctp(client_udp_port(o.udp_port), error)) {
    std::fprintf(stderr, "usrsctp-perf: %s\n", error.c_str());
    return 1;
  }
  Client client(o, stop);
  const int rc = client.run();
  leave_usrsctp(rc);
  return rc;
}

}  // namespace dsctp::apps::usrsctp_perf
