// IPv4 (RFC 791) for a host that speaks SCTP: header parsing with every
// length checked, header building with the checksum, and the address type.
// The stack sends only unfragmented datagrams with DF set and drops the
// fragments it receives: SCTP fragments user messages itself and discovers
// the path MTU (RFC 9260 7.3), so IP reassembly would only buy memory
// that an attacker could fill.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/byte_range.h"
#include "base/expected.h"

namespace dsctp::net {

class Ipv4Address {
 public:
  constexpr Ipv4Address() = default;
  // Host order: 10.0.0.1 is 0x0a000001.
  constexpr explicit Ipv4Address(uint32_t host_order) : value_(host_order) {}
  static constexpr Ipv4Address from_octets(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    return Ipv4Address((uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{c} << 8) | d);
  }

  constexpr uint32_t value() const { return value_; }
  constexpr bool is_unspecified() const { return value_ == 0; }
  constexpr bool is_limited_broadcast() const { return value_ == 0xffffffffu; }
  constexpr bool is_multicast() const { return (value_ >> 28) == 0xe; }
  constexpr bool is_loopback() const { return (value_ >> 24) == 127; }

  // Whether the address lies in prefix/length (a length over 32 counts as 32).
  constexpr bool in_prefix(Ipv4Address prefix, uint8_t length) const {
    uint32_t mask = prefix_mask(length);
    return (value_ & mask) == (prefix.value_ & mask);
  }
  static constexpr uint32_t prefix_mask(uint8_t length) {
    // A shift by 32 is undefined, so /0 is spelt out.
    return length == 0 ? 0 : length >= 32 ? 0xffffffffu : ~uint32_t{0} << (32 - length);
  }

  // "192.0.2.1"
  std::string to_string() const;
  // Dotted quad, exactly four decimal octets; nothing for anything else.
  static std::optional<Ipv4Address> parse(std::string_view text);

  friend constexpr auto operator<=>(const Ipv4Address&, const Ipv4Address&) = default;

 private:
  uint32_t value_ = 0;
};

inline constexpr uint8_t kProtocolIcmp = 1;
inline constexpr uint8_t kProtocolUdp = 17;
inline constexpr uint8_t kProtocolSctp = 132;

inline constexpr uint32_t kIpv4MinHeaderSize = 20;
inline constexpr uint32_t kIpv4MaxHeaderSize = 60;

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |Version|  IHL  |Type of Service|          Total Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Identification        |Flags|      Fragment Offset    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Time to Live |    Protocol   |         Header Checksum       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Source Address                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Destination Address                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Options                    |    Padding    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct Ipv4Header {
  uint8_t header_length = kIpv4MinHeaderSize;  // bytes (IHL * 4)
  uint8_t tos = 0;                             // DSCP and ECN
  uint16_t total_length = 0;
  uint16_t identification = 0;
  bool dont_fragment = true;
  bool more_fragments = false;
  uint16_t fragment_offset = 0;  // in 8-byte units
  uint8_t ttl = 64;
  uint8_t protocol = 0;
  uint16_t checksum = 0;  // as received; serialize() computes its own
  Ipv4Address source;
  Ipv4Address destination;

  bool is_fragment() const { return more_fragments || fragment_offset != 0; }
  bool has_options() const { return header_length > kIpv4MinHeaderSize; }

  // Writes a 20-byte header (no options) with its checksum, whatever
  // header_length and checksum say; false if `out` is shorter.
  bool serialize(std::span<std::byte> out) const;
};

enum class Ipv4Error : uint8_t {
  kTruncated,          // shorter than 20 bytes or than IHL says
  kBadVersion,         // version field is not 4
  kBadHeaderLength,    // IHL below 5
  kBadTotalLength,     // total length below IHL or beyond the frame
  kBadChecksum,
};

const char* to_string(Ipv4Error e);

struct Ipv4Packet {
  Ipv4Header header;
  ByteRange payload;  // total length less header; link-layer padding cut off
};

// A received datagram, checked as RFC 1122 3.2.1.1-3.2.1.2 ask of a host:
// "A datagram whose version number is not 4 MUST be silently discarded",
// "A host MUST verify the IP header checksum on every received datagram
// and silently discard every datagram that has a bad checksum". Options are
// skipped, not interpreted (see stack.cc).
Expected<Ipv4Packet, Ipv4Error> parse_ipv4(const ByteRange& bytes);

// The header of a datagram quoted in an ICMP error (RFC 792): version and
// IHL are checked and the header must be there whole, but the datagram
// itself is cut short, and the checksum is not checked because a router
// may quote the header after decrementing the TTL.
Expected<Ipv4Header, Ipv4Error> parse_quoted_ipv4(const ByteRange& bytes);

}  // namespace dsctp::net
