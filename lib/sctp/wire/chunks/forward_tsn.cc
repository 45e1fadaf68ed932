#include "sctp/wire/chunks/forward_tsn.h"

#include "sctp/wire/chunks/parse_util.h"

namespace dsctp::sctp::wire {
namespace {

// Both chunks are a new cumulative TSN followed by whole records of R.
template <class C, class R>
ParseResult<C> parse_forward(const RawChunk& raw) {
  constexpr uint32_t kFixed = C::kHeaderSize - kChunkHeaderSize;
  if (auto e = detail::check_min(raw, C::kType, kFixed)) return parse_error(*e);
  std::byte scratch[kFixed];
  const std::byte* p = raw.value.read(0, kFixed, scratch);
  if (p == nullptr) return parse_error(ParseError::kTooShortForType);
  ByteRange records = detail::rest_after(raw, kFixed);
  if (records.size() % R::kSize != 0) return parse_error(ParseError::kBadRecordLength);
  C c;
  c.new_cumulative_tsn = Tsn(load_be32(p));
  c.streams = RecordList<R>::from_wire(records);
  return c;
}

template <class C>
void serialize_forward(const C& c, std::byte* out) {
  detail::write_header(out, C::kType, 0, c.serialized_size());
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
