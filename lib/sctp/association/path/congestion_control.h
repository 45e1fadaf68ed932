// Congestion control of one destination address (RFC 9260 7.2): cwnd,
// ssthresh, partial_bytes_acked and the flight size, in bytes.
//
// Fast Recovery (7.2.4) belongs to the association, not to a path: "While
// in Fast Recovery, the ssthresh and cwnd SHOULD NOT change for any
// destinations due to a subsequent Fast Recovery event". So it lives in
// FastRecovery below, one per association, and each path's
// CongestionControl is told whether the association is in it.
//
// "MTU" here is the RFC's: the path MTU of this destination, in bytes.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/time.h"
#include "sctp/types.h"

namespace dsctp::sctp {

struct CongestionConfig {
  // RFC 9260 7.2.1: slow start increases cwnd by at most L * MTU per SACK,
  // against ACK splitting ([SAVAGE99]); L = 1 is the conservative choice,
  // RFC 3465 discusses larger values.
  uint32_t slow_start_l = 1;

  std::string_view error() const;
};

// RFC 9260 7.2.1: "The initial cwnd before data transmission ... MUST be set
// to min(4*MTU, max (2*MTU, 4404))."
uint32_t initial_cwnd(uint32_t mtu);

// What a SACK did for one destination: the bytes of DATA chunks last sent
// to it that it newly acknowledged, by the Cumulative TSN Ack or by Gap Ack
// Blocks.
struct PathAck {
  uint32_t bytes_acked = 0;
};

class CongestionControl {
 public:
  // RFC 9260 7.2.1: "The initial value of ssthresh MAY be arbitrarily high
  // (for example, implementations MAY use the size of the receiver
  // advertised window)." We take the peer's a_rwnd from INIT/INIT ACK.
  CongestionControl(const CongestionConfig& config, uint32_t mtu, uint32_t peer_rwnd,
                    TimePoint now);

  uint32_t cwnd() const { return cwnd_; }
  uint32_t ssthresh() const { return ssthresh_; }
  uint32_t partial_bytes_acked() const { return partial_bytes_acked_; }
  uint32_t flight_size() const { return flight_size_; }
  uint32_t mtu() const { return mtu_; }
  bool in_slow_start() const { return cwnd_ <= ssthresh_; }

  // RFC 9260 6.1 B: the sender "MUST NOT transmit new data to a given
  // transport address if it has cwnd + (PMDCS - 1) or more bytes of data
  // outstanding", and may overshoot cwnd by one packet only when the flight
  // size does not yet reach cwnd. We bound PMDCS by the MTU. Retransmissions
  // are the caller's to budget.
  bool can_send(uint32_t bytes) const;

  // New DATA bytes put on the wire to this destination.
  void on_sent(uint32_t bytes, TimePoint now);
  // Bytes that left the flight without an acknowledgement: marked for
  // retransmission (6.3.3 E3, 7.2.4) or abandoned (RFC 3758).
  void on_removed_from_flight(uint32_t bytes);

  // A SACK arrived. `in_fast_recovery` is FastRecovery::active() after the
  // SACK's Cumulative TSN Ack was shown to FastRecovery::on_cum_ack().
  void on_sack(PathAck ack, bool in_fast_recovery);

  // RFC 9260 7.2.3, loss detected from SACKs (fast retransmit): call for
  // each destination the missing chunks were last sent to, and only when
  // FastRecovery::enter() returned true.
  void on_fast_retransmit();
  // RFC 9260 6.3.3 E1 and 7.2.3: the T3-rtx timer of this destination
  // expired.
  void on_t3_expired();

  // RFC 9260 7.2.1: "When the endpoint does not transmit data on a given
  // transport address, the cwnd of the transport address SHOULD be adjusted
  // to max(cwnd/2, 4*MTU) per RTO." Call from any timer (the heartbeat
  // timer fits); it applies one halving per whole RTO since the last send
  // or the last decay, and never raises cwnd.
  void on_idle(TimePoint now, Duration rto);

  // The path MTU changed (an ICMP "fragmentation needed", or probing).
  void on_mtu_changed(uint32_t mtu);

 private:
  void grow_slow_start(uint32_t bytes_acked, bool was_fully_utilized);
  void grow_congestion_avoidance(uint32_t bytes_acked, bool was_fully_utilized);
  void reduce_on_loss();

  CongestionConfig config_;
  uint32_t mtu_;
  uint32_t cwnd_;
  uint32_t ssthresh_;
  uint32_t partial_bytes_acked_ = 0;
  uint32_t flight_size_ = 0;
  // Start of the current idle stretch: the last send, or the last decay.
  TimePoint idle_since_;
};

// The association's Fast Recovery state (RFC 9260 7.2.4).
class FastRecovery {
 public:
  bool active() const { return active_; }
  // Meaningful while active().
  Tsn exit_point() const { return exit_point_; }

  // RFC 9260 7.2.4: "If not in Fast Recovery, enter Fast Recovery and mark
  // the highest outstanding TSN as the Fast Recovery exit point." Returns
  // false when already in it: then "the ssthresh and cwnd SHOULD NOT change
  // for any destinations due to a subsequent Fast Recovery event (i.e., one
  // SHOULD NOT reduce the cwnd further due to a subsequent Fast
  // Retransmit)."
  bool enter(Tsn highest_outstanding);

  // RFC 9260 7.2.4: "When a SACK chunk acknowledges all TSNs up to and
  // including this exit point, Fast Recovery is exited." Returns true when
  // this SACK ended Fast Recovery.
  bool on_cum_ack(Tsn cum_tsn_ack);

  // Leaves Fast Recovery without a SACK. A T3-rtx expiry does this: the
  // timeout says recovery failed and slow start begins again (as Linux and
  // other stacks do; the RFC is silent).
  void reset() { active_ = false; }

 private:
  Tsn exit_point_{};
  bool active_ = false;
};

}  // namespace dsctp::sctp
