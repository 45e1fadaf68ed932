#include "sctp/wire/chunks/pad.h"

#include "sctp/wire/chunks/parse_util.h"

namespace dsctp::sctp::wire {

ParseResult<PadChunk> PadChunk::parse(const RawChunk& raw) {
  if (auto e = detail::check_min(raw, kType, 0)) return parse_error(*e);
  PadChunk c;
  c.padding = raw.value;
  return c;
}

void PadChunk::serialize(std::byte* out) const {
  detail::write_header(out, kType, 0, serialized_size());
  padding.copy_to(out + kHeaderSize);
}

}  // namespace dsctp::sctp::wire
