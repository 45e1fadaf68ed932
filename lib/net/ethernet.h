// Ethernet II framing (the DIX header RFC 894 carries IP in): destination
// and source MAC, EtherType, payload. No 802.1Q: the port is expected to
// strip or not see VLAN tags, and a tagged frame is dropped and counted.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "base/byte_range.h"

namespace dsctp::net {

struct MacAddress {
  std::array<uint8_t, 6> bytes{};

  static constexpr MacAddress broadcast() {
    return MacAddress{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
  }
  bool is_broadcast() const { return *this == broadcast(); }
  // The I/G bit: group addresses (multicast, broadcast) never name a sender.
  bool is_group() const { return (bytes[0] & 0x01) != 0; }
  bool is_zero() const { return *this == MacAddress{}; }

  void store(std::byte* out) const;
  static MacAddress load(const std::byte* in);

  // "02:00:00:00:00:01"
  std::string to_string() const;

  friend bool operator==(const MacAddress&, const MacAddress&) = default;
};

enum class EtherType : uint16_t {
  kIpv4 = 0x0800,
  kArp = 0x0806,
  kVlan = 0x8100,   // IEEE 802.1Q
  kQinQ = 0x88a8,   // IEEE 802.1ad
};

inline constexpr uint32_t kEthernetHeaderSize = 14;
// The smallest frame on the wire less its FCS; shorter ones are padded.
inline constexpr uint32_t kMinFrameSize = 60;

struct EthernetHeader {
  MacAddress destination;
  MacAddress source;
  uint16_t ether_type = 0;

  bool is_vlan_tagged() const {
    return ether_type == static_cast<uint16_t>(EtherType::kVlan) ||
           ether_type == static_cast<uint16_t>(EtherType::kQinQ);
  }

  // Empty when the frame is shorter than the header.
  static std::optional<EthernetHeader> parse(const ByteRange& frame);
  // Writes kEthernetHeaderSize bytes; false (nothing written) if `out` is
  // shorter.
  bool serialize(std::span<std::byte> out) const;
};

}  // namespace dsctp::net
