// INIT (RFC 9260 3.3.2) and INIT-ACK (RFC 9260 3.3.3). Both chunks share one
// layout, so one template serves both and the two aliases keep them
// distinct types (a handler taking an InitAckChunk cannot be given an INIT).
#pragma once

#include "sctp/types.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Type = 1, 2   |  Chunk Flags  |         Chunk Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Initiate Tag                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Advertised Receiver Window Credit (a_rwnd)          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Number of Outbound Streams   |   Number of Inbound Streams   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                          Initial TSN                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |              Optional/Variable-Length Parameters              |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// parse() checks the fixed part only and reports values as they are. What
// the RFC asks of the receiver depends on state, so the association does it:
//  - Initiate Tag 0, OS 0 or MIS 0 are invalid (3.3.2, 3.3.3), and the
//    required reaction differs between INIT and INIT-ACK (discard, ABORT,
//    or destroy the TCB) and changed since RFC 4960: follow the RFC 9260
//    text in the handler;
//  - INIT-ACK without a State Cookie parameter: Missing Mandatory Parameter
//    (3.3.3, 3.3.10.2);
//  - INIT or INIT-ACK bundled with other chunks: discard (6.10).
// The parameters' framing is checked as they are walked (ParameterReader).
// A builder's last parameter should be unpadded: 3.2 counts the padding of
// every parameter but the last in the chunk length.
template <ChunkType T>
struct BasicInitChunk {
  static constexpr ChunkType kType = T;
  static constexpr uint32_t kHeaderSize = 20;

  VerificationTag initiate_tag;
  uint32_t a_rwnd = 0;
  uint16_t outbound_streams = 0;     // OS
  uint16_t max_inbound_streams = 0;  // MIS
  Tsn initial_tsn;
  ByteRange parameter_bytes;

  ParameterReader parameters() const { return ParameterReader(parameter_bytes); }

  static ParseResult<BasicInitChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + parameter_bytes.size(); }
  void serialize(std::byte* out) const;
};

using InitChunk = BasicInitChunk<ChunkType::kInit>;
using InitAckChunk = BasicInitChunk<ChunkType::kInitAck>;

extern template struct BasicInitChunk<ChunkType::kInit>;
extern template struct BasicInitChunk<ChunkType::kInitAck>;

}  // namespace dsctp::sctp::wire
