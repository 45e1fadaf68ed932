#include "sctp/wire/chunks/heartbeat.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

template <ChunkType T>
ParseResult<BasicHeartbeatChunk<T>> BasicHeartbeatChunk<T>::parse(
    const RawChunk& raw) {
  if (auto e = parse_helpers::check_min(raw, kType, kTlvHeaderSize)) return parse_error(*e);
  BasicHeartbeatChunk c;
  c.parameter_bytes = raw.value;
  return c;
}

template <ChunkType T>
ParseResult<RawParameter> BasicHeartbeatChunk<T>::info() const {
  ParameterReader reader = parameters();
  RawParameter p;
  if (!reader.next(p)) {
    return parse_error(reader.error().value_or(ParseError::kTruncatedHeader));
  }
  if (p.parameter_type() != ParameterType::kHeartbeatInfo) {
    return parse_error(ParseError::kWrongType);
  }
  return p;
}

template <ChunkType T>
void BasicHeartbeatChunk<T>::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, serialized_size());
  parameter_bytes.copy_to(out + kHeaderSize);
}

template struct BasicHeartbeatChunk<ChunkType::kHeartbeat>;
template struct BasicHeartbeatChunk<ChunkType::kHeartbeatAck>;

}  // namespace dsctp::sctp::wire
