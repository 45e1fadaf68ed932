#include "sctp/address.h"

#include <cstdio>

namespace dsctp::sctp {

IpAddress IpAddress::ipv4(uint32_t host_order) {
  return ipv4(std::array<uint8_t, 4>{static_cast<uint8_t>(host_order >> 24),
                                     static_cast<uint8_t>(host_order >> 16),
                                     static_cast<uint8_t>(host_order >> 8),
                                     static_cast<uint8_t>(host_order)});
}

IpAddress IpAddress::ipv4(const std::array<uint8_t, 4>& network_order) {
  IpAddress a;
  a.family_ = Family::kIpv4;
  for (size_t i = 0; i < 4; ++i) a.bytes_[i] = network_order[i];
  return a;
}

IpAddress IpAddress::ipv6(const std::array<uint8_t, 16>& network_order) {
  IpAddress a;
  a.family_ = Family::kIpv6;
  a.bytes_ = network_order;
  return a;
}

uint32_t IpAddress::ipv4_value() const {
  return (uint32_t{bytes_[0]} << 24) | (uint32_t{bytes_[1]} << 16) |
         (uint32_t{bytes_[2]} << 8) | uint32_t{bytes_[3]};
}

std::string IpAddress::to_string() const {
  char buf[64];
  switch (family_) {
    case Family::kUnspecified:
      return "unspecified";
    case Family::kIpv4:
      std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes_[0], bytes_[1], bytes_[2], bytes_[3]);
      return buf;
    case Family::kIpv6:
      break;
  }
  std::string s;
  for (size_t i = 0; i < 16; i += 2) {
    std::snprintf(buf, sizeof buf, "%s%x", i == 0 ? "" : ":", (bytes_[i] << 8) | bytes_[i + 1]);
    s += buf;
  }
  return s;
}

size_t IpAddress::hash() const {
  // FNV-1a: addresses are few per endpoint; any decent mix will do.
  uint64_t h = 1469598103934665603ull ^ static_cast<uint8_t>(family_);
  for (uint8_t b : bytes_) h = (h ^ b) * 1099511628211ull;
  return static_cast<size_t>(h);
}

}  // namespace dsctp::sctp
