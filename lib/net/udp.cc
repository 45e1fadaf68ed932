#include "net/udp.h"

#include "base/bytes.h"
#include "net/checksum.h"

namespace dsctp::net {

const char* to_string(UdpError e) {
  switch (e) {
    case UdpError::kTruncated: return "truncated UDP header";
    case UdpError::kBadLength: return "UDP length outside the datagram";
    case UdpError::kBadChecksum: return "bad UDP checksum";
  }
  return "unknown UDP error";
}

namespace {

// RFC 768: the pseudo-header "contains the source address, the
// destination address, the protocol, and the UDP length".
void add_pseudo_header(InternetChecksum& c, Ipv4Address source, Ipv4Address destination,
                       uint16_t length) {
  c.add_be32(source.value());
  c.add_be32(destination.value());
  c.add_be16(kProtocolUdp);
  c.add_be16(length);
}

}  // namespace

Expected<UdpDatagram, UdpError> parse_udp(const ByteRange& ip_payload, Ipv4Address source,
                                          Ipv4Address destination) {
  std::byte scratch[kUdpHeaderSize];
  const std::byte* p = ip_payload.read(0, kUdpHeaderSize, scratch);
  if (p == nullptr) return Unexpected{UdpError::kTruncated};
  UdpDatagram d;
  d.header.source_port = load_be16(p);
  d.header.destination_port = load_be16(p + 2);
  d.header.length = load_be16(p + 4);
  d.header.checksum = load_be16(p + 6);
  if (d.header.length < kUdpHeaderSize || d.header.length > ip_payload.size()) {
    return Unexpected{UdpError::kBadLength};
  }
  ByteRange datagram = ip_payload.subrange_prechecked(0, d.header.length);
  if (d.header.checksum != 0) {
    InternetChecksum c;
    add_pseudo_header(c, source, destination, d.header.length);
    c.add(datagram);
    if (c.value() != 0) return Unexpected{UdpError::kBadChecksum};
  }
  d.payload = datagram.subrange_prechecked(kUdpHeaderSize, d.header.length - kUdpHeaderSize);
  return d;
}

bool finish_udp(std::span<std::byte> datagram, uint16_t source_port, uint16_t destination_port,
                Ipv4Address source, Ipv4Address destination) {
  if (datagram.size() < kUdpHeaderSize || datagram.size() > 0xffff) return false;
  uint16_t length = static_cast<uint16_t>(datagram.size());
  std::byte* p = datagram.data();
  store_be16(p, source_port);
  store_be16(p + 2, destination_port);
  store_be16(p + 4, length);
  store_be16(p + 6, 0);
  InternetChecksum c;
  add_pseudo_header(c, source, destination, length);
  c.add(std::span<const std::byte>(datagram));
  uint16_t sum = c.value();
  // RFC 768: "If the computed checksum is zero, it is transmitted as all
  // ones", since zero on the wire means "none".
  store_be16(p + 6, sum == 0 ? 0xffff : sum);
  return true;
}

}  // namespace dsctp::net
