#include "sctp/association/path/congestion_control.h"

#include <algorithm>

namespace dsctp::sctp {
namespace {

constexpr uint32_t kMaxSlowStartL = 64;
// cwnd never needs to exceed what a 32-bit TSN space can have outstanding;
// the cap only keeps the arithmetic from wrapping.
constexpr uint64_t kMaxCwnd = uint64_t{1} << 31;

uint32_t saturating_add(uint32_t a, uint64_t b) {
  return static_cast<uint32_t>(std::min<uint64_t>(a + b, kMaxCwnd));
}

// RFC 9260 7.2.3: "ssthresh = max(cwnd/2, 4*MTU)".
uint32_t halved_window(uint32_t cwnd, uint32_t mtu) {
  return static_cast<uint32_t>(std::max<uint64_t>(cwnd / 2, uint64_t{4} * mtu));
}

}  // namespace

std::string_view CongestionConfig::error() const {
  if (slow_start_l < 1 || slow_start_l > kMaxSlowStartL) {
    return "slow start L must be between 1 and 64 MTUs";
  }
  return {};
}

uint32_t initial_cwnd(uint32_t mtu) {
  uint64_t m = mtu;
  return static_cast<uint32_t>(std::min<uint64_t>(4 * m, std::max<uint64_t>(2 * m, 4404)));
}

CongestionControl::CongestionControl(const CongestionConfig& config, uint32_t mtu,
                                     uint32_t peer_rwnd, TimePoint now)
    : config_(config),
      mtu_(mtu),
      cwnd_(initial_cwnd(mtu)),
      ssthresh_(peer_rwnd),
      idle_since_(now) {}

bool CongestionControl::can_send(uint32_t bytes) const {
  return flight_size_ < cwnd_ && uint64_t{flight_size_} + bytes < uint64_t{cwnd_} + mtu_;
}

void CongestionControl::on_sent(uint32_t bytes, TimePoint now) {
  flight_size_ = saturating_add(flight_size_, bytes);
  idle_since_ = now;
}

void CongestionControl::on_removed_from_flight(uint32_t bytes) {
  flight_size_ -= std::min(flight_size_, bytes);
}

void CongestionControl::on_sack(PathAck ack, bool in_fast_recovery) {
  // Both growth rules look at the flight size "before the arrival of the
  // SACK chunk" (7.2.2), and so does "being fully utilized" (7.2.1).
  bool was_fully_utilized = flight_size_ >= cwnd_;
  on_removed_from_flight(ack.bytes_acked);
  // 7.2.1: cwnd grows in slow start only if "the data sender is not in
  // Fast Recovery". 7.2.2 says nothing of it; we hold congestion avoidance
  // too, as TCP's NewReno does (RFC 6582), so that the window set on entry
  // (7.2.3) is the one recovery runs with.
  if (!in_fast_recovery && ack.bytes_acked > 0) {
    if (in_slow_start()) {
      grow_slow_start(ack.bytes_acked, was_fully_utilized);
    } else {
      grow_congestion_avoidance(ack.bytes_acked, was_fully_utilized);
    }
  }
  // 7.2.2: "When all of the data transmitted by the sender has been
  // acknowledged by the receiver, partial_bytes_acked is initialized to 0."
  if (flight_size_ == 0) partial_bytes_acked_ = 0;
}

// RFC 9260 7.2.1: "When cwnd is less than or equal to ssthresh, an SCTP
// endpoint MUST use the slow-start algorithm to increase cwnd only if the
// current congestion window is being fully utilized and the data sender is
// not in Fast Recovery. ... then cwnd MUST be increased by, at most, the
// lesser of (1) the total size of the previously outstanding DATA chunk(s)
// acknowledged and (2) L times the destination's path MTU."
// (RFC 4960 also required the Cumulative TSN Ack Point to advance; RFC 9260
// dropped that condition, so Gap Ack Blocks count too.)
void CongestionControl::grow_slow_start(uint32_t bytes_acked, bool was_fully_utilized) {
  if (!was_fully_utilized) return;
  uint64_t limit = uint64_t{config_.slow_start_l} * mtu_;
  cwnd_ = saturating_add(cwnd_, std::min<uint64_t>(bytes_acked, limit));
}

// RFC 9260 7.2.2: "Whenever cwnd is greater than ssthresh, upon each SACK
// chunk arrival, increase partial_bytes_acked by the total number of bytes
// of all new chunks acknowledged in that SACK chunk ... When (1)
// partial_bytes_acked is greater than or equal to cwnd and (2) before the
// arrival of the SACK chunk the sender had cwnd or more bytes of data
// outstanding ..., partial_bytes_acked is reset to (partial_bytes_acked -
// cwnd). Next, cwnd is increased by MTU."
void CongestionControl::grow_congestion_avoidance(uint32_t bytes_acked,
                                                  bool was_fully_utilized) {
  // Capped at cwnd: bytes acknowledged while the window sat unused must not
  // later buy several increases in a row (the RFC sets no bound).
  partial_bytes_acked_ = static_cast<uint32_t>(
      std::min<uint64_t>(uint64_t{partial_bytes_acked_} + bytes_acked, cwnd_));
  if (partial_bytes_acked_ >= cwnd_ && was_fully_utilized) {
    partial_bytes_acked_ -= cwnd_;
    cwnd_ = saturating_add(cwnd_, mtu_);
  }
}

// RFC 9260 7.2.3: "Upon detection of packet losses from SACK (see Section
// 7.2.4), an endpoint SHOULD do the following: ssthresh = max(cwnd/2,
// 4*MTU); cwnd = ssthresh; partial_bytes_acked = 0".
void CongestionControl::on_fast_retransmit() {
  ssthresh_ = halved_window(cwnd_, mtu_);
  cwnd_ = ssthresh_;
  partial_bytes_acked_ = 0;
}

// RFC 9260 7.2.3: "When the T3-rtx timer expires on an address, SCTP SHOULD
// perform slow start by: ssthresh = max(cwnd/2, 4*MTU); cwnd = 1*MTU;
// partial_bytes_acked = 0 and ensure that no more than one SCTP packet will
// be in flight for that address until the endpoint receives acknowledgement
// for successful delivery of data to that address." can_send() enforces
// the single packet: cwnd = MTU admits one packet into an empty flight.
void CongestionControl::on_t3_expired() {
  ssthresh_ = halved_window(cwnd_, mtu_);
  cwnd_ = mtu_;
  partial_bytes_acked_ = 0;
}

void CongestionControl::on_idle(TimePoint now, Duration rto) {
  if (rto <= Duration::zero() || now <= idle_since_) return;
  int64_t periods = (now - idle_since_) / rto;
  idle_since_ += periods * rto;
  uint32_t floor = static_cast<uint32_t>(std::min<uint64_t>(uint64_t{4} * mtu_, kMaxCwnd));
  // Halving stops at the floor, so the loop runs at most 32 times however
  // long the idle stretch was. A cwnd already below 4*MTU (after a T3-rtx
  // expiry) is left alone: "max(cwnd/2, 4*MTU)" would raise it.
  for (int64_t i = 0; i < periods && cwnd_ > floor; ++i) {
    cwnd_ = std::max(cwnd_ / 2, floor);
  }
}

// The window is a byte count and stays one: a smaller MTU means more,
// smaller packets for the same window. It must still admit one packet.
// The MTU-based rules (L * MTU growth, the 4*MTU floors) use the new MTU
// from now on.
void CongestionControl::on_mtu_changed(uint32_t mtu) {
  mtu_ = mtu;
  cwnd_ = std::max(cwnd_, mtu_);
}

bool FastRecovery::enter(Tsn highest_outstanding) {
  if (active_) return false;
  active_ = true;
  exit_point_ = highest_outstanding;
  return true;
}

bool FastRecovery::on_cum_ack(Tsn cum_tsn_ack) {
  if (!active_ || !(cum_tsn_ack >= exit_point_)) return false;
  active_ = false;
  return true;
}

}  // namespace dsctp::sctp
