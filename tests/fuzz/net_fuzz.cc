#include "fuzz/net_fuzz.h"

#include <cstdlib>
#include <vector>

#include "base/bytes.h"
#include "net/checksum.h"
#include "net/stack.h"

namespace dsctp::fuzz {
namespace {

using net::Ipv4Address;

constexpr net::MacAddress kOurMac{{0x02, 0, 0, 0, 0, 0x01}};

void abort_if(bool broken) {
  if (broken) std::abort();
}

net::NetConfig config() {
  net::NetConfig c;
  c.mac = kOurMac;
  c.addresses = {{Ipv4Address::from_octets(10, 0, 0, 1), 24},
                 {Ipv4Address::from_octets(192, 0, 2, 1), 24}};
  c.gateway = Ipv4Address::from_octets(10, 0, 0, 254);
  c.routes = {{Ipv4Address::from_octets(198, 51, 100, 0), 24,
               Ipv4Address::from_octets(192, 0, 2, 254)}};
  c.arp.max_entries = 8;
  c.arp.max_pending_per_hop = 2;
  c.arp.max_requests = 2;
  c.encapsulation = net::Encapsulation::kUdp;
  c.echo_replies_per_second = 16;
  return c;
}

// Every frame the stack sends must be one a NIC can put on the wire, from
// our MAC, of a type we speak.
struct CheckingSink final : net::FrameSink {
  uint64_t frames = 0;
  void transmit(std::span<const std::byte> frame) override {
    ++frames;
    abort_if(frame.size() < net::kMinFrameSize || frame.size() > net::kEthernetHeaderSize + 1500);
    auto eth = net::EthernetHeader::parse(ByteRange(frame));
    abort_if(!eth || eth->source != kOurMac);
    abort_if(eth->ether_type != 0x0800 && eth->ether_type != 0x0806);
    if (eth->ether_type == 0x0800) {
      auto ip = net::parse_ipv4(ByteRange(frame.subspan(net::kEthernetHeaderSize)));
      abort_if(!ip || ip->header.is_fragment() || !ip->header.dont_fragment);
    }
  }
};

// Sends every packet back where it came from, the way an endpoint answers.
struct EchoingUpper final : net::UpperLayer {
  net::NetStack* stack = nullptr;
  TimePoint now{};
  uint32_t frame_size = 0;
  void on_sctp_packet(const net::SctpPacketInfo& info, ByteRange packet) override {
    abort_if(packet.size() > frame_size);
    std::vector<std::byte> copy(packet.size());
    if (!copy.empty()) packet.copy_to(copy.data());
    stack->send_sctp(now, info.source, copy, info.peer_udp_port);
  }
  void on_icmp_error(const net::IcmpError& e) override {
    abort_if(e.quoted_sctp_size < 8 || e.quoted_sctp_size > net::kMaxQuotedSctpBytes);
  }
};

void fix_ipv4_checksum(std::vector<std::byte>& frame) {
  if (frame.size() < net::kEthernetHeaderSize + net::kIpv4MinHeaderSize) return;
  if (load_be16(frame.data() + 12) != 0x0800) return;
  std::byte* ip = frame.data() + net::kEthernetHeaderSize;
  uint32_t header = (std::to_integer<uint32_t>(ip[0]) & 0x0f) * 4;
  if (header < net::kIpv4MinHeaderSize || net::kEthernetHeaderSize + header > frame.size()) return;
  store_be16(ip + 10, 0);
  store_be16(ip + 10, net::internet_checksum(std::span<const std::byte>(ip, header)));
}

}  // namespace

void fuzz_net(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const uint8_t mode = data[0];
  CheckingSink sink;
  EchoingUpper upper;
  const net::NetConfig cfg = config();
  net::NetStack stack(cfg, sink, upper);
  upper.stack = &stack;
  TimePoint now{std::chrono::seconds(1)};
  stack.start(now);

  size_t at = 1;
  uint64_t fed = 0;
  std::vector<std::byte> frame;
  while (at + 2 <= size) {
    size_t len = (size_t{data[at]} << 8) | data[at + 1];
    at += 2;
    if (len > size - at) len = size - at;
    frame.assign(reinterpret_cast<const std::byte*>(data + at),
                 reinterpret_cast<const std::byte*>(data + at + len));
    at += len;
    if ((mode & 0x01) && frame.size() >= 6) kOurMac.store(frame.data());
    if (mode & 0x02) fix_ipv4_checksum(frame);
    upper.now = now;
    upper.frame_size = static_cast<uint32_t>(frame.size());
    if (mode & 0x04) {
      uint32_t n = static_cast<uint32_t>(frame.size());
      Segment segs[] = {{frame.data(), n / 3}, {frame.data() + n / 3, n / 3},
                        {frame.data() + 2 * (n / 3), n - 2 * (n / 3)}};
      stack.handle_frame(now, ByteRange(std::span<const Segment>(segs)));
    } else {
      stack.handle_frame(now, ByteRange(std::span<const std::byte>(frame)));
    }
    ++fed;
    abort_if(stack.arp_cache().size() > cfg.arp.max_entries);
    if (mode & 0x08) {
      now += std::chrono::milliseconds(700);
      stack.advance(now);
    }
  }
  abort_if(stack.counters().frames_in != fed);

  // Retries, give-ups, then aging of whatever was learnt.
  for (int step = 0; step < 6; ++step) {
    now += std::chrono::seconds(1);
    stack.advance(now);
  }
  now += std::chrono::minutes(6);
  stack.advance(now);
  abort_if(stack.arp_cache().size() != 0);
  abort_if(stack.next_deadline().has_value());
  abort_if(stack.counters().frames_out != sink.frames);
}

}  // namespace dsctp::fuzz
