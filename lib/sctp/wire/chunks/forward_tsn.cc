#include "sctp/wire/chunks/forward_tsn.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {
namespace {

// Both chunks are a new cumulative TSN followed by whole records of R.
template <class C, class R>
ParseResult<C> parse_forward(const RawChunk& raw) {
  constexpr uint32_t kFixed = C::kHeaderSize - kChunkHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, C::kType, kFixed, scratch);
  if (!p) return parse_error(p.error());
  auto streams = parse_helpers::read_records<R>(raw, kFixed);
  if (!streams) return parse_error(streams.error());
  C c;
  c.new_cumulative_tsn = Tsn(load_be32(*p));
  c.streams = *streams;
  return c;
}

template <class C>
void serialize_forward(const C& c, std::byte* out) {
  parse_helpers::write_header(out, C::kType, 0, c.serialized_size());
  store_be32(out + 4, c.new_cumulative_tsn.value());
  c.streams.encode(out + C::kHeaderSize);
}

}  // namespace

ParseResult<ForwardTsnChunk> ForwardTsnChunk::parse(const RawChunk& raw) {
  return parse_forward<ForwardTsnChunk, ForwardTsnStream>(raw);
}

void ForwardTsnChunk::serialize(std::byte* out) const { serialize_forward(*this, out); }

ParseResult<IForwardTsnChunk> IForwardTsnChunk::parse(const RawChunk& raw) {
  return parse_forward<IForwardTsnChunk, IForwardTsnStream>(raw);
}

void IForwardTsnChunk::serialize(std::byte* out) const { serialize_forward(*this, out); }

}  // namespace dsctp::sctp::wire
