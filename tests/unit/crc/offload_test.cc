#include "crc/offload.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace dsctp::crc {
namespace {

// Capability masks shaped like what the drivers report in DPDK 22.11; the
// neighbours of the SCTP bits are there to show they change nothing.
constexpr PortOffloadCapa kIxgbeLike = {
    .tx_offload_capa = RTE_ETH_TX_OFFLOAD_VLAN_INSERT | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
                       RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
                       RTE_ETH_TX_OFFLOAD_SCTP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO |
                       RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
    .rx_offload_capa = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
                       RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_KEEP_CRC |
                       RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_RSS_HASH,
};

constexpr PortOffloadCapa kI40eLike = {
    .tx_offload_capa = kIxgbeLike.tx_offload_capa | RTE_ETH_TX_OFFLOAD_OUTER_IPV4_CKSUM,
    .rx_offload_capa = kIxgbeLike.rx_offload_capa | RTE_ETH_RX_OFFLOAD_SCTP_CKSUM,
};

// memif, af_packet, ring: no checksum offload of any kind.
constexpr PortOffloadCapa kVirtualLike = {
    .tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
    .rx_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER,
};

// Flags a receive path sets alongside the L4 status; they must not sway it.
constexpr uint64_t kOtherRxFlags =
    RTE_MBUF_F_RX_RSS_HASH | RTE_MBUF_F_RX_IP_CKSUM_GOOD | RTE_MBUF_F_RX_VLAN;

constexpr Encapsulation kIp = Encapsulation::kNone;
constexpr Encapsulation kUdp = Encapsulation::kUdp;

// The plan is usable at compile time: the decision is data.
static_assert(plan_offload(kIxgbeLike).tx_offload);
static_assert(!plan_offload(kIxgbeLike).rx_trusted);
static_assert(rx_verdict(plan_offload(kIxgbeLike), RTE_MBUF_F_RX_L4_CKSUM_GOOD, kIp) ==
              RxVerdict::kVerifyInSoftware);

TEST(OffloadPlanTest, IxgbeLikeOffloadsTxOnly) {
  OffloadPlan plan = plan_offload(kIxgbeLike);
  EXPECT_TRUE(plan.tx_offload);
  EXPECT_FALSE(plan.rx_trusted);
  EXPECT_EQ(plan.port_tx_offloads, RTE_ETH_TX_OFFLOAD_SCTP_CKSUM);
  EXPECT_EQ(plan.port_rx_offloads, 0u);
  EXPECT_EQ(tx_mbuf_flags(plan, kIp), RTE_MBUF_F_TX_SCTP_CKSUM);
  EXPECT_FALSE(tx_needs_software_crc(plan, kIp));
}

TEST(OffloadPlanTest, I40eLikeOffloadsBoth) {
  OffloadPlan plan = plan_offload(kI40eLike);
  EXPECT_TRUE(plan.tx_offload);
  EXPECT_TRUE(plan.rx_trusted);
  EXPECT_EQ(plan.port_tx_offloads, RTE_ETH_TX_OFFLOAD_SCTP_CKSUM);
  EXPECT_EQ(plan.port_rx_offloads, RTE_ETH_RX_OFFLOAD_SCTP_CKSUM);
  EXPECT_EQ(tx_mbuf_flags(plan, kIp), RTE_MBUF_F_TX_SCTP_CKSUM);
}

TEST(OffloadPlanTest, VirtualLikeOffloadsNothing) {
  for (PortOffloadCapa capa : {kVirtualLike, PortOffloadCapa{}}) {
    OffloadPlan plan = plan_offload(capa);
    EXPECT_FALSE(plan.tx_offload);
    EXPECT_FALSE(plan.rx_trusted);
    EXPECT_EQ(plan.port_tx_offloads, 0u);
    EXPECT_EQ(plan.port_rx_offloads, 0u);
    EXPECT_EQ(tx_mbuf_flags(plan, kIp), 0u);
    EXPECT_TRUE(tx_needs_software_crc(plan, kIp));
  }
}

TEST(OffloadPlanTest, RxOnlyPortOffloadsRxOnly) {
  OffloadPlan plan = plan_offload({.tx_offload_capa = 0,
                                   .rx_offload_capa = RTE_ETH_RX_OFFLOAD_SCTP_CKSUM});
  EXPECT_FALSE(plan.tx_offload);
  EXPECT_TRUE(plan.rx_trusted);
  EXPECT_EQ(plan.port_tx_offloads, 0u);
  EXPECT_EQ(plan.port_rx_offloads, RTE_ETH_RX_OFFLOAD_SCTP_CKSUM);
}

TEST(OffloadPlanTest, OtherChecksumCapabilitiesDoNotCount) {
  // TCP/UDP checksum offload says nothing about the SCTP CRC.
  OffloadPlan plan = plan_offload(
      {.tx_offload_capa = ~RTE_ETH_TX_OFFLOAD_SCTP_CKSUM,
       .rx_offload_capa = ~RTE_ETH_RX_OFFLOAD_SCTP_CKSUM});
  EXPECT_FALSE(plan.tx_offload);
  EXPECT_FALSE(plan.rx_trusted);
  EXPECT_EQ(plan.port_tx_offloads | plan.port_rx_offloads, 0u);
}

TEST(OffloadPlanTest, PolicyCanForbidEitherSide) {
  OffloadPlan no_tx = plan_offload(kI40eLike, {.allow_tx = false, .allow_rx = true});
  EXPECT_FALSE(no_tx.tx_offload);
  EXPECT_EQ(no_tx.port_tx_offloads, 0u);
  EXPECT_TRUE(no_tx.rx_trusted);

  OffloadPlan no_rx = plan_offload(kI40eLike, {.allow_tx = true, .allow_rx = false});
  EXPECT_TRUE(no_rx.tx_offload);
  EXPECT_FALSE(no_rx.rx_trusted);
  EXPECT_EQ(no_rx.port_rx_offloads, 0u);
  EXPECT_EQ(rx_verdict(no_rx, RTE_MBUF_F_RX_L4_CKSUM_GOOD, kIp),
            RxVerdict::kVerifyInSoftware);

  OffloadPlan none = plan_offload(kI40eLike, {.allow_tx = false, .allow_rx = false});
  EXPECT_TRUE(tx_needs_software_crc(none, kIp));
  EXPECT_EQ(none.port_tx_offloads | none.port_rx_offloads, 0u);
}

TEST(OffloadPlanTest, UdpEncapsulatedIsAlwaysSoftwareOnTx) {
  for (PortOffloadCapa capa : {kIxgbeLike, kI40eLike, kVirtualLike}) {
    OffloadPlan plan = plan_offload(capa);
    EXPECT_EQ(tx_mbuf_flags(plan, kUdp), 0u);
    EXPECT_TRUE(tx_needs_software_crc(plan, kUdp));
  }
}

// --- Per-packet RX verdict ----------------------------------------------------

constexpr uint64_t kL4States[] = {
    RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN,
    RTE_MBUF_F_RX_L4_CKSUM_BAD,
    RTE_MBUF_F_RX_L4_CKSUM_GOOD,
    RTE_MBUF_F_RX_L4_CKSUM_NONE,
};

TEST(RxVerdictTest, IxgbeLikeGoodFlagIsNotTrusted) {
  // The 82599 flags SCTP packets "L4 checksum good" without proving the CRC.
  OffloadPlan plan = plan_offload(kIxgbeLike);
  EXPECT_EQ(rx_verdict(plan, RTE_MBUF_F_RX_L4_CKSUM_GOOD, kIp), RxVerdict::kVerifyInSoftware);
  EXPECT_EQ(rx_verdict(plan, RTE_MBUF_F_RX_L4_CKSUM_GOOD | kOtherRxFlags, kIp),
            RxVerdict::kVerifyInSoftware);
  // Nor is its BAD: the packet is checked rather than dropped on its say.
  EXPECT_EQ(rx_verdict(plan, RTE_MBUF_F_RX_L4_CKSUM_BAD, kIp), RxVerdict::kVerifyInSoftware);
  for (uint64_t s : kL4States)
    EXPECT_EQ(rx_verdict(plan, s, kIp), RxVerdict::kVerifyInSoftware) << s;
}

TEST(RxVerdictTest, I40eLikeFlagsAreTrusted) {
  OffloadPlan plan = plan_offload(kI40eLike);
  for (uint64_t other : {uint64_t{0}, kOtherRxFlags}) {
    EXPECT_EQ(rx_verdict(plan, RTE_MBUF_F_RX_L4_CKSUM_GOOD | other, kIp), RxVerdict::kGood);
    EXPECT_EQ(rx_verdict(plan, RTE_MBUF_F_RX_L4_CKSUM_NONE | other, kIp), RxVerdict::kGood);
    EXPECT_EQ(rx_verdict(plan, RTE_MBUF_F_RX_L4_CKSUM_BAD | other, kIp), RxVerdict::kBad);
    EXPECT_EQ(rx_verdict(plan, RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN | other, kIp),
              RxVerdict::kVerifyInSoftware);
  }
}

TEST(RxVerdictTest, VirtualLikeAlwaysVerifies) {
  OffloadPlan plan = plan_offload(kVirtualLike);
  for (uint64_t s : kL4States)
    EXPECT_EQ(rx_verdict(plan, s | kOtherRxFlags, kIp), RxVerdict::kVerifyInSoftware) << s;
}

TEST(RxVerdictTest, UdpEncapsulatedAlwaysVerifies) {
  // The NIC's L4 flags there are about the UDP checksum, not the SCTP CRC.
  for (PortOffloadCapa capa : {kIxgbeLike, kI40eLike, kVirtualLike}) {
    OffloadPlan plan = plan_offload(capa);
    for (uint64_t s : kL4States)
      EXPECT_EQ(rx_verdict(plan, s, kUdp), RxVerdict::kVerifyInSoftware) << s;
  }
}

TEST(RxVerdictTest, OuterL4FlagsDoNotCount) {
  OffloadPlan plan = plan_offload(kI40eLike);
  EXPECT_EQ(rx_verdict(plan, RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD, kIp),
            RxVerdict::kVerifyInSoftware);
  EXPECT_EQ(rx_verdict(plan, RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD, kIp),
            RxVerdict::kVerifyInSoftware);
}

}  // namespace
}  // namespace dsctp::crc
