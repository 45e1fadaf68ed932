// AUTH (RFC 4895 4.2).
#pragma once

#include <cstdint>

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0x0F   |   Flags=0     |             Length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Shared Key Identifier     |   HMAC Identifier             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                             HMAC                              |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The HMAC's length is not checked against the HMAC identifier here: an
// unknown identifier must be answered with an ERROR carrying Unsupported
// HMAC Identifier (RFC 4895 6.3), and a known one with the wrong length
// simply fails verification. The HMAC is computed over the chunk with the
// HMAC field zeroed, so the verifier needs the chunk's position in the
// packet, which it has from the ChunkReader, not from this view.
struct AuthChunk {
  static constexpr ChunkType kType = ChunkType::kAuth;
  static constexpr uint32_t kHeaderSize = 8;

  uint16_t shared_key_id = 0;
  uint16_t hmac_id = 0;
  ByteRange hmac;

  static ParseResult<AuthChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + hmac.size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
