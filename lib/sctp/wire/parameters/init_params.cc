#include "sctp/wire/parameters/init_params.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<HeartbeatInfoParameter> HeartbeatInfoParameter::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  HeartbeatInfoParameter p;
  p.info = raw.value;
  return p;
}

void HeartbeatInfoParameter::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kType, info);
}

ParseResult<StateCookieParameter> StateCookieParameter::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  StateCookieParameter p;
  p.cookie = raw.value;
  return p;
}

void StateCookieParameter::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kType, cookie);
}

ParseResult<UnrecognizedParameter> UnrecognizedParameter::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  auto inner = parse_helpers::read_single_tlv(raw.value);
  if (!inner) return parse_error(inner.error());
  UnrecognizedParameter p;
  p.parameter = inner->whole;
  return p;
}

void UnrecognizedParameter::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kType, parameter);
}

ParseResult<CookiePreservativeParameter> CookiePreservativeParameter::parse(
    const RawParameter& raw) {
  auto v = parse_helpers::read_value<uint32_t>(raw, kType);
  if (!v) return parse_error(v.error());
  CookiePreservativeParameter p;
  p.lifespan_increment_ms = *v;
  return p;
}

void CookiePreservativeParameter::serialize(std::byte* out) const {
  parse_helpers::write_u32(out, kType, lifespan_increment_ms);
}

ParseResult<EcnCapableParameter> EcnCapableParameter::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_empty(raw, kType)) return parse_error(*e);
  return EcnCapableParameter{};
}

void EcnCapableParameter::serialize(std::byte* out) const {
  parse_helpers::write_empty(out, kType);
}

}  // namespace dsctp::sctp::wire
