#include "throughput.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <vector>

#include "perf_protocol.h"
#include "usrsctp_util.h"

namespace dsctp::apps::usrsctp_perf {
namespace {

// Messages per association before the clock is read again.
constexpr int kBurst = 64;
// When every send buffer is full the sender sleeps until a send callback
// (free space at or above --send-threshold); this only bounds the sleep
// should none come.
constexpr auto kFullWait = std::chrono::milliseconds(10);
// While waiting for the send buffers to drain.
constexpr auto kDrainPoll = std::chrono::microseconds(200);
constexpr auto kProgressInterval = std::chrono::seconds(1);
// SCTP has no empty messages; the End carries one byte nobody reads.
constexpr std::array<std::byte, 1> kEndPayload{};

// A wait that fails only when what is left stops shrinking for the
// timeout.
class Progress {
 public:
  explicit Progress(uint32_t timeout_ms) : timeout_(std::chrono::milliseconds(timeout_ms)) {}
  // False once `left` has not gone down for the timeout.
  bool update(uint64_t left, Clock::time_point now) {
    if (left < left_) {
      left_ = left;
      deadline_ = now + timeout_;
    }
    return now < deadline_;
  }
  Clock::time_point deadline() const { return deadline_; }

 private:
  const Clock::duration timeout_;
  uint64_t left_ = UINT64_MAX;
  Clock::time_point deadline_;
};

struct Totals {
  uint64_t bytes = 0;
  uint64_t messages = 0;
};

class ThroughputRun final : public MessageSink {
 public:
  explicit ThroughputRun(const Measurement& m)
      : m_(m), payload_(m.size, std::byte{0x5a}), senders_(m.assocs.size()),
        reports_(m.assocs.size()) {}

  std::optional<PerfResult> run(std::string& error);
  void on_message(size_t index, std::span<const std::byte> message,
                  const struct sctp_rcvinfo& info, Clock::time_point at) override;

 private:
  struct Sender {  // main thread
    Totals handed;  // to usrsctp
    uint16_t stream = 0;
    bool end_sent = false;
  };

  Totals handed() const;
  bool send_burst(size_t index, bool& sent_any, std::string& error);
  bool send_round(bool& sent_any, std::string& error);
  bool send_phase(std::string& error);
  bool end_warm_up(std::string& error);
  void print_interval(Clock::time_point now);
  bool unacked(size_t index, uint64_t& bytes, std::string& error);
  bool wait_drained(std::string& error);
  bool send_end_when_drained(size_t index, uint64_t& left, std::string& error);
  bool reports_phase(std::string& error);
  bool all_reported();
  std::optional<PerfResult> result(std::string& error);

  const Measurement& m_;
  const std::vector<std::byte> payload_;
  std::vector<Sender> senders_;
  // Main thread, from the end of the warm-up on.
  bool measuring_ = false;
  Clock::time_point measured_start_;
  Clock::time_point end_ = Clock::time_point::max();
  Totals before_;  // handed over before the warm-up ended
  Clock::time_point next_print_ = Clock::time_point::max();
  Clock::time_point last_print_;
  Totals last_print_totals_;
  CostMeter cost_;
  std::mutex mutex_;  // what follows, filled on the receive thread
  std::vector<std::optional<Report>> reports_;
  Clock::time_point last_report_at_;
};

void ThroughputRun::on_message(size_t index, std::span<const std::byte> message,
                               const struct sctp_rcvinfo& info, Clock::time_point at) {
  if (ntohl(info.rcv_ppid) != kReportPpid) return;
  std::optional<Report> report = decode_report(message);
  if (!report) return;
  {
    std::lock_guard lock(mutex_);
    reports_[index] = report;
    last_report_at_ = std::max(last_report_at_, at);
  }
  m_.wakeup.notify();
}

Totals ThroughputRun::handed() const {
  Totals t;
  for (const Sender& s : senders_) {
    t.bytes += s.handed.bytes;
    t.messages += s.handed.messages;
  }
  return t;
}

bool ThroughputRun::send_burst(size_t index, bool& sent_any, std::string& error) {
  Sender& s = senders_[index];
  for (int i = 0; i < kBurst; ++i) {
    const int err = m_.assocs[index]->send(s.stream, kDataPpid, m_.options.unordered, payload_);
    if (err == EWOULDBLOCK || err == EAGAIN) return true;  // the buffer is full
    if (err != 0) {
      error = "send on association " + std::to_string(index + 1) + ": " + errno_text(err);
      return false;
    }
    s.handed.bytes += payload_.size();
    ++s.handed.messages;
    s.stream = next_stream(m_, s.stream);
    sent_any = true;
  }
  return true;
}

bool ThroughputRun::send_round(bool& sent_any, std::string& error) {
  if (std::optional<std::string> lost = lost_association(m_)) {
    error = *lost;
    return false;
  }
  for (size_t i = 0; i < senders_.size(); ++i) {
    if (!send_burst(i, sent_any, error)) return false;
  }
  return true;
}

// What the client handed over: the server's count comes only at the end.
void ThroughputRun::print_interval(Clock::time_point now) {
  const Totals t = handed();
  PerfResult interval = describe(m_, PerfMode::kThroughput);
  interval.seconds = seconds_between(last_print_, now);
  interval.bytes = t.bytes - last_print_totals_.bytes;
  interval.messages = t.messages - last_print_totals_.messages;
  print_progress(stdout, seconds_between(measured_start_, now), to_row(interval));
  last_print_totals_ = t;
  last_print_ = now;
  next_print_ += kProgressInterval;
}

// The warm-up ends with the send buffers drained: see result().
bool ThroughputRun::end_warm_up(std::string& error) {
  if (!wait_drained(error)) return false;
  if (m_.stop.load()) return true;  // no measurement after all
  measuring_ = true;
  measured_start_ = Clock::now();
  end_ = measured_start_ + duration_of(m_.options.duration_s);
  next_print_ = measured_start_ + kProgressInterval;
  last_print_ = measured_start_;
  before_ = handed();
  last_print_totals_ = before_;
  cost_.start();
  return true;
}

bool ThroughputRun::send_phase(std::string& error) {
  const Clock::time_point warm_end = Clock::now() + duration_of(m_.options.warmup_s);
  const auto timeout = std::chrono::milliseconds(m_.options.timeout_ms);
  Clock::time_point last_sent = Clock::now();
  for (;;) {
    const uint64_t seen = m_.wakeup.count();
    const Clock::time_point now = Clock::now();
    if (m_.stop.load()) return true;
    if (!measuring_ && now >= warm_end) {
      if (!end_warm_up(error)) return false;
      last_sent = measured_start_;
      continue;
    }
    if (now >= next_print_ && next_print_ <= end_) print_interval(now);
    if (now >= end_) return true;
    bool sent_any = false;
    if (!send_round(sent_any, error)) return false;
    if (sent_any) {
      last_sent = now;
      continue;
    }
    if (now - last_sent > timeout) {
      error = "the server took no data for " + std::to_string(m_.options.timeout_ms) + " ms";
      return false;
    }
    m_.wakeup.wait(seen, std::min({now + kFullWait, end_, next_print_,
                                   measuring_ ? end_ : warm_end}));
  }
}

bool ThroughputRun::unacked(size_t index, uint64_t& bytes, std::string& error) {
  std::optional<uint32_t> left = unacked_bytes(m_.assocs[index]->socket());
  if (!left) {
    error = "association " + std::to_string(index + 1) + " ended during the measurement";
    return false;
  }
  bytes = *left;
  return true;
}

// The warm-up ends when the server has acknowledged, and so received,
// everything handed over so far: the count starts clean. --timeout bounds
// a stall, not the whole wait (4 MiB per association can take seconds).
bool ThroughputRun::wait_drained(std::string& error) {
  Progress progress(m_.options.timeout_ms);
  for (;;) {
    const uint64_t seen = m_.wakeup.count();
    uint64_t left = 0;
    for (size_t i = 0; i < senders_.size(); ++i) {
      uint64_t bytes = 0;
      if (!unacked(i, bytes, error)) return false;
      left += bytes;
    }
    if (left == 0 || m_.stop.load()) return true;
    const Clock::time_point now = Clock::now();
    if (!progress.update(left, now)) {
      error = "the server acknowledged nothing for " + std::to_string(m_.options.timeout_ms) +
              " ms";
      return false;
    }
    m_.wakeup.wait(seen, std::min(progress.deadline(), now + kDrainPoll));
  }
}

// Likewise each End goes out once everything before it has been
// acknowledged, so that the Report counts all of it. Adds what is left.
bool ThroughputRun::send_end_when_drained(size_t index, uint64_t& left, std::string& error) {
  Sender& s = senders_[index];
  uint64_t bytes = 0;
  if (s.end_sent) return true;
  if (!unacked(index, bytes, error)) return false;
  left += bytes;
  if (bytes > 0) return true;
  const int err = m_.assocs[index]->send(0, kEndPpid, false, kEndPayload);
  if (err != 0 && err != EWOULDBLOCK && err != EAGAIN) {
    error = "sending the End: " + errno_text(err);
    return false;
  }
  s.end_sent = err == 0;
  left += !s.end_sent;
  return true;
}

bool ThroughputRun::all_reported() {
  std::lock_guard lock(mutex_);
  return std::all_of(reports_.begin(), reports_.end(), [](const auto& r) { return r.has_value(); });
}

bool ThroughputRun::reports_phase(std::string& error) {
  Progress progress(m_.options.timeout_ms);
  for (;;) {
    const uint64_t seen = m_.wakeup.count();
    uint64_t left = 0;
    for (size_t i = 0; i < senders_.size(); ++i) {
      if (!send_end_when_drained(i, left, error)) return false;
    }
    if (all_reported()) return true;
    if (std::optional<std::string> lost = lost_association(m_)) {
      error = *lost;
      return false;
    }
    const Clock::time_point now = Clock::now();
    if (!progress.update(left, now)) {
      error = std::string(left == 0 ? "no Report from the server"
                                    : "the server acknowledged nothing") +
              " for " + std::to_string(m_.options.timeout_ms) + " ms";
      return false;
    }
    m_.wakeup.wait(seen, left == 0 ? progress.deadline()
                                   : std::min(progress.deadline(), now + kDrainPoll));
  }
}

// Only what was handed over after the warm-up counts: the server's count
// less what the client had handed over when the warm-up ended. Since the
// warm-up ends with the send buffers drained (wait_drained), that is
// exactly what the server received in the measured time. Counting from
// the end of the warm-up as such instead would leave out what still sat
// in the send buffer then (up to 4 MiB per association, seconds' worth
// for small messages here) though it is delivered in the measured time.
// What remains is small: the link idles for about a round trip while the
// buffers refill at the start, and the End and the Report add about one
// to the time; tens of microseconds on loopback.
std::optional<PerfResult> ThroughputRun::result(std::string& error) {
  PerfResult r = describe(m_, PerfMode::kThroughput);
  if (!measuring_) return r;  // stopped during the warm-up
  Totals server;
  std::lock_guard lock(mutex_);
  for (const std::optional<Report>& report : reports_) {
    server.bytes += report->bytes;
    server.messages += report->messages;
  }
  // Everything was acknowledged before the End: the counts must agree.
  const Totals sent = handed();
  if (server.bytes != sent.bytes || server.messages != sent.messages) {
    error = "the server counted " + std::to_string(server.messages) + " messages of " +
            std::to_string(server.bytes) + " bytes, " + std::to_string(sent.messages) +
            " of " + std::to_string(sent.bytes) + " were sent";
    return std::nullopt;
  }
  r.seconds = seconds_between(measured_start_, last_report_at_);
  r.bytes = server.bytes - before_.bytes;
  r.messages = server.messages - before_.messages;
  r.retransmissions = cost_.retransmissions();
  r.cycles_per_message = cost_.cycles_per_message(r.messages);
  return r;
}

std::optional<PerfResult> ThroughputRun::run(std::string& error) {
  for (ClientAssoc* a : m_.assocs) a->attach(this);
  const bool ok = send_phase(error) && reports_phase(error);
  for (ClientAssoc* a : m_.assocs) a->detach();
  if (!ok) return std::nullopt;
  return result(error);
}

}  // namespace

std::optional<PerfResult> measure_throughput(const Measurement& m, std::string& error) {
  ThroughputRun run(m);
  return run.run(error);
}

}  // namespace dsctp::apps::usrsctp_perf
