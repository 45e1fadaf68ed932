// The graceful close: SHUTDOWN (RFC 9260 3.3.8), SHUTDOWN-ACK (3.3.9) and
// SHUTDOWN-COMPLETE (3.3.13). All three have fixed lengths; any other
// length is kWrongLengthForType.
#pragma once

#include "sctp/types.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 7    |  Chunk Flags  |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Cumulative TSN Ack                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct ShutdownChunk {
  static constexpr ChunkType kType = ChunkType::kShutdown;
  static constexpr uint32_t kSize = 8;

  Tsn cumulative_tsn_ack;

  static ParseResult<ShutdownChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 8    |  Chunk Flags  |          Length = 4           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct ShutdownAckChunk {
  static constexpr ChunkType kType = ChunkType::kShutdownAck;
  static constexpr uint32_t kSize = 4;

  static ParseResult<ShutdownAckChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 14   |  Reserved   |T|          Length = 4           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// T as in ABORT: set when the sender had no TCB and reflected the tag of
// the SHUTDOWN-ACK it answers (8.4, 8.5.1); the tag check is the packet
// handler's. 6.10 also makes it the only chunk of its packet.
struct ShutdownCompleteChunk {
  static constexpr ChunkType kType = ChunkType::kShutdownComplete;
  static constexpr uint32_t kSize = 4;
  static constexpr uint8_t kTagReflected = 0x01;  // T

  uint8_t flags = 0;

  bool tag_reflected() const { return flags & kTagReflected; }

  static ParseResult<ShutdownCompleteChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
