#include "sctp/wire/parameters/extensions.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<ForwardTsnSupportedParameter> ForwardTsnSupportedParameter::parse(
    const RawParameter& raw) {
  if (auto e = parse_helpers::check_empty(raw, kType)) return parse_error(*e);
  return ForwardTsnSupportedParameter{};
}

void ForwardTsnSupportedParameter::serialize(std::byte* out) const {
  parse_helpers::write_empty(out, kType);
}

bool SupportedExtensionsParameter::contains(ChunkType t) const {
  for (ChunkTypeRecord r : chunk_types) {
    if (r.type == t) return true;
  }
  return false;
}

ParseResult<SupportedExtensionsParameter> SupportedExtensionsParameter::parse(
    const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  auto list = parse_helpers::read_records<ChunkTypeRecord>(raw);
  if (!list) return parse_error(list.error());
  SupportedExtensionsParameter p;
  p.chunk_types = *list;
  return p;
}

void SupportedExtensionsParameter::serialize(std::byte* out) const {
  parse_helpers::write_records(out, kType, chunk_types);
}

ParseResult<ZeroChecksumAcceptableParameter> ZeroChecksumAcceptableParameter::parse(
    const RawParameter& raw) {
  auto v = parse_helpers::read_value<uint32_t>(raw, kType);
  if (!v) return parse_error(v.error());
  ZeroChecksumAcceptableParameter p;
  p.error_detection_method = *v;
  return p;
}

void ZeroChecksumAcceptableParameter::serialize(std::byte* out) const {
  parse_helpers::write_u32(out, kType, error_detection_method);
}

ParseResult<AdaptationLayerIndicationParameter> AdaptationLayerIndicationParameter::parse(
    const RawParameter& raw) {
  auto v = parse_helpers::read_value<uint32_t>(raw, kType);
  if (!v) return parse_error(v.error());
  AdaptationLayerIndicationParameter p;
  p.code_point = *v;
  return p;
}

void AdaptationLayerIndicationParameter::serialize(std::byte* out) const {
  parse_helpers::write_u32(out, kType, code_point);
}

ParseResult<PaddingParameter> PaddingParameter::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  PaddingParameter p;
  p.padding = raw.value;
  return p;
}

void PaddingParameter::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kType, padding);
}

}  // namespace dsctp::sctp::wire
