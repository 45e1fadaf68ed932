// Partial reliability: FORWARD-TSN (RFC 3758 3.2) for DATA and
// I-FORWARD-TSN (RFC 8260 2.3.1) for I-DATA, with their stream records.
#pragma once

#include "base/bytes.h"
#include "sctp/types.h"
#include "sctp/wire/record_list.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

// The largest SSN skipped on an ordered stream.
struct ForwardTsnStream {
  static constexpr uint32_t kSize = 4;
  StreamId stream;
  Ssn ssn;

  static ForwardTsnStream decode(const std::byte* p) {
    return {StreamId(load_be16(p)), Ssn(load_be16(p + 2))};
  }
  void encode(std::byte* p) const {
    store_be16(p, stream.value());
    store_be16(p + 2, ssn.value());
  }
  friend bool operator==(const ForwardTsnStream&, const ForwardTsnStream&) = default;
};

// The largest MID skipped on a stream, ordered or (U) unordered. The 15
// reserved bits are zero on send and ignored on receipt (RFC 8260 2.3.1).
struct IForwardTsnStream {
  static constexpr uint32_t kSize = 8;
  static constexpr uint16_t kUnorderedBit = 0x0001;  // U
  StreamId stream;
  bool unordered = false;
  Mid mid;

  static IForwardTsnStream decode(const std::byte* p) {
    return {StreamId(load_be16(p)), (load_be16(p + 2) & kUnorderedBit) != 0,
            Mid(load_be32(p + 4))};
  }
  void encode(std::byte* p) const {
    store_be16(p, stream.value());
    store_be16(p + 2, unordered ? kUnorderedBit : 0);
    store_be32(p + 4, mid.value());
  }
  friend bool operator==(const IForwardTsnStream&, const IForwardTsnStream&) = default;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      New Cumulative TSN                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Stream-1              |       Stream Sequence-1       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              ...                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Stream-N              |       Stream Sequence-N       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// A peer that did not announce Forward-TSN-Supported sends none; one that
// arrives anyway is the association's to treat as unrecognized.
struct ForwardTsnChunk {
  static constexpr ChunkType kType = ChunkType::kForwardTsn;
  static constexpr uint32_t kHeaderSize = 8;

  Tsn new_cumulative_tsn;
  RecordList<ForwardTsnStream> streams;

  static ParseResult<ForwardTsnChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + streams.byte_size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 194  |  Flags = 0x00 |      Length = Variable        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      New Cumulative TSN                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       Stream Identifier       |          Reserved           |U|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Message Identifier                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              ...                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 8260 2.3.1: once I-DATA is negotiated, I-FORWARD-TSN replaces
// FORWARD-TSN. Which of the two is acceptable depends on what was
// negotiated, so the association checks it, not the parser.
struct IForwardTsnChunk {
  static constexpr ChunkType kType = ChunkType::kIForwardTsn;
  static constexpr uint32_t kHeaderSize = 8;

  Tsn new_cumulative_tsn;
  RecordList<IForwardTsnStream> streams;

  static ParseResult<IForwardTsnChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + streams.byte_size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
