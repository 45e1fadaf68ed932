#include "sctp/wire/chunks/shutdown.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<ShutdownChunk> ShutdownChunk::parse(const RawChunk& raw) {
  static_assert(kSize == kChunkHeaderSize + 4);
  auto tsn = parse_helpers::read_value<uint32_t>(raw, kType);
  if (!tsn) return parse_error(tsn.error());
  ShutdownChunk c;
  c.cumulative_tsn_ack = Tsn(*tsn);
  return c;
}

void ShutdownChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, kSize);
  store_be32(out + 4, cumulative_tsn_ack.value());
}

ParseResult<ShutdownAckChunk> ShutdownAckChunk::parse(const RawChunk& raw) {
  if (auto e = parse_helpers::check_empty(raw, kType)) return parse_error(*e);
  return ShutdownAckChunk{};
}

void ShutdownAckChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, kSize);
}

ParseResult<ShutdownCompleteChunk> ShutdownCompleteChunk::parse(const RawChunk& raw) {
  if (auto e = parse_helpers::check_empty(raw, kType)) return parse_error(*e);
  ShutdownCompleteChunk c;
  c.flags = raw.flags;
  return c;
}

void ShutdownCompleteChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, flags, kSize);
}

}  // namespace dsctp::sctp::wire
