// The second half of the handshake: COOKIE-ECHO (RFC 9260 3.3.11) and
// COOKIE-ACK (RFC 9260 3.3.12).
#pragma once

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 10   |  Chunk Flags  |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            Cookie                             |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The cookie is opaque here: it is the value of the State Cookie parameter
// of the INIT-ACK, unpadded. An empty cookie parses; it then fails the
// cookie's own integrity check, which is where 5.1.5 discards it.
struct CookieEchoChunk {
  static constexpr ChunkType kType = ChunkType::kCookieEcho;
  static constexpr uint32_t kHeaderSize = 4;

  ByteRange cookie;

  static ParseResult<CookieEchoChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + cookie.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 11   |  Chunk Flags  |          Length = 4           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct CookieAckChunk {
  static constexpr ChunkType kType = ChunkType::kCookieAck;
  static constexpr uint32_t kSize = 4;

  static ParseResult<CookieAckChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
