#include "measurement.h"

#include "cpu_time.h"
#include "usrsctp_util.h"

namespace dsctp::apps::usrsctp_perf {

void CostMeter::start() {
  started_ = true;
  cpu_seconds_ = process_cpu_seconds();
  retransmissions_ = retransmitted_chunks();
}

double CostMeter::cycles_per_message(uint64_t messages) const {
  if (!started_ || messages == 0) return 0;
  return (process_cpu_seconds() - cpu_seconds_) * tsc_hz() / static_cast<double>(messages);
}

uint64_t CostMeter::retransmissions() const {
  return started_ ? retransmitted_chunks() - retransmissions_ : 0;
}

PerfResult describe(const Measurement& m, PerfMode mode) {
  PerfResult r;
  r.tool = "usrsctp";
  r.mode = mode;
  r.size = m.size;
  r.streams = m.options.streams;
  r.assocs = static_cast<uint16_t>(m.assocs.size());
  r.unordered = m.options.unordered;
  return r;
}

uint16_t next_stream(const Measurement& m, uint16_t stream) {
  return static_cast<uint16_t>((stream + 1u) % m.options.streams);
}

Clock::duration duration_of(double seconds) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

uint64_t nanoseconds_between(Clock::time_point from, Clock::time_point to) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count());
}

std::optional<std::string> lost_association(const Measurement& m) {
  for (size_t i = 0; i < m.assocs.size(); ++i) {
    if (m.assocs[i]->state() != ClientAssoc::State::kUp) {
      return "association " + std::to_string(i + 1) + " ended during the measurement";
    }
  }
  return std::nullopt;
}

}  // namespace dsctp::apps::usrsctp_perf
