#include "latency.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>
#include <vector>

#include "perf_protocol.h"
#include "usrsctp_util.h"

namespace dsctp::apps::usrsctp_perf {
namespace {

constexpr auto kLookInterval = std::chrono::milliseconds(100);
constexpr auto kProgressInterval = std::chrono::seconds(1);

class LatencyRun final : public MessageSink {
 public:
  explicit LatencyRun(const Measurement& m)
      : m_(m), payload_(m.size, std::byte{0x5a}), pp_(new PingPong[m.assocs.size()]),
        alive_(m.assocs.size()) {}

  std::optional<PerfResult> run(std::string& error);
  void on_message(size_t index, std::span<const std::byte> message,
                  const struct sctp_rcvinfo& info, Clock::time_point at) override;

 private:
  // One association's exchange. sent_at and stream belong to whichever
  // thread sends next: the main thread for the first message, the receive
  // thread after that.
  struct PingPong {
    Clock::time_point sent_at;
    uint16_t stream = 0;
    std::atomic<uint64_t> round_trips{0};  // warm-up included: signs of life
    std::atomic<bool> done{false};
    std::mutex mutex;           // for what follows
    LatencyHistogram interval;  // since the main thread last took it
    std::string error;
  };
  struct Alive {
    uint64_t round_trips = 0;
    Clock::time_point since;
  };

  void start();
  std::optional<std::string> watch(LatencyHistogram& total);
  void send_next(size_t index);
  void finish(PingPong& p, std::string error);
  bool all_done() const;
  void take_intervals(LatencyHistogram& into);
  void print_interval(Clock::time_point now, LatencyHistogram& total);
  std::optional<std::string> trouble(Clock::time_point now);
  PerfResult result(const LatencyHistogram& rtt, Clock::time_point stopped_at) const;

  const Measurement& m_;
  const std::vector<std::byte> payload_;
  std::unique_ptr<PingPong[]> pp_;
  std::vector<Alive> alive_;  // main thread
  CostMeter cost_;            // main thread
  Clock::time_point last_print_;
  Clock::time_point next_print_;
  Clock::time_point warm_end_;
  Clock::time_point end_;
};

void LatencyRun::on_message(size_t index, std::span<const std::byte> message,
                            const struct sctp_rcvinfo& info, Clock::time_point at) {
  PingPong& p = pp_[index];
  if (ntohl(info.rcv_ppid) != kDataPpid) return;
  const uint64_t rtt = nanoseconds_between(p.sent_at, at);
  p.round_trips.fetch_add(1, std::memory_order_relaxed);
  if (message.size() != m_.size) {
    finish(p, "an echo of " + std::to_string(message.size()) + " bytes, not " +
                  std::to_string(m_.size));
    return;
  }
  if (at >= warm_end_ && at < end_) {
    std::lock_guard lock(p.mutex);
    p.interval.record(rtt);
  }
  if (at >= end_ || m_.stop.load(std::memory_order_relaxed)) {
    finish(p, {});
    return;
  }
  send_next(index);
}

void LatencyRun::send_next(size_t index) {
  PingPong& p = pp_[index];
  const uint16_t stream = p.stream;
  p.stream = next_stream(m_, stream);
  p.sent_at = Clock::now();
  // Never EWOULDBLOCK: one message in flight.
  if (int err = m_.assocs[index]->send(stream, kDataPpid, m_.options.unordered, payload_)) {
    finish(p, "send: " + errno_text(err));
  }
}

void LatencyRun::finish(PingPong& p, std::string error) {
  {
    std::lock_guard lock(p.mutex);
    p.error = std::move(error);
  }
  p.done.store(true);
  m_.wakeup.notify();
}

bool LatencyRun::all_done() const {
  for (size_t i = 0; i < m_.assocs.size(); ++i) {
    if (!pp_[i].done.load()) return false;
  }
  return true;
}

void LatencyRun::take_intervals(LatencyHistogram& into) {
  for (size_t i = 0; i < m_.assocs.size(); ++i) {
    std::lock_guard lock(pp_[i].mutex);
    into.merge(pp_[i].interval);
    pp_[i].interval.reset();
  }
}

void LatencyRun::print_interval(Clock::time_point now, LatencyHistogram& total) {
  PerfResult interval = describe(m_, PerfMode::kLatency);
  take_intervals(interval.rtt);
  interval.seconds = seconds_between(last_print_, now);
  interval.messages = interval.rtt.count();
  print_progress(stdout, seconds_between(warm_end_, now), to_row(interval));
  total.merge(interval.rtt);
  last_print_ = now;
}

std::optional<std::string> LatencyRun::trouble(Clock::time_point now) {
  const auto timeout = std::chrono::milliseconds(m_.options.timeout_ms);
  for (size_t i = 0; i < m_.assocs.size(); ++i) {
    PingPong& p = pp_[i];
    {
      std::lock_guard lock(p.mutex);
      if (!p.error.empty()) return "association " + std::to_string(i + 1) + ": " + p.error;
    }
    if (p.done.load()) continue;
    if (m_.assocs[i]->state() != ClientAssoc::State::kUp) return lost_association(m_);
    const uint64_t n = p.round_trips.load(std::memory_order_relaxed);
    if (n != alive_[i].round_trips) alive_[i] = Alive{n, now};
    if (now - alive_[i].since > timeout) {
      return "no echo on association " + std::to_string(i + 1) + " within " +
             std::to_string(m_.options.timeout_ms) + " ms";
    }
  }
  return std::nullopt;
}

PerfResult LatencyRun::result(const LatencyHistogram& rtt, Clock::time_point stopped_at) const {
  PerfResult r = describe(m_, PerfMode::kLatency);
  r.rtt = rtt;
  r.seconds = std::max(0.0, seconds_between(warm_end_, stopped_at));
  r.messages = rtt.count();
  r.bytes = r.messages * m_.size;
  r.retransmissions = cost_.retransmissions();
  r.cycles_per_message = cost_.cycles_per_message(r.messages);
  return r;
}

void LatencyRun::start() {
  const Clock::time_point now = Clock::now();
  warm_end_ = now + duration_of(m_.options.warmup_s);
  end_ = warm_end_ + duration_of(m_.options.duration_s);
  next_print_ = warm_end_ + kProgressInterval;
  for (Alive& a : alive_) a.since = now;
  for (ClientAssoc* a : m_.assocs) a->attach(this);
  for (size_t i = 0; i < m_.assocs.size(); ++i) send_next(i);
}

// The main thread's part: the cost from the end of the warm-up, a line a
// second, and watching for trouble until every exchange is done.
std::optional<std::string> LatencyRun::watch(LatencyHistogram& total) {
  while (!all_done()) {
    const uint64_t seen = m_.wakeup.count();
    const Clock::time_point now = Clock::now();
    if (!cost_.started() && now >= warm_end_) {
      cost_.start();
      last_print_ = now;
    }
    if (now >= next_print_ && next_print_ <= end_) {
      print_interval(now, total);
      next_print_ += kProgressInterval;
    }
    if (std::optional<std::string> failure = trouble(now)) return failure;
    Clock::time_point wake = std::min(now + kLookInterval, next_print_);
    if (!cost_.started()) wake = std::min(wake, warm_end_);
    m_.wakeup.wait(seen, wake);
  }
  return trouble(Clock::now());  // an error that ended the last exchange
}

std::optional<PerfResult> LatencyRun::run(std::string& error) {
  auto total = std::make_unique<LatencyHistogram>();
  start();
  std::optional<std::string> failure = watch(*total);
  for (ClientAssoc* a : m_.assocs) a->detach();
  if (failure) {
    error = *failure;
    return std::nullopt;
  }
  // A stop ends each exchange at its next echo, which wakes this thread.
  const Clock::time_point stopped_at = m_.stop.load() ? std::min(Clock::now(), end_) : end_;
  // The last second ends as the last echoes arrive, usually before the
  // main thread wakes for it.
  if (cost_.started() && next_print_ <= end_ && stopped_at == end_) {
    print_interval(Clock::now(), *total);
  }
  take_intervals(*total);
  return result(*total, stopped_at);
}

}  // namespace

std::optional<PerfResult> measure_latency(const Measurement& m, std::string& error) {
  LatencyRun run(m);
  return run.run(error);
}

}  // namespace dsctp::apps::usrsctp_perf
