// Checks shared by the typed chunk parsers. Private to chunks/*.cc: not
// installed, because it is how parsers are written, not what they offer.
#pragma once

#include <cstdint>
#include <optional>

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire::detail {

// The first check of every variable-length chunk: its type, then enough
// value bytes for the fixed fields (`fixed` counts the value only, not the
// 4-byte chunk header).
inline std::optional<ParseError> check_min(const RawChunk& raw, ChunkType type,
                                           uint32_t fixed) {
  if (raw.chunk_type() != type) return ParseError::kWrongType;
  if (raw.value.size() < fixed) return ParseError::kTooShortForType;
  return std::nullopt;
}

// The same for chunks whose RFC fixes the length: any other length is a
// malformed chunk, longer as well as shorter.
inline std::optional<ParseError> check_exact(const RawChunk& raw, ChunkType type,
                                             uint32_t size) {
  if (raw.chunk_type() != type) return ParseError::kWrongType;
  if (raw.value.size() != size) return ParseError::kWrongLengthForType;
  return std::nullopt;
}

// The value bytes after the fixed fields; the caller checked the size.
inline ByteRange rest_after(const RawChunk& raw, uint32_t fixed) {
  return raw.value.subrange(fixed, raw.value.size() - fixed);
}

// Writes the header with the unpadded length; chunks never exceed 64 KiB
// because builders refuse them (PacketBuilder::add).
inline void write_header(std::byte* out, ChunkType type, uint8_t flags,
                         uint32_t length) {
  write_chunk_header(out, type, flags, static_cast<uint16_t>(length));
}

}  // namespace dsctp::sctp::wire::detail
