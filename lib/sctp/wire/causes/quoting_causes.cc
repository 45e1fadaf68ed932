#include "sctp/wire/causes/quoting_causes.h"

#include "sctp/wire/causes/cause_parsing.h"

namespace dsctp::sctp::wire {

using cause_parsing::check_code;
using cause_parsing::check_single_tlv;
using cause_parsing::check_tlv_run;
using cause_parsing::write_header;

namespace {

template <class T>
void serialize_quoting(std::byte* out, const T& cause, const ByteRange& body) {
  write_header(out, cause);
  body.copy_to(out + kTlvHeaderSize);
}

}  // namespace

ParseResult<UnresolvableAddressCause> UnresolvableAddressCause::parse(const RawParameter& raw) {
  if (auto e = check_code(raw, kCode)) return parse_error(*e);
  if (auto e = check_single_tlv(raw.value)) return parse_error(*e);
  UnresolvableAddressCause c;
  c.address = raw.value;
  return c;
}

void UnresolvableAddressCause::serialize(std::byte* out) const {
  serialize_quoting(out, *this, address);
}

uint8_t UnrecognizedChunkTypeCause::chunk_type() const {
  std::byte scratch[1];
  const std::byte* p = chunk.read(0, 1, scratch);
  return p == nullptr ? 0 : std::to_integer<uint8_t>(*p);
}

ParseResult<UnrecognizedChunkTypeCause> UnrecognizedChunkTypeCause::parse(
    const RawParameter& raw) {
  if (auto e = check_code(raw, kCode)) return parse_error(*e);
  if (raw.value.size() < kChunkHeaderSize) return parse_error(ParseError::kTooShortForType);
  UnrecognizedChunkTypeCause c;
  c.chunk = raw.value;
  return c;
}

void UnrecognizedChunkTypeCause::serialize(std::byte* out) const {
  serialize_quoting(out, *this, chunk);
}

ParseResult<UnrecognizedParametersCause> UnrecognizedParametersCause::parse(
    const RawParameter& raw) {
  if (auto e = check_code(raw, kCode)) return parse_error(*e);
  if (auto e = check_tlv_run(raw.value)) return parse_error(*e);
  UnrecognizedParametersCause c;
  c.parameters = raw.value;
  return c;
}

void UnrecognizedParametersCause::serialize(std::byte* out) const {
  serialize_quoting(out, *this, parameters);
}

ParseResult<RestartWithNewAddressesCause> RestartWithNewAddressesCause::parse(
    const RawParameter& raw) {
  if (auto e = check_code(raw, kCode)) return parse_error(*e);
  if (auto e = check_tlv_run(raw.value)) return parse_error(*e);
  RestartWithNewAddressesCause c;
  c.addresses = raw.value;
  return c;
}

void RestartWithNewAddressesCause::serialize(std::byte* out) const {
  serialize_quoting(out, *this, addresses);
}

ParseResult<UserInitiatedAbortCause> UserInitiatedAbortCause::parse(const RawParameter& raw) {
  if (auto e = check_code(raw, kCode)) return parse_error(*e);
  UserInitiatedAbortCause c;
  c.reason = raw.value;
  return c;
}

void UserInitiatedAbortCause::serialize(std::byte* out) const {
  serialize_quoting(out, *this, reason);
}

ParseResult<ProtocolViolationCause> ProtocolViolationCause::parse(const RawParameter& raw) {
  if (auto e = check_code(raw, kCode)) return parse_error(*e);
  ProtocolViolationCause c;
  c.information = raw.value;
  return c;
}

void ProtocolViolationCause::serialize(std::byte* out) const {
  serialize_quoting(out, *this, information);
}

}  // namespace dsctp::sctp::wire
