// The reachability side of one destination address: its path MTU, its
// error counter and active/inactive state (RFC 9260 8.2), whether it is
// confirmed (5.4), and its heartbeats (8.3).
//
// RTO and congestion state live in RtoEstimator and CongestionControl; the
// association keeps one of each per path next to a PathState and wires
// them together (see the notes on each method).
//
// Sans-IO: times come in as arguments, and so does randomness (heartbeat
// jitter, nonces), so that runs are reproducible.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "base/time.h"
#include "sctp/association/path/error_counter.h"

namespace dsctp::sctp {

struct PathConfig {
  // The path MTU to start from (IP header included), before any ICMP says
  // otherwise. Probing upward (RFC 8899 PLPMTUD) is not done here.
  uint32_t mtu = 1500;
  // ICMP never lowers the path MTU below this, so that a forged "packet too
  // big" cannot shrink packets to nothing; 1200 leaves room for IPv6 (1280)
  // and tunnels.
  uint32_t min_mtu = 1200;
  // RFC 9260 16: Path.Max.Retrans 5 attempts.
  uint32_t max_retrans = 5;
  // RFC 9260 16: HB.interval 30 seconds.
  Duration heartbeat_interval = std::chrono::seconds(30);

  std::string_view error() const;
};

enum class PathStatus : uint8_t { kActive, kInactive };

enum class PathReason : uint8_t {
  kNone,
  kT3RtxExpired,          // 8.2: the T3-rtx timer of the path expired
  kHeartbeatUnanswered,   // 8.2: a HEARTBEAT was not acknowledged in an RTO
  kDataAcked,             // 8.2: an outstanding TSN sent here was acknowledged
  kHeartbeatAcked,        // 8.3: a HEARTBEAT ACK matched our HEARTBEAT
  kCookieExchange,        // 5.4: the address carried the handshake
};

// What one input did to the path, for the upper layer's path-change
// notification (RFC 9260 8.2: "a notification SHOULD be sent to the upper
// layer").
struct PathChange {
  bool became_inactive = false;
  bool became_active = false;
  bool became_confirmed = false;
  PathReason reason = PathReason::kNone;

  bool any() const { return became_inactive || became_active || became_confirmed; }
};

struct HeartbeatAck {
  // False when the nonce is not that of our last HEARTBEAT to this path:
  // the ack is stale or forged and must be ignored whole.
  bool accepted = false;
  PathChange change;
  // The round trip from our record of the send time, not from the time the
  // peer echoes (which it could forge). Feed it to RtoEstimator.
  Duration rtt{0};
};

// A value in [-rto/2, +rto/2) picked by `random` (uniform over uint32_t):
// RFC 9260 8.3 "with jitter of +/- 50% of the RTO value".
Duration heartbeat_jitter(Duration rto, uint32_t random);

class PathState {
 public:
  // `confirmed`: RFC 9260 5.4 makes only the addresses that carried the
  // handshake confirmed from the start; every other address of the peer
  // starts unconfirmed.
  PathState(const PathConfig& config, bool confirmed);

  uint32_t mtu() const { return mtu_; }
  PathStatus status() const { return status_; }
  bool active() const { return status_ == PathStatus::kActive; }
  // Why the path last changed between active and inactive.
  PathReason status_reason() const { return status_reason_; }
  bool confirmed() const { return confirmed_; }
  uint32_t error_count() const { return errors_.count(); }

  // An ICMP "fragmentation needed" (or ICMPv6 "packet too big") that the
  // association has matched to this path and association (verification
  // tag of the quoted packet, RFC 9260 Appendix C). Returns true when the
  // path MTU went down.
  bool on_icmp_too_big(uint32_t reported_mtu);

  // RFC 9260 5.4: the address the COOKIE ECHO came from (server) or the
  // COOKIE ECHO went to and was answered (client) is confirmed.
  PathChange confirm(PathReason reason);

  // 8.2: the T3-rtx timer of this path expired. The association also
  // counts it in its own ErrorCounter, backs off the RTO (6.3.3 E2) and
  // tells CongestionControl::on_t3_expired().
  PathChange on_t3_expired();
  // 8.2: a SACK acknowledged an outstanding TSN last sent to this path.
  PathChange on_data_acked();

  // 8.3: when the next HEARTBEAT is due, computed from now and stored.
  // Idle confirmed paths (and inactive ones) wait RTO + HB.interval;
  // active unconfirmed ones are probed once per RTO (5.4: "In each RTO, a
  // probe MAY be sent on an active UNCONFIRMED path"). Both with jitter.
  TimePoint schedule_heartbeat(TimePoint now, Duration rto, uint32_t random);
  TimePoint heartbeat_due() const { return heartbeat_due_; }

  // A HEARTBEAT went out carrying `nonce` (random, from the caller). Only
  // an ack echoing this nonce counts, until the next HEARTBEAT is sent.
  void on_heartbeat_sent(TimePoint now, uint64_t nonce);
  bool heartbeat_outstanding() const { return heartbeat_outstanding_; }
  // 8.2: the last HEARTBEAT was not acknowledged within an RTO. The caller
  // also backs off the RTO (8.3: "exponential backoff of the RTO if the
  // previous HEARTBEAT is unanswered") and, if this is the path in use for
  // data, counts it in the association's ErrorCounter (8.1). No-op when no
  // HEARTBEAT is outstanding.
  PathChange on_heartbeat_timeout();
  // 8.3: a HEARTBEAT ACK for this path. On acceptance the caller feeds
  // `rtt` to the RtoEstimator and resets the association's ErrorCounter.
  HeartbeatAck on_heartbeat_ack(TimePoint now, uint64_t nonce);

 private:
  PathChange count_error(PathReason reason);
  PathChange clear_errors(PathReason reason);

  PathConfig config_;
  ErrorCounter errors_;
  uint32_t mtu_;
  PathStatus status_ = PathStatus::kActive;
  PathReason status_reason_ = PathReason::kNone;
  bool confirmed_;
  TimePoint heartbeat_due_{};
  TimePoint heartbeat_sent_at_{};
  uint64_t heartbeat_nonce_ = 0;
  bool heartbeat_nonce_valid_ = false;
  bool heartbeat_outstanding_ = false;
};

}  // namespace dsctp::sctp
