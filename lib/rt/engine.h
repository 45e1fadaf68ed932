// One run-to-completion engine: it owns one RX and one TX queue of a DPDK
// port, the IP layer for that interface (lib/net) and an SCTP endpoint
// (lib/sctp), and runs them from poll():
//
//   rx burst -> Ethernet/ARP/IPv4/ICMP/UDP -> SCTP endpoint -> callbacks
//   -> timers -> flush -> tx burst
//
// Received DATA payload stays in its rte_mbuf: the endpoint gets a
// PayloadHold that takes an mbuf reference per payload kept, so a message
// that arrived in one packet reaches the application as a view into that
// mbuf. The IP layer builds each frame to send in a fresh mbuf's data
// room (FrameSink::frame_buffer); frames leave in bursts at the end of
// the iteration.
//
// One engine belongs to one thread (an lcore); nothing in it is locked.
// Several engines in one process share a Steering (steering.h): packets
// for another engine's associations go to it through its ring.
#pragma once

#include <rte_mbuf.h>

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/random.h"
#include "crc/offload.h"
#include "net/stack.h"
#include "rt/steering.h"
#include "rt/tsc_clock.h"
#include "sctp/endpoint/endpoint.h"

namespace dsctp::rt {

struct EngineConfig {
  uint16_t port_id = 0;
  uint16_t queue_id = 0;
  net::NetConfig net;
  sctp::EndpointConfig sctp;
  // SCTP over UDP (RFC 6951) to peers: the UDP port to reach a peer at
  // until it is learned from the peer's packets.
  uint16_t default_peer_udp_port = net::kSctpUdpPort;
  crc::OffloadPlan offload;
  // PortInfo::multi_segment_tx: a frame larger than one mbuf's room leaves
  // as a chain. Without it such frames cannot be sent (tx_too_large): give
  // the pool mbufs that hold a whole frame of the MTU.
  bool multi_segment_tx = false;
  // Several engines in one process: their shared rings and this engine's
  // index among them, which its verification tags carry. Null: one engine.
  Steering* steering = nullptr;
  uint16_t engine_index = 0;
};

class Engine;

// Work done on the engine's lcore in every poll(), after the packets and
// the timers and before the flush, so what it sends leaves in the same
// iteration: an AppChannel's commands (app_channel.h).
class EngineService {
 public:
  virtual ~EngineService() = default;
  virtual void serve(Engine& engine) = 0;
};

struct EngineCounters {
  uint64_t polls = 0;
  uint64_t rx_packets = 0;
  uint64_t tx_packets = 0;
  uint64_t tx_dropped = 0;      // the TX queue was full
  uint64_t alloc_failed = 0;    // no mbuf for a frame to send
  uint64_t tx_chained = 0;      // frames larger than an mbuf, sent as chains
  uint64_t tx_too_large = 0;    // larger than an mbuf, and the port sends no chains
  uint64_t rx_multi_segment = 0;  // chained frames: linearized (copied)
  uint64_t steered_out = 0;     // packets handed to their owning engine
  uint64_t steered_in = 0;      // packets other engines handed to this one
  uint64_t steer_dropped = 0;   // an owner's ring was full
  uint64_t rx_bad_crc_by_nic = 0;  // the NIC checked the SCTP CRC: wrong
};

class Engine final : private net::FrameSink,
                     private net::UpperLayer,
                     private sctp::PacketSink {
 public:
  static constexpr uint16_t kBurst = 32;

  // The mempool supplies the mbufs of outgoing frames. `random` seeds tags
  // and cookie keys; it must outlive the engine.
  Engine(const EngineConfig& config, rte_mempool* pool, RandomSource& random);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Gratuitous ARP; call once after the port started.
  void start();
  // One iteration. Returns the number of packets received.
  uint16_t poll();

  sctp::Endpoint& endpoint() { return endpoint_; }
  const sctp::Endpoint& endpoint() const { return endpoint_; }
  const net::NetStack& net() const { return net_; }
  const EngineCounters& counters() const { return counters_; }
  TimePoint now() const { return now_; }

  // Runs `service` in every poll() until detached; it must outlive that.
  void attach(EngineService& service);
  void detach(EngineService& service);

 private:
  // net::FrameSink
  std::span<std::byte> frame_buffer(uint32_t size) override;
  void transmit(std::span<const std::byte> frame) override;
  // net::UpperLayer
  void on_sctp_packet(const net::SctpPacketInfo& info, ByteRange packet) override;
  void on_icmp_error(const net::IcmpError& error) override;
  // sctp::PacketSink
  void send_packet(const sctp::IpAddress& destination, std::span<const std::byte> packet) override;

  void mark_tx_offload(rte_mbuf* m, std::span<const std::byte> frame) const;
  // `frame` in a fresh mbuf, or a chain where it does not fit one; null
  // (counted) when neither can be had.
  rte_mbuf* copy_frame(std::span<const std::byte> frame);
  void handle_mbuf(rte_mbuf* m);
  void handle_steered(rte_mbuf* m);
  // Whether the packet was handed to other engines (and is not ours).
  bool steer_sctp(const net::SctpPacketInfo& info, ByteRange packet);
  void hand_to_others(rte_mbuf* m);
  void flush_tx();

  EngineConfig config_;
  rte_mempool* pool_;
  uint64_t tx_offload_flags_;  // crc::tx_mbuf_flags() for SCTP frames
  TscClock clock_;
  TimePoint now_{};
  net::NetStack net_;
  sctp::Endpoint endpoint_;
  EngineCounters counters_;

  // The mbuf whose frame is being processed, for the PayloadHold.
  rte_mbuf* current_ = nullptr;
  // Processing what another engine handed over: never hand it on again.
  bool steered_ = false;
  // The mbuf offered by frame_buffer(), until a frame built in it leaves.
  rte_mbuf* building_ = nullptr;
  std::array<rte_mbuf*, kBurst> tx_{};
  uint16_t tx_count_ = 0;
  // RFC 6951 5.4: the peer's UDP port, learned per address from its
  // packets. Bounded by the peers that reached us.
  std::unordered_map<uint32_t, uint16_t> peer_udp_ports_;
  std::vector<std::byte> linear_;
  std::vector<EngineService*> services_;
};

}  // namespace dsctp::rt
