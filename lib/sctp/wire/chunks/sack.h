// SACK (RFC 9260 3.3.4) and NR-SACK (usrsctp's format, below), with their
// fixed-size records: gap ack blocks and duplicate TSNs.
#pragma once

#include "base/bytes.h"
#include "sctp/types.h"
#include "sctp/wire/record_list.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

// TSNs cumulative_tsn_ack + start ..= cumulative_tsn_ack + end were received.
// Parsing does not check start <= end or ascending order: RFC 9260 leaves
// malformed blocks to the SACK handler (usrsctp skips such a block).
struct GapAckBlock {
  static constexpr uint32_t kSize = 4;
  uint16_t start = 0;
  uint16_t end = 0;

  static GapAckBlock decode(const std::byte* p) {
    return {load_be16(p), load_be16(p + 2)};
  }
  void encode(std::byte* p) const {
    store_be16(p, start);
    store_be16(p + 2, end);
  }
  friend bool operator==(const GapAckBlock&, const GapAckBlock&) = default;
};

struct DuplicateTsn {
  static constexpr uint32_t kSize = 4;
  Tsn tsn;

  static DuplicateTsn decode(const std::byte* p) { return {Tsn(load_be32(p))}; }
  void encode(std::byte* p) const { store_be32(p, tsn.value()); }
  friend bool operator==(const DuplicateTsn&, const DuplicateTsn&) = default;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 3    |  Chunk Flags  |         Chunk Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Cumulative TSN Ack                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Advertised Receiver Window Credit (a_rwnd)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              ...                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Gap Ack Block #N Start     |     Gap Ack Block #N End      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Duplicate TSN 1                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              ...                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Duplicate TSN M                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The two counts must account for every byte after the fixed part, as
// usrsctp also insists (sctp_process_control): a remainder that is not a
// whole number of 4-byte records is kBadRecordLength, and whole records
// that disagree with N + M are kCountMismatch. The flags are unused
// (RFC 9260: zero on send, ignored on receipt).
struct SackChunk {
  static constexpr ChunkType kType = ChunkType::kSack;
  static constexpr uint32_t kHeaderSize = 16;

  Tsn cumulative_tsn_ack;
  uint32_t a_rwnd = 0;
  RecordList<GapAckBlock> gap_blocks;
  RecordList<DuplicateTsn> duplicate_tsns;

  static ParseResult<SackChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const {
    return kHeaderSize + gap_blocks.byte_size() + duplicate_tsns.byte_size();
  }
  void serialize(std::byte* out) const;
};

// NR-SACK has no RFC. The layout is usrsctp's (usrsctplib/netinet/
// sctp_header.h, struct sctp_nr_sack; sctp_input.c checks the length and
// sctp_indata.c sctp_handle_segments reads N gap blocks, then M NR gap
// blocks, then the duplicates), which follows
// draft-natarajan-tsvwg-sctp-nrsack.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 16   |  Chunk Flags  |         Chunk Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Cumulative TSN Ack                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Advertised Receiver Window Credit (a_rwnd)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Number of Gap Ack Blocks = N  | Number of NR Gap Blocks = NR  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Number of Duplicate TSNs = M |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |            N Gap Ack Blocks (start, end), as in SACK          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          NR NR Gap Ack Blocks (start, end), same form         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      M Duplicate TSNs                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The Reserved field is written as zero and not kept. Flags are kept whole:
// usrsctp uses the top bits for CMT's DAC counter (sctp.h,
// SCTP_SACK_CMT_DAC 0x80).
struct NrSackChunk {
  static constexpr ChunkType kType = ChunkType::kNrSack;
  static constexpr uint32_t kHeaderSize = 20;
  // The draft's 'A' bit: every out-of-order TSN reported is non-renegable.
  // Its position (the low bit) is taken from the draft's flag diagram as
  // remembered; usrsctp neither sets nor reads it, so do not rely on it for
  // interop without checking the draft text.
  static constexpr uint8_t kAllNonRenegable = 0x01;

  uint8_t flags = 0;
  Tsn cumulative_tsn_ack;
  uint32_t a_rwnd = 0;
  RecordList<GapAckBlock> gap_blocks;
  RecordList<GapAckBlock> nr_gap_blocks;
  RecordList<DuplicateTsn> duplicate_tsns;

  bool all_non_renegable() const { return flags & kAllNonRenegable; }

  static ParseResult<NrSackChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const {
    return kHeaderSize + gap_blocks.byte_size() + nr_gap_blocks.byte_size() +
           duplicate_tsns.byte_size();
  }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
