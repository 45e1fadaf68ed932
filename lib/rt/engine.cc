#include "rt/engine.h"

#include <rte_ethdev.h>

#include <algorithm>
#include <cstring>

namespace dsctp::rt {
namespace {

void retain_mbuf(void* m) { rte_mbuf_refcnt_update(static_cast<rte_mbuf*>(m), 1); }
void release_mbuf(void* m) { rte_pktmbuf_free(static_cast<rte_mbuf*>(m)); }

}  // namespace

Engine::Engine(const EngineConfig& config, rte_mempool* pool, RandomSource& random)
    : config_(config), pool_(pool), now_(clock_.now()),
      net_(config.net, *this, *this),
      endpoint_(config.sctp, *this, random, now_) {}

Engine::~Engine() {
  for (uint16_t i = 0; i < tx_count_; ++i) rte_pktmbuf_free(tx_[i]);
}

void Engine::start() {
  now_ = clock_.now();
  net_.start(now_);
  flush_tx();
}

uint16_t Engine::poll() {
  ++counters_.polls;
  now_ = clock_.now();
  std::array<rte_mbuf*, kBurst> rx;
  uint16_t n = rte_eth_rx_burst(config_.port_id, config_.queue_id, rx.data(), kBurst);
  counters_.rx_packets += n;
  for (uint16_t i = 0; i < n; ++i) {
    if (i + 1 < n) rte_prefetch0(rte_pktmbuf_mtod(rx[i + 1], void*));
    handle_mbuf(rx[i]);
  }
  // Timers after the packets, as the poll loop reads its RX queue first.
  if (auto d = endpoint_.next_deadline(); d && *d <= now_) endpoint_.advance(now_);
  if (auto d = net_.next_deadline(); d && *d <= now_) net_.advance(now_);
  endpoint_.flush(now_);
  flush_tx();
  return n;
}

void Engine::handle_mbuf(rte_mbuf* m) {
  ByteRange frame;
  if (m->nb_segs == 1) {
    frame = ByteRange(std::span<const std::byte>(rte_pktmbuf_mtod(m, const std::byte*),
                                                 rte_pktmbuf_data_len(m)));
    current_ = m;
  } else {
    // A chained frame is rare on the receive side (jumbo frames with
    // scattered RX): copied, so that a payload's bytes never depend on a
    // segment table that would have to outlive this call.
    ++counters_.rx_multi_segment;
    linear_.resize(rte_pktmbuf_pkt_len(m));
    rte_pktmbuf_read(m, 0, rte_pktmbuf_pkt_len(m), linear_.data());
    frame = ByteRange(std::span<const std::byte>(linear_));
    current_ = nullptr;
  }
  net_.handle_frame(now_, frame);
  current_ = nullptr;
  rte_pktmbuf_free(m);  // payloads kept hold their own references
}

void Engine::on_sctp_packet(const net::SctpPacketInfo& info, ByteRange packet) {
  if (info.peer_udp_port != 0) {
    // RFC 6951 5.4: remember the peer's port. The verification tag is not
    // checked here, so a forged packet could move it; the endpoint's own
    // checks still decide whether the packet is accepted.
    if (peer_udp_ports_.size() < 65536 || peer_udp_ports_.contains(info.source.value())) {
      peer_udp_ports_[info.source.value()] = info.peer_udp_port;
    }
  }
  sctp::PayloadHold hold{&retain_mbuf, &release_mbuf, current_};
  endpoint_.handle_packet(now_, sctp::IpAddress::ipv4(info.source.value()), packet,
                          /*checksum_verified=*/false, current_ != nullptr ? &hold : nullptr);
}

void Engine::on_icmp_error(const net::IcmpError& error) {
  if (!error.fragmentation_needed() || error.next_hop_mtu == 0) return;
  endpoint_.handle_too_big(now_, sctp::IpAddress::ipv4(error.destination.value()),
                           ByteRange(error.quoted_sctp_bytes()), error.next_hop_mtu);
}

void Engine::send_packet(const sctp::IpAddress& destination, std::span<const std::byte> packet) {
  uint16_t udp_port = 0;
  if (config_.net.encapsulation == net::Encapsulation::kUdp) {
    auto it = peer_udp_ports_.find(destination.ipv4_value());
    udp_port = it != peer_udp_ports_.end() ? it->second : config_.default_peer_udp_port;
  }
  net_.send_sctp(now_, net::Ipv4Address(destination.ipv4_value()), packet, udp_port);
}

void Engine::transmit(std::span<const std::byte> frame) {
  rte_mbuf* m = rte_pktmbuf_alloc(pool_);
  if (m == nullptr) {
    ++counters_.alloc_failed;
    return;
  }
  char* data = rte_pktmbuf_append(m, static_cast<uint16_t>(frame.size()));
  if (data == nullptr) {
    rte_pktmbuf_free(m);
    ++counters_.alloc_failed;
    return;
  }
  std::memcpy(data, frame.data(), frame.size());
  tx_[tx_count_++] = m;
  if (tx_count_ == kBurst) flush_tx();
}

void Engine::flush_tx() {
  uint16_t sent = 0;
  // A full TX ring drops the rest, as a full wire would; SCTP retransmits.
  if (tx_count_ > 0) sent = rte_eth_tx_burst(config_.port_id, config_.queue_id, tx_.data(), tx_count_);
  counters_.tx_packets += sent;
  for (uint16_t i = sent; i < tx_count_; ++i) {
    rte_pktmbuf_free(tx_[i]);
    ++counters_.tx_dropped;
  }
  tx_count_ = 0;
}

}  // namespace dsctp::rt
