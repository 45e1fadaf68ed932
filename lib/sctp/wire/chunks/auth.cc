#include "sctp/wire/chunks/auth.h"

#include "sctp/wire/chunks/parse_util.h"

namespace dsctp::sctp::wire {

ParseResult<AuthChunk> AuthChunk::parse(const RawChunk& raw) {
  constexpr uint32_t kFixed = kHeaderSize - kChunkHeaderSize;
  if (auto e = detail::check_min(raw, kType, kFixed)) return parse_error(*e);
  std::byte scratch[kFixed];
  const std::byte* p = raw.value.read(0, kFixed, scratch);
  if (p == nullptr) return parse_error(ParseError::kTooShortForType);
  AuthChunk c;
  c.shared_key_id = load_be16(p);
  c.hmac_id = load_be16(p + 2);
  c.hmac = detail::rest_after(raw, kFixed);
  return c;
}

void AuthChunk::serialize(std::byte* out) const {
  detail::write_header(out, kType, 0, serialized_size());
  store_be16(out + 4, shared_key_id);
  store_be16(out + 6, hmac_id);
  hmac.copy_to(out + kHeaderSize);
}

}  // namespace dsctp::sctp::wire
