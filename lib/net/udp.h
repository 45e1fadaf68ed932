// UDP (RFC 768) as far as SCTP over UDP needs it (RFC 6951): the header,
// its length rules and its checksum over the IPv4 pseudo-header.
#pragma once

#include <cstdint>
#include <span>

#include "base/byte_range.h"
#include "base/expected.h"
#include "net/ipv4.h"

namespace dsctp::net {

// RFC 6951 9 (IANA): port 9899, "sctp-tunneling", is the default UDP
// encapsulation port.
inline constexpr uint16_t kSctpUdpPort = 9899;
inline constexpr uint32_t kUdpHeaderSize = 8;

//  0      7 8     15 16    23 24    31
// +--------+--------+--------+--------+
// |     Source      |   Destination   |
// |      Port       |      Port       |
// +--------+--------+--------+--------+
// |                 |                 |
// |     Length      |    Checksum     |
// +--------+--------+--------+--------+
struct UdpHeader {
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  uint16_t length = 0;    // header and payload
  uint16_t checksum = 0;  // 0: the sender computed none (RFC 768)
};

enum class UdpError : uint8_t {
  kTruncated,    // fewer than 8 bytes
  kBadLength,    // length below 8 or beyond the IP payload
  kBadChecksum,  // non-zero and wrong
};

const char* to_string(UdpError e);

struct UdpDatagram {
  UdpHeader header;
  ByteRange payload;  // `length` less the header; bytes past it ignored
};

// RFC 768: "An all zero transmitted checksum value means that the
// transmitter generated no checksum"; any other value is verified, as RFC
// 1122 4.1.3.4 asks: "If a UDP datagram is received with a checksum that is
// non-zero and invalid, UDP MUST silently discard the datagram."
Expected<UdpDatagram, UdpError> parse_udp(const ByteRange& ip_payload, Ipv4Address source,
                                          Ipv4Address destination);

// Fills in the header of a datagram whose payload is already in place
// after the first kUdpHeaderSize bytes of `datagram`, checksum included.
// RFC 6951 5.3 leaves the IPv4 UDP checksum a SHOULD ("the UDP checksum
// SHOULD be computed for IPv4 and IPv6"); we always compute it, because
// middleboxes that rewrite the ports are exactly what encapsulation is for
// and the SCTP CRC does not cover the UDP header. False if `datagram` is
// shorter than the header or longer than a UDP length can say.
bool finish_udp(std::span<std::byte> datagram, uint16_t source_port, uint16_t destination_port,
                Ipv4Address source, Ipv4Address destination);

}  // namespace dsctp::net
