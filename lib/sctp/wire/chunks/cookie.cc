#include "sctp/wire/chunks/cookie.h"

#include "sctp/wire/chunks/parse_util.h"

namespace dsctp::sctp::wire {

ParseResult<CookieEchoChunk> CookieEchoChunk::parse(const RawChunk& raw) {
  if (auto e = detail::check_min(raw, kType, 0)) return parse_error(*e);
  CookieEchoChunk c;
  c.cookie = raw.value;
  return c;
}

void CookieEchoChunk::serialize(std::byte* out) const {
  detail::write_header(out, kType, 0, serialized_size());
  cookie.copy_to(out + kHeaderSize);
}

ParseResult<CookieAckChunk> CookieAckChunk::parse(const RawChunk& raw) {
  if (auto e = detail::check_exact(raw, kType, 0)) return parse_error(*e);
  return CookieAckChunk{};
}

void CookieAckChunk::serialize(std::byte* out) const {
  detail::write_header(out, kType, 0, kSize);
}

}  // namespace dsctp::sctp::wire
