#include "sctp/wire/chunks/abort_error.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<AbortChunk> AbortChunk::parse(const RawChunk& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  AbortChunk c;
  c.flags = raw.flags;
  c.cause_bytes = raw.value;
  return c;
}

void AbortChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, flags, serialized_size());
  cause_bytes.copy_to(out + kHeaderSize);
}

ParseResult<ErrorChunk> ErrorChunk::parse(const RawChunk& raw) {
  if (auto e = parse_helpers::check_type(raw, kType)) return parse_error(*e);
  ErrorChunk c;
  c.cause_bytes = raw.value;
  return c;
}

void ErrorChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, serialized_size());
  cause_bytes.copy_to(out + kHeaderSize);
}

}  // namespace dsctp::sctp::wire
