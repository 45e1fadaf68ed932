#include "measurement.h"

#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "cpu_time.h"
#include "perf_protocol.h"
#include "socket_io.h"

namespace dsctp::apps::tcp_perf {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSlice = std::chrono::milliseconds(kSliceMs);
constexpr std::byte kFill{0x5a};

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// One connection. The atomics and `interval` feed the progress lines
// while the lane runs; the rest is the lane thread's until join().
struct Lane {
  size_t number = 0;
  Fd fd;
  std::thread thread;
  std::atomic<uint64_t> bytes_written{0};
  std::mutex interval_mutex;
  LatencyHistogram interval;  // round trips since the last progress line
  LatencyHistogram rtt;       // round trips after the warm-up
  uint64_t bytes_at_warmup_end = 0;
  uint64_t retransmissions_at_warmup_end = 0;
  uint64_t retransmissions_at_end = 0;
  Report report;
  Clock::time_point measured_from;  // throughput: when its pipe was empty
  Clock::time_point finished;
  std::string error;
};

class Measurement {
 public:
  Measurement(const PerfOptions& options, PerfMode mode, uint32_t size,
              const std::atomic<bool>& stop)
      : options_(options), mode_(mode), size_(size), stop_(stop) {}

  std::optional<PerfResult> run(std::string& error);

 private:
  bool connect_all(std::string& error);
  void run_latency(Lane& lane);
  void run_throughput(Lane& lane);
  bool halted() const { return stop_.load() || failed_.load(); }
  // Records why `lane` failed (not kStopped) and halts the others.
  void fail(Lane& lane, IoStatus s);
  // False if the lanes stopped before `t`.
  bool wait_until(Clock::time_point t) const;
  void show_progress();
  // Called at the end of the warm-up by the first lane to see it, which
  // is on time more surely than the main thread.
  void take_cpu_at_warmup_end();
  // The last `length` for a progress line: the round trips recorded
  // since the previous one, or the bytes written since `bytes_before`.
  PerfResult interval(Clock::duration length, uint64_t& bytes_before);
  PerfResult total(double cpu_seconds) const;

  const PerfOptions& options_;
  const PerfMode mode_;
  const uint32_t size_;
  const std::atomic<bool>& stop_;
  Patience patience_{static_cast<int>(options_.timeout_ms), &stop_};
  std::atomic<bool> failed_{false};
  std::atomic<size_t> running_{0};
  Clock::time_point warmup_end_;
  Clock::time_point end_;
  bool warmed_up_ = false;
  double cpu_at_warmup_end_ = 0;
  std::once_flag cpu_at_warmup_end_taken_;
  std::vector<std::unique_ptr<Lane>> lanes_;
};

std::optional<PerfResult> Measurement::run(std::string& error) {
  if (!connect_all(error)) return std::nullopt;
  warmup_end_ = Clock::now() + seconds(options_.warmup_s);
  end_ = warmup_end_ + seconds(options_.duration_s);
  running_ = lanes_.size();
  cpu_at_warmup_end_ = process_cpu_seconds();  // until a lane reaches it
  for (auto& lane : lanes_) {
    lane->thread = std::thread([this, &l = *lane] {
      mode_ == PerfMode::kLatency ? run_latency(l) : run_throughput(l);
      running_.fetch_sub(1);
    });
  }
  show_progress();
  for (auto& lane : lanes_) lane->thread.join();
  const double cpu_seconds = process_cpu_seconds() - cpu_at_warmup_end_;
  for (auto& lane : lanes_) {
    if (!lane->error.empty()) {
      error = lane->error;
      return std::nullopt;
    }
  }
  if (!warmed_up_) return std::nullopt;
  return total(cpu_seconds);
}

bool Measurement::connect_all(std::string& error) {
  const WireMode wire = mode_ == PerfMode::kLatency ? WireMode::kLatency : WireMode::kThroughput;
  const auto hello = encode(Hello{wire, size_});
  for (size_t i = 0; i < options_.assocs; ++i) {
    auto lane = std::make_unique<Lane>();
    lane->number = i + 1;
    lane->fd = connect_to(options_.peer, options_.port, static_cast<int>(options_.timeout_ms),
                          error);
    if (!lane->fd.valid() || !configure(lane->fd.get(), options_.busy_poll_us, error)) {
      return false;
    }
    IoStatus s = write_full(lane->fd.get(), hello.data(), hello.size(), patience_);
    if (s != IoStatus::kOk) {
      if (s != IoStatus::kStopped) fail(*lane, s);
      error = lane->error;
      return false;
    }
    lanes_.push_back(std::move(lane));
  }
  return true;
}

void Measurement::run_latency(Lane& lane) {
  std::vector<std::byte> message(size_, kFill);
  std::vector<std::byte> reply(size_);
  bool warm = false;
  const int fd = lane.fd.get();
  while (!halted()) {
    const Clock::time_point sent = Clock::now();
    if (sent >= end_) break;
    if (!warm && sent >= warmup_end_) {
      warm = true;
      take_cpu_at_warmup_end();
      lane.retransmissions_at_warmup_end = retransmissions(fd);
    }
    IoStatus s = write_full(fd, message.data(), size_, patience_);
    if (s == IoStatus::kOk) s = read_full(fd, reply.data(), size_, patience_);
    if (s == IoStatus::kStopped) break;
    if (s != IoStatus::kOk) return fail(lane, s);
    if (!warm) continue;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - sent);
    lane.rtt.record(static_cast<uint64_t>(ns.count()));
    std::lock_guard lock(lane.interval_mutex);
    lane.interval.record(static_cast<uint64_t>(ns.count()));
  }
  lane.finished = Clock::now();
  lane.retransmissions_at_end = retransmissions(fd);
}

// Waits until the kernel has had every byte written so far acknowledged
// (SIOCOUTQ: unsent plus unacknowledged bytes is 0).
bool drain(int fd, const std::atomic<bool>& stop, Clock::time_point limit) {
  int queued = 0;
  while (ioctl(fd, SIOCOUTQ, &queued) == 0 && queued > 0) {
    if (stop.load() || Clock::now() > limit) return false;
    std::this_thread::yield();
  }
  return true;
}

// The client tells the server nothing about the warm-up: it subtracts
// what it had written by then from the server's count. So that bytes
// written before are not delivered inside the measured time, the lane
// stops at the end of the warm-up until its socket's send queue is empty
// (the server's kernel has acknowledged everything), and its time starts
// then. What the server has not yet read from its receive buffer at that
// moment is the remaining error: it drains at memory speed, so it is
// small, and errs low, never high.
void Measurement::run_throughput(Lane& lane) {
  std::vector<std::byte> message(size_, kFill);
  bool warm = false;
  uint64_t written = 0;
  const int fd = lane.fd.get();
  while (!halted()) {
    const Clock::time_point now = Clock::now();
    if (now >= end_) break;
    if (!warm && now >= warmup_end_) {
      warm = true;
      if (!drain(fd, stop_, now + std::chrono::milliseconds(options_.timeout_ms))) {
        if (!stop_.load()) return fail(lane, IoStatus::kTimeout);
      }
      lane.measured_from = Clock::now();
      take_cpu_at_warmup_end();
      lane.bytes_at_warmup_end = written;
      lane.retransmissions_at_warmup_end = retransmissions(fd);
    }
    IoStatus s = write_full(fd, message.data(), size_, patience_);
    if (s == IoStatus::kStopped) break;
    if (s != IoStatus::kOk) return fail(lane, s);
    written += size_;
    lane.bytes_written.store(written, std::memory_order_relaxed);
  }
  if (!warm) {
    lane.bytes_at_warmup_end = written;
    lane.measured_from = Clock::now();
  }
  if (failed_.load()) return;
  // Stopping early still waits for the Report: it is the result so far.
  shutdown(fd, SHUT_WR);
  std::array<std::byte, kReportSize> raw{};
  IoStatus s = read_full(fd, raw.data(), raw.size(), Patience{patience_.timeout_ms, nullptr});
  if (s != IoStatus::kOk) return fail(lane, s);
  lane.finished = Clock::now();
  lane.report = *decode_report(raw);
  lane.retransmissions_at_end = retransmissions(fd);
}

void Measurement::take_cpu_at_warmup_end() {
  std::call_once(cpu_at_warmup_end_taken_,
                 [this] { cpu_at_warmup_end_ = process_cpu_seconds(); });
}

void Measurement::fail(Lane& lane, IoStatus s) {
  const std::string why =
      s == IoStatus::kTimeout
          ? "the server did not answer for " + std::to_string(options_.timeout_ms) + " ms"
      : s == IoStatus::kEof ? std::string("the server closed the connection")
                            : std::string("lost the connection: ") + std::strerror(errno);
  lane.error = "connection " + std::to_string(lane.number) + " to " + options_.peer + ":" +
               std::to_string(options_.port) + ": " + why;
  failed_.store(true);
}

bool Measurement::wait_until(Clock::time_point t) const {
  while (true) {
    const Clock::time_point now = Clock::now();
    if (now >= t) return true;
    if (halted() || running_.load() == 0) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(t - now, kSlice));
  }
}

// With many lanes on few cores this thread may wake late, so a line
// covers the time since the previous sample, whatever its length.
void Measurement::show_progress() {
  if (!wait_until(warmup_end_)) return;
  warmed_up_ = true;
  uint64_t bytes_before = 0;
  for (auto& lane : lanes_) bytes_before += lane->bytes_written.load();
  Clock::time_point sampled = Clock::now();
  for (int second = 1;; ++second) {
    const Clock::time_point t = warmup_end_ + std::chrono::seconds(second);
    // The summary covers the last part second.
    if (t > end_ || !wait_until(t)) return;
    const Clock::time_point now = Clock::now();
    print_progress(stdout, second, to_row(interval(now - sampled, bytes_before)));
    sampled = now;
  }
}

PerfResult Measurement::interval(Clock::duration length, uint64_t& bytes_before) {
  PerfResult r;
  r.tool = kToolName;
  r.mode = mode_;
  r.size = size_;
  r.seconds = std::chrono::duration<double>(length).count();
  uint64_t bytes = 0;
  for (auto& lane : lanes_) {
    bytes += lane->bytes_written.load();
    std::lock_guard lock(lane->interval_mutex);
    r.rtt.merge(lane->interval);
    lane->interval.reset();
  }
  r.messages = mode_ == PerfMode::kLatency ? r.rtt.count() : (bytes - bytes_before) / size_;
  r.bytes = r.messages * size_;
  bytes_before = bytes;
  return r;
}

PerfResult Measurement::total(double cpu_seconds) const {
  PerfResult r;
  r.tool = kToolName;
  r.mode = mode_;
  r.size = size_;
  r.assocs = options_.assocs;
  Clock::time_point last = warmup_end_;
  Clock::time_point first = warmup_end_;
  for (const auto& lane : lanes_) {
    last = std::max(last, lane->finished);
    if (mode_ == PerfMode::kThroughput) first = std::max(first, lane->measured_from);
    r.retransmissions += lane->retransmissions_at_end - lane->retransmissions_at_warmup_end;
    r.rtt.merge(lane->rtt);
    const uint64_t received = lane->report.bytes;
    r.messages += (received - std::min(received, lane->bytes_at_warmup_end)) / size_;
  }
  if (mode_ == PerfMode::kLatency) r.messages = r.rtt.count();
  r.bytes = r.messages * size_;
  r.seconds = seconds_between(first, last);
  r.cycles_per_message = r.messages > 0 ? cpu_seconds * tsc_hz() / r.messages : 0;
  return r;
}

}  // namespace

std::optional<PerfResult> run_measurement(const PerfOptions& options, PerfMode mode,
                                          uint32_t size, const std::atomic<bool>& stop,
                                          std::string& error) {
  error.clear();
  return Measurement(options, mode, size, stop).run(error);
}

}  // namespace dsctp::apps::tcp_perf
