#include "sctp/wire/chunks/reconfig.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<ReconfigChunk> ReconfigChunk::parse(const RawChunk& raw) {
  if (auto e = parse_helpers::check_min(raw, kType, kTlvHeaderSize)) return parse_error(*e);
  ReconfigChunk c;
  c.parameter_bytes = raw.value;
  ParameterReader reader = c.parameters();
  RawParameter p;
  int count = 0;
  while (reader.next(p)) {
    if (++count > kMaxParameters) return parse_error(ParseError::kInvalidField);
  }
  if (reader.error()) return parse_error(*reader.error());
  return c;
}

void ReconfigChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, serialized_size());
  parameter_bytes.copy_to(out + kHeaderSize);
}

}  // namespace dsctp::sctp::wire
