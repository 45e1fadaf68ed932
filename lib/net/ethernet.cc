#include "net/ethernet.h"

#include <cstdio>

#include "base/bytes.h"

namespace dsctp::net {

void MacAddress::store(std::byte* out) const {
  for (size_t i = 0; i < bytes.size(); ++i) out[i] = static_cast<std::byte>(bytes[i]);
}

MacAddress MacAddress::load(const std::byte* in) {
  MacAddress m;
  for (size_t i = 0; i < m.bytes.size(); ++i) m.bytes[i] = std::to_integer<uint8_t>(in[i]);
  return m;
}

std::string MacAddress::to_string() const {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1],
                bytes[2], bytes[3], bytes[4], bytes[5]);
  return text;
}

std::optional<EthernetHeader> EthernetHeader::parse(const ByteRange& frame) {
  std::byte scratch[kEthernetHeaderSize];
  const std::byte* p = frame.read(0, kEthernetHeaderSize, scratch);
  if (p == nullptr) return std::nullopt;
  EthernetHeader h;
  h.destination = MacAddress::load(p);
  h.source = MacAddress::load(p + 6);
  h.ether_type = load_be16(p + 12);
  return h;
}

bool EthernetHeader::serialize(std::span<std::byte> out) const {
  if (out.size() < kEthernetHeaderSize) return false;
  destination.store(out.data());
  source.store(out.data() + 6);
  store_be16(out.data() + 12, ether_type);
  return true;
}

}  // namespace dsctp::net
