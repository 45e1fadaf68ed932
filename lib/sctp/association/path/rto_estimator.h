// The retransmission timeout of one destination address (RFC 9260 6.3):
// smoothed RTT, RTT variation, RTO bounds and exponential backoff.
//
// Everything is in nanoseconds (dsctp::Duration), not the RFC's seconds,
// because a data-center or trading profile runs with RTO.Min of a
// millisecond or less, and the TSC gives us sub-microsecond samples.
//
// Karn's algorithm is the caller's job. RFC 9260 6.3.1 C5: "RTT
// measurements MUST NOT be made using DATA chunks that were retransmitted
// (and thus for which it is ambiguous whether the reply was for the first
// instance of the chunk or for a later instance)." Only the retransmission
// queue knows which chunk was retransmitted, so it must not call
// on_rtt_sample() for such a chunk. C4's "at most one measurement per round
// trip" is the caller's too.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "base/time.h"

namespace dsctp::sctp {

// A fraction num/den in (0, 1], for RTO.Alpha and RTO.Beta. Integer on
// purpose: the estimator stays exact and reproducible (no floating point).
struct RtoGain {
  int64_t num = 1;
  int64_t den = 8;
};

struct RtoConfig {
  // RFC 9260 16: RTO.Initial 1 second, RTO.Min 1 second, RTO.Max 60
  // seconds, RTO.Alpha 1/8, RTO.Beta 1/4.
  Duration initial = std::chrono::seconds(1);
  Duration min = std::chrono::seconds(1);
  Duration max = std::chrono::seconds(60);
  RtoGain alpha{1, 8};
  RtoGain beta{1, 4};
  // G of RFC 9260 6.3.1 G1: the clock's granularity. The TSC's is far finer
  // than a nanosecond, so 1 ns is honest; a coarser clock sets its tick.
  Duration granularity = std::chrono::nanoseconds(1);
  // Samples above this are discarded as absurd. An RTT sample can come from
  // a HEARTBEAT ACK whose timing a peer controls, and a sample of hours
  // would pin SRTT (and so the RTO) at RTO.Max for a long while. No
  // legitimate sample exceeds RTO.Max by much: the chunk would have been
  // retransmitted, and Karn's rule then forbids the sample.
  Duration max_sample = std::chrono::seconds(60);

  // Empty when the configuration is usable, else what is wrong with it,
  // for the user's error message. The estimator assumes a valid config.
  std::string_view error() const;
};

// What became of an RTT sample.
enum class RttSample : uint8_t {
  kAccepted,
  kNonPositive,  // zero or negative: a clock step or a forged timestamp
  kTooLarge,     // above RtoConfig::max_sample
};

class RtoEstimator {
 public:
  // RFC 9260 6.3.1 C1: "Until an RTT measurement has been made for a packet
  // sent to the given destination transport address, set RTO to the
  // protocol parameter 'RTO.Initial'."
  explicit RtoEstimator(const RtoConfig& config);

  // Feeds one measurement R. A rejected sample changes nothing, not even
  // the backoff.
  RttSample on_rtt_sample(Duration r);

  // RFC 9260 6.3.3 E2: "set RTO <- RTO * 2 ("back off the timer"). The
  // maximum value discussed in rule C7 above (RTO.max) MAY be used to
  // provide an upper bound to this doubling operation." Also for an
  // unanswered HEARTBEAT (8.3) and the T1 timers (5.1).
  void backoff();

  // The current RTO, backed off if backoff() was called since the last
  // accepted sample.
  Duration rto() const { return rto_; }
  // SRTT and RTTVAR, meaningful once has_measurement().
  Duration srtt() const { return srtt_; }
  Duration rttvar() const { return rttvar_; }
  bool has_measurement() const { return measured_; }
  // How many times the RTO has doubled since the last accepted sample.
  uint32_t backoff_count() const { return backoffs_; }

 private:
  void first_measurement(Duration r);
  void next_measurement(Duration r);
  void update_rto();

  RtoConfig config_;
  Duration srtt_{0};
  Duration rttvar_{0};
  Duration rto_;
  uint32_t backoffs_ = 0;
  bool measured_ = false;
};

}  // namespace dsctp::sctp
