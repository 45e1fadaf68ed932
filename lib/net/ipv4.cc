#include "net/ipv4.h"

#include <cstdio>

#include "base/bytes.h"
#include "net/checksum.h"

namespace dsctp::net {

std::string Ipv4Address::to_string() const {
  char text[16];
  std::snprintf(text, sizeof text, "%u.%u.%u.%u", value_ >> 24, (value_ >> 16) & 0xff,
                (value_ >> 8) & 0xff, value_ & 0xff);
  return text;
}

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view text) {
  uint32_t value = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
    unsigned v = 0;
    int digits = 0;
    while (p != end && *p >= '0' && *p <= '9' && digits < 4) {
      v = v * 10 + static_cast<unsigned>(*p - '0');
      ++p;
      ++digits;
    }
    if (digits == 0 || digits > 3 || v > 255) return std::nullopt;
    value = (value << 8) | v;
  }
  if (p != end) return std::nullopt;
  return Ipv4Address(value);
}

const char* to_string(Ipv4Error e) {
  switch (e) {
    case Ipv4Error::kTruncated: return "truncated IPv4 header";
    case Ipv4Error::kBadVersion: return "IP version is not 4";
    case Ipv4Error::kBadHeaderLength: return "IHL below 5";
    case Ipv4Error::kBadTotalLength: return "total length outside the frame";
    case Ipv4Error::kBadChecksum: return "bad IPv4 header checksum";
  }
  return "unknown IPv4 error";
}

namespace {

constexpr uint16_t kFlagDontFragment = 0x4000;
constexpr uint16_t kFlagMoreFragments = 0x2000;
constexpr uint16_t kFragmentOffsetMask = 0x1fff;

Ipv4Header decode_fixed(const std::byte* p) {
  Ipv4Header h;
  h.header_length = static_cast<uint8_t>((std::to_integer<uint8_t>(p[0]) & 0x0f) * 4);
  h.tos = std::to_integer<uint8_t>(p[1]);
  h.total_length = load_be16(p + 2);
  h.identification = load_be16(p + 4);
  uint16_t flags = load_be16(p + 6);
  h.dont_fragment = (flags & kFlagDontFragment) != 0;
  h.more_fragments = (flags & kFlagMoreFragments) != 0;
  h.fragment_offset = flags & kFragmentOffsetMask;
  h.ttl = std::to_integer<uint8_t>(p[8]);
  h.protocol = std::to_integer<uint8_t>(p[9]);
  h.checksum = load_be16(p + 10);
  h.source = Ipv4Address(load_be32(p + 12));
  h.destination = Ipv4Address(load_be32(p + 16));
  return h;
}

}  // namespace

Expected<Ipv4Header, Ipv4Error> parse_quoted_ipv4(const ByteRange& bytes) {
  std::byte scratch[kIpv4MinHeaderSize];
  const std::byte* p = bytes.read(0, kIpv4MinHeaderSize, scratch);
  if (p == nullptr) return Unexpected{Ipv4Error::kTruncated};
  if ((std::to_integer<uint8_t>(p[0]) >> 4) != 4) return Unexpected{Ipv4Error::kBadVersion};
  Ipv4Header h = decode_fixed(p);
  // RFC 791: "the minimum value for a correct header is 5".
  if (h.header_length < kIpv4MinHeaderSize) return Unexpected{Ipv4Error::kBadHeaderLength};
  if (!bytes.contains(0, h.header_length)) return Unexpected{Ipv4Error::kTruncated};
  return h;
}

Expected<Ipv4Packet, Ipv4Error> parse_ipv4(const ByteRange& bytes) {
  auto header = parse_quoted_ipv4(bytes);
  if (!header) return Unexpected{header.error()};
  const Ipv4Header& h = *header;
  // The frame may be longer (Ethernet pads to 60 bytes), never shorter.
  if (h.total_length < h.header_length || h.total_length > bytes.size()) {
    return Unexpected{Ipv4Error::kBadTotalLength};
  }
  if (internet_checksum(bytes.subrange_prechecked(0, h.header_length)) != 0) {
    return Unexpected{Ipv4Error::kBadChecksum};
  }
  Ipv4Packet packet;
  packet.header = h;
  packet.payload =
      bytes.subrange_prechecked(h.header_length, uint32_t{h.total_length} - h.header_length);
  return packet;
}

bool Ipv4Header::serialize(std::span<std::byte> out) const {
  if (out.size() < kIpv4MinHeaderSize) return false;
  std::byte* p = out.data();
  p[0] = std::byte{0x45};  // version 4, IHL 5: we send no options
  p[1] = static_cast<std::byte>(tos);
  store_be16(p + 2, total_length);
  store_be16(p + 4, identification);
  uint16_t flags = fragment_offset & kFragmentOffsetMask;
  if (dont_fragment) flags |= kFlagDontFragment;
  if (more_fragments) flags |= kFlagMoreFragments;
  store_be16(p + 6, flags);
  p[8] = static_cast<std::byte>(ttl);
  p[9] = static_cast<std::byte>(protocol);
  store_be16(p + 10, 0);
  store_be32(p + 12, source.value());
  store_be32(p + 16, destination.value());
  store_be16(p + 10, internet_checksum(out.first(kIpv4MinHeaderSize)));
  return true;
}

}  // namespace dsctp::net
