// HEARTBEAT (RFC 9260 3.3.5) and HEARTBEAT-ACK (RFC 9260 3.3.6). Both carry
// the sender's Heartbeat Information TLV, which the ACK echoes unchanged,
// so one template serves both.
#pragma once

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Type = 4, 5  |  Chunk Flags  |      Heartbeat Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |        Heartbeat Information TLV (Variable-Length)            |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The value must hold at least a TLV header (the parameter is mandatory);
// the parameter's own framing and type are checked by info(). The sender
// of a HEARTBEAT-ACK copies parameter_bytes of the HEARTBEAT whole: 3.3.6
// has the ACK carry the request's Heartbeat Information unchanged.
template <ChunkType T>
struct BasicHeartbeatChunk {
  static constexpr ChunkType kType = T;
  static constexpr uint32_t kHeaderSize = 4;

  ByteRange parameter_bytes;

  ParameterReader parameters() const { return ParameterReader(parameter_bytes); }
  // The Heartbeat Info parameter (type 1), which must come first;
  // kWrongType if the first parameter is another one.
  ParseResult<RawParameter> info() const;

  static ParseResult<BasicHeartbeatChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + parameter_bytes.size(); }
  void serialize(std::byte* out) const;
};

using HeartbeatChunk = BasicHeartbeatChunk<ChunkType::kHeartbeat>;
using HeartbeatAckChunk = BasicHeartbeatChunk<ChunkType::kHeartbeatAck>;

extern template struct BasicHeartbeatChunk<ChunkType::kHeartbeat>;
extern template struct BasicHeartbeatChunk<ChunkType::kHeartbeatAck>;

}  // namespace dsctp::sctp::wire
