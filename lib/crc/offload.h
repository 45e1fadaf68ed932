// The CRC32c offload decision as data. A port's advertised capabilities go
// in once, at configure time; out comes a plan that says which offload bits
// to request from the port, and the per-packet rules that follow from it.
// Everything here is a compile-time DPDK constant or a pure function: no
// EAL, no port, no mbuf, so the decision is unit-tested without a NIC.
//
// Why a plan and not "is offload on": offload is not symmetric. The 82599
// (ixgbe) computes the SCTP CRC on TX but does not advertise the RX SCTP
// checksum offload, and the "L4 checksum good" flag it sets on a received
// SCTP packet does not prove the CRC was checked. Trusting that flag would
// accept corrupted packets, so on such a port RX is verified in software.
#pragma once

#include <rte_ethdev.h>
#include <rte_mbuf_core.h>

#include <cstdint>

namespace dsctp::crc {

// The two masks rte_eth_dev_info reports for a port, copied as they are.
struct PortOffloadCapa {
  uint64_t tx_offload_capa = 0;
  uint64_t rx_offload_capa = 0;
};

// What the operator lets the NIC do; both off is the "software only"
// setting, for comparing against the NIC or for ruling it out.
struct OffloadPolicy {
  bool allow_tx = true;
  bool allow_rx = true;
};

// The decision for one port.
struct OffloadPlan {
  // The NIC computes the CRC of outgoing SCTP-over-IP packets: the stack
  // leaves the checksum field zero and marks the mbuf (tx_mbuf_flags()).
  bool tx_offload = false;
  // The NIC's RX L4 checksum flags speak for the SCTP CRC (rx_verdict()).
  bool rx_trusted = false;
  // OR these into rte_eth_conf.txmode.offloads and rxmode.offloads before
  // rte_eth_dev_configure(): a capability not enabled there is not used,
  // and an RX capability not enabled may leave the flags unset.
  uint64_t port_tx_offloads = 0;
  uint64_t port_rx_offloads = 0;
};

// Each side is offloaded only where the port advertises that very side.
// The RX side looks at RTE_ETH_RX_OFFLOAD_SCTP_CKSUM alone: TCP/UDP
// checksum capabilities say nothing about the SCTP CRC.
constexpr OffloadPlan plan_offload(const PortOffloadCapa& capa,
                                   const OffloadPolicy& policy = {}) {
  OffloadPlan plan;
  plan.tx_offload =
      policy.allow_tx && (capa.tx_offload_capa & RTE_ETH_TX_OFFLOAD_SCTP_CKSUM) != 0;
  plan.rx_trusted =
      policy.allow_rx && (capa.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCTP_CKSUM) != 0;
  plan.port_tx_offloads = plan.tx_offload ? RTE_ETH_TX_OFFLOAD_SCTP_CKSUM : 0;
  plan.port_rx_offloads = plan.rx_trusted ? RTE_ETH_RX_OFFLOAD_SCTP_CKSUM : 0;
  return plan;
}

// How the SCTP packet travels. A NIC's SCTP checksum offload only knows
// SCTP directly in IP: in a UDP-encapsulated packet (RFC 6951) the L4 the
// NIC sees, checks and flags is the UDP header, never the SCTP CRC inside.
enum class Encapsulation : uint8_t {
  kNone,  // IP protocol 132
  kUdp,   // RFC 6951
};

// The bits to OR into an outgoing mbuf's ol_flags: RTE_MBUF_F_TX_SCTP_CKSUM
// when the NIC fills in the CRC, 0 when the stack must compute it
// (write_sctp_checksum()). With the flag set, the caller also sets
// RTE_MBUF_F_TX_IPV4 or RTE_MBUF_F_TX_IPV6, l2_len and l3_len, as DPDK
// requires for every L4 checksum offload, and leaves the checksum field 0.
constexpr uint64_t tx_mbuf_flags(const OffloadPlan& plan, Encapsulation encap) {
  return plan.tx_offload && encap == Encapsulation::kNone ? RTE_MBUF_F_TX_SCTP_CKSUM
                                                          : 0;
}

// Whether the stack computes the CRC of an outgoing packet itself.
constexpr bool tx_needs_software_crc(const OffloadPlan& plan, Encapsulation encap) {
  return tx_mbuf_flags(plan, encap) == 0;
}

enum class RxVerdict : uint8_t {
  kGood,              // the NIC checked the CRC: skip the software check
  kBad,               // the NIC checked it and it is wrong: drop the packet
  kVerifyInSoftware,  // the NIC proves nothing: call sctp_checksum_ok()
};

// The verdict on one received packet from its mbuf's ol_flags.
//
// Only a port that advertises the RX SCTP offload has a say. There, GOOD is
// trusted, and so is NONE ("the checksum in the data is not correct but the
// integrity of the L4 data is verified", which DPDK defines as good data);
// BAD means drop, as RFC 9260 6.8 asks of a packet with a bad CRC; UNKNOWN
// (the NIC did not parse the packet as SCTP: options, tunnels, ...) falls
// back to software. On any other port, GOOD in particular proves nothing.
//
// The flags describe the frame as the NIC saw it: for a packet the stack
// reassembled from IP fragments pass 0 (UNKNOWN), since they covered only
// one fragment.
constexpr RxVerdict rx_verdict(const OffloadPlan& plan, uint64_t ol_flags,
                               Encapsulation encap) {
  if (!plan.rx_trusted || encap != Encapsulation::kNone)
    return RxVerdict::kVerifyInSoftware;
  switch (ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) {
    case RTE_MBUF_F_RX_L4_CKSUM_GOOD:
    case RTE_MBUF_F_RX_L4_CKSUM_NONE:
      return RxVerdict::kGood;
    case RTE_MBUF_F_RX_L4_CKSUM_BAD:
      return RxVerdict::kBad;
    default:
      return RxVerdict::kVerifyInSoftware;
  }
}

}  // namespace dsctp::crc
