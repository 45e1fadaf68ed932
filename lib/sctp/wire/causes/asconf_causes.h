// The error causes of dynamic address reconfiguration (RFC 5061 4.3),
// sent in ASCONF-ACK (inside an Error Cause Indication) or in ABORT.
// Four of them quote the ASCONF parameter they refuse, header included;
// parse() checks it is exactly one well-framed TLV.
#pragma once

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Cause Code = 0x00A0      |    Cause Length = Variable    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    TLV-Copied-From-ASCONF                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 5061 4.3.1: the Delete IP Address parameter would have removed the
// last address of the association.
struct DeleteLastRemainingAddressCause {
  static constexpr CauseCode kCode = CauseCode::kDeleteLastRemainingAddress;

  ByteRange asconf_parameter;  // the offending ASCONF parameter TLV, whole

  ParseResult<RawParameter> asconf_tlv() const {
    return read_single_parameter(asconf_parameter);
  }

  static ParseResult<DeleteLastRemainingAddressCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + asconf_parameter.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Cause Code = 0x00A1      |    Cause Length = Variable    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    TLV-Copied-From-ASCONF                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 5061 4.3.2: the request was refused for lack of resources.
struct ResourceShortageCause {
  static constexpr CauseCode kCode = CauseCode::kResourceShortage;

  ByteRange asconf_parameter;  // the offending ASCONF parameter TLV, whole

  ParseResult<RawParameter> asconf_tlv() const {
    return read_single_parameter(asconf_parameter);
  }

  static ParseResult<ResourceShortageCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + asconf_parameter.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Cause Code = 0x00A2      |    Cause Length = Variable    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    TLV-Copied-From-ASCONF                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 5061 4.3.3: the Delete IP Address parameter named the source address
// of the packet that carried the ASCONF.
struct DeleteSourceAddressCause {
  static constexpr CauseCode kCode = CauseCode::kDeleteSourceAddress;

  ByteRange asconf_parameter;  // the offending ASCONF parameter TLV, whole

  ParseResult<RawParameter> asconf_tlv() const {
    return read_single_parameter(asconf_parameter);
  }

  static ParseResult<DeleteSourceAddressCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + asconf_parameter.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Cause Code = 0x00A3      |       Cause Length = 4        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 5061 4.3.4: unlike its siblings it quotes nothing; it goes in the
// ABORT sent for an ASCONF-ACK whose sequence number was never used.
struct IllegalAsconfAckCause {
  static constexpr CauseCode kCode = CauseCode::kIllegalAsconfAck;

  static ParseResult<IllegalAsconfAckCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Cause Code = 0x00A4      |    Cause Length = Variable    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    TLV-Copied-From-ASCONF                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 5061 4.3.5: the peer is not authorized to make this change.
struct NoAuthorizationCause {
  static constexpr CauseCode kCode = CauseCode::kNoAuthorization;

  ByteRange asconf_parameter;  // the offending ASCONF parameter TLV, whole

  ParseResult<RawParameter> asconf_tlv() const {
    return read_single_parameter(asconf_parameter);
  }

  static ParseResult<NoAuthorizationCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + asconf_parameter.size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
