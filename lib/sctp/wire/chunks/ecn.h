// Explicit congestion notification: ECNE and CWR (RFC 9260 Appendix A).
#pragma once

#include <optional>

#include "sctp/types.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Chunk Type=12 | Flags=00000000|    Chunk Length = 8 or 12     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Lowest TSN Number                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Number of Packets since CWR (only when Length = 12)       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 defines the 8-byte form. FreeBSD/usrsctp send a 12-byte one
// (sctp_header.h, struct sctp_ecne_chunk with num_pkts_since_cwr; the
// 8-byte form is their old_sctp_ecne_chunk), and some of their releases
// drop any other length. Both forms parse; a builder that talks to usrsctp
// sets packets_since_cwr to send the long form.
struct EcneChunk {
  static constexpr ChunkType kType = ChunkType::kEcne;
  static constexpr uint32_t kSize = 8;
  static constexpr uint32_t kLongSize = 12;

  Tsn lowest_tsn;
  std::optional<uint32_t> packets_since_cwr;

  static ParseResult<EcneChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return packets_since_cwr ? kLongSize : kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Chunk Type=13 | Flags=00000000|      Chunk Length = 8         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Lowest TSN Number                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct CwrChunk {
  static constexpr ChunkType kType = ChunkType::kCwr;
  static constexpr uint32_t kSize = 8;

  Tsn lowest_tsn;

  static ParseResult<CwrChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
