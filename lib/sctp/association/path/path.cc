#include "sctp/association/path/path.h"

namespace dsctp::sctp {

std::string_view PathSettings::error() const {
  if (std::string_view e = rto.error(); !e.empty()) return e;
  if (std::string_view e = congestion.error(); !e.empty()) return e;
  return path.error();
}

Path::Path(const PathSettings& settings, uint32_t peer_rwnd, bool confirmed, TimePoint now)
    : state_(settings.path, confirmed),
      rto_(settings.rto),
      cc_(settings.congestion, state_.mtu(), peer_rwnd, now) {}

PathChange Path::on_sack(PathAck ack, bool in_fast_recovery) {
  cc_.on_sack(ack, in_fast_recovery);
  // 8.2: an acknowledged outstanding TSN clears the path's error counter.
  if (ack.bytes_acked == 0) return {};
  return state_.on_data_acked();
}

PathChange Path::on_t3_expired() {
  cc_.on_t3_expired();
  rto_.backoff();
  return state_.on_t3_expired();
}

bool Path::on_icmp_too_big(uint32_t reported_mtu) {
  if (!state_.on_icmp_too_big(reported_mtu)) return false;
  cc_.on_mtu_changed(state_.mtu());
  return true;
}

TimePoint Path::schedule_heartbeat(TimePoint now, uint32_t random) {
  return state_.schedule_heartbeat(now, rto_.rto(), random);
}

HeartbeatAck Path::on_heartbeat_ack(TimePoint now, uint64_t nonce) {
  HeartbeatAck ack = state_.on_heartbeat_ack(now, nonce);
  // The RTT comes from our own record of the send time; the estimator
  // still drops a non-positive one (a clock that went backwards).
  if (ack.accepted) rto_.on_rtt_sample(ack.rtt);
  return ack;
}

// 8.3: "exponential backoff of the RTO if the previous HEARTBEAT is
// unanswered".
PathChange Path::on_heartbeat_timeout() {
  if (!state_.heartbeat_outstanding()) return {};
  rto_.backoff();
  return state_.on_heartbeat_timeout();
}

}  // namespace dsctp::sctp
