#include "sctp/wire/causes/quoting_causes.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<UnresolvableAddressCause> UnresolvableAddressCause::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kCode)) return parse_error(*e);
  auto quoted = parse_helpers::read_single_tlv(raw.value);
  if (!quoted) return parse_error(quoted.error());
  UnresolvableAddressCause c;
  c.address = raw.value;
  return c;
}

void UnresolvableAddressCause::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kCode, address);
}

uint8_t UnrecognizedChunkTypeCause::chunk_type() const {
  std::byte scratch[1];
  const std::byte* p = chunk.read(0, 1, scratch);
  return p == nullptr ? 0 : std::to_integer<uint8_t>(*p);
}

ParseResult<UnrecognizedChunkTypeCause> UnrecognizedChunkTypeCause::parse(
    const RawParameter& raw) {
  if (auto e = parse_helpers::check_min(raw, kCode, kChunkHeaderSize)) return parse_error(*e);
  UnrecognizedChunkTypeCause c;
  c.chunk = raw.value;
  return c;
}

void UnrecognizedChunkTypeCause::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kCode, chunk);
}

ParseResult<UnrecognizedParametersCause> UnrecognizedParametersCause::parse(
    const RawParameter& raw) {
  if (auto e = parse_helpers::check_min(raw, kCode, kTlvHeaderSize)) return parse_error(*e);
  if (auto e = parse_helpers::check_tlv_run(raw.value)) return parse_error(*e);
  UnrecognizedParametersCause c;
  c.parameters = raw.value;
  return c;
}

void UnrecognizedParametersCause::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kCode, parameters);
}

ParseResult<RestartWithNewAddressesCause> RestartWithNewAddressesCause::parse(
    const RawParameter& raw) {
  if (auto e = parse_helpers::check_min(raw, kCode, kTlvHeaderSize)) return parse_error(*e);
  if (auto e = parse_helpers::check_tlv_run(raw.value)) return parse_error(*e);
  RestartWithNewAddressesCause c;
  c.addresses = raw.value;
  return c;
}

void RestartWithNewAddressesCause::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kCode, addresses);
}

ParseResult<UserInitiatedAbortCause> UserInitiatedAbortCause::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kCode)) return parse_error(*e);
  UserInitiatedAbortCause c;
  c.reason = raw.value;
  return c;
}

void UserInitiatedAbortCause::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kCode, reason);
}

ParseResult<ProtocolViolationCause> ProtocolViolationCause::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kCode)) return parse_error(*e);
  ProtocolViolationCause c;
  c.information = raw.value;
  return c;
}

void ProtocolViolationCause::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kCode, information);
}

}  // namespace dsctp::sctp::wire
