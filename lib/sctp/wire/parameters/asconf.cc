#include "sctp/wire/parameters/asconf.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

template <ParameterType T>
ParseResult<AsconfAddressParameter<T>> AsconfAddressParameter<T>::parse(const RawParameter& raw) {
  constexpr uint32_t kValueFixed = kFixedSize - kTlvHeaderSize;
  std::byte scratch[kValueFixed];
  auto id = parse_helpers::read_min(raw, kType, kValueFixed, scratch);
  if (!id) return parse_error(id.error());
  auto nested = parse_helpers::read_single_tlv(parse_helpers::rest_after(raw, kValueFixed));
  if (!nested) return parse_error(nested.error());
  auto address = parse_address_parameter(*nested);
  if (!address) {
    return parse_error(address.error() == ParseError::kWrongType ? ParseError::kInvalidField
                                                                 : address.error());
  }
  AsconfAddressParameter p;
  p.correlation_id = load_be32(*id);
  p.address = *address;
  return p;
}

template <ParameterType T>
void AsconfAddressParameter<T>::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, serialized_size());
  store_be32(out + kTlvHeaderSize, correlation_id);
  serialize_address(address, out + kFixedSize);
}

template struct AsconfAddressParameter<ParameterType::kAddIpAddress>;
template struct AsconfAddressParameter<ParameterType::kDeleteIpAddress>;
template struct AsconfAddressParameter<ParameterType::kSetPrimaryAddress>;

ParseResult<ErrorCauseIndicationParameter> ErrorCauseIndicationParameter::parse(
    const RawParameter& raw) {
  constexpr uint32_t kValueFixed = kFixedSize - kTlvHeaderSize;
  std::byte scratch[kValueFixed];
  auto id = parse_helpers::read_min(raw, kType, kValueFixed, scratch);
  if (!id) return parse_error(id.error());
  ErrorCauseIndicationParameter p;
  p.correlation_id = load_be32(*id);
  p.causes = parse_helpers::rest_after(raw, kValueFixed);
  if (auto e = parse_helpers::check_tlv_run(p.causes)) return parse_error(*e);
  return p;
}

void ErrorCauseIndicationParameter::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, serialized_size());
  store_be32(out + kTlvHeaderSize, correlation_id);
  causes.copy_to(out + kFixedSize);
}

ParseResult<SuccessIndicationParameter> SuccessIndicationParameter::parse(const RawParameter& raw) {
  auto v = parse_helpers::read_value<uint32_t>(raw, kType);
  if (!v) return parse_error(v.error());
  SuccessIndicationParameter p;
  p.correlation_id = *v;
  return p;
}

void SuccessIndicationParameter::serialize(std::byte* out) const {
  parse_helpers::write_u32(out, kType, correlation_id);
}

}  // namespace dsctp::sctp::wire
