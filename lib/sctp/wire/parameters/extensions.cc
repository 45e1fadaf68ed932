#include "sctp/wire/parameters/extensions.h"

#include "sctp/wire/parameters/parse_util.h"

namespace dsctp::sctp::wire {

ParseResult<ForwardTsnSupportedParameter> ForwardTsnSupportedParameter::parse(
    const RawParameter& raw) {
  auto ok = param_detail::check_empty(raw, kType);
  if (!ok) return parse_error(ok.error());
  return ForwardTsnSupportedParameter{};
}

void ForwardTsnSupportedParameter::serialize(std::byte* out) const {
  param_detail::write_empty(out, kType);
}

bool SupportedExtensionsParameter::contains(ChunkType t) const {
  for (ChunkTypeRecord r : chunk_types) {
    if (r.type == t) return true;
  }
  return false;
}

ParseResult<SupportedExtensionsParameter> SupportedExtensionsParameter::parse(
    const RawParameter& raw) {
  auto list = param_detail::record_list<ChunkTypeRecord>(raw, kType);
  if (!list) return parse_error(list.error());
  SupportedExtensionsParameter p;
  p.chunk_types = *list;
  return p;
}

void SupportedExtensionsParameter::serialize(std::byte* out) const {
  param_detail::write_records(out, kType, chunk_types);
}

ParseResult<ZeroChecksumAcceptableParameter> ZeroChecksumAcceptableParameter::parse(
    const RawParameter& raw) {
  auto v = param_detail::fixed_u32(raw, kType);
  if (!v) return parse_error(v.error());
  ZeroChecksumAcceptableParameter p;
  p.error_detection_method = *v;
  return p;
}

void ZeroChecksumAcceptableParameter::serialize(std::byte* out) const {
  param_detail::write_u32(out, kType, error_detection_method);
}

ParseResult<AdaptationLayerIndicationParameter> AdaptationLayerIndicationParameter::parse(
    const RawParameter& raw) {
  auto v = param_detail::fixed_u32(raw, kType);
  if (!v) return parse_error(v.error());
  AdaptationLayerIndicationParameter p;
  p.code_point = *v;
  return p;
}

void AdaptationLayerIndicationParameter::serialize(std::byte* out) const {
  param_detail::write_u32(out, kType, code_point);
}

ParseResult<PaddingParameter> PaddingParameter::parse(const RawParameter& raw) {
  if (raw.parameter_type() != kType) return parse_error(ParseError::kWrongType);
  PaddingParameter p;
  p.padding = raw.value;
  return p;
}

void PaddingParameter::serialize(std::byte* out) const {
  param_detail::write_opaque(out, kType, padding);
}

}  // namespace dsctp::sctp::wire
