#include "sctp/association/path/rto_estimator.h"

#include <gtest/gtest.h>

namespace dsctp::sctp {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

// A data-center profile: RTO.Min of a millisecond.
RtoConfig low_latency() {
  RtoConfig c;
  c.initial = milliseconds(100);
  c.min = milliseconds(1);
  c.max = seconds(60);
  return c;
}

TEST(RtoEstimator, StartsAtRtoInitial) {
  RtoEstimator e(RtoConfig{});
  EXPECT_FALSE(e.has_measurement());
  EXPECT_EQ(e.rto(), seconds(1));  // RFC 9260 16: RTO.Initial = 1 s
}

TEST(RtoEstimator, ScriptedSequenceMatchesRfcFormulas) {
  RtoEstimator e(low_latency());
  // C2: SRTT = 10 ms, RTTVAR = 5 ms, RTO = 10 + 4 * 5 = 30 ms.
  EXPECT_EQ(e.on_rtt_sample(milliseconds(10)), RttSample::kAccepted);
  EXPECT_EQ(e.srtt(), milliseconds(10));
  EXPECT_EQ(e.rttvar(), milliseconds(5));
  EXPECT_EQ(e.rto(), milliseconds(30));
  // C3 with R' = 20 ms: RTTVAR = 3/4 * 5 + 1/4 * |10 - 20| = 6.25 ms,
  // SRTT = 7/8 * 10 + 1/8 * 20 = 11.25 ms, RTO = 11.25 + 25 = 36.25 ms.
  EXPECT_EQ(e.on_rtt_sample(milliseconds(20)), RttSample::kAccepted);
  EXPECT_EQ(e.rttvar(), microseconds(6250));
  EXPECT_EQ(e.srtt(), microseconds(11250));
  EXPECT_EQ(e.rto(), microseconds(36250));
  // R' = 5 ms: RTTVAR uses the old SRTT: 3/4 * 6.25 + 1/4 * 6.25 = 6.25 ms;
  // SRTT = (7 * 11.25 + 5) / 8 = 10.46875 ms; RTO = 35.46875 ms.
  EXPECT_EQ(e.on_rtt_sample(milliseconds(5)), RttSample::kAccepted);
  EXPECT_EQ(e.rttvar(), microseconds(6250));
  EXPECT_EQ(e.srtt(), nanoseconds(10468750));
  EXPECT_EQ(e.rto(), nanoseconds(35468750));
}

TEST(RtoEstimator, IntegerRoundingIsDownward) {
  RtoConfig c = low_latency();
  c.min = nanoseconds(1);
  RtoEstimator e(c);
  // SRTT = 3, RTTVAR = 3/2 = 1, RTO = 7 (ns).
  ASSERT_EQ(e.on_rtt_sample(nanoseconds(3)), RttSample::kAccepted);
  EXPECT_EQ(e.rttvar(), nanoseconds(1));
  EXPECT_EQ(e.rto(), nanoseconds(7));
  // RTTVAR = (3*1 + 7) / 4 = 2, SRTT = (7*3 + 10) / 8 = 3, RTO = 11.
  ASSERT_EQ(e.on_rtt_sample(nanoseconds(10)), RttSample::kAccepted);
  EXPECT_EQ(e.rttvar(), nanoseconds(2));
  EXPECT_EQ(e.srtt(), nanoseconds(3));
  EXPECT_EQ(e.rto(), nanoseconds(11));
}

TEST(RtoEstimator, ZeroRttvarBecomesClockGranularity) {
  RtoConfig c = low_latency();
  c.min = nanoseconds(1);
  c.granularity = microseconds(1);
  RtoEstimator e(c);
  // R = 1 ns: RTTVAR = 0, so G1 makes it G = 1000 ns; RTO = 1 + 4000.
  ASSERT_EQ(e.on_rtt_sample(nanoseconds(1)), RttSample::kAccepted);
  EXPECT_EQ(e.rttvar(), microseconds(1));
  EXPECT_EQ(e.rto(), nanoseconds(4001));
  // Identical samples decay RTTVAR by 3/4 each time (750, 562, ..., 2, 1)
  // until it would reach 0, when G takes over again.
  const int64_t expected[] = {750, 562, 421, 315, 236, 177, 132, 99, 74, 55, 41,
                              30,  22,  16,  12,  9,   6,   4,   3,  2,  1,  1000};
  for (int64_t v : expected) {
    ASSERT_EQ(e.on_rtt_sample(nanoseconds(1)), RttSample::kAccepted);
    EXPECT_EQ(e.rttvar(), nanoseconds(v));
    EXPECT_EQ(e.rto(), nanoseconds(1 + 4 * v));
  }
}

TEST(RtoEstimator, ClampsToMinAndMax) {
  RtoEstimator e(RtoConfig{});  // RTO.Min 1 s, RTO.Max 60 s
  ASSERT_EQ(e.on_rtt_sample(milliseconds(10)), RttSample::kAccepted);
  EXPECT_EQ(e.srtt(), milliseconds(10));
  EXPECT_EQ(e.rto(), seconds(1));  // 30 ms rounded up to RTO.Min (C6)
  RtoEstimator big(RtoConfig{});
  // SRTT 50 s, RTTVAR 25 s: 150 s, capped at RTO.Max (C7).
  ASSERT_EQ(big.on_rtt_sample(seconds(50)), RttSample::kAccepted);
  EXPECT_EQ(big.rto(), seconds(60));
}

TEST(RtoEstimator, BackoffDoublesUpToMaxAndSampleResetsIt) {
  RtoEstimator e(RtoConfig{});
  const int expected[] = {2, 4, 8, 16, 32, 60, 60};
  for (int s : expected) {
    e.backoff();
    EXPECT_EQ(e.rto(), seconds(s));
  }
  EXPECT_EQ(e.backoff_count(), 7u);
  RtoConfig c = low_latency();
  RtoEstimator l(c);
  ASSERT_EQ(l.on_rtt_sample(milliseconds(100)), RttSample::kAccepted);
  EXPECT_EQ(l.rto(), milliseconds(300));
  l.backoff();
  l.backoff();
  EXPECT_EQ(l.rto(), milliseconds(1200));
  // C3: SRTT = 100 ms, RTTVAR = 3/4 * 50 = 37.5 ms: RTO 250 ms, unbacked.
  ASSERT_EQ(l.on_rtt_sample(milliseconds(100)), RttSample::kAccepted);
  EXPECT_EQ(l.rto(), milliseconds(250));
  EXPECT_EQ(l.backoff_count(), 0u);
}

TEST(RtoEstimator, RejectsNonPositiveAndAbsurdSamplesWithoutSideEffects) {
  RtoEstimator e(low_latency());
  ASSERT_EQ(e.on_rtt_sample(milliseconds(10)), RttSample::kAccepted);
  e.backoff();
  EXPECT_EQ(e.rto(), milliseconds(60));
  EXPECT_EQ(e.on_rtt_sample(nanoseconds(0)), RttSample::kNonPositive);
  EXPECT_EQ(e.on_rtt_sample(nanoseconds(-5)), RttSample::kNonPositive);
  EXPECT_EQ(e.on_rtt_sample(seconds(61)), RttSample::kTooLarge);
  EXPECT_EQ(e.on_rtt_sample(hours(1000000)), RttSample::kTooLarge);
  EXPECT_EQ(e.srtt(), milliseconds(10));
  EXPECT_EQ(e.rttvar(), milliseconds(5));
  EXPECT_EQ(e.rto(), milliseconds(60));  // still backed off
  EXPECT_EQ(e.backoff_count(), 1u);
  // A rejected first sample leaves the estimator unmeasured.
  RtoEstimator fresh(low_latency());
  EXPECT_EQ(fresh.on_rtt_sample(seconds(-1)), RttSample::kNonPositive);
  EXPECT_FALSE(fresh.has_measurement());
  EXPECT_EQ(fresh.rto(), milliseconds(100));
}

TEST(RtoEstimator, MicrosecondSamples) {
  RtoConfig c = low_latency();
  c.min = microseconds(1);
  RtoEstimator e(c);
  ASSERT_EQ(e.on_rtt_sample(microseconds(2)), RttSample::kAccepted);
  EXPECT_EQ(e.rto(), microseconds(6));
  // RTTVAR = (3*1000 + 1000) / 4 = 1000, SRTT = (7*2000 + 3000) / 8 = 2125.
  ASSERT_EQ(e.on_rtt_sample(microseconds(3)), RttSample::kAccepted);
  EXPECT_EQ(e.srtt(), nanoseconds(2125));
  EXPECT_EQ(e.rttvar(), nanoseconds(1000));
  EXPECT_EQ(e.rto(), nanoseconds(6125));
}

TEST(RtoEstimator, ExtremeConfigurationDoesNotOverflow) {
  RtoConfig c;
  c.min = nanoseconds(1);
  c.initial = seconds(1);
  c.max = hours(24);
  c.max_sample = hours(24);
  c.alpha = {1, 65536};
  c.beta = {65535, 65536};
  ASSERT_TRUE(c.error().empty()) << c.error();
  RtoEstimator e(c);
  ASSERT_EQ(e.on_rtt_sample(hours(24)), RttSample::kAccepted);
  EXPECT_EQ(e.rto(), hours(24));
  ASSERT_EQ(e.on_rtt_sample(nanoseconds(1)), RttSample::kAccepted);
  const int64_t day = 86'400'000'000'000;
  // RTTVAR = (1 * day/2 + 65535 * (day - 1)) / 65536, SRTT = (65535 * day + 1) / 65536.
  EXPECT_EQ(e.rttvar().count(), (day / 2 + 65535 * (day - 1)) / 65536);
  EXPECT_EQ(e.srtt().count(), (65535 * day + 1) / 65536);
  EXPECT_EQ(e.rto(), hours(24));
  for (int i = 0; i < 70; ++i) e.backoff();
  EXPECT_EQ(e.rto(), hours(24));
}

TEST(RtoConfig, ReportsWhatIsWrong) {
  EXPECT_TRUE(RtoConfig{}.error().empty());
  EXPECT_TRUE(low_latency().error().empty());
  RtoConfig c;
  c.min = Duration::zero();
  EXPECT_EQ(c.error(), "RTO.Min must be positive");
  c = RtoConfig{};
  c.max = milliseconds(500);
  EXPECT_EQ(c.error(), "RTO.Max must not be below RTO.Min");
  c = RtoConfig{};
  c.initial = seconds(61);
  EXPECT_FALSE(c.error().empty());
  c = RtoConfig{};
  c.alpha = {0, 8};
  EXPECT_FALSE(c.error().empty());
  c = RtoConfig{};
  c.beta = {5, 4};
  EXPECT_FALSE(c.error().empty());
  c = RtoConfig{};
  c.alpha = {1, 1 << 20};
  EXPECT_FALSE(c.error().empty());
  c = RtoConfig{};
  c.max = hours(25);
  EXPECT_FALSE(c.error().empty());
  c = RtoConfig{};
  c.granularity = Duration::zero();
  EXPECT_FALSE(c.error().empty());
  c = RtoConfig{};
  c.max_sample = Duration::zero();
  EXPECT_FALSE(c.error().empty());
}

}  // namespace
}  // namespace dsctp::sctp
