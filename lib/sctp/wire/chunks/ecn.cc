#include "sctp/wire/chunks/ecn.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<EcneChunk> EcneChunk::parse(const RawChunk& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  const uint32_t size = raw.value.size() + kChunkHeaderSize;
  if (size != kSize && size != kLongSize) {
    return parse_error(ParseError::kWrongLengthForType);
  }
  std::byte scratch[kLongSize - kChunkHeaderSize];
  const std::byte* p = raw.value.read(0, raw.value.size(), scratch);
  if (p == nullptr) return parse_error(ParseError::kWrongLengthForType);
  EcneChunk c;
  c.lowest_tsn = Tsn(load_be32(p));
  if (size == kLongSize) c.packets_since_cwr = load_be32(p + 4);
  return c;
}

void EcneChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, serialized_size());
  store_be32(out + 4, lowest_tsn.value());
  if (packets_since_cwr) store_be32(out + 8, *packets_since_cwr);
}

ParseResult<CwrChunk> CwrChunk::parse(const RawChunk& raw) {
  static_assert(kSize == kChunkHeaderSize + 4);
  auto tsn = parse_helpers::read_value<uint32_t>(raw, kType);
  if (!tsn) return parse_error(tsn.error());
  CwrChunk c;
  c.lowest_tsn = Tsn(*tsn);
  return c;
}

void CwrChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, kSize);
  store_be32(out + 4, lowest_tsn.value());
}

}  // namespace dsctp::sctp::wire
