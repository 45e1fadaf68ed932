// What the latency and the throughput measurement share: the associations
// they run on, the stop flag, the cost accounting and the result's
// description.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "client_assoc.h"
#include "perf_options.h"
#include "report.h"

namespace dsctp::apps::usrsctp_perf {

struct Measurement {
  const PerfOptions& options;
  uint32_t size = 0;
  std::span<ClientAssoc* const> assocs;  // up, with the Hello delivered
  Wakeup& wakeup;
  const std::atomic<bool>& stop;
};

// From start() on: the CPU time of the whole process (usrsctp's threads
// are part of the cost) and the DATA chunks it retransmitted (the
// client's; the server's echoes are not counted here).
class CostMeter {
 public:
  void start();
  bool started() const { return started_; }
  double cycles_per_message(uint64_t messages) const;
  uint64_t retransmissions() const;

 private:
  bool started_ = false;
  double cpu_seconds_ = 0;
  uint64_t retransmissions_ = 0;
};

// The result with its description filled in (tool, mode, size, ...).
PerfResult describe(const Measurement& m, PerfMode mode);

// The next stream of the round-robin over --streams.
uint16_t next_stream(const Measurement& m, uint16_t stream);

Clock::duration duration_of(double seconds);
double seconds_between(Clock::time_point from, Clock::time_point to);
uint64_t nanoseconds_between(Clock::time_point from, Clock::time_point to);

// Why the measurement cannot go on, if an association has ended.
std::optional<std::string> lost_association(const Measurement& m);

}  // namespace dsctp::apps::usrsctp_perf
