#include "sctp/wire/chunks/sack.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {
namespace {

// Splits `records` (all the bytes after the fixed part) into lists of
// counts[i] records of 4 bytes each, checking the counts cover it exactly.
template <size_t N>
std::optional<ParseError> split_records(const ByteRange& records,
                                        const uint16_t (&counts)[N],
                                        ByteRange (&out)[N]) {
  static_assert(GapAckBlock::kSize == DuplicateTsn::kSize);
  constexpr uint32_t kRecord = GapAckBlock::kSize;
  if (records.size() % kRecord != 0) return ParseError::kBadRecordLength;
  uint32_t total = 0;
  for (uint16_t c : counts) total += c;
  if (uint64_t{total} * kRecord != records.size()) return ParseError::kCountMismatch;
  uint32_t at = 0;
  for (size_t i = 0; i < N; ++i) {
    out[i] = records.subrange(at, counts[i] * kRecord);
    at += counts[i] * kRecord;
  }
  return std::nullopt;
}

}  // namespace

ParseResult<SackChunk> SackChunk::parse(const RawChunk& raw) {
  constexpr uint32_t kFixed = kHeaderSize - kChunkHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, kType, kFixed, scratch);
  if (!p) return parse_error(p.error());
  const uint16_t counts[2] = {load_be16(*p + 8), load_be16(*p + 10)};
  ByteRange lists[2];
  if (auto e = split_records(parse_helpers::rest_after(raw, kFixed), counts, lists)) {
    return parse_error(*e);
  }
  SackChunk c;
  c.cumulative_tsn_ack = Tsn(load_be32(*p));
  c.a_rwnd = load_be32(*p + 4);
  c.gap_blocks = RecordList<GapAckBlock>::from_wire(lists[0]);
  c.duplicate_tsns = RecordList<DuplicateTsn>::from_wire(lists[1]);
  return c;
}

void SackChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, 0, serialized_size());
  store_be32(out + 4, cumulative_tsn_ack.value());
  store_be32(out + 8, a_rwnd);
  store_be16(out + 12, static_cast<uint16_t>(gap_blocks.size()));
  store_be16(out + 14, static_cast<uint16_t>(duplicate_tsns.size()));
  out += kHeaderSize;
  gap_blocks.encode(out);
  duplicate_tsns.encode(out + gap_blocks.byte_size());
}

ParseResult<NrSackChunk> NrSackChunk::parse(const RawChunk& raw) {
  constexpr uint32_t kFixed = kHeaderSize - kChunkHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, kType, kFixed, scratch);
  if (!p) return parse_error(p.error());
  const uint16_t counts[3] = {load_be16(*p + 8), load_be16(*p + 10), load_be16(*p + 12)};
  ByteRange lists[3];
  if (auto e = split_records(parse_helpers::rest_after(raw, kFixed), counts, lists)) {
    return parse_error(*e);
  }
  NrSackChunk c;
  c.flags = raw.flags;
  c.cumulative_tsn_ack = Tsn(load_be32(*p));
  c.a_rwnd = load_be32(*p + 4);
  c.gap_blocks = RecordList<GapAckBlock>::from_wire(lists[0]);
  c.nr_gap_blocks = RecordList<GapAckBlock>::from_wire(lists[1]);
  c.duplicate_tsns = RecordList<DuplicateTsn>::from_wire(lists[2]);
  return c;
}

void NrSackChunk::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, flags, serialized_size());
  store_be32(out + 4, cumulative_tsn_ack.value());
  store_be32(out + 8, a_rwnd);
  store_be16(out + 12, static_cast<uint16_t>(gap_blocks.size()));
  store_be16(out + 14, static_cast<uint16_t>(nr_gap_blocks.size()));
  store_be16(out + 16, static_cast<uint16_t>(duplicate_tsns.size()));
  store_be16(out + 18, 0);
  out += kHeaderSize;
  gap_blocks.encode(out);
  out += gap_blocks.byte_size();
  nr_gap_blocks.encode(out);
  duplicate_tsns.encode(out + nr_gap_blocks.byte_size());
}

}  // namespace dsctp::sctp::wire
