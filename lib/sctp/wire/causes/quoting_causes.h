// Error causes (RFC 9260 3.3.10) that carry bytes rather than numbers:
// TLVs or a chunk quoted back to their sender, or text from a user. The
// bytes stay a window on the packet; nothing is copied on parse.
#pragma once

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 5         |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     Unresolvable Address                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.5: the complete address (or host name) parameter TLV.
// parse() checks that it is exactly one well-framed TLV; address_tlv()
// hands it out for the typed address parsers.
struct UnresolvableAddressCause {
  static constexpr CauseCode kCode = CauseCode::kUnresolvableAddress;

  ByteRange address;  // one whole parameter TLV, header included

  ParseResult<RawParameter> address_tlv() const { return read_single_parameter(address); }

  static ParseResult<UnresolvableAddressCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + address.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 6         |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Unrecognized Chunk                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.6. Only the 4-byte chunk header is required and the
// chunk's own length field is not held against the quote: Linux quotes the
// chunk with its padding (more bytes than that length says), and the RFC
// leaves open what to do with a chunk too long to echo in one packet.
struct UnrecognizedChunkTypeCause {
  static constexpr CauseCode kCode = CauseCode::kUnrecognizedChunkType;

  ByteRange chunk;  // the chunk as received, from its header on

  // The type of the quoted chunk (its first byte).
  uint8_t chunk_type() const;

  static ParseResult<UnrecognizedChunkTypeCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + chunk.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 8         |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Unrecognized Parameters                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.8: the unrecognized parameters, each a complete TLV.
// parse() checks their framing, so walking them with reader() cannot fail.
struct UnrecognizedParametersCause {
  static constexpr CauseCode kCode = CauseCode::kUnrecognizedParameters;

  ByteRange parameters;  // one or more whole TLVs, each padded but the last

  ParameterReader reader() const { return ParameterReader(parameters); }

  static ParseResult<UnrecognizedParametersCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + parameters.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 11        |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       New Address TLVs                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.11: the address parameters the restarting peer added.
// Framing is checked as for Unrecognized Parameters.
struct RestartWithNewAddressesCause {
  static constexpr CauseCode kCode = CauseCode::kRestartWithNewAddresses;

  ByteRange addresses;  // one or more whole address TLVs

  ParameterReader reader() const { return ParameterReader(addresses); }

  static ParseResult<RestartWithNewAddressesCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + addresses.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 12        |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   Upper Layer Abort Reason                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.12: opaque to SCTP and possibly empty.
struct UserInitiatedAbortCause {
  static constexpr CauseCode kCode = CauseCode::kUserInitiatedAbort;

  ByteRange reason;

  static ParseResult<UserInitiatedAbortCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + reason.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 13        |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Additional Information                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.13: free-form diagnostics, possibly empty.
struct ProtocolViolationCause {
  static constexpr CauseCode kCode = CauseCode::kProtocolViolation;

  ByteRange information;

  static ParseResult<ProtocolViolationCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + information.size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
