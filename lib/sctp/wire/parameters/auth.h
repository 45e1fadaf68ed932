// The parameters of SCTP-AUTH (RFC 4895 3) carried in INIT and INIT-ACK:
// RANDOM, CHUNKS and HMAC-ALGO. RFC 4895 6.1 builds the key vector from
// these TLVs as sent (header and value, no padding): the association keeps
// RawParameter::whole for that rather than re-serializing.
#pragma once

#include <cstdint>

#include "sctp/wire/parameters/extensions.h"
#include "sctp/wire/record_list.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8002   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                          Random Number                        |
// |                               +-------------------------------+
// |                               |  Padding                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Any length parses. RFC 4895 6.1 requires 32 bytes and has the
// association abort with "Protocol Violation" otherwise; that check is
// the association's, since only it can send the ABORT.
struct RandomParameter {
  static constexpr ParameterType kType = ParameterType::kRandom;
  static constexpr uint32_t kRequiredRandomSize = 32;

  ByteRange random;

  static ParseResult<RandomParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + random.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8003   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Chunk Type 1  | Chunk Type 2  | Chunk Type 3  | Chunk Type 4  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              ...                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Chunk Type n  |                   Padding                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The chunk types the sender wants to receive authenticated. RFC 4895 3.2
// has the receiver ignore INIT, INIT-ACK, SHUTDOWN-COMPLETE and AUTH if
// listed; the association filters them, the list here is as sent.
struct ChunkListParameter {
  static constexpr ParameterType kType = ParameterType::kChunkList;

  RecordList<ChunkTypeRecord> chunk_types;

  bool contains(ChunkType t) const;

  static ParseResult<ChunkListParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + chunk_types.byte_size(); }
  void serialize(std::byte* out) const;
};

// One HMAC Identifier (RFC 4895 3.3, Table 2).
struct HmacIdRecord {
  static constexpr uint32_t kSize = 2;
  static constexpr uint16_t kSha1 = 1;
  static constexpr uint16_t kSha256 = 3;

  uint16_t id = kSha1;

  static HmacIdRecord decode(const std::byte* p);
  void encode(std::byte* p) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8004   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          HMAC Identifier 1    |      HMAC Identifier 2        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              ...                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        HMAC Identifier n      |           Padding             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// In the sender's order of preference; the receiver should use the first
// one it supports (RFC 4895 6.1). SHA-1 must be listed: the association
// checks that.
struct RequestedHmacAlgorithmParameter {
  static constexpr ParameterType kType = ParameterType::kRequestedHmacAlgorithm;

  RecordList<HmacIdRecord> hmac_ids;

  static ParseResult<RequestedHmacAlgorithmParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + hmac_ids.byte_size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
