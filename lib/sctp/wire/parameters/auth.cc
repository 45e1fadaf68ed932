#include "sctp/wire/parameters/auth.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<RandomParameter> RandomParameter::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  RandomParameter p;
  p.random = raw.value;
  return p;
}

void RandomParameter::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kType, random);
}

bool ChunkListParameter::contains(ChunkType t) const {
  for (ChunkTypeRecord r : chunk_types) {
    if (r.type == t) return true;
  }
  return false;
}

ParseResult<ChunkListParameter> ChunkListParameter::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  auto list = parse_helpers::read_records<ChunkTypeRecord>(raw);
  if (!list) return parse_error(list.error());
  ChunkListParameter p;
  p.chunk_types = *list;
  return p;
}

void ChunkListParameter::serialize(std::byte* out) const {
  parse_helpers::write_records(out, kType, chunk_types);
}

HmacIdRecord HmacIdRecord::decode(const std::byte* p) { return HmacIdRecord{load_be16(p)}; }

void HmacIdRecord::encode(std::byte* p) const { store_be16(p, id); }

ParseResult<RequestedHmacAlgorithmParameter> RequestedHmacAlgorithmParameter::parse(
    const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  auto list = parse_helpers::read_records<HmacIdRecord>(raw);
  if (!list) return parse_error(list.error());
  RequestedHmacAlgorithmParameter p;
  p.hmac_ids = *list;
  return p;
}

void RequestedHmacAlgorithmParameter::serialize(std::byte* out) const {
  parse_helpers::write_records(out, kType, hmac_ids);
}

}  // namespace dsctp::sctp::wire
