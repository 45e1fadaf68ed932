// Capability parameters of INIT and INIT-ACK from SCTP extensions:
// Forward-TSN-Supported (RFC 3758), Supported Extensions and Adaptation
// Layer Indication (RFC 5061), Zero Checksum Acceptable (RFC 9653) and
// Padding (RFC 4820).
#pragma once

#include <cstddef>
#include <cstdint>

#include "sctp/wire/record_list.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

// One chunk type in a list of them (Supported Extensions, Chunk List).
// Types this stack does not know survive decoding unchanged.
struct ChunkTypeRecord {
  static constexpr uint32_t kSize = 1;

  ChunkType type = ChunkType::kData;

  static ChunkTypeRecord decode(const std::byte* p) {
    return ChunkTypeRecord{static_cast<ChunkType>(std::to_integer<uint8_t>(p[0]))};
  }
  void encode(std::byte* p) const { p[0] = static_cast<std::byte>(type); }
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Parameter Type = 49152     |  Parameter Length = 4         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 3758 3.1: the sender supports PR-SCTP (FORWARD-TSN).
struct ForwardTsnSupportedParameter {
  static constexpr ParameterType kType = ParameterType::kForwardTsnSupported;
  static constexpr uint32_t kSize = 4;

  static ParseResult<ForwardTsnSupportedParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8008   |      Parameter Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | CHUNK TYPE 1  |  CHUNK TYPE 2 |  CHUNK TYPE 3 |  CHUNK TYPE 4 |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                             ....                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | CHUNK TYPE N  |      PAD      |      PAD      |      PAD      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 5061 4.2.7: the chunk types of the extensions the sender supports
// both ways. At most one per chunk; a duplicate is the association's to
// notice.
struct SupportedExtensionsParameter {
  static constexpr ParameterType kType = ParameterType::kSupportedExtensions;

  RecordList<ChunkTypeRecord> chunk_types;

  bool contains(ChunkType t) const;

  static ParseResult<SupportedExtensionsParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + chunk_types.byte_size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Type = 0x8001        |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Error Detection Method Identifier (EDMID)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9653 4: the sender accepts a zero checksum on packets protected by
// the named alternate method. Any EDMID parses, the reserved 0 included:
// whether the method is one this endpoint uses is the association's call.
struct ZeroChecksumAcceptableParameter {
  static constexpr ParameterType kType = ParameterType::kZeroChecksumAcceptable;
  static constexpr uint32_t kSize = 8;
  // IANA "Error Detection Methods" registry.
  static constexpr uint32_t kEdmidReserved = 0;
  static constexpr uint32_t kEdmidSctpOverDtls = 1;

  uint32_t error_detection_method = kEdmidSctpOverDtls;

  static ParseResult<ZeroChecksumAcceptableParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Type =0xC006           |    Length = 8                 |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   Adaptation Code point                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 5061 4.2.6: opaque to SCTP and handed to the upper layer. Valid
// only in INIT and INIT-ACK; elsewhere the association must ignore it.
struct AdaptationLayerIndicationParameter {
  static constexpr ParameterType kType = ParameterType::kAdaptationLayerIndication;
  static constexpr uint32_t kSize = 8;

  uint32_t code_point = 0;

  static ParseResult<AdaptationLayerIndicationParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8005   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                          Padding Data                         |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 4820 4: enlarges an INIT for path MTU probing. The receiver must
// discard it silently and must not let it change the State Cookie it
// builds. To send one, point `padding` at a buffer of zeros.
struct PaddingParameter {
  static constexpr ParameterType kType = ParameterType::kPadding;

  ByteRange padding;

  static ParseResult<PaddingParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + padding.size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
