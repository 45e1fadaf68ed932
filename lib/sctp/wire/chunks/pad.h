// PAD (RFC 4820 3): filler that grows a packet, e.g. for path MTU probes.
#pragma once

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0x84   |   Flags=0     |             Length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                         Padding Data                          |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The receiver ignores the padding's content (RFC 4820 3), so the view
// keeps it only to serialize it back; a builder points `padding` at zeros
// of the size it wants.
struct PadChunk {
  static constexpr ChunkType kType = ChunkType::kPad;
  static constexpr uint32_t kHeaderSize = 4;

  ByteRange padding;

  static ParseResult<PadChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + padding.size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
