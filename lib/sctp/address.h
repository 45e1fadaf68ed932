// A peer's IP address as the protocol core sees it: the identity of a path.
// IPv4 or IPv6, in network byte order, comparable and hashable, with no
// socket type. The core never routes on it; the IP layer below does.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace dsctp::sctp {

class IpAddress {
 public:
  enum class Family : uint8_t { kUnspecified, kIpv4, kIpv6 };

  IpAddress() = default;
  // From a host-order 32-bit value (10.0.0.1 is 0x0a000001).
  static IpAddress ipv4(uint32_t host_order);
  static IpAddress ipv4(const std::array<uint8_t, 4>& network_order);
  static IpAddress ipv6(const std::array<uint8_t, 16>& network_order);

  Family family() const { return family_; }
  bool is_unspecified() const { return family_ == Family::kUnspecified; }
  // Host order; meaningful for IPv4 only.
  uint32_t ipv4_value() const;
  // Network order: the first 4 bytes for IPv4.
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  std::string to_string() const;
  size_t hash() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  Family family_ = Family::kUnspecified;
  std::array<uint8_t, 16> bytes_{};
};

struct IpAddressHash {
  size_t operator()(const IpAddress& a) const { return a.hash(); }
};

}  // namespace dsctp::sctp
