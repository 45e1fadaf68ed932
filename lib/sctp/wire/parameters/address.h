// Address parameters of INIT and INIT-ACK (RFC 9260 3.3.2.1), also nested
// in ASCONF requests (RFC 5061 4.2) and in some error causes.
#pragma once

#include <array>
#include <cstdint>
#include <variant>

#include "sctp/wire/record_list.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

// IP addresses as the wire carries them (network byte order). Plain values
// with no socket types, so the IP layer can reuse them.
struct Ipv4Address {
  std::array<uint8_t, 4> bytes{};

  // 0.0.0.0 stands for "the packet's source address" in ASCONF requests
  // (RFC 5061 4.2.1, 4.2.2, 4.2.4).
  bool is_unspecified() const { return bytes == std::array<uint8_t, 4>{}; }
  friend bool operator==(const Ipv4Address&, const Ipv4Address&) = default;
};

struct Ipv6Address {
  std::array<uint8_t, 16> bytes{};

  bool is_unspecified() const { return bytes == std::array<uint8_t, 16>{}; }
  friend bool operator==(const Ipv6Address&, const Ipv6Address&) = default;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Type = 5             |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         IPv4 Address                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct Ipv4AddressParameter {
  static constexpr ParameterType kType = ParameterType::kIpv4Address;
  static constexpr uint32_t kSize = 8;

  Ipv4Address address;

  static ParseResult<Ipv4AddressParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Type = 6             |          Length = 20          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                         IPv6 Address                          |
// |                                                               |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct Ipv6AddressParameter {
  static constexpr ParameterType kType = ParameterType::kIpv6Address;
  static constexpr uint32_t kSize = 20;

  Ipv6Address address;

  static ParseResult<Ipv6AddressParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

// The address TLV nested in ASCONF requests: RFC 5061 4.2.1 allows only
// these two types there.
using AddressParameter = std::variant<Ipv4AddressParameter, Ipv6AddressParameter>;

// kWrongType for any type but 5 or 6 (a nested Host Name Address included).
ParseResult<AddressParameter> parse_address_parameter(const RawParameter& raw);
uint32_t address_serialized_size(const AddressParameter& a);
void serialize_address(const AddressParameter& a, std::byte* out);

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Type = 11            |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                           Host Name                           |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Deprecated. It parses so that the association can see it and react:
// RFC 9260 5.1.2 has the receiver of an INIT or INIT-ACK carrying one send
// an ABORT, optionally with an "Unresolvable Address" cause, and 3.3.2.1
// forbids sending it. `host_name` is the raw bytes, including the NUL
// terminator(s) the sender must put there; nothing here checks that.
struct HostNameAddressParameter {
  static constexpr ParameterType kType = ParameterType::kHostNameAddress;

  ByteRange host_name;

  static ParseResult<HostNameAddressParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + host_name.size(); }
  void serialize(std::byte* out) const;
};

// One entry of Supported Address Types: the parameter type number of an
// address family (5 IPv4, 6 IPv6, 11 Host Name).
struct AddressTypeRecord {
  static constexpr uint32_t kSize = 2;

  ParameterType type = ParameterType::kIpv4Address;

  static AddressTypeRecord decode(const std::byte* p);
  void encode(std::byte* p) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Type = 12            |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Address Type #1        |        Address Type #2        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            ......                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// An odd count is padded to 4 bytes outside the length, so the value is
// always a whole number of 2-byte entries. Semantics stay with the
// association: absence means "any type" and a Host Name entry (11) must be
// ignored on receipt (RFC 9260 3.3.2.1, Note 4).
struct SupportedAddressTypesParameter {
  static constexpr ParameterType kType = ParameterType::kSupportedAddressTypes;

  RecordList<AddressTypeRecord> types;

  bool contains(ParameterType t) const;

  static ParseResult<SupportedAddressTypesParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + types.byte_size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
