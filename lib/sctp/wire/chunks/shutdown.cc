#include "sctp/wire/chunks/shutdown.h"

#include "sctp/wire/chunks/parse_util.h"

namespace dsctp::sctp::wire {

ParseResult<ShutdownChunk> ShutdownChunk::parse(const RawChunk& raw) {
  constexpr uint32_t kFixed = kSize - kChunkHeaderSize;
  if (auto e = detail::check_exact(raw, kType, kFixed)) return parse_error(*e);
  std::byte scratch[kFixed];
  const std::byte* p = raw.value.read(0, kFixed, scratch);
  if (p == nullptr) return parse_error(ParseError::kWrongLengthForType);
  ShutdownChunk c;
  c.cumulative_tsn_ack = Tsn(load_be32(p));
  return c;
}

void ShutdownChunk::serialize(std::byte* out) const {
  detail::write_header(out, kType, 0, kSize);
  store_be32(out + 4, cumulative_tsn_ack.value());
}

ParseResult<ShutdownAckChunk> ShutdownAckChunk::parse(const RawChunk& raw) {
  if (auto e = detail::check_exact(raw, kType, 0)) return parse_error(*e);
  return ShutdownAckChunk{};
}

void ShutdownAckChunk::serialize(std::byte* out) const {
  detail::write_header(out, kType, 0, kSize);
}

ParseResult<ShutdownCompleteChunk> ShutdownCompleteChunk::parse(const RawChunk& raw) {
  if (auto e = detail::check_exact(raw, kType, 0)) return parse_error(*e);
  ShutdownCompleteChunk c;
  c.flags = raw.flags;
  return c;
}

void ShutdownCompleteChunk::serialize(std::byte* out) const {
  detail::write_header(out, kType, flags, kSize);
}

}  // namespace dsctp::sctp::wire
