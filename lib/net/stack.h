// One Ethernet interface's IP layer for the SCTP stack, sans-IO: frames
// and `now` go in, frames to transmit leave through a FrameSink, and SCTP
// packets and ICMP errors go up through an UpperLayer. It answers ARP and
// ping on its own, resolves next hops, and keeps every queue bounded by
// its configuration, so that no input can make it grow without limit.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "base/byte_range.h"
#include "base/time.h"
#include "net/arp.h"
#include "net/ethernet.h"
#include "net/icmp.h"
#include "net/ipv4.h"
#include "net/route.h"
#include "net/udp.h"

namespace dsctp::net {

enum class Encapsulation : uint8_t {
  kNone,  // SCTP directly over IPv4 (protocol 132) only
  kUdp,   // also SCTP over UDP (RFC 6951) on local_udp_port
};

struct NetConfig {
  MacAddress mac;
  std::vector<LocalAddress> addresses;
  std::optional<Ipv4Address> gateway;
  std::vector<Route> routes;
  ArpConfig arp;
  Encapsulation encapsulation = Encapsulation::kNone;
  uint16_t local_udp_port = kSctpUdpPort;
  uint8_t ttl = 64;
  // The link's IP MTU: the largest datagram sent. Received datagrams are
  // bounded by the frame they came in, not by this.
  uint16_t mtu = 1500;
  // Echo replies per one-second window; 0 lets every request through.
  // RFC 1122 3.2.2.6 has every host answer echo requests; the bound is
  // ours, so that a ping flood cannot take the transmit queue from SCTP.
  uint32_t echo_replies_per_second = 1000;
};

// Where a received SCTP packet came from.
struct SctpPacketInfo {
  Ipv4Address source;
  Ipv4Address destination;  // one of ours
  // The peer's UDP source port when the packet came encapsulated, 0 when
  // it came as IP protocol 132. RFC 6951 5.4: "the UDP source port MUST
  // be stored as the encapsulation port for the destination address the
  // SCTP packet is received from", and a plain packet means "the
  // encapsulation of outgoing packets ... MUST be disabled"; both are the
  // association's to do, after it has checked the verification tag.
  uint16_t peer_udp_port = 0;
  uint8_t tos = 0;  // DSCP and ECN bits as received
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  // Where the stack may build its next frame of `size` bytes, so that
  // transmit() can send it where it lies (the runtime hands out an mbuf's
  // data room). Empty: the stack builds in its own buffer. The buffer
  // stays the sink's: it is valid until the next call of either method.
  virtual std::span<std::byte> frame_buffer(uint32_t size) {
    (void)size;
    return {};
  }
  // `frame` is valid only during the call: the sink sends or copies it.
  // It must not call back into the stack that transmits.
  virtual void transmit(std::span<const std::byte> frame) = 0;
};

// The SCTP layer above. Its methods may call NetStack::send_sctp().
class UpperLayer {
 public:
  virtual ~UpperLayer() = default;
  // `packet` (the SCTP common header onward, CRC32c unchecked) points into
  // the received frame and is valid only during the call.
  virtual void on_sctp_packet(const SctpPacketInfo& info, ByteRange packet) = 0;
  virtual void on_icmp_error(const IcmpError& error) = 0;
};

struct NetCounters {
  uint64_t frames_in = 0;
  uint64_t frames_out = 0;
  uint64_t sctp_in = 0;
  uint64_t sctp_out = 0;
  uint64_t arp_requests_sent = 0;  // gratuitous ones included
  uint64_t arp_replies_sent = 0;
  uint64_t echo_replies_sent = 0;
  uint64_t icmp_errors_reported = 0;
  uint64_t ipv4_options_skipped = 0;  // accepted datagrams that had options

  // Drops, by reason.
  uint64_t truncated = 0;  // any header cut short
  uint64_t vlan_tagged = 0;
  uint64_t not_our_mac = 0;
  uint64_t unknown_ether_type = 0;
  uint64_t bad_arp = 0;        // other hardware/protocol, group sender MAC
  uint64_t arp_conflicts = 0;  // someone else claims one of our addresses
  uint64_t bad_ip_version = 0;
  uint64_t bad_ip_header_length = 0;
  uint64_t bad_ip_total_length = 0;
  uint64_t bad_ip_checksum = 0;
  uint64_t bad_ip_source = 0;
  uint64_t not_our_ip = 0;
  uint64_t fragments = 0;
  uint64_t unknown_protocol = 0;
  uint64_t bad_icmp_checksum = 0;
  uint64_t icmp_ignored = 0;  // types we do not act on, quotes not ours
  uint64_t echo_rate_limited = 0;
  uint64_t bad_udp_header = 0;  // length, or source port 0
  uint64_t bad_udp_checksum = 0;
  uint64_t udp_port_closed = 0;
  uint64_t no_route = 0;
  uint64_t too_big = 0;            // over the MTU: DF is set, we never fragment
  uint64_t not_encapsulating = 0;  // a UDP port given with encapsulation off
  // From the ARP cache.
  uint64_t arp_queue_overflow = 0;
  uint64_t unresolved_next_hop = 0;
  uint64_t arp_table_full = 0;
};

enum class SendStatus : uint8_t {
  kSent,
  kQueued,  // waiting for the next hop's MAC
  kNoRoute,
  kTooBig,  // over max_sctp_packet_size(), or empty
  kUnresolved,  // the next hop did not answer ARP lately, or no room
  kNotEncapsulating,
};

class NetStack {
 public:
  // The sink and the upper layer must outlive the stack.
  NetStack(const NetConfig& config, FrameSink& sink, UpperLayer& upper);

  // Announces our addresses with gratuitous ARP (RFC 5227 2.3's ARP
  // Announcement: a broadcast request whose sender and target IP are ours),
  // so that neighbours replace a stale MAC at once.
  void start(TimePoint now);

  void handle_frame(TimePoint now, ByteRange frame);

  // Routes, wraps in IPv4 (and UDP when peer_udp_port is not 0), resolves
  // the next hop and transmits, or queues until ARP answers.
  SendStatus send_sctp(TimePoint now, Ipv4Address destination,
                       std::span<const std::byte> sctp_packet, uint16_t peer_udp_port = 0);

  // ARP retries, give-ups and aging.
  void advance(TimePoint now);
  std::optional<TimePoint> next_deadline() const { return arp_.next_deadline(); }

  // The largest SCTP packet send_sctp() takes: the MTU less the headers.
  uint32_t max_sctp_packet_size(bool encapsulated) const;

  NetCounters counters() const;
  const ArpCache& arp_cache() const { return arp_; }
  const NetConfig& config() const { return config_; }

 private:
  void handle_arp(TimePoint now, ByteRange body);
  void handle_ipv4(TimePoint now, ByteRange body);
  void handle_icmp(TimePoint now, const Ipv4Packet& ip);
  void handle_udp(const Ipv4Packet& ip);
  bool quote_is_ours(const IcmpError& e) const;
  bool take_echo_token(TimePoint now);

  // The payload area of the frame being built, or empty if `size` bytes
  // would exceed the MTU.
  std::span<std::byte> ipv4_payload(uint32_t size);
  SendStatus send_ipv4(TimePoint now, const NextHop& hop, Ipv4Address destination,
                       uint8_t protocol, uint32_t payload_size);
  SendStatus emit(TimePoint now, Ipv4Address next_hop, std::span<std::byte> frame);
  void send_arp(ArpOperation op, MacAddress to, Ipv4Address sender_ip, MacAddress target_mac,
                Ipv4Address target_ip);
  void release(std::deque<ArpCache::Frame>& frames, MacAddress mac);
  void transmit(std::span<const std::byte> frame);

  NetConfig config_;
  FrameSink& sink_;
  UpperLayer& upper_;
  RouteTable routes_;
  ArpCache arp_;
  NetCounters counters_;
  std::vector<std::byte> tx_;  // our own buffer for frames
  std::span<std::byte> building_;  // the frame being built: the sink's or tx_
  std::vector<Ipv4Address> due_;
  uint16_t next_ip_id_ = 0;
  std::optional<TimePoint> echo_window_;
  uint32_t echo_tokens_ = 0;
};

}  // namespace dsctp::net
