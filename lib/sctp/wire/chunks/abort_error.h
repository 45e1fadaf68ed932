// ABORT (RFC 9260 3.3.7) and ERROR (RFC 9260 3.3.10): chunks that carry
// error causes. The causes are TLVs with the parameters' framing; their
// typed views live in wire/causes/.
#pragma once

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 6    |  Reserved   |T|            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                   zero or more Error Causes                   |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// T set: the sender had no TCB and reflected the peer's tag (8.4, 8.5.1).
// Which verification tag the packet must carry therefore depends on T and
// is checked by the packet handler, not here. Cause framing is checked as
// the causes are walked.
struct AbortChunk {
  static constexpr ChunkType kType = ChunkType::kAbort;
  static constexpr uint32_t kHeaderSize = 4;
  static constexpr uint8_t kTagReflected = 0x01;  // T

  uint8_t flags = 0;
  ByteRange cause_bytes;

  bool tag_reflected() const { return flags & kTagReflected; }
  ParameterReader causes() const { return ParameterReader(cause_bytes); }

  static ParseResult<AbortChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + cause_bytes.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 9    | Chunk  Flags  |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                    one or more Error Causes                   |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// An ERROR without causes still parses: it reports nothing, so the
// receiver has nothing to act on and ignoring it is the cheap answer.
struct ErrorChunk {
  static constexpr ChunkType kType = ChunkType::kError;
  static constexpr uint32_t kHeaderSize = 4;

  ByteRange cause_bytes;

  ParameterReader causes() const { return ParameterReader(cause_bytes); }

  static ParseResult<ErrorChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + cause_bytes.size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
