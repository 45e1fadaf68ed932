#include "sctp/wire/parameters/auth.h"

#include "sctp/wire/parameters/parse_util.h"

namespace dsctp::sctp::wire {

ParseResult<RandomParameter> RandomParameter::parse(const RawParameter& raw) {
  if (raw.parameter_type() != kType) return parse_error(ParseError::kWrongType);
  RandomParameter p;
  p.random = raw.value;
  return p;
}

void RandomParameter::serialize(std::byte* out) const {
  param_detail::write_opaque(out, kType, random);
}

bool ChunkListParameter::contains(ChunkType t) const {
  for (ChunkTypeRecord r : chunk_types) {
    if (r.type == t) return true;
  }
  return false;
}

ParseResult<ChunkListParameter> ChunkListParameter::parse(const RawParameter& raw) {
  auto list = param_detail::record_list<ChunkTypeRecord>(raw, kType);
  if (!list) return parse_error(list.error());
  ChunkListParameter p;
  p.chunk_types = *list;
  return p;
}

void ChunkListParameter::serialize(std::byte* out) const {
  param_detail::write_records(out, kType, chunk_types);
}

HmacIdRecord HmacIdRecord::decode(const std::byte* p) { return HmacIdRecord{load_be16(p)}; }

void HmacIdRecord::encode(std::byte* p) const { store_be16(p, id); }

ParseResult<RequestedHmacAlgorithmParameter> RequestedHmacAlgorithmParameter::parse(
    const RawParameter& raw) {
  auto list = param_detail::record_list<HmacIdRecord>(raw, kType);
  if (!list) return parse_error(list.error());
  RequestedHmacAlgorithmParameter p;
  p.hmac_ids = *list;
  return p;
}

void RequestedHmacAlgorithmParameter::serialize(std::byte* out) const {
  param_detail::write_records(out, kType, hmac_ids);
}

}  // namespace dsctp::sctp::wire
