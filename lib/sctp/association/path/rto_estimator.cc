#include "sctp/association/path/rto_estimator.h"

#include <algorithm>

namespace dsctp::sctp {
namespace {

// Bounds keep every intermediate product of the estimator inside int64_t:
// the largest is den * max_sample, and 2^16 * 24 h in ns is below 2^63.
constexpr int64_t kMaxGainDen = 1 << 16;
constexpr Duration kMaxSampleBound = std::chrono::hours(24);

bool valid_gain(RtoGain g) {
  return g.den > 0 && g.den <= kMaxGainDen && g.num > 0 && g.num <= g.den;
}

// (1 - g) * old + g * sample, rounded down, with one division so that
// scripted sequences give exactly the hand-computed integers.
Duration blend(RtoGain g, Duration old, Duration sample) {
  return Duration(((g.den - g.num) * old.count() + g.num * sample.count()) / g.den);
}

}  // namespace

std::string_view RtoConfig::error() const {
  if (min <= Duration::zero()) return "RTO.Min must be positive";
  if (max < min) return "RTO.Max must not be below RTO.Min";
  if (initial < min || initial > max) return "RTO.Initial must lie within [RTO.Min, RTO.Max]";
  if (max > kMaxSampleBound) return "RTO.Max must be at most a day";
  if (!valid_gain(alpha)) return "RTO.Alpha must be a fraction in (0, 1], denominator <= 65536";
  if (!valid_gain(beta)) return "RTO.Beta must be a fraction in (0, 1], denominator <= 65536";
  if (granularity <= Duration::zero()) return "clock granularity must be positive";
  if (max_sample <= Duration::zero() || max_sample > kMaxSampleBound) {
    return "the largest RTT sample must be positive and at most a day";
  }
  return {};
}

RtoEstimator::RtoEstimator(const RtoConfig& config) : config_(config), rto_(config.initial) {}

RttSample RtoEstimator::on_rtt_sample(Duration r) {
  if (r <= Duration::zero()) return RttSample::kNonPositive;
  if (r > config_.max_sample) return RttSample::kTooLarge;
  if (measured_) {
    next_measurement(r);
  } else {
    first_measurement(r);
  }
  // A valid measurement ends any backoff: the RTO is recomputed from SRTT
  // and RTTVAR (RFC 9260 6.3.1 C3 "After the computation, update RTO").
  backoffs_ = 0;
  update_rto();
  return RttSample::kAccepted;
}

// RFC 9260 6.3.1 C2: "When the first RTT measurement R is made, set
// SRTT <- R, RTTVAR <- R/2, and RTO <- SRTT + 4 * RTTVAR."
void RtoEstimator::first_measurement(Duration r) {
  measured_ = true;
  srtt_ = r;
  rttvar_ = r / 2;
}

// RFC 9260 6.3.1 C3: "set RTTVAR <- (1 - RTO.Beta) * RTTVAR + RTO.Beta *
// |SRTT - R'| and SRTT <- (1 - RTO.Alpha) * SRTT + RTO.Alpha * R'. Note:
// The value of SRTT used in the update to RTTVAR is its value before
// updating SRTT itself using the second assignment."
void RtoEstimator::next_measurement(Duration r) {
  Duration deviation = srtt_ > r ? srtt_ - r : r - srtt_;
  rttvar_ = blend(config_.beta, rttvar_, deviation);
  srtt_ = blend(config_.alpha, srtt_, r);
}

void RtoEstimator::update_rto() {
  // RFC 9260 6.3.1 G1: "Whenever RTTVAR is computed, if RTTVAR == 0, then
  // adjust RTTVAR <- G."
  if (rttvar_ == Duration::zero()) rttvar_ = config_.granularity;
  // C6: "Whenever RTO is computed, if it is less than RTO.Min seconds, then
  // it is rounded up to RTO.Min seconds." C7: "A maximum value MAY be
  // placed on RTO provided it is at least RTO.max seconds."
  rto_ = std::clamp(srtt_ + 4 * rttvar_, config_.min, config_.max);
}

void RtoEstimator::backoff() {
  // Doubling a value at most RTO.Max (<= a day) cannot overflow.
  rto_ = std::min(rto_ * 2, config_.max);
  ++backoffs_;
}

}  // namespace dsctp::sctp
