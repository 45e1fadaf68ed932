#include "sctp/wire/chunks/data.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<DataChunk> DataChunk::parse(const RawChunk& raw) {
  constexpr uint32_t kFixed = kHeaderSize - kChunkHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, kType, kFixed, scratch);
  if (!p) return parse_error(p.error());
  DataChunk c;
  c.flags = raw.flags;
  c.tsn = Tsn(load_be32(*p));
  c.stream = StreamId(load_be16(*p + 4));
  c.ssn = Ssn(load_be16(*p + 6));
  c.ppid = Ppid(load_be32(*p + 8));
  c.payload = parse_helpers::rest_after(raw, kFixed);
  return c;
}

void DataChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, flags, serialized_size());
  store_be32(out + 4, tsn.value());
  store_be16(out + 8, stream.value());
  store_be16(out + 10, ssn.value());
  store_be32(out + 12, ppid.value());
  payload.copy_to(out + kHeaderSize);
}

ParseResult<IDataChunk> IDataChunk::parse(const RawChunk& raw) {
  constexpr uint32_t kFixed = kHeaderSize - kChunkHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, kType, kFixed, scratch);
  if (!p) return parse_error(p.error());
  IDataChunk c;
  c.flags = raw.flags;
  c.tsn = Tsn(load_be32(*p));
  c.stream = StreamId(load_be16(*p + 4));
  c.mid = Mid(load_be32(*p + 8));
  uint32_t word = load_be32(*p + 12);
  if (c.beginning()) {
    c.ppid = Ppid(word);
  } else {
    c.fsn = Fsn(word);
  }
  c.payload = parse_helpers::rest_after(raw, kFixed);
  return c;
}

void IDataChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, flags, serialized_size());
  store_be32(out + 4, tsn.value());
  store_be16(out + 8, stream.value());
  store_be16(out + 10, 0);
  store_be32(out + 12, mid.value());
  store_be32(out + 16, beginning() ? ppid.value() : fsn.value());
  payload.copy_to(out + kHeaderSize);
}

}  // namespace dsctp::sctp::wire
