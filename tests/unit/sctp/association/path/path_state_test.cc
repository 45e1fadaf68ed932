#include "sctp/association/path/path_state.h"

#include <gtest/gtest.h>

#include "sctp/association/path/rto_estimator.h"

namespace dsctp::sctp {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

const TimePoint kT0{seconds(1000)};

TEST(PathState, FailsAfterMaxRetransPlusOneErrorsAndRecoversOnHeartbeatAck) {
  PathState path(PathConfig{}, true);  // Path.Max.Retrans = 5
  ASSERT_TRUE(path.active());
  for (int i = 1; i <= 5; ++i) {
    PathChange c = path.on_t3_expired();
    EXPECT_FALSE(c.any());
    EXPECT_EQ(path.error_count(), static_cast<uint32_t>(i));
    EXPECT_TRUE(path.active());
  }
  PathChange failed = path.on_t3_expired();  // the 6th exceeds 5
  EXPECT_TRUE(failed.became_inactive);
  EXPECT_EQ(failed.reason, PathReason::kT3RtxExpired);
  EXPECT_EQ(path.status(), PathStatus::kInactive);
  EXPECT_EQ(path.status_reason(), PathReason::kT3RtxExpired);
  EXPECT_FALSE(path.on_t3_expired().any());  // already inactive: no repeat
  EXPECT_EQ(path.error_count(), 7u);

  path.on_heartbeat_sent(kT0, 77);
  HeartbeatAck ack = path.on_heartbeat_ack(kT0 + milliseconds(8), 77);
  ASSERT_TRUE(ack.accepted);
  EXPECT_TRUE(ack.change.became_active);
  EXPECT_FALSE(ack.change.became_confirmed);  // it was confirmed already
  EXPECT_EQ(ack.change.reason, PathReason::kHeartbeatAcked);
  EXPECT_EQ(ack.rtt, milliseconds(8));
  EXPECT_EQ(path.error_count(), 0u);
  EXPECT_EQ(path.status(), PathStatus::kActive);
  EXPECT_EQ(path.status_reason(), PathReason::kHeartbeatAcked);
}

TEST(PathState, UnansweredHeartbeatsFailThePathAndDataAckRevivesIt) {
  PathConfig config;
  config.max_retrans = 1;
  PathState path(config, true);
  EXPECT_FALSE(path.on_heartbeat_timeout().any());  // none outstanding
  EXPECT_EQ(path.error_count(), 0u);
  path.on_heartbeat_sent(kT0, 1);
  EXPECT_TRUE(path.heartbeat_outstanding());
  EXPECT_FALSE(path.on_heartbeat_timeout().any());
  EXPECT_FALSE(path.heartbeat_outstanding());
  EXPECT_FALSE(path.on_heartbeat_timeout().any());  // counted once only
  EXPECT_EQ(path.error_count(), 1u);
  path.on_heartbeat_sent(kT0 + seconds(1), 2);
  PathChange failed = path.on_heartbeat_timeout();
  EXPECT_TRUE(failed.became_inactive);
  EXPECT_EQ(failed.reason, PathReason::kHeartbeatUnanswered);
  PathChange back = path.on_data_acked();
  EXPECT_TRUE(back.became_active);
  EXPECT_EQ(back.reason, PathReason::kDataAcked);
  EXPECT_EQ(path.error_count(), 0u);
  EXPECT_FALSE(path.on_data_acked().any());
}

TEST(PathState, UnconfirmedUntilAMatchingHeartbeatAck) {
  PathState path(PathConfig{}, false);
  EXPECT_FALSE(path.confirmed());
  EXPECT_FALSE(path.on_heartbeat_ack(kT0, 0).accepted);  // nothing sent yet
  path.on_heartbeat_sent(kT0, 0x1234567890ABCDEFull);
  HeartbeatAck forged = path.on_heartbeat_ack(kT0 + milliseconds(1), 0x1234567890ABCDEEull);
  EXPECT_FALSE(forged.accepted);
  EXPECT_FALSE(forged.change.any());
  EXPECT_FALSE(path.confirmed());
  HeartbeatAck ack = path.on_heartbeat_ack(kT0 + milliseconds(3), 0x1234567890ABCDEFull);
  ASSERT_TRUE(ack.accepted);
  EXPECT_TRUE(ack.change.became_confirmed);
  EXPECT_FALSE(ack.change.became_active);
  EXPECT_EQ(ack.rtt, milliseconds(3));
  EXPECT_TRUE(path.confirmed());
  // A replay of the same ack is not a second measurement.
  EXPECT_FALSE(path.on_heartbeat_ack(kT0 + milliseconds(9), 0x1234567890ABCDEFull).accepted);
}

TEST(PathState, ConfirmedByTheHandshake) {
  PathState path(PathConfig{}, false);
  PathChange c = path.confirm(PathReason::kCookieExchange);
  EXPECT_TRUE(c.became_confirmed);
  EXPECT_EQ(c.reason, PathReason::kCookieExchange);
  EXPECT_TRUE(path.confirmed());
  EXPECT_FALSE(path.confirm(PathReason::kCookieExchange).any());
}

TEST(PathState, OnlyTheLatestHeartbeatCountsAndLateAcksAreAccepted) {
  PathState path(PathConfig{}, true);
  path.on_heartbeat_sent(kT0, 1);
  EXPECT_FALSE(path.on_heartbeat_timeout().any());
  path.on_heartbeat_sent(kT0 + seconds(31), 2);
  EXPECT_FALSE(path.on_heartbeat_ack(kT0 + seconds(32), 1).accepted);  // superseded
  EXPECT_EQ(path.error_count(), 1u);
  EXPECT_FALSE(path.on_heartbeat_timeout().any());
  EXPECT_EQ(path.error_count(), 2u);
  // Nonce 2 arrives after its RTO: it still proves the path and clears it.
  HeartbeatAck late = path.on_heartbeat_ack(kT0 + seconds(34), 2);
  ASSERT_TRUE(late.accepted);
  EXPECT_EQ(late.rtt, seconds(3));
  EXPECT_EQ(path.error_count(), 0u);
}

TEST(PathState, HeartbeatRttFeedsTheEstimator) {
  RtoConfig rc;
  rc.min = milliseconds(1);
  RtoEstimator rto(rc);
  PathState path(PathConfig{}, false);
  path.on_heartbeat_sent(kT0, 9);
  HeartbeatAck ack = path.on_heartbeat_ack(kT0 + milliseconds(4), 9);
  ASSERT_TRUE(ack.accepted);
  EXPECT_EQ(rto.on_rtt_sample(ack.rtt), RttSample::kAccepted);
  EXPECT_EQ(rto.rto(), milliseconds(12));  // 4 + 4 * 2
}

TEST(HeartbeatJitter, StaysWithinHalfTheRto) {
  const Duration rto = seconds(1);
  EXPECT_EQ(heartbeat_jitter(rto, 0), -milliseconds(500));
  EXPECT_EQ(heartbeat_jitter(rto, 0x80000000u), Duration::zero());
  // 1e9 * (2^32 - 1) / 2^32 = 999999999.77 -> 999999999, minus 500 ms.
  EXPECT_EQ(heartbeat_jitter(rto, 0xFFFFFFFFu), nanoseconds(499'999'999));
  EXPECT_EQ(heartbeat_jitter(rto, 0x40000000u), -milliseconds(250));
  for (uint32_t r = 0; r < 0xFFFF0000u; r += 0x00FFF0F1u) {
    Duration j = heartbeat_jitter(milliseconds(3), r);
    EXPECT_GE(j, -microseconds(1500));
    EXPECT_LT(j, microseconds(1500));
  }
  // The largest RTO a config allows, and none at all.
  Duration day = std::chrono::hours(24);
  EXPECT_EQ(heartbeat_jitter(day, 0), -day / 2);
  EXPECT_LT(heartbeat_jitter(day, 0xFFFFFFFFu), day / 2);
  EXPECT_EQ(heartbeat_jitter(Duration::zero(), 0xFFFFFFFFu), Duration::zero());
}

TEST(PathState, HeartbeatDeadlineIsRtoPlusIntervalWithJitter) {
  PathState path(PathConfig{}, true);  // HB.interval 30 s
  const Duration rto = seconds(1);
  EXPECT_EQ(path.schedule_heartbeat(kT0, rto, 0), kT0 + milliseconds(30'500));
  EXPECT_EQ(path.schedule_heartbeat(kT0, rto, 0x80000000u), kT0 + seconds(31));
  EXPECT_EQ(path.schedule_heartbeat(kT0, rto, 0xFFFFFFFFu),
            kT0 + seconds(31) + nanoseconds(499'999'999));
  EXPECT_EQ(path.heartbeat_due(), kT0 + seconds(31) + nanoseconds(499'999'999));
}

TEST(PathState, UnconfirmedActivePathsAreProbedEveryRto) {
  PathConfig config;
  config.max_retrans = 0;
  PathState path(config, false);
  const Duration rto = milliseconds(200);
  EXPECT_EQ(path.schedule_heartbeat(kT0, rto, 0x80000000u), kT0 + milliseconds(200));
  EXPECT_EQ(path.schedule_heartbeat(kT0, rto, 0), kT0 + milliseconds(100));
  // Once the probing fails the path, it drops to the normal rate.
  path.on_heartbeat_sent(kT0, 5);
  ASSERT_TRUE(path.on_heartbeat_timeout().became_inactive);
  EXPECT_EQ(path.schedule_heartbeat(kT0, rto, 0x80000000u), kT0 + milliseconds(30'200));
}

TEST(PathState, IcmpLowersMtuDownToTheFloorButNeverRaisesIt) {
  PathState path(PathConfig{}, true);  // 1500, floor 1200
  EXPECT_EQ(path.mtu(), 1500u);
  EXPECT_TRUE(path.on_icmp_too_big(1400));
  EXPECT_EQ(path.mtu(), 1400u);
  EXPECT_FALSE(path.on_icmp_too_big(1450));  // never raised
  EXPECT_FALSE(path.on_icmp_too_big(1400));
  EXPECT_FALSE(path.on_icmp_too_big(0));  // no next-hop MTU: ignored
  EXPECT_EQ(path.mtu(), 1400u);
  EXPECT_TRUE(path.on_icmp_too_big(68));  // forged or absurd: the floor
  EXPECT_EQ(path.mtu(), 1200u);
  EXPECT_FALSE(path.on_icmp_too_big(800));
  EXPECT_EQ(path.mtu(), 1200u);
  PathConfig jumbo;
  jumbo.mtu = 9000;
  jumbo.min_mtu = 1280;
  PathState big(jumbo, true);
  EXPECT_TRUE(big.on_icmp_too_big(1280));
  EXPECT_EQ(big.mtu(), 1280u);
}

TEST(PathConfig, ReportsWhatIsWrong) {
  EXPECT_TRUE(PathConfig{}.error().empty());
  PathConfig c;
  c.min_mtu = 500;
  EXPECT_FALSE(c.error().empty());
  c = PathConfig{};
  c.mtu = 1100;
  EXPECT_FALSE(c.error().empty());
  c = PathConfig{};
  c.mtu = 70000;
  EXPECT_FALSE(c.error().empty());
  c = PathConfig{};
  c.heartbeat_interval = -seconds(1);
  EXPECT_FALSE(c.error().empty());
}

}  // namespace
}  // namespace dsctp::sctp
