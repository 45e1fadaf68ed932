#include "sctp/wire/parameters/address.h"

#include <cstring>

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

namespace {

// The address bytes of a fixed-size address parameter.
template <size_t N>
ParseResult<std::array<uint8_t, N>> address_bytes(const RawParameter& raw, ParameterType type) {
  std::byte scratch[N];
  auto p = parse_helpers::read_exact(raw, type, N, scratch);
  if (!p) return parse_error(p.error());
  std::array<uint8_t, N> out{};
  std::memcpy(out.data(), *p, N);
  return out;
}

template <size_t N>
void write_address(std::byte* out, ParameterType type, const std::array<uint8_t, N>& a) {
  parse_helpers::write_header(out, type, kTlvHeaderSize + N);
  std::memcpy(out + kTlvHeaderSize, a.data(), N);
}

}  // namespace

ParseResult<Ipv4AddressParameter> Ipv4AddressParameter::parse(const RawParameter& raw) {
  auto bytes = address_bytes<4>(raw, kType);
  if (!bytes) return parse_error(bytes.error());
  Ipv4AddressParameter p;
  p.address.bytes = *bytes;
  return p;
}

void Ipv4AddressParameter::serialize(std::byte* out) const {
  write_address(out, kType, address.bytes);
}

ParseResult<Ipv6AddressParameter> Ipv6AddressParameter::parse(const RawParameter& raw) {
  auto bytes = address_bytes<16>(raw, kType);
  if (!bytes) return parse_error(bytes.error());
  Ipv6AddressParameter p;
  p.address.bytes = *bytes;
  return p;
}

void Ipv6AddressParameter::serialize(std::byte* out) const {
  write_address(out, kType, address.bytes);
}

ParseResult<AddressParameter> parse_address_parameter(const RawParameter& raw) {
  switch (raw.parameter_type()) {
    case ParameterType::kIpv4Address: {
      auto p = Ipv4AddressParameter::parse(raw);
      if (!p) return parse_error(p.error());
      return AddressParameter(*p);
    }
    case ParameterType::kIpv6Address: {
      auto p = Ipv6AddressParameter::parse(raw);
      if (!p) return parse_error(p.error());
      return AddressParameter(*p);
    }
    default:
      return parse_error(ParseError::kWrongType);
  }
}

uint32_t address_serialized_size(const AddressParameter& a) {
  return std::visit([](const auto& p) { return p.serialized_size(); }, a);
}

void serialize_address(const AddressParameter& a, std::byte* out) {
  std::visit([out](const auto& p) { p.serialize(out); }, a);
}

ParseResult<HostNameAddressParameter> HostNameAddressParameter::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  HostNameAddressParameter p;
  p.host_name = raw.value;
  return p;
}

void HostNameAddressParameter::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kType, host_name);
}

AddressTypeRecord AddressTypeRecord::decode(const std::byte* p) {
  return AddressTypeRecord{static_cast<ParameterType>(load_be16(p))};
}

void AddressTypeRecord::encode(std::byte* p) const { store_be16(p, static_cast<uint16_t>(type)); }

bool SupportedAddressTypesParameter::contains(ParameterType t) const {
  for (AddressTypeRecord r : types) {
    if (r.type == t) return true;
  }
  return false;
}

ParseResult<SupportedAddressTypesParameter> SupportedAddressTypesParameter::parse(
    const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  auto list = parse_helpers::read_records<AddressTypeRecord>(raw);
  if (!list) return parse_error(list.error());
  SupportedAddressTypesParameter p;
  p.types = *list;
  return p;
}

void SupportedAddressTypesParameter::serialize(std::byte* out) const {
  parse_helpers::write_records(out, kType, types);
}

}  // namespace dsctp::sctp::wire
