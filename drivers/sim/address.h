// Who is who on the simulated network. A node is one endpoint (one stack
// under test); it owns one or more addresses, one per interface, so that a
// multihomed association has distinct paths to cut and impair. Addresses are
// IPv4-shaped 32-bit values only so that traces read like real ones; the
// simulator routes on them and nothing else.
#pragma once

#include <cstdint>
#include <string>

namespace dsctp::sim {

// Strong ids: an enum class converts to nothing by accident, yet compares,
// orders and hashes like the integer behind it.
enum class NodeId : uint32_t {};
enum class Address : uint32_t {};

constexpr Address ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return Address{(uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{c} << 8) | uint32_t{d}};
}

constexpr uint32_t value_of(Address a) { return static_cast<uint32_t>(a); }
constexpr uint32_t value_of(NodeId n) { return static_cast<uint32_t>(n); }

// Dotted quad, for traces and test failure messages.
std::string to_string(Address a);

}  // namespace dsctp::sim
