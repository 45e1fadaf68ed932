// One destination address of the peer with everything the association
// keeps per path, wired together the way RFC 9260 ties them: a T3-rtx
// expiry backs off the RTO (6.3.3 E2), cuts the window (E1, 7.2.3) and
// counts a path error (8.2); an ICMP "too big" lowers the MTU that
// congestion control counts in; a HEARTBEAT ACK gives an RTT sample.
//
// What stays with the association: its own ErrorCounter (8.1),
// FastRecovery (7.2.4), Karn's rule for DATA samples (6.3.1 C5), choosing
// the path to send on (6.4), and the timers themselves.
#pragma once

#include <string_view>

#include "base/time.h"
#include "sctp/association/path/congestion_control.h"
#include "sctp/association/path/path_state.h"
#include "sctp/association/path/rto_estimator.h"

namespace dsctp::sctp {

struct PathSettings {
  RtoConfig rto;
  CongestionConfig congestion;
  PathConfig path;

  // Empty when usable, else the first problem found.
  std::string_view error() const;
};

class Path {
 public:
  // `peer_rwnd`: the a_rwnd of the peer's INIT or INIT ACK (initial
  // ssthresh). `confirmed`: see PathState.
  Path(const PathSettings& settings, uint32_t peer_rwnd, bool confirmed, TimePoint now);

  const PathState& state() const { return state_; }
  const RtoEstimator& rto() const { return rto_; }
  const CongestionControl& congestion() const { return cc_; }
  CongestionControl& congestion() { return cc_; }

  // An RTT sample from a SACK of a never-retransmitted chunk (the caller
  // applies Karn's rule).
  RttSample on_rtt_sample(Duration r) { return rto_.on_rtt_sample(r); }

  // A SACK newly acknowledged `ack.bytes_acked` bytes last sent here.
  PathChange on_sack(PathAck ack, bool in_fast_recovery);

  // RFC 9260 6.3.3 E1, E2 and 8.2 for this path's T3-rtx timer. The caller
  // also counts the association error and marks chunks for retransmission
  // (taking them out of flight with on_removed_from_flight()).
  PathChange on_t3_expired();

  // Returns true when the MTU went down; congestion control follows.
  bool on_icmp_too_big(uint32_t reported_mtu);

  // Heartbeats (8.3): schedule with the current RTO, record the send,
  // then either the ack (RTT sample, errors cleared) or the timeout (RTO
  // backed off, a path error counted).
  TimePoint schedule_heartbeat(TimePoint now, uint32_t random);
  void on_heartbeat_sent(TimePoint now, uint64_t nonce) { state_.on_heartbeat_sent(now, nonce); }
  HeartbeatAck on_heartbeat_ack(TimePoint now, uint64_t nonce);
  PathChange on_heartbeat_timeout();

  // 7.2.1 idle decay, one step per RTO of this path.
  void on_idle(TimePoint now) { cc_.on_idle(now, rto_.rto()); }

 private:
  PathState state_;
  RtoEstimator rto_;
  CongestionControl cc_;
};

}  // namespace dsctp::sctp
