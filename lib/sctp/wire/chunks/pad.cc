#include "sctp/wire/chunks/pad.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<PadChunk> PadChunk::parse(const RawChunk& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  PadChunk c;
  c.padding = raw.value;
  return c;
}

void PadChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, serialized_size());
  padding.copy_to(out + kHeaderSize);
}

}  // namespace dsctp::sctp::wire
