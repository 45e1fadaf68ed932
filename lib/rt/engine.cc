#include "rt/engine.h"

#include <rte_ethdev.h>

#include <algorithm>
#include <cstring>

namespace dsctp::rt {
namespace {

void retain_mbuf(void* m) { rte_mbuf_refcnt_update(static_cast<rte_mbuf*>(m), 1); }
void release_mbuf(void* m) { rte_pktmbuf_free(static_cast<rte_mbuf*>(m)); }

crc::Encapsulation encapsulation_of(const EngineConfig& c) {
  return c.net.encapsulation == net::Encapsulation::kUdp ? crc::Encapsulation::kUdp
                                                         : crc::Encapsulation::kNone;
}

sctp::EndpointConfig endpoint_config(const EngineConfig& c) {
  sctp::EndpointConfig e = c.sctp;
  // Where the NIC fills the CRC in, associations leave it zero.
  if (!crc::tx_needs_software_crc(c.offload, encapsulation_of(c))) {
    e.association.checksum_offload = true;
  }
  if (c.steering != nullptr) {
    e.tag_owner_bits = c.steering->owner_bits();
    e.tag_owner = c.engine_index;
  }
  return e;
}

uint32_t read_be32(const std::byte* p) {
  return (std::to_integer<uint32_t>(p[0]) << 24) | (std::to_integer<uint32_t>(p[1]) << 16) |
         (std::to_integer<uint32_t>(p[2]) << 8) | std::to_integer<uint32_t>(p[3]);
}

// ABORT or SHUTDOWN COMPLETE with the T bit: the tag is the peer's own,
// so it names no owner (RFC 9260 8.5.1).
bool reflects_peer_tag(const std::byte* header_and_chunk) {
  auto type = std::to_integer<uint8_t>(header_and_chunk[12]);
  auto flags = std::to_integer<uint8_t>(header_and_chunk[13]);
  return (type == 6 || type == 14) && (flags & 0x01) != 0;
}

}  // namespace

Engine::Engine(const EngineConfig& config, rte_mempool* pool, RandomSource& random)
    : config_(config), pool_(pool),
      tx_offload_flags_(crc::tx_mbuf_flags(config.offload, encapsulation_of(config))),
      now_(clock_.now()),
      net_(config.net, *this, *this),
      endpoint_(endpoint_config(config), *this, random, now_) {}

Engine::~Engine() {
  for (uint16_t i = 0; i < tx_count_; ++i) rte_pktmbuf_free(tx_[i]);
  rte_pktmbuf_free(building_);
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
  if (config_.steering != nullptr) {
    unsigned k = config_.steering->take(config_.engine_index, rx.data(), kBurst);
    counters_.steered_in += k;
    for (unsigned i = 0; i < k; ++i) handle_steered(rx[i]);
  }
  // Timers after the packets, as the poll loop reads its RX queue first.
  if (endpoint_.earliest_deadline() <= now_) endpoint_.advance(now_);
  if (auto d = net_.next_deadline(); d && *d <= now_) net_.advance(now_);
  for (EngineService* s : services_) s->serve(*this);
  endpoint_.flush(now_);
  flush_tx();
  return n;
}

void Engine::attach(EngineService& service) { services_.push_back(&service); }

void Engine::detach(EngineService& service) {
  services_.erase(std::remove(services_.begin(), services_.end(), &service), services_.end());
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
  if (config_.steering != nullptr && current_ != nullptr &&
      is_arp_reply(rte_pktmbuf_mtod(m, const uint8_t*), rte_pktmbuf_data_len(m))) {
    config_.steering->note(m).kind = SteeredPacket::Kind::kFrame;
    hand_to_others(m);
  }
  net_.handle_frame(now_, frame);
  current_ = nullptr;
  rte_pktmbuf_free(m);  // payloads kept hold their own references
}

void Engine::handle_steered(rte_mbuf* m) {
  const SteeredPacket& note = config_.steering->note(m);
  steered_ = true;
  current_ = m;
  if (note.kind == SteeredPacket::Kind::kFrame) {
    net_.handle_frame(now_, ByteRange(std::span<const std::byte>(
                                rte_pktmbuf_mtod(m, const std::byte*), rte_pktmbuf_data_len(m))));
  } else {
    net::SctpPacketInfo info;
    info.source = net::Ipv4Address(note.source_ipv4);
    info.peer_udp_port = note.peer_udp_port;
    on_sctp_packet(info, ByteRange(std::span<const std::byte>(
                             rte_pktmbuf_mtod_offset(m, const std::byte*, note.sctp_offset),
                             note.sctp_length)));
  }
  current_ = nullptr;
  steered_ = false;
  rte_pktmbuf_free(m);
}

void Engine::hand_to_others(rte_mbuf* m) {
  for (uint16_t e = 0; e < config_.steering->engines(); ++e) {
    if (e == config_.engine_index) continue;
    rte_mbuf_refcnt_update(m, 1);
    if (config_.steering->hand_over(e, m)) {
      ++counters_.steered_out;
    } else {
      rte_mbuf_refcnt_update(m, -1);
      ++counters_.steer_dropped;
    }
  }
}

bool Engine::steer_sctp(const net::SctpPacketInfo& info, ByteRange packet) {
  std::array<std::byte, 14> scratch;
  if (packet.size() < scratch.size()) return false;  // the endpoint counts it
  const std::byte* head = packet.read(0, scratch.size(), scratch.data());
  const auto* frame = rte_pktmbuf_mtod(current_, const std::byte*);
  if (head < frame || head >= frame + rte_pktmbuf_data_len(current_)) return false;
  SteeredPacket& note = config_.steering->note(current_);
  note.kind = SteeredPacket::Kind::kSctp;
  note.sctp_offset = static_cast<uint16_t>(head - frame);
  note.sctp_length = static_cast<uint16_t>(packet.size());
  note.peer_udp_port = info.peer_udp_port;
  note.source_ipv4 = info.source.value();
  if (reflects_peer_tag(head)) {
    hand_to_others(current_);
    return false;  // and ours to look at too
  }
  uint32_t tag = read_be32(head + 4);
  uint16_t owner = config_.steering->owner_of(tag);
  // Tag 0 is an INIT: whichever engine receives it answers, and the tag
  // it chooses makes it the owner.
  if (tag == 0 || owner == config_.engine_index) return false;
  rte_mbuf_refcnt_update(current_, 1);
  if (config_.steering->hand_over(owner, current_)) {
    ++counters_.steered_out;
  } else {
    rte_mbuf_refcnt_update(current_, -1);
    ++counters_.steer_dropped;
  }
  return true;
}

void Engine::on_sctp_packet(const net::SctpPacketInfo& info, ByteRange packet) {
  if (config_.steering != nullptr && current_ != nullptr && !steered_ &&
      steer_sctp(info, packet)) {
    return;
  }
  if (info.peer_udp_port != 0) {
    // RFC 6951 5.4: remember the peer's port. The verification tag is not
    // checked here, so a forged packet could move it; the endpoint's own
    // checks still decide whether the packet is accepted.
    if (peer_udp_ports_.size() < 65536 || peer_udp_ports_.contains(info.source.value())) {
      peer_udp_ports_[info.source.value()] = info.peer_udp_port;
    }
  }
  // The NIC's word on the CRC counts only where the port advertises the
  // SCTP RX offload (crc/offload.h); a linearized chain has no mbuf.
  crc::RxVerdict verdict =
      current_ == nullptr
          ? crc::RxVerdict::kVerifyInSoftware
          : crc::rx_verdict(config_.offload, current_->ol_flags,
                            info.peer_udp_port != 0 ? crc::Encapsulation::kUdp
                                                    : crc::Encapsulation::kNone);
  if (verdict == crc::RxVerdict::kBad) {
    ++counters_.rx_bad_crc_by_nic;
    return;
  }
  sctp::PayloadHold hold{&retain_mbuf, &release_mbuf, current_};
  endpoint_.handle_packet(now_, sctp::IpAddress::ipv4(info.source.value()), packet,
                          verdict == crc::RxVerdict::kGood, current_ != nullptr ? &hold : nullptr);
}

void Engine::on_icmp_error(const net::IcmpError& error) {
  // The quoted packet carries the peer's tag, which names no owner: every
  // engine looks (only the owner finds the association).
  if (config_.steering != nullptr && current_ != nullptr && !steered_) {
    config_.steering->note(current_).kind = SteeredPacket::Kind::kFrame;
    hand_to_others(current_);
  }
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

std::span<std::byte> Engine::frame_buffer(uint32_t size) {
  if (building_ == nullptr) building_ = rte_pktmbuf_alloc(pool_);
  if (building_ == nullptr || rte_pktmbuf_tailroom(building_) < size) return {};
  return {rte_pktmbuf_mtod(building_, std::byte*), size};
}

void Engine::mark_tx_offload(rte_mbuf* m, std::span<const std::byte> frame) const {
  // SCTP directly in IPv4 (EtherType 0x0800, protocol 132): the NIC fills
  // the CRC in, and DPDK wants the header lengths for that.
  if (tx_offload_flags_ == 0 || frame.size() < 34 ||
      std::to_integer<uint8_t>(frame[12]) != 0x08 || std::to_integer<uint8_t>(frame[13]) != 0 ||
      std::to_integer<uint8_t>(frame[23]) != net::kProtocolSctp) {
    return;
  }
  m->ol_flags |= tx_offload_flags_ | RTE_MBUF_F_TX_IPV4;
  m->l2_len = net::kEthernetHeaderSize;
  m->l3_len = (std::to_integer<uint8_t>(frame[14]) & 0x0f) * 4u;
}

void Engine::transmit(std::span<const std::byte> frame) {
  if (building_ != nullptr && frame.data() == rte_pktmbuf_mtod(building_, const std::byte*)) {
    // Built in place: no copy.
    building_->data_len = static_cast<uint16_t>(frame.size());
    building_->pkt_len = static_cast<uint32_t>(frame.size());
    mark_tx_offload(building_, frame);
    tx_[tx_count_++] = building_;
    building_ = nullptr;
    if (tx_count_ == kBurst) flush_tx();
    return;
  }
  rte_mbuf* m = copy_frame(frame);
  if (m == nullptr) return;
  mark_tx_offload(m, frame);
  tx_[tx_count_++] = m;
  if (tx_count_ == kBurst) flush_tx();
}

rte_mbuf* Engine::copy_frame(std::span<const std::byte> frame) {
  rte_mbuf* head = rte_pktmbuf_alloc(pool_);
  if (head == nullptr) {
    ++counters_.alloc_failed;
    return nullptr;
  }
  if (frame.size() > rte_pktmbuf_tailroom(head)) {
    if (!config_.multi_segment_tx) {
      ++counters_.tx_too_large;
      rte_pktmbuf_free(head);
      return nullptr;
    }
    ++counters_.tx_chained;
  }
  rte_mbuf* tail = head;
  while (!frame.empty()) {
    if (rte_pktmbuf_tailroom(tail) == 0) {
      rte_mbuf* next = rte_pktmbuf_alloc(pool_);
      if (next == nullptr || rte_pktmbuf_chain(head, next) != 0) {
        rte_pktmbuf_free(next);
        rte_pktmbuf_free(head);
        ++counters_.alloc_failed;
        return nullptr;
      }
      tail = next;
    }
    auto n = static_cast<uint16_t>(std::min<size_t>(frame.size(), rte_pktmbuf_tailroom(tail)));
    std::memcpy(rte_pktmbuf_append(head, n), frame.data(), n);
    frame = frame.subspan(n);
  }
  return head;
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
