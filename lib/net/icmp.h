// ICMP for IPv4 (RFC 792) as an SCTP host needs it: answering echo
// requests, so that the stack can be pinged, and reading destination
// unreachable messages, fragmentation needed (RFC 1191) above all, whose
// quoted SCTP header lets the association check them (RFC 9260 Appendix C).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "base/byte_range.h"
#include "base/expected.h"
#include "net/ipv4.h"

namespace dsctp::net {

enum class IcmpType : uint8_t {
  kEchoReply = 0,
  kDestinationUnreachable = 3,
  kEchoRequest = 8,
};

// Destination unreachable codes (RFC 792, RFC 1122 3.2.2.1).
inline constexpr uint8_t kIcmpProtocolUnreachable = 2;
inline constexpr uint8_t kIcmpPortUnreachable = 3;
inline constexpr uint8_t kIcmpFragmentationNeeded = 4;

inline constexpr uint32_t kIcmpHeaderSize = 8;

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |          Checksum             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Identifier / unused |  Sequence Number / MTU        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Data (echo) / Internet Header + 64 bits of Data (errors)  |
struct IcmpHeader {
  uint8_t type = 0;
  uint8_t code = 0;
  uint16_t checksum = 0;
  uint32_t rest = 0;  // the second word, whose meaning depends on the type

  // Empty when shorter than the header.
  static std::optional<IcmpHeader> parse(const ByteRange& message);
};

// RFC 792: "The checksum is the 16-bit ones's complement of the one's
// complement sum of the ICMP message starting with the ICMP Type."
bool icmp_checksum_ok(const ByteRange& message);

// Writes the echo reply to `request` (a whole ICMP echo request message)
// into `out`: RFC 792 "To form an echo reply message, ... the type code
// changed to 0, and the checksum recomputed", and RFC 1122 3.2.2.6 "Data
// received in an ICMP Echo Request MUST be entirely included in the
// resulting Echo Reply". Returns the reply's size, 0 if `out` is short.
uint32_t build_echo_reply(std::span<std::byte> out, const ByteRange& request);

// Quoted SCTP bytes kept from an ICMP error: the common header and the
// first chunk's type, flags, length and Initiate Tag, which is what
// RFC 9260 Appendix C ICMP6 needs when the quoted tag is 0.
inline constexpr uint32_t kMaxQuotedSctpBytes = 20;

// A destination unreachable message about a packet we sent, for the
// association to judge. The net layer checks only that the quote is one of
// ours (our source address, SCTP or our encapsulation port); RFC 9260
// Appendix C leaves the rest to the association: "ICMP5) An implementation
// MUST use the payload of the ICMP message (v4 or v6) to locate the
// association that sent the message to which ICMP is responding" and
// "ICMP6) An implementation MUST validate that the Verification Tag
// contained in the ICMP message matches the Verification Tag of the peer."
struct IcmpError {
  uint8_t type = 0;
  uint8_t code = 0;
  // RFC 1191: "the router MUST include the MTU of that next-hop network
  // in the low-order 16 bits of the ICMP header field that is labelled
  // 'unused'". 0 from a router older than RFC 1191 or for other codes.
  uint16_t next_hop_mtu = 0;
  Ipv4Address reporter;  // who sent the ICMP message
  // From the quoted datagram: ours is the source, the peer the destination.
  Ipv4Address source;
  Ipv4Address destination;
  uint8_t protocol = 0;  // kProtocolSctp, or kProtocolUdp when encapsulated
  // The quoted UDP header's ports (RFC 6951), 0 when not encapsulated.
  uint16_t udp_source_port = 0;
  uint16_t udp_destination_port = 0;
  uint16_t sctp_source_port = 0;
  uint16_t sctp_destination_port = 0;
  uint32_t verification_tag = 0;
  std::array<std::byte, kMaxQuotedSctpBytes> quoted_sctp{};
  uint32_t quoted_sctp_size = 0;  // at least 8: ports and tag

  bool fragmentation_needed() const {
    return type == static_cast<uint8_t>(IcmpType::kDestinationUnreachable) &&
           code == kIcmpFragmentationNeeded;
  }
  std::span<const std::byte> quoted_sctp_bytes() const {
    return std::span<const std::byte>(quoted_sctp).first(quoted_sctp_size);
  }
};

enum class IcmpQuoteError : uint8_t {
  kNotUnreachable,  // a type we do not report
  kBadQuote,        // quoted IPv4 header missing or malformed
  kNotSctp,         // quoted protocol neither SCTP nor UDP
  kShortQuote,      // too few transport bytes to find the association
};

// Reads a destination unreachable message (header already parsed and
// checksum checked). RFC 9260 Appendix C: "ICMP1) An implementation MAY
// ignore all ICMPv4 messages where the type field is not set to
// 'Destination Unreachable'"; other types give kNotUnreachable. Quoted
// UDP needs its 8 bytes and then 8 of SCTP: RFC 6951 5.5 "If a received
// ICMP or ICMPv6 packet cannot be related to a specific SCTP association
// or the verification tag cannot be verified, it MUST be discarded
// silently."
Expected<IcmpError, IcmpQuoteError> parse_icmp_error(const IcmpHeader& header,
                                                     const ByteRange& message,
                                                     Ipv4Address reporter);

}  // namespace dsctp::net
