#include "sctp/wire/parameters/init_params.h"

#include "sctp/wire/parameters/parse_util.h"

namespace dsctp::sctp::wire {

ParseResult<HeartbeatInfoParameter> HeartbeatInfoParameter::parse(const RawParameter& raw) {
  if (raw.parameter_type() != kType) return parse_error(ParseError::kWrongType);
  HeartbeatInfoParameter p;
  p.info = raw.value;
  return p;
}

void HeartbeatInfoParameter::serialize(std::byte* out) const {
  param_detail::write_opaque(out, kType, info);
}

ParseResult<StateCookieParameter> StateCookieParameter::parse(const RawParameter& raw) {
  if (raw.parameter_type() != kType) return parse_error(ParseError::kWrongType);
  StateCookieParameter p;
  p.cookie = raw.value;
  return p;
}

void StateCookieParameter::serialize(std::byte* out) const {
  param_detail::write_opaque(out, kType, cookie);
}

ParseResult<UnrecognizedParameter> UnrecognizedParameter::parse(const RawParameter& raw) {
  if (raw.parameter_type() != kType) return parse_error(ParseError::kWrongType);
  if (raw.value.size() < kTlvHeaderSize) return parse_error(ParseError::kTooShortForType);
  auto inner = read_single_parameter(raw.value);
  if (!inner) return parse_error(inner.error());
  UnrecognizedParameter p;
  p.parameter = inner->whole;
  return p;
}

void UnrecognizedParameter::serialize(std::byte* out) const {
  param_detail::write_opaque(out, kType, parameter);
}

ParseResult<CookiePreservativeParameter> CookiePreservativeParameter::parse(
    const RawParameter& raw) {
  auto v = param_detail::fixed_u32(raw, kType);
  if (!v) return parse_error(v.error());
  CookiePreservativeParameter p;
  p.lifespan_increment_ms = *v;
  return p;
}

void CookiePreservativeParameter::serialize(std::byte* out) const {
  param_detail::write_u32(out, kType, lifespan_increment_ms);
}

ParseResult<EcnCapableParameter> EcnCapableParameter::parse(const RawParameter& raw) {
  auto ok = param_detail::check_empty(raw, kType);
  if (!ok) return parse_error(ok.error());
  return EcnCapableParameter{};
}

void EcnCapableParameter::serialize(std::byte* out) const { param_detail::write_empty(out, kType); }

}  // namespace dsctp::sctp::wire
