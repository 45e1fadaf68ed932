#include "net/icmp.h"

#include <algorithm>

#include "base/bytes.h"
#include "net/checksum.h"
#include "net/udp.h"

namespace dsctp::net {

namespace {

// The SCTP common header up to and including the verification tag.
constexpr uint32_t kSctpPortsAndTag = 8;

}  // namespace

std::optional<IcmpHeader> IcmpHeader::parse(const ByteRange& message) {
  std::byte scratch[kIcmpHeaderSize];
  const std::byte* p = message.read(0, kIcmpHeaderSize, scratch);
  if (p == nullptr) return std::nullopt;
  IcmpHeader h;
  h.type = std::to_integer<uint8_t>(p[0]);
  h.code = std::to_integer<uint8_t>(p[1]);
  h.checksum = load_be16(p + 2);
  h.rest = load_be32(p + 4);
  return h;
}

bool icmp_checksum_ok(const ByteRange& message) {
  return message.size() >= kIcmpHeaderSize && internet_checksum(message) == 0;
}

uint32_t build_echo_reply(std::span<std::byte> out, const ByteRange& request) {
  if (request.size() < kIcmpHeaderSize || out.size() < request.size()) return 0;
  request.copy_to(out.data());
  out[0] = static_cast<std::byte>(IcmpType::kEchoReply);
  out[1] = std::byte{0};
  store_be16(out.data() + 2, 0);
  std::span<std::byte> reply = out.first(request.size());
  store_be16(out.data() + 2, internet_checksum(std::span<const std::byte>(reply)));
  return request.size();
}

Expected<IcmpError, IcmpQuoteError> parse_icmp_error(const IcmpHeader& header,
                                                     const ByteRange& message,
                                                     Ipv4Address reporter) {
  if (header.type != static_cast<uint8_t>(IcmpType::kDestinationUnreachable)) {
    return Unexpected{IcmpQuoteError::kNotUnreachable};
  }
  if (message.size() < kIcmpHeaderSize) return Unexpected{IcmpQuoteError::kBadQuote};
  ByteRange quote = message.subrange(kIcmpHeaderSize, message.size() - kIcmpHeaderSize);
  auto ip = parse_quoted_ipv4(quote);
  if (!ip) return Unexpected{IcmpQuoteError::kBadQuote};
  IcmpError e;
  e.type = header.type;
  e.code = header.code;
  if (header.code == kIcmpFragmentationNeeded) e.next_hop_mtu = static_cast<uint16_t>(header.rest);
  e.reporter = reporter;
  e.source = ip->source;
  e.destination = ip->destination;
  e.protocol = ip->protocol;

  uint32_t sctp_at = ip->header_length;
  std::byte scratch[kMaxQuotedSctpBytes];
  if (ip->protocol == kProtocolUdp) {
    const std::byte* u = quote.read(sctp_at, kUdpHeaderSize, scratch);
    if (u == nullptr) return Unexpected{IcmpQuoteError::kShortQuote};
    e.udp_source_port = load_be16(u);
    e.udp_destination_port = load_be16(u + 2);
    sctp_at += kUdpHeaderSize;
  } else if (ip->protocol != kProtocolSctp) {
    return Unexpected{IcmpQuoteError::kNotSctp};
  }
  if (!quote.contains(sctp_at, kSctpPortsAndTag)) return Unexpected{IcmpQuoteError::kShortQuote};
  e.quoted_sctp_size = std::min(quote.size() - sctp_at, kMaxQuotedSctpBytes);
  quote.subrange_prechecked(sctp_at, e.quoted_sctp_size).copy_to(e.quoted_sctp.data());
  const std::byte* s = e.quoted_sctp.data();
  e.sctp_source_port = load_be16(s);
  e.sctp_destination_port = load_be16(s + 2);
  e.verification_tag = load_be32(s + 4);
  return e;
}

}  // namespace dsctp::net
