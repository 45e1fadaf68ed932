// Dynamic address reconfiguration: ASCONF (RFC 5061 4.1.1) and ASCONF-ACK
// (RFC 5061 4.1.2).
#pragma once

#include <cstdint>

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0xC1   | Chunk Flags   |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Sequence Number                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Address Parameter                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     ASCONF Parameter #1                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                             ...                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     ASCONF Parameter #N                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The Address Parameter is part of the layout, so parse() checks that the
// first TLV is whole and is an IPv4 or IPv6 Address parameter (else
// kInvalidField); the ASCONF parameters after it are checked as they are
// walked. parameters() walks them all, the address first. The handler
// compares the sequence number with the expected one (RFC 5061 5.2) and
// drops an ASCONF that did not arrive authenticated (RFC 5061 4.1.1).
struct AsconfChunk {
  static constexpr ChunkType kType = ChunkType::kAsconf;
  static constexpr uint32_t kHeaderSize = 8;

  uint32_t serial_number = 0;
  ByteRange parameter_bytes;  // the address parameter, then the requests

  ParameterReader parameters() const { return ParameterReader(parameter_bytes); }
  // The leading address parameter; always there in a parsed chunk.
  ParseResult<RawParameter> address_parameter() const;

  static ParseResult<AsconfChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + parameter_bytes.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0x80   | Chunk Flags   |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Sequence Number                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 ASCONF Parameter Response#1                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                             ...                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// No response at all is valid: success need not be reported per request
// (RFC 5061 5.2).
struct AsconfAckChunk {
  static constexpr ChunkType kType = ChunkType::kAsconfAck;
  static constexpr uint32_t kHeaderSize = 8;

  uint32_t serial_number = 0;
  ByteRange parameter_bytes;

  ParameterReader parameters() const { return ParameterReader(parameter_bytes); }

  static ParseResult<AsconfAckChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + parameter_bytes.size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
