// Frames written by hand for the IP layer's tests, so that the parsers are
// checked against bytes our own builders did not make, and the fakes that
// stand in for the NIC and the SCTP layer.
#pragma once

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <vector>

#include "base/bytes.h"
#include "net/checksum.h"
#include "net/stack.h"

namespace dsctp::net::test {

using Bytes = std::vector<std::byte>;

inline Bytes bytes(std::initializer_list<int> list) {
  Bytes b;
  for (int v : list) b.push_back(static_cast<std::byte>(v));
  return b;
}

inline ByteRange range(const Bytes& b) { return ByteRange(std::span<const std::byte>(b)); }

inline Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline constexpr MacAddress kMacA{{0x02, 0, 0, 0, 0, 0x0a}};
inline constexpr MacAddress kMacB{{0x02, 0, 0, 0, 0, 0x0b}};
inline constexpr MacAddress kMacGateway{{0x02, 0, 0, 0, 0, 0x01}};
inline constexpr Ipv4Address kIpA = Ipv4Address::from_octets(10, 0, 0, 1);
inline constexpr Ipv4Address kIpB = Ipv4Address::from_octets(10, 0, 0, 2);
inline constexpr Ipv4Address kIpGateway = Ipv4Address::from_octets(10, 0, 0, 254);
inline constexpr Ipv4Address kIpFar = Ipv4Address::from_octets(198, 51, 100, 7);

inline Bytes ethernet(MacAddress destination, MacAddress source, uint16_t type,
                      const Bytes& payload) {
  Bytes f(kEthernetHeaderSize);
  EthernetHeader{destination, source, type}.serialize(f);
  return concat(f, payload);
}

// An IPv4 datagram written field by field; `options` must be a multiple of
// 4 bytes. The checksum is right unless the caller breaks it afterwards.
struct Ipv4Fields {
  Ipv4Address source = kIpB;
  Ipv4Address destination = kIpA;
  uint8_t protocol = kProtocolSctp;
  uint8_t ttl = 64;
  uint16_t flags_and_offset = 0x4000;  // DF
  uint8_t tos = 0;
  Bytes options;

  Ipv4Fields& from(Ipv4Address a) { source = a; return *this; }
  Ipv4Fields& to(Ipv4Address a) { destination = a; return *this; }
  Ipv4Fields& proto(uint8_t p) { protocol = p; return *this; }
  Ipv4Fields& flags(uint16_t f) { flags_and_offset = f; return *this; }
};

inline Bytes ipv4(const Ipv4Fields& f, const Bytes& payload) {
  uint32_t header = 20 + static_cast<uint32_t>(f.options.size());
  Bytes p(header);
  p[0] = static_cast<std::byte>(0x40 | (header / 4));
  p[1] = static_cast<std::byte>(f.tos);
  store_be16(p.data() + 2, static_cast<uint16_t>(header + payload.size()));
  store_be16(p.data() + 4, 0x1234);
  store_be16(p.data() + 6, f.flags_and_offset);
  p[8] = static_cast<std::byte>(f.ttl);
  p[9] = static_cast<std::byte>(f.protocol);
  store_be32(p.data() + 12, f.source.value());
  store_be32(p.data() + 16, f.destination.value());
  std::copy(f.options.begin(), f.options.end(), p.begin() + 20);
  store_be16(p.data() + 10, internet_checksum(p));
  return concat(p, payload);
}

// An SCTP packet that looks like an INIT: what matters here is the common
// header and that the bytes arrive unchanged (the CRC32c is not ours).
inline Bytes sctp_init(uint16_t source_port, uint16_t destination_port, uint32_t tag,
                       uint32_t initiate_tag = 0x11223344) {
  Bytes p(12 + 20);
  store_be16(p.data(), source_port);
  store_be16(p.data() + 2, destination_port);
  store_be32(p.data() + 4, tag);
  store_be32(p.data() + 8, 0xdeadbeef);
  p[12] = std::byte{1};  // INIT
  store_be16(p.data() + 14, 20);
  store_be32(p.data() + 16, initiate_tag);
  store_be32(p.data() + 20, 65536);
  store_be16(p.data() + 24, 10);
  store_be16(p.data() + 26, 10);
  store_be32(p.data() + 28, 1);
  return p;
}

inline Bytes udp(uint16_t source_port, uint16_t destination_port, Ipv4Address source,
                 Ipv4Address destination, const Bytes& payload, bool with_checksum = true) {
  Bytes d(8);
  store_be16(d.data(), source_port);
  store_be16(d.data() + 2, destination_port);
  store_be16(d.data() + 4, static_cast<uint16_t>(8 + payload.size()));
  d = concat(d, payload);
  if (with_checksum) {
    InternetChecksum c;
    c.add_be32(source.value());
    c.add_be32(destination.value());
    c.add_be16(kProtocolUdp);
    c.add_be16(static_cast<uint16_t>(d.size()));
    c.add(d);
    uint16_t sum = c.value();
    store_be16(d.data() + 6, sum == 0 ? 0xffff : sum);
  }
  return d;
}

// type, code, the second word, data; the checksum filled in.
inline Bytes icmp(uint8_t type, uint8_t code, uint32_t rest, const Bytes& data) {
  Bytes m(8);
  m[0] = static_cast<std::byte>(type);
  m[1] = static_cast<std::byte>(code);
  store_be32(m.data() + 4, rest);
  m = concat(m, data);
  store_be16(m.data() + 2, internet_checksum(m));
  return m;
}

struct CaptureSink final : FrameSink {
  std::deque<Bytes> frames;
  // When set, frames are offered a buffer of the sink's, as the runtime
  // offers an mbuf; built_in_place counts the frames that came back in it.
  bool offer_buffer = false;
  Bytes offered;
  size_t built_in_place = 0;
  std::span<std::byte> frame_buffer(uint32_t size) override {
    if (!offer_buffer) return {};
    offered.assign(size, std::byte{0xee});  // stale bytes must not leak out
    return offered;
  }
  void transmit(std::span<const std::byte> frame) override {
    if (offer_buffer && frame.data() == offered.data()) ++built_in_place;
    frames.emplace_back(frame.begin(), frame.end());
  }
  Bytes pop() {
    Bytes f = std::move(frames.front());
    frames.pop_front();
    return f;
  }
};

struct Received {
  SctpPacketInfo info;
  Bytes packet;
};

struct RecordingUpper final : UpperLayer {
  std::vector<Received> packets;
  std::vector<IcmpError> errors;
  void on_sctp_packet(const SctpPacketInfo& info, ByteRange packet) override {
    Bytes b(packet.size());
    if (!b.empty()) packet.copy_to(b.data());
    packets.push_back(Received{info, std::move(b)});
  }
  void on_icmp_error(const IcmpError& error) override { errors.push_back(error); }
};

inline NetConfig config_for(MacAddress mac, Ipv4Address ip) {
  NetConfig c;
  c.mac = mac;
  c.addresses = {LocalAddress{ip, 24}};
  return c;
}

// One stack with its fake NIC and fake SCTP layer.
struct Node {
  explicit Node(const NetConfig& config) : stack(config, sink, upper) {}
  void receive(TimePoint now, const Bytes& frame) {
    stack.handle_frame(now, range(frame));
  }
  CaptureSink sink;
  RecordingUpper upper;
  NetStack stack;
};

// Two stacks on one segment: each one's frames are queued and handed to
// the other by pump(), never from inside transmit().
inline size_t pump(TimePoint now, Node& a, Node& b) {
  size_t moved = 0;
  while (!a.sink.frames.empty() || !b.sink.frames.empty()) {
    if (!a.sink.frames.empty()) b.receive(now, a.sink.pop()), ++moved;
    if (!b.sink.frames.empty()) a.receive(now, b.sink.pop()), ++moved;
  }
  return moved;
}

}  // namespace dsctp::net::test
