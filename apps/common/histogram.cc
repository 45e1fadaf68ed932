#include "histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace dsctp::apps {

// Range 0 holds 0..kSubBuckets-1 one value per bucket; range r >= 1 holds
// [kSubBuckets << (r - 1), kSubBuckets << r) in buckets 2^(r-1) wide, so a
// bucket is never wider than 1/kSubBuckets of the values in it.
unsigned LatencyHistogram::bucket_of(uint64_t ns) {
  if (ns < kSubBuckets) return static_cast<unsigned>(ns);
  const unsigned msb = static_cast<unsigned>(std::bit_width(ns)) - 1;
  const unsigned range = msb - kSubBucketBits + 1;
  if (range > kRanges) return (kRanges + 1) * kSubBuckets - 1;
  const unsigned sub = static_cast<unsigned>(ns >> (range - 1)) - kSubBuckets;
  return range * kSubBuckets + sub;
}

uint64_t LatencyHistogram::upper_edge(unsigned bucket) {
  const unsigned range = bucket / kSubBuckets;
  const uint64_t sub = bucket % kSubBuckets;
  if (range == 0) return sub;
  const uint64_t width = uint64_t{1} << (range - 1);
  return (kSubBuckets + sub) * width + width - 1;
}

void LatencyHistogram::record(uint64_t ns) {
  ++buckets_[bucket_of(ns)];
  ++count_;
  min_ = std::min(min_, ns);
  max_ = std::max(max_, ns);
  sum_ += ns;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

void LatencyHistogram::reset() { *this = LatencyHistogram(); }

double LatencyHistogram::mean() const {
  return count_ == 0 ? 0 : static_cast<double>(sum_ / count_);
}

uint64_t LatencyHistogram::percentile(double fraction) const {
  if (count_ == 0) return 0;
  if (fraction >= 1) return max_;
  const double wanted = std::ceil(std::max(fraction, 0.0) * static_cast<double>(count_));
  const uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(wanted));
  uint64_t seen = 0;
  for (unsigned b = 0; b < buckets_.size(); ++b) {
    seen += buckets_[b];
    // The last bucket also holds everything too large for the ranges,
    // and no bucket edge says more than max() does.
    if (seen >= rank) return std::min(upper_edge(b), max_);
  }
  return max_;
}

}  // namespace dsctp::apps
