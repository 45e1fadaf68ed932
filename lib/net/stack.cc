#include "net/stack.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace dsctp::net {

namespace {

// RFC 791: "Every internet module must be able to forward a datagram of
// 68 octets without further fragmentation."
constexpr uint16_t kMinMtu = 68;
constexpr uint32_t kIpv4PayloadAt = kEthernetHeaderSize + kIpv4MinHeaderSize;

// RFC 1122 3.2.1.3: "A host MUST silently discard an incoming datagram
// containing an IP source address that is invalid by the rules of this
// section": no broadcast, multicast, 0, loopback or class E source.
bool valid_source(Ipv4Address a) {
  return !a.is_unspecified() && !a.is_multicast() && !a.is_loopback() && (a.value() >> 28) != 0xf;
}

}  // namespace

NetStack::NetStack(const NetConfig& config, FrameSink& sink, UpperLayer& upper)
    : config_(config),
      sink_(sink),
      upper_(upper),
      routes_(config_.addresses, config_.gateway, config_.routes),
      arp_(config_.arp) {
  config_.mtu = std::max(config_.mtu, kMinMtu);
  tx_.resize(std::max(kEthernetHeaderSize + config_.mtu, kMinFrameSize));
}

uint32_t NetStack::max_sctp_packet_size(bool encapsulated) const {
  return config_.mtu - kIpv4MinHeaderSize - (encapsulated ? kUdpHeaderSize : 0);
}

NetCounters NetStack::counters() const {
  NetCounters c = counters_;
  c.arp_queue_overflow = arp_.stats().queue_overflow;
  c.unresolved_next_hop = arp_.stats().unresolved;
  c.arp_table_full = arp_.stats().table_full;
  return c;
}

void NetStack::transmit(std::span<const std::byte> frame) {
  ++counters_.frames_out;
  sink_.transmit(frame);
}

void NetStack::start(TimePoint) {
  for (const LocalAddress& a : config_.addresses) {
    send_arp(ArpOperation::kRequest, MacAddress::broadcast(), a.address, MacAddress{}, a.address);
  }
}

void NetStack::handle_frame(TimePoint now, ByteRange frame) {
  ++counters_.frames_in;
  auto eth = EthernetHeader::parse(frame);
  if (!eth) {
    ++counters_.truncated;
    return;
  }
  if (eth->destination != config_.mac && !eth->destination.is_broadcast()) {
    ++counters_.not_our_mac;
    return;
  }
  ByteRange body = frame.subrange(kEthernetHeaderSize, frame.size() - kEthernetHeaderSize);
  switch (eth->ether_type) {
    case static_cast<uint16_t>(EtherType::kArp):
      handle_arp(now, body);
      return;
    case static_cast<uint16_t>(EtherType::kIpv4):
      handle_ipv4(now, body);
      return;
    default:
      if (eth->is_vlan_tagged()) {
        ++counters_.vlan_tagged;
      } else {
        ++counters_.unknown_ether_type;
      }
      return;
  }
}

void NetStack::handle_arp(TimePoint now, ByteRange body) {
  auto arp = ArpPacket::parse(body);
  if (!arp) {
    ++(body.size() < kArpPacketSize ? counters_.truncated : counters_.bad_arp);
    return;
  }
  // A group MAC never sends, and our own coming back is a loop or a lie.
  if (arp->sender_mac.is_group() || arp->sender_mac == config_.mac) {
    ++counters_.bad_arp;
    return;
  }
  if (routes_.is_local(arp->sender_ip)) {
    // Another host claims our address; learning it would divert our own
    // traffic. Detecting and defending (RFC 5227 2.4) is left to the
    // operator, who sees the counter.
    ++counters_.arp_conflicts;
    return;
  }
  // A probe (RFC 5227 2.1.1) has sender IP 0: answer it, learn nothing.
  bool learnable = valid_source(arp->sender_ip) && !arp->sender_ip.is_limited_broadcast();
  bool merged = false;
  if (learnable) {
    std::deque<ArpCache::Frame> released;
    merged = arp_.update(now, arp->sender_ip, arp->sender_mac, released);
    release(released, arp->sender_mac);
  }
  // RFC 826: "?Am I the target protocol address? ... If Merge_flag is
  // false, add the triplet".
  if (!routes_.is_local(arp->target_ip)) return;
  if (learnable && !merged) arp_.insert(now, arp->sender_ip, arp->sender_mac);
  // "?Is the opcode ares_op$REQUEST? (NOW look at the opcode!!) Yes: Swap
  // hardware and protocol fields, putting the local hardware and protocol
  // addresses in the sender fields. Set the ar$op field to ares_op$REPLY.
  // Send the packet to the (new) target hardware address".
  if (arp->operation == ArpOperation::kRequest) {
    send_arp(ArpOperation::kReply, arp->sender_mac, arp->target_ip, arp->sender_mac,
             arp->sender_ip);
  }
}

void NetStack::release(std::deque<ArpCache::Frame>& frames, MacAddress mac) {
  for (ArpCache::Frame& f : frames) {
    mac.store(f.data());
    transmit(f);
  }
}

void NetStack::handle_ipv4(TimePoint now, ByteRange body) {
  auto ip = parse_ipv4(body);
  if (!ip) {
    switch (ip.error()) {
      case Ipv4Error::kTruncated: ++counters_.truncated; break;
      case Ipv4Error::kBadVersion: ++counters_.bad_ip_version; break;
      case Ipv4Error::kBadHeaderLength: ++counters_.bad_ip_header_length; break;
      case Ipv4Error::kBadTotalLength: ++counters_.bad_ip_total_length; break;
      case Ipv4Error::kBadChecksum: ++counters_.bad_ip_checksum; break;
    }
    return;
  }
  const Ipv4Header& h = ip->header;
  // A host, not a router: broadcast and multicast datagrams carry nothing
  // for SCTP, and a datagram for another address is not ours to forward.
  if (!routes_.is_local(h.destination)) {
    ++counters_.not_our_ip;
    return;
  }
  if (!valid_source(h.source) || h.source.is_limited_broadcast() || routes_.is_local(h.source)) {
    ++counters_.bad_ip_source;
    return;
  }
  // SCTP fragments messages itself and sends with DF; reassembly would
  // hold memory for whoever sends first fragments. Every fragment, first
  // one included, is dropped.
  if (h.is_fragment()) {
    ++counters_.fragments;
    return;
  }
  // RFC 1122 3.2.1.8: "The IP and transport layer MUST each interpret
  // those IP options that they understand and silently ignore the
  // others." We understand none that matter to SCTP; parse_ipv4() has
  // stepped over them.
  if (h.has_options()) ++counters_.ipv4_options_skipped;
  switch (h.protocol) {
    case kProtocolSctp:
      ++counters_.sctp_in;
      upper_.on_sctp_packet(SctpPacketInfo{h.source, h.destination, 0, h.tos}, ip->payload);
      return;
    case kProtocolIcmp:
      handle_icmp(now, *ip);
      return;
    case kProtocolUdp:
      if (config_.encapsulation == Encapsulation::kUdp) {
        handle_udp(*ip);
        return;
      }
      break;
    default:
      break;
  }
  // RFC 1122 3.2.2.1 says a host SHOULD answer with Protocol Unreachable
  // (and 4.1.3.1 with Port Unreachable for a closed UDP port). We send no
  // ICMP errors at all: only echo replies leave this layer, so no input
  // can make it a reflector, and SCTP's peers learn nothing they need.
  ++counters_.unknown_protocol;
}

void NetStack::handle_udp(const Ipv4Packet& ip) {
  auto udp = parse_udp(ip.payload, ip.header.source, ip.header.destination);
  if (!udp) {
    switch (udp.error()) {
      case UdpError::kTruncated: ++counters_.truncated; break;
      case UdpError::kBadLength: ++counters_.bad_udp_header; break;
      case UdpError::kBadChecksum: ++counters_.bad_udp_checksum; break;
    }
    return;
  }
  if (udp->header.destination_port != config_.local_udp_port) {
    ++counters_.udp_port_closed;
    return;
  }
  // Port 0 is RFC 768's "not used": there would be no port to answer to,
  // and 0 means "not encapsulated" to the upper layer.
  if (udp->header.source_port == 0) {
    ++counters_.bad_udp_header;
    return;
  }
  ++counters_.sctp_in;
  upper_.on_sctp_packet(SctpPacketInfo{ip.header.source, ip.header.destination,
                                       udp->header.source_port, ip.header.tos},
                        udp->payload);
}

void NetStack::handle_icmp(TimePoint now, const Ipv4Packet& ip) {
  auto icmp = IcmpHeader::parse(ip.payload);
  if (!icmp) {
    ++counters_.truncated;
    return;
  }
  if (!icmp_checksum_ok(ip.payload)) {
    ++counters_.bad_icmp_checksum;
    return;
  }
  if (icmp->type == static_cast<uint8_t>(IcmpType::kEchoRequest)) {
    if (!take_echo_token(now)) {
      ++counters_.echo_rate_limited;
      return;
    }
    auto hop = routes_.lookup(ip.header.source);
    if (!hop) {
      ++counters_.no_route;
      return;
    }
    // RFC 1122 3.2.2.6: "The IP source address in an ICMP Echo Reply MUST
    // be the same as the specific-destination address of the
    // corresponding ICMP Echo Request message." Options are not echoed
    // (its Record Route and Timestamp SHOULD is not followed).
    hop->source = ip.header.destination;
    std::span<std::byte> out = ipv4_payload(ip.payload.size());
    if (out.empty() || build_echo_reply(out, ip.payload) == 0) {
      ++counters_.too_big;
      return;
    }
    if (send_ipv4(now, *hop, ip.header.source, kProtocolIcmp, ip.payload.size()) ==
        SendStatus::kSent) {
      ++counters_.echo_replies_sent;
    }
    return;
  }
  auto error = parse_icmp_error(*icmp, ip.payload, ip.header.source);
  if (!error || !quote_is_ours(*error)) {
    ++counters_.icmp_ignored;
    return;
  }
  ++counters_.icmp_errors_reported;
  upper_.on_icmp_error(*error);
}

bool NetStack::quote_is_ours(const IcmpError& e) const {
  if (!routes_.is_local(e.source)) return false;
  if (e.protocol == kProtocolSctp) return true;
  return e.protocol == kProtocolUdp && config_.encapsulation == Encapsulation::kUdp &&
         e.udp_source_port == config_.local_udp_port;
}

bool NetStack::take_echo_token(TimePoint now) {
  if (config_.echo_replies_per_second == 0) return true;
  // A fixed one-second window: cruder than a token bucket, but a limit is
  // all that is asked of it.
  if (!echo_window_ || now - *echo_window_ >= std::chrono::seconds(1) || now < *echo_window_) {
    echo_window_ = now;
    echo_tokens_ = config_.echo_replies_per_second;
  }
  if (echo_tokens_ == 0) return false;
  --echo_tokens_;
  return true;
}

SendStatus NetStack::send_sctp(TimePoint now, Ipv4Address destination,
                               std::span<const std::byte> sctp_packet, uint16_t peer_udp_port) {
  auto hop = routes_.lookup(destination);
  if (!hop) {
    ++counters_.no_route;
    return SendStatus::kNoRoute;
  }
  bool encapsulated = peer_udp_port != 0;
  if (encapsulated && config_.encapsulation != Encapsulation::kUdp) {
    ++counters_.not_encapsulating;
    return SendStatus::kNotEncapsulating;
  }
  uint32_t header = encapsulated ? kUdpHeaderSize : 0;
  if (sctp_packet.empty() || sctp_packet.size() > max_sctp_packet_size(encapsulated)) {
    ++counters_.too_big;
    return SendStatus::kTooBig;
  }
  uint32_t size = header + static_cast<uint32_t>(sctp_packet.size());
  std::span<std::byte> out = ipv4_payload(size);
  std::memcpy(out.data() + header, sctp_packet.data(), sctp_packet.size());
  if (encapsulated) {
    // RFC 6951 5.3: "the source port MUST be the local UDP encapsulation
    // port number of the SCTP stack, and the destination port MUST be the
    // remote UDP encapsulation port number".
    finish_udp(out, config_.local_udp_port, peer_udp_port, hop->source, destination);
  }
  ++counters_.sctp_out;
  return send_ipv4(now, *hop, destination, encapsulated ? kProtocolUdp : kProtocolSctp, size);
}

std::span<std::byte> NetStack::ipv4_payload(uint32_t size) {
  if (size == 0 || size > config_.mtu - kIpv4MinHeaderSize) return {};
  const uint32_t frame_size = std::max(kIpv4PayloadAt + size, kMinFrameSize);
  std::span<std::byte> offered = sink_.frame_buffer(frame_size);
  building_ = offered.size() >= frame_size ? offered : std::span<std::byte>(tx_);
  return building_.subspan(kIpv4PayloadAt, size);
}

SendStatus NetStack::send_ipv4(TimePoint now, const NextHop& hop, Ipv4Address destination,
                               uint8_t protocol, uint32_t payload_size) {
  Ipv4Header h;
  h.total_length = static_cast<uint16_t>(kIpv4MinHeaderSize + payload_size);
  // RFC 791: the identification is "assigned by the sender to aid in
  // assembling the fragments"; we never fragment, so a counter is plenty.
  h.identification = next_ip_id_++;
  // RFC 1191 3: the source host "sends all datagrams on that path with the
  // DF bit set"; SCTP's path MTU discovery depends on it.
  h.dont_fragment = true;
  h.ttl = config_.ttl;
  h.protocol = protocol;
  h.source = hop.source;
  h.destination = destination;
  std::span<std::byte> frame = building_;
  h.serialize(frame.subspan(kEthernetHeaderSize));
  uint32_t used = kEthernetHeaderSize + h.total_length;
  uint32_t frame_size = std::max(used, kMinFrameSize);
  std::fill(frame.begin() + used, frame.begin() + frame_size, std::byte{0});
  EthernetHeader eth{MacAddress{}, config_.mac, static_cast<uint16_t>(EtherType::kIpv4)};
  eth.serialize(frame);
  return emit(now, hop.next_hop, frame.first(frame_size));
}

SendStatus NetStack::emit(TimePoint now, Ipv4Address next_hop, std::span<std::byte> frame) {
  if (auto mac = arp_.lookup(now, next_hop)) {
    mac->store(frame.data());
    transmit(frame);
    return SendStatus::kSent;
  }
  switch (arp_.enqueue(now, next_hop, frame)) {
    case ArpCache::Queued::kSendRequest:
      send_arp(ArpOperation::kRequest, MacAddress::broadcast(), routes_.source_for(next_hop),
               MacAddress{}, next_hop);
      return SendStatus::kQueued;
    case ArpCache::Queued::kWaiting:
      return SendStatus::kQueued;
    case ArpCache::Queued::kDropped:
      break;
  }
  return SendStatus::kUnresolved;
}

void NetStack::send_arp(ArpOperation op, MacAddress to, Ipv4Address sender_ip,
                        MacAddress target_mac, Ipv4Address target_ip) {
  std::array<std::byte, kMinFrameSize> frame{};
  EthernetHeader{to, config_.mac, static_cast<uint16_t>(EtherType::kArp)}.serialize(frame);
  ArpPacket{op, config_.mac, sender_ip, target_mac, target_ip}.serialize(
      std::span<std::byte>(frame).subspan(kEthernetHeaderSize));
  ++(op == ArpOperation::kRequest ? counters_.arp_requests_sent : counters_.arp_replies_sent);
  transmit(frame);
}

void NetStack::advance(TimePoint now) {
  due_.clear();
  arp_.advance(now, due_);
  for (Ipv4Address ip : due_) {
    send_arp(ArpOperation::kRequest, MacAddress::broadcast(), routes_.source_for(ip), MacAddress{},
             ip);
  }
}

}  // namespace dsctp::net
