// A latency histogram with bounded relative error: values (nanoseconds)
// fall into power-of-two ranges, each split into kSubBuckets equal
// buckets, so a percentile is within 1/kSubBuckets (1.6 %) of the true
// value at any magnitude, and recording is a few instructions with no
// allocation. Covers 1 ns to about 18 s; larger values land in the last
// bucket (max() stays exact).
#pragma once

#include <array>
#include <cstdint>

namespace dsctp::apps {

class LatencyHistogram {
 public:
  static constexpr unsigned kSubBucketBits = 6;
  static constexpr unsigned kSubBuckets = 1u << kSubBucketBits;
  static constexpr unsigned kRanges = 35 - kSubBucketBits;  // up to 2^35 ns

  void record(uint64_t ns);
  void merge(const LatencyHistogram& other);
  void reset();

  uint64_t count() const { return count_; }
  uint64_t min() const { return count_ == 0 ? 0 : min_; }
  uint64_t max() const { return max_; }
  double mean() const;
  // The value at or below which `fraction` (0..1) of the samples lie:
  // the upper edge of the bucket holding that rank (max() for 1.0).
  // 0 when empty.
  uint64_t percentile(double fraction) const;

 private:
  static unsigned bucket_of(uint64_t ns);
  static uint64_t upper_edge(unsigned bucket);

  std::array<uint64_t, (kRanges + 1) * kSubBuckets> buckets_{};
  uint64_t count_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
  long double sum_ = 0;
};

}  // namespace dsctp::apps
