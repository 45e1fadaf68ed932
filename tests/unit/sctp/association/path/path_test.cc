#include "sctp/association/path/path.h"

#include <gtest/gtest.h>

namespace dsctp::sctp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const TimePoint kT0{seconds(50)};

PathSettings low_latency() {
  PathSettings s;
  s.rto.initial = milliseconds(10);
  s.rto.min = milliseconds(1);
  s.path.max_retrans = 2;
  s.path.heartbeat_interval = milliseconds(100);
  return s;
}

TEST(Path, T3ExpiryBacksOffCutsTheWindowAndCountsAnError) {
  Path path(low_latency(), 100000, true, kT0);
  ASSERT_EQ(path.on_rtt_sample(milliseconds(2)), RttSample::kAccepted);
  ASSERT_EQ(path.rto().rto(), milliseconds(6));
  path.congestion().on_sent(4404, kT0);
  EXPECT_FALSE(path.on_t3_expired().any());
  EXPECT_EQ(path.rto().rto(), milliseconds(12));
  EXPECT_EQ(path.congestion().cwnd(), 1500u);
  EXPECT_EQ(path.congestion().ssthresh(), 6000u);
  EXPECT_EQ(path.state().error_count(), 1u);
  EXPECT_FALSE(path.on_t3_expired().any());
  PathChange failed = path.on_t3_expired();  // third error > Path.Max.Retrans 2
  EXPECT_TRUE(failed.became_inactive);
  EXPECT_EQ(path.rto().rto(), milliseconds(48));
  // A SACK for data sent here brings the path back.
  PathChange back = path.on_sack({1500}, false);
  EXPECT_TRUE(back.became_active);
  EXPECT_EQ(path.state().error_count(), 0u);
  EXPECT_FALSE(path.on_sack({0}, false).any());
}

TEST(Path, HeartbeatCycleMeasuresRttAndConfirms) {
  Path path(low_latency(), 100000, false, kT0);
  // Unconfirmed and active: probed each RTO (10 ms), jitter 0 here.
  EXPECT_EQ(path.schedule_heartbeat(kT0, 0x80000000u), kT0 + milliseconds(10));
  path.on_heartbeat_sent(kT0, 11);
  HeartbeatAck ack = path.on_heartbeat_ack(kT0 + milliseconds(3), 11);
  ASSERT_TRUE(ack.accepted);
  EXPECT_TRUE(ack.change.became_confirmed);
  EXPECT_EQ(path.rto().srtt(), milliseconds(3));
  EXPECT_EQ(path.rto().rto(), milliseconds(9));  // 3 + 4 * 1.5
  // Confirmed: RTO + HB.interval.
  EXPECT_EQ(path.schedule_heartbeat(kT0, 0x80000000u), kT0 + milliseconds(109));
  // An unanswered heartbeat backs off the RTO; without one outstanding,
  // a timeout does nothing.
  path.on_heartbeat_sent(kT0 + milliseconds(109), 12);
  EXPECT_FALSE(path.on_heartbeat_timeout().any());
  EXPECT_EQ(path.rto().rto(), milliseconds(18));
  EXPECT_EQ(path.state().error_count(), 1u);
  EXPECT_FALSE(path.on_heartbeat_timeout().any());
  EXPECT_EQ(path.rto().rto(), milliseconds(18));
  EXPECT_EQ(path.state().error_count(), 1u);
}

TEST(Path, IcmpTooBigReachesCongestionControl) {
  Path path(low_latency(), 100000, true, kT0);
  EXPECT_EQ(path.congestion().mtu(), 1500u);
  EXPECT_TRUE(path.on_icmp_too_big(1300));
  EXPECT_EQ(path.state().mtu(), 1300u);
  EXPECT_EQ(path.congestion().mtu(), 1300u);
  EXPECT_FALSE(path.on_icmp_too_big(1400));
  EXPECT_EQ(path.congestion().mtu(), 1300u);
  path.congestion().on_fast_retransmit();
  EXPECT_EQ(path.congestion().ssthresh(), 5200u);  // max(4404 / 2, 4 * 1300)
}

TEST(Path, IdleDecayUsesThePathsRto) {
  Path path(low_latency(), 1000000, true, kT0);
  ASSERT_EQ(path.on_rtt_sample(milliseconds(5)), RttSample::kAccepted);
  ASSERT_EQ(path.rto().rto(), milliseconds(15));
  CongestionControl& cc = path.congestion();
  for (int i = 0; i < 10; ++i) {
    cc.on_sent(cc.cwnd() - cc.flight_size(), kT0);
    cc.on_sack({1500}, false);
  }
  ASSERT_EQ(cc.cwnd(), 19404u);
  path.on_idle(kT0 + milliseconds(14));
  EXPECT_EQ(cc.cwnd(), 19404u);
  path.on_idle(kT0 + milliseconds(15));
  EXPECT_EQ(cc.cwnd(), 9702u);
}

TEST(PathSettings, ReportsTheFirstProblem) {
  EXPECT_TRUE(PathSettings{}.error().empty());
  PathSettings s;
  s.rto.min = Duration::zero();
  EXPECT_EQ(s.error(), "RTO.Min must be positive");
  s = PathSettings{};
  s.congestion.slow_start_l = 0;
  EXPECT_FALSE(s.error().empty());
  s = PathSettings{};
  s.path.min_mtu = 100;
  EXPECT_EQ(s.error(), "the minimum path MTU must be at least 576");
}

}  // namespace
}  // namespace dsctp::sctp
