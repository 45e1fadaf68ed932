// RE-CONFIG (RFC 6525 3.1), which carries stream reset requests and
// responses.
#pragma once

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 130    |  Chunk Flags  |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                  Re-configuration Parameter                   |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |             Re-configuration Parameter (optional)             |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The chunk is defined by how many parameters it holds, so parse() walks
// them: each must be framed (the reader's error otherwise), there must be
// one (kTooShortForType when the value is empty) and at most two
// (kInvalidField). Which pairs are allowed (RFC 6525 3.1 lists them) is
// the stream-reset handler's check.
struct ReconfigChunk {
  static constexpr ChunkType kType = ChunkType::kReconfig;
  static constexpr uint32_t kHeaderSize = 4;
  static constexpr int kMaxParameters = 2;

  ByteRange parameter_bytes;

  ParameterReader parameters() const { return ParameterReader(parameter_bytes); }

  static ParseResult<ReconfigChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + parameter_bytes.size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
