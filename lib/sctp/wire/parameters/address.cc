#include "sctp/wire/parameters/address.h"

#include <cstring>

#include "sctp/wire/parameters/parse_util.h"

namespace dsctp::sctp::wire {

namespace {

// The address bytes of a fixed-size address parameter.
template <size_t N>
ParseResult<std::array<uint8_t, N>> address_bytes(const RawParameter& raw, ParameterType type) {
  if (raw.parameter_type() != type) return parse_error(ParseError::kWrongType);
  if (raw.value.size() != N) return parse_error(ParseError::kWrongLengthForType);
  std::byte scratch[N];
  const std::byte* p = raw.value.read(0, N, scratch);
  if (p == nullptr) return parse_error(ParseError::kWrongLengthForType);
  std::array<uint8_t, N> out{};
  std::memcpy(out.data(), p, N);
  return out;
}

template <size_t N>
void write_address(std::byte* out, ParameterType type, const std::array<uint8_t, N>& a) {
  write_tlv_header(out, static_cast<uint16_t>(type), kTlvHeaderSize + N);
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
  if (raw.parameter_type() != kType) return parse_error(ParseError::kWrongType);
  HostNameAddressParameter p;
  p.host_name = raw.value;
  return p;
}

void HostNameAddressParameter::serialize(std::byte* out) const {
  param_detail::write_opaque(out, kType, host_name);
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
  auto list = param_detail::record_list<AddressTypeRecord>(raw, kType);
  if (!list) return parse_error(list.error());
  SupportedAddressTypesParameter p;
  p.types = *list;
  return p;
}

void SupportedAddressTypesParameter::serialize(std::byte* out) const {
  param_detail::write_records(out, kType, types);
}

}  // namespace dsctp::sctp::wire
