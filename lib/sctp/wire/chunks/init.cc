#include "sctp/wire/chunks/init.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

template <ChunkType T>
ParseResult<BasicInitChunk<T>> BasicInitChunk<T>::parse(const RawChunk& raw) {
  constexpr uint32_t kFixed = kHeaderSize - kChunkHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, kType, kFixed, scratch);
  if (!p) return parse_error(p.error());
  BasicInitChunk c;
  c.initiate_tag = VerificationTag(load_be32(*p));
  c.a_rwnd = load_be32(*p + 4);
  c.outbound_streams = load_be16(*p + 8);
  c.max_inbound_streams = load_be16(*p + 10);
  c.initial_tsn = Tsn(load_be32(*p + 12));
  c.parameter_bytes = parse_helpers::rest_after(raw, kFixed);
  return c;
}

template <ChunkType T>
void BasicInitChunk<T>::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, serialized_size());
  store_be32(out + 4, initiate_tag.value());
  store_be32(out + 8, a_rwnd);
  store_be16(out + 12, outbound_streams);
  store_be16(out + 14, max_inbound_streams);
  store_be32(out + 16, initial_tsn.value());
  parameter_bytes.copy_to(out + kHeaderSize);
}

template struct BasicInitChunk<ChunkType::kInit>;
template struct BasicInitChunk<ChunkType::kInitAck>;

}  // namespace dsctp::sctp::wire
