#include "sctp/association/path/congestion_control.h"

#include <gtest/gtest.h>

namespace dsctp::sctp {
namespace {

using std::chrono::milliseconds;

const TimePoint kT0{std::chrono::seconds(100)};

CongestionControl make(uint32_t mtu, uint32_t peer_rwnd, uint32_t l = 1) {
  CongestionConfig config;
  config.slow_start_l = l;
  return CongestionControl(config, mtu, peer_rwnd, kT0);
}

// Fills the window, then acknowledges `acked` bytes: one fully utilized
// round of slow start.
void fill_and_ack(CongestionControl& cc, uint32_t acked) {
  if (cc.flight_size() < cc.cwnd()) cc.on_sent(cc.cwnd() - cc.flight_size(), kT0);
  cc.on_sack({acked}, false);
}

TEST(CongestionControl, InitialWindowPerRfc) {
  // min(4*MTU, max(2*MTU, 4404))
  EXPECT_EQ(initial_cwnd(1500), 4404u);
  EXPECT_EQ(initial_cwnd(1200), 4404u);
  EXPECT_EQ(initial_cwnd(1000), 4000u);
  EXPECT_EQ(initial_cwnd(9000), 18000u);
  CongestionControl cc = make(1500, 65536);
  EXPECT_EQ(cc.cwnd(), 4404u);
  EXPECT_EQ(cc.ssthresh(), 65536u);  // the peer's a_rwnd
  EXPECT_EQ(cc.flight_size(), 0u);
  EXPECT_TRUE(cc.in_slow_start());
}

TEST(CongestionControl, SlowStartGrowsByAckedBytesCappedAtMtu) {
  CongestionControl cc = make(1500, 100000);
  cc.on_sent(4404, kT0);
  cc.on_sack({1000}, false);  // fully utilized: + min(1000, 1500)
  EXPECT_EQ(cc.cwnd(), 5404u);
  EXPECT_EQ(cc.flight_size(), 3404u);
  cc.on_sent(2000, kT0);  // flight 5404 == cwnd
  cc.on_sack({3000}, false);  // + min(3000, 1500)
  EXPECT_EQ(cc.cwnd(), 6904u);
  EXPECT_EQ(cc.flight_size(), 2404u);
  // Flight 2404 < cwnd 6904 before this SACK: the window was not fully
  // utilized, so it MUST NOT grow.
  cc.on_sack({2404}, false);
  EXPECT_EQ(cc.cwnd(), 6904u);
  EXPECT_EQ(cc.flight_size(), 0u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
}

TEST(CongestionControl, SlowStartLimitL) {
  CongestionControl cc = make(1500, 100000, 2);
  cc.on_sent(4404, kT0);
  cc.on_sack({4404}, false);  // + min(4404, 2 * 1500)
  EXPECT_EQ(cc.cwnd(), 7404u);
  CongestionConfig bad;
  bad.slow_start_l = 0;
  EXPECT_FALSE(bad.error().empty());
  bad.slow_start_l = 65;
  EXPECT_FALSE(bad.error().empty());
  EXPECT_TRUE(CongestionConfig{}.error().empty());
}

TEST(CongestionControl, CongestionAvoidanceGrowsOneMtuPerWindow) {
  CongestionControl cc = make(1000, 3000);  // cwnd 4000 > ssthresh 3000
  ASSERT_FALSE(cc.in_slow_start());
  cc.on_sent(4000, kT0);
  for (uint32_t pba = 1000; pba < 4000; pba += 1000) {
    cc.on_sack({1000}, false);
    EXPECT_EQ(cc.partial_bytes_acked(), pba);
    EXPECT_EQ(cc.cwnd(), 4000u);
    cc.on_sent(1000, kT0);  // back to a full window
  }
  // pba reaches cwnd with the window full: pba -= 4000, cwnd += MTU.
  cc.on_sack({1000}, false);
  EXPECT_EQ(cc.cwnd(), 5000u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  EXPECT_EQ(cc.flight_size(), 3000u);
}

TEST(CongestionControl, CongestionAvoidanceNeedsAFullWindow) {
  CongestionControl cc = make(1000, 3000);
  cc.on_sent(3000, kT0);  // below cwnd 4000
  cc.on_sack({2000}, false);
  cc.on_sack({500}, false);
  EXPECT_EQ(cc.partial_bytes_acked(), 2500u);
  cc.on_sent(5000, kT0);  // flight 5500
  cc.on_sack({1000}, false);  // pba 3500
  cc.on_sack({1000}, false);  // flight before 4500 >= 4000, pba 4500 capped to 4000
  EXPECT_EQ(cc.cwnd(), 5000u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  // Not full (flight 3500 < 5000): pba grows, capped at cwnd, no increase.
  cc.on_sack({3000}, false);
  EXPECT_EQ(cc.partial_bytes_acked(), 3000u);
  EXPECT_EQ(cc.cwnd(), 5000u);
  // All data acknowledged: pba back to 0.
  cc.on_sack({500}, false);
  EXPECT_EQ(cc.flight_size(), 0u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  EXPECT_EQ(cc.cwnd(), 5000u);
}

TEST(CongestionControl, FastRetransmitHalvesWithFloor) {
  CongestionControl cc = make(1500, 1000000);
  for (int i = 0; i < 10; ++i) fill_and_ack(cc, 1500);
  ASSERT_EQ(cc.cwnd(), 4404u + 10 * 1500);  // 19404
  cc.on_fast_retransmit();
  EXPECT_EQ(cc.ssthresh(), 9702u);  // max(19404 / 2, 6000)
  EXPECT_EQ(cc.cwnd(), 9702u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  cc.on_fast_retransmit();
  EXPECT_EQ(cc.ssthresh(), 6000u);  // max(4851, 4 * 1500)
  EXPECT_EQ(cc.cwnd(), 6000u);
}

TEST(CongestionControl, T3ExpiryRestartsSlowStartWithOnePacket) {
  CongestionControl cc = make(1500, 1000000);
  for (int i = 0; i < 10; ++i) fill_and_ack(cc, 1500);
  cc.on_t3_expired();
  EXPECT_EQ(cc.ssthresh(), 9702u);
  EXPECT_EQ(cc.cwnd(), 1500u);
  // The outstanding data is marked for retransmission and leaves flight.
  cc.on_removed_from_flight(cc.flight_size());
  EXPECT_TRUE(cc.can_send(1500));
  cc.on_sent(1500, kT0);
  EXPECT_FALSE(cc.can_send(1));  // one packet in flight, no more
  cc.on_t3_expired();
  EXPECT_EQ(cc.ssthresh(), 6000u);  // max(750, 4 * MTU)
  EXPECT_EQ(cc.cwnd(), 1500u);
  cc.on_sack({1500}, false);  // slow start again: + min(1500, MTU)
  EXPECT_EQ(cc.cwnd(), 3000u);
}

TEST(CongestionControl, CanSendOvershootsByLessThanOnePacket) {
  CongestionControl cc = make(1500, 100000);
  cc.on_sent(4000, kT0);
  EXPECT_TRUE(cc.can_send(1400));   // 5400 < 4404 + 1500
  EXPECT_TRUE(cc.can_send(1903));   // 5903 < 5904
  EXPECT_FALSE(cc.can_send(1904));  // would reach cwnd + MTU
  cc.on_sent(404, kT0);
  EXPECT_FALSE(cc.can_send(1));  // flight reached cwnd
  cc.on_removed_from_flight(1000000);  // saturates at zero
  EXPECT_EQ(cc.flight_size(), 0u);
}

TEST(CongestionControl, NoGrowthInFastRecoveryUntilExitPoint) {
  CongestionControl cc = make(1500, 1000000);
  for (int i = 0; i < 10; ++i) fill_and_ack(cc, 1500);
  FastRecovery fr;
  ASSERT_TRUE(fr.enter(Tsn(100)));
  cc.on_fast_retransmit();
  EXPECT_EQ(cc.cwnd(), 9702u);
  // A second loss inside Fast Recovery changes nothing.
  EXPECT_FALSE(fr.enter(Tsn(105)));
  EXPECT_EQ(fr.exit_point(), Tsn(100));
  // SACKs below the exit point: full window, yet no growth.
  cc.on_sent(9702, kT0);
  EXPECT_FALSE(fr.on_cum_ack(Tsn(99)));
  EXPECT_TRUE(fr.active());
  cc.on_sack({1500}, fr.active());
  EXPECT_EQ(cc.cwnd(), 9702u);
  EXPECT_EQ(cc.partial_bytes_acked(), 0u);
  // The SACK covering the exit point ends it; growth resumes on it (cwnd
  // 9702 <= ssthresh 9702: slow start).
  cc.on_sent(1500, kT0);
  EXPECT_TRUE(fr.on_cum_ack(Tsn(100)));
  EXPECT_FALSE(fr.active());
  cc.on_sack({1500}, fr.active());
  EXPECT_EQ(cc.cwnd(), 11202u);
  EXPECT_TRUE(fr.enter(Tsn(200)));  // a new loss event may enter again
}

TEST(FastRecovery, ExitPointComparesAcrossTsnWrap) {
  FastRecovery fr;
  EXPECT_FALSE(fr.on_cum_ack(Tsn(5)));  // not active
  ASSERT_TRUE(fr.enter(Tsn(0xFFFFFFFEu)));
  EXPECT_FALSE(fr.on_cum_ack(Tsn(0xFFFFFFFDu)));
  EXPECT_TRUE(fr.on_cum_ack(Tsn(2)));  // past the exit point, after the wrap
  ASSERT_TRUE(fr.enter(Tsn(10)));
  fr.reset();
  EXPECT_FALSE(fr.active());
}

TEST(CongestionControl, IdleDecayHalvesPerRtoDownToFourMtu) {
  CongestionControl cc = make(1500, 1000000);
  for (int i = 0; i < 10; ++i) fill_and_ack(cc, 1500);
  cc.on_sack({cc.flight_size()}, false);  // all acked, last send at kT0
  ASSERT_EQ(cc.cwnd(), 19404u);
  const Duration rto = milliseconds(200);
  cc.on_idle(kT0 + milliseconds(199), rto);
  EXPECT_EQ(cc.cwnd(), 19404u);
  cc.on_idle(kT0 + milliseconds(200), rto);
  EXPECT_EQ(cc.cwnd(), 9702u);
  cc.on_idle(kT0 + milliseconds(399), rto);  // same RTO period: no change
  EXPECT_EQ(cc.cwnd(), 9702u);
  cc.on_idle(kT0 + milliseconds(500), rto);  // second period: max(4851, 6000)
  EXPECT_EQ(cc.cwnd(), 6000u);
  cc.on_idle(kT0 + std::chrono::hours(1000), rto);
  EXPECT_EQ(cc.cwnd(), 6000u);
  // Sending restarts the idle clock.
  for (int i = 0; i < 4; ++i) fill_and_ack(cc, 1500);
  ASSERT_EQ(cc.cwnd(), 12000u);
  const TimePoint sent = kT0 + std::chrono::hours(2000);
  cc.on_sent(1, sent);
  cc.on_idle(sent + milliseconds(100), rto);
  EXPECT_EQ(cc.cwnd(), 12000u);
  cc.on_idle(sent + milliseconds(450), rto);  // two whole RTOs
  EXPECT_EQ(cc.cwnd(), 6000u);
}

TEST(CongestionControl, IdleDecayNeverRaisesASmallWindow) {
  CongestionControl cc = make(1500, 1000000);
  cc.on_t3_expired();
  ASSERT_EQ(cc.cwnd(), 1500u);
  cc.on_idle(kT0 + std::chrono::seconds(10), milliseconds(100));
  EXPECT_EQ(cc.cwnd(), 1500u);
  cc.on_idle(kT0 + std::chrono::seconds(20), Duration::zero());  // ignored
  EXPECT_EQ(cc.cwnd(), 1500u);
}

TEST(CongestionControl, MtuReductionKeepsBytesAndUsesNewMtu) {
  CongestionControl cc = make(1500, 1000000);
  cc.on_mtu_changed(1200);
  EXPECT_EQ(cc.mtu(), 1200u);
  EXPECT_EQ(cc.cwnd(), 4404u);
  cc.on_sent(4404, kT0);
  cc.on_sack({1500}, false);  // + min(1500, 1200)
  EXPECT_EQ(cc.cwnd(), 5604u);
  cc.on_fast_retransmit();
  EXPECT_EQ(cc.ssthresh(), 4800u);  // max(2802, 4 * 1200)
  EXPECT_EQ(cc.cwnd(), 4800u);
  cc.on_t3_expired();
  EXPECT_EQ(cc.cwnd(), 1200u);
  cc.on_mtu_changed(9000);  // a window must admit one packet
  EXPECT_EQ(cc.cwnd(), 9000u);
}

}  // namespace
}  // namespace dsctp::sctp
