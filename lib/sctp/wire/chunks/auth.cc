#include "sctp/wire/chunks/auth.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<AuthChunk> AuthChunk::parse(const RawChunk& raw) {
  constexpr uint32_t kFixed = kHeaderSize - kChunkHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, kType, kFixed, scratch);
  if (!p) return parse_error(p.error());
  AuthChunk c;
  c.shared_key_id = load_be16(*p);
  c.hmac_id = load_be16(*p + 2);
  c.hmac = parse_helpers::rest_after(raw, kFixed);
  return c;
}

void AuthChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, serialized_size());
  store_be16(out + 4, shared_key_id);
  store_be16(out + 6, hmac_id);
  hmac.copy_to(out + kHeaderSize);
}

}  // namespace dsctp::sctp::wire
