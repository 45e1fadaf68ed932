#include "sctp/wire/parameters/asconf.h"

#include "sctp/wire/parameters/parse_util.h"

namespace dsctp::sctp::wire {

namespace {

// The correlation id that opens every ASCONF request and response value.
ParseResult<uint32_t> correlation_id_of(const RawParameter& raw) {
  std::byte scratch[4];
  const std::byte* p = raw.value.read(0, 4, scratch);
  if (p == nullptr) return parse_error(ParseError::kTooShortForType);
  return load_be32(p);
}

}  // namespace

template <ParameterType T>
ParseResult<AsconfAddressParameter<T>> AsconfAddressParameter<T>::parse(const RawParameter& raw) {
  if (raw.parameter_type() != kType) return parse_error(ParseError::kWrongType);
  constexpr uint32_t kValueFixed = kFixedSize - kTlvHeaderSize;
  // Without room for the nested TLV's header the parameter is short,
  // whatever the nested bytes would have said.
  if (raw.value.size() < kValueFixed + kTlvHeaderSize) {
    return parse_error(ParseError::kTooShortForType);
  }
  auto id = correlation_id_of(raw);
  if (!id) return parse_error(id.error());
  auto nested =
      read_single_parameter(raw.value.subrange(kValueFixed, raw.value.size() - kValueFixed));
  if (!nested) return parse_error(nested.error());
  auto address = parse_address_parameter(*nested);
  if (!address) {
    return parse_error(address.error() == ParseError::kWrongType ? ParseError::kInvalidField
                                                                 : address.error());
  }
  AsconfAddressParameter p;
  p.correlation_id = *id;
  p.address = *address;
  return p;
}

template <ParameterType T>
void AsconfAddressParameter<T>::serialize(std::byte* out) const {
  write_tlv_header(out, static_cast<uint16_t>(kType), static_cast<uint16_t>(serialized_size()));
  store_be32(out + kTlvHeaderSize, correlation_id);
  serialize_address(address, out + kFixedSize);
}

template struct AsconfAddressParameter<ParameterType::kAddIpAddress>;
template struct AsconfAddressParameter<ParameterType::kDeleteIpAddress>;
template struct AsconfAddressParameter<ParameterType::kSetPrimaryAddress>;

ParseResult<ErrorCauseIndicationParameter> ErrorCauseIndicationParameter::parse(
    const RawParameter& raw) {
  if (raw.parameter_type() != kType) return parse_error(ParseError::kWrongType);
  auto id = correlation_id_of(raw);
  if (!id) return parse_error(id.error());
  constexpr uint32_t kValueFixed = kFixedSize - kTlvHeaderSize;
  ErrorCauseIndicationParameter p;
  p.correlation_id = *id;
  p.causes = raw.value.subrange(kValueFixed, raw.value.size() - kValueFixed);
  ParameterReader reader = p.cause_reader();
  RawParameter cause;
  while (reader.next(cause)) {
  }
  if (reader.error()) return parse_error(*reader.error());
  return p;
}

void ErrorCauseIndicationParameter::serialize(std::byte* out) const {
  write_tlv_header(out, static_cast<uint16_t>(kType), static_cast<uint16_t>(serialized_size()));
  store_be32(out + kTlvHeaderSize, correlation_id);
  causes.copy_to(out + kFixedSize);
}

ParseResult<SuccessIndicationParameter> SuccessIndicationParameter::parse(const RawParameter& raw) {
  auto v = param_detail::fixed_u32(raw, kType);
  if (!v) return parse_error(v.error());
  SuccessIndicationParameter p;
  p.correlation_id = *v;
  return p;
}

void SuccessIndicationParameter::serialize(std::byte* out) const {
  param_detail::write_u32(out, kType, correlation_id);
}

}  // namespace dsctp::sctp::wire
