#include "sctp/association/path/path_state.h"

namespace dsctp::sctp {
namespace {

// RFC 791: every IPv4 host accepts 576-byte datagrams; below that SCTP's
// own headers leave too little room to be worth configuring.
constexpr uint32_t kLowestMinMtu = 576;
constexpr uint32_t kHighestMtu = 65535;

// d * r / 2^32, exactly, without 128-bit arithmetic: d fits in 63 bits, so
// the high part's product fits in 63 bits and the low part's in 64.
int64_t scale_by_fraction(int64_t d, uint32_t r) {
  uint64_t u = static_cast<uint64_t>(d);
  uint64_t high = (u >> 32) * r;
  uint64_t low = ((u & 0xFFFFFFFFu) * r) >> 32;
  return static_cast<int64_t>(high + low);
}

}  // namespace

std::string_view PathConfig::error() const {
  if (min_mtu < kLowestMinMtu) return "the minimum path MTU must be at least 576";
  if (mtu < min_mtu || mtu > kHighestMtu) {
    return "the path MTU must lie between the minimum path MTU and 65535";
  }
  if (heartbeat_interval < Duration::zero()) return "HB.interval must not be negative";
  return {};
}

Duration heartbeat_jitter(Duration rto, uint32_t random) {
  if (rto <= Duration::zero()) return Duration::zero();
  return Duration(scale_by_fraction(rto.count(), random)) - rto / 2;
}

PathState::PathState(const PathConfig& config, bool confirmed)
    : config_(config), errors_(config.max_retrans), mtu_(config.mtu), confirmed_(confirmed) {}

// RFC 1191 3: "A host MUST not increase its estimate of the Path MTU in
// response to the contents of a Datagram Too Big message" (the report may
// be stale or forged). A report of 0 comes from a router too old to say its
// next-hop MTU (RFC 1191 5); guessing a plateau is left out, so it is
// ignored. A report below the floor lowers the MTU to the floor only.
bool PathState::on_icmp_too_big(uint32_t reported_mtu) {
  if (reported_mtu == 0 || reported_mtu >= mtu_) return false;
  uint32_t lowered = reported_mtu < config_.min_mtu ? config_.min_mtu : reported_mtu;
  if (lowered >= mtu_) return false;
  mtu_ = lowered;
  return true;
}

PathChange PathState::confirm(PathReason reason) {
  PathChange change;
  change.reason = reason;
  if (!confirmed_) {
    confirmed_ = true;
    change.became_confirmed = true;
  }
  return change;
}

// RFC 9260 8.2: "Each time the T3-rtx timer expires on any address, or when
// a HEARTBEAT chunk sent to an idle address is not acknowledged within an
// RTO, the error counter of that destination address will be incremented.
// When the value in the error counter exceeds the protocol parameter
// 'Path.Max.Retrans' of that destination address, the endpoint SHOULD mark
// the destination transport address as inactive, and a notification SHOULD
// be sent to the upper layer."
PathChange PathState::count_error(PathReason reason) {
  PathChange change;
  change.reason = reason;
  if (errors_.increment() && status_ == PathStatus::kActive) {
    status_ = PathStatus::kInactive;
    status_reason_ = reason;
    change.became_inactive = true;
  }
  return change;
}

// RFC 9260 8.2: "When an outstanding TSN is acknowledged or a HEARTBEAT
// chunk sent to that address is acknowledged with a HEARTBEAT ACK chunk,
// the endpoint SHOULD clear the error counter of the destination transport
// address to which the DATA chunk was last sent (or HEARTBEAT chunk was
// sent) and SHOULD also report to the upper layer when an inactive
// destination address is marked as active."
PathChange PathState::clear_errors(PathReason reason) {
  PathChange change;
  change.reason = reason;
  errors_.reset();
  if (status_ == PathStatus::kInactive) {
    status_ = PathStatus::kActive;
    status_reason_ = reason;
    change.became_active = true;
  }
  return change;
}

PathChange PathState::on_t3_expired() { return count_error(PathReason::kT3RtxExpired); }

PathChange PathState::on_data_acked() { return clear_errors(PathReason::kDataAcked); }

// RFC 9260 8.3: "it is RECOMMENDED that a HEARTBEAT chunk is sent once per
// RTO of that destination address plus the protocol parameter
// 'HB.interval', with jitter of +/- 50% of the RTO value".
TimePoint PathState::schedule_heartbeat(TimePoint now, Duration rto, uint32_t random) {
  Duration wait = rto + heartbeat_jitter(rto, random);
  // 5.4: active unconfirmed paths are probed each RTO; "If during this
  // probing the path becomes inactive, this rate is lowered to the normal
  // HEARTBEAT rate."
  if (confirmed_ || !active()) wait += config_.heartbeat_interval;
  heartbeat_due_ = now + wait;
  return heartbeat_due_;
}

void PathState::on_heartbeat_sent(TimePoint now, uint64_t nonce) {
  heartbeat_sent_at_ = now;
  heartbeat_nonce_ = nonce;
  heartbeat_nonce_valid_ = true;
  heartbeat_outstanding_ = true;
}

PathChange PathState::on_heartbeat_timeout() {
  if (!heartbeat_outstanding_) return {};
  heartbeat_outstanding_ = false;
  return count_error(PathReason::kHeartbeatUnanswered);
}

// RFC 9260 8.3: "Upon the receipt of the HEARTBEAT ACK chunk, the sender of
// the HEARTBEAT chunk SHOULD clear the error counter of the destination
// transport address to which the HEARTBEAT chunk was sent and mark the
// destination transport address as active if it is not so marked." And
// 5.4: once the nonce matches, "the address that the original HEARTBEAT
// was sent to is now considered CONFIRMED and available for normal data
// transfer." An ack that comes after its RTO (the error already counted)
// still proves the path works, so it is accepted while its nonce is the
// latest.
HeartbeatAck PathState::on_heartbeat_ack(TimePoint now, uint64_t nonce) {
  HeartbeatAck ack;
  if (!heartbeat_nonce_valid_ || nonce != heartbeat_nonce_) return ack;
  ack.accepted = true;
  ack.rtt = now - heartbeat_sent_at_;
  heartbeat_nonce_valid_ = false;  // one ack per HEARTBEAT
  heartbeat_outstanding_ = false;
  ack.change = clear_errors(PathReason::kHeartbeatAcked);
  ack.change.became_confirmed = confirm(PathReason::kHeartbeatAcked).became_confirmed;
  return ack;
}

}  // namespace dsctp::sctp
