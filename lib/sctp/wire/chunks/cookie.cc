#include "sctp/wire/chunks/cookie.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<CookieEchoChunk> CookieEchoChunk::parse(const RawChunk& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  CookieEchoChunk c;
  c.cookie = raw.value;
  return c;
}

void CookieEchoChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, serialized_size());
  cookie.copy_to(out + kHeaderSize);
}

ParseResult<CookieAckChunk> CookieAckChunk::parse(const RawChunk& raw) {
  if (auto e = parse_helpers::check_empty(raw, kType)) return parse_error(*e);
  return CookieAckChunk{};
}

void CookieAckChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, kSize);
}

}  // namespace dsctp::sctp::wire
