// The RFC 9260 parameters of the handshake and of HEARTBEAT that are not
// addresses: State Cookie, Unrecognized Parameter, Cookie Preservative,
// ECN Capable and Heartbeat Info.
#pragma once

#include <cstdint>

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Heartbeat Info Type = 1    |         HB Info Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                 Sender-Specific Heartbeat Info                |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The only parameter of HEARTBEAT (RFC 9260 3.3.5). Opaque to the peer,
// which must return it unchanged in the HEARTBEAT-ACK (3.3.6); the
// association decides what it holds (path, nonce, send time).
struct HeartbeatInfoParameter {
  static constexpr ParameterType kType = ParameterType::kHeartbeatInfo;

  ByteRange info;

  static ParseResult<HeartbeatInfoParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + info.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Type = 7             |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                            Cookie                             |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Mandatory in INIT-ACK (RFC 9260 3.3.3). Opaque here: the endpoint that
// made it authenticates it when it comes back as the value of COOKIE-ECHO.
// An INIT-ACK without one is answered by the association (3.3.10.2,
// "Missing Mandatory Parameter").
struct StateCookieParameter {
  static constexpr ParameterType kType = ParameterType::kStateCookie;

  ByteRange cookie;

  static ParseResult<StateCookieParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + cookie.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Type = 8             |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |    Unrecognized Parameter (Type, Length and Value, copied)    |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Sent in INIT-ACK for each INIT parameter whose type bits ask for a
// report (RFC 9260 3.2.1, 3.3.3). Exactly one whole TLV is quoted, as
// usrsctp sends it (one of these per unrecognized parameter); up to 3
// bytes of its padding may sit inside the length. `parameter` is the
// quoted TLV without that padding.
struct UnrecognizedParameter {
  static constexpr ParameterType kType = ParameterType::kUnrecognizedParameter;

  ByteRange parameter;

  // The quoted TLV's framing; always valid on a parsed one.
  ParseResult<RawParameter> quoted() const { return read_single_parameter(parameter); }

  static ParseResult<UnrecognizedParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize + parameter.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Type = 9             |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Suggested Cookie Life-Span Increment (msec.)          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Sent in an INIT after a Stale Cookie error (RFC 9260 5.2.6); the
// receiver may ignore the suggestion for its own security reasons.
struct CookiePreservativeParameter {
  static constexpr ParameterType kType = ParameterType::kCookiePreservative;
  static constexpr uint32_t kSize = 8;

  uint32_t lifespan_increment_ms = 0;

  static ParseResult<CookiePreservativeParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8000   |     Parameter Length = 4      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 Appendix A: the sender supports ECN (ECNE and CWR chunks).
struct EcnCapableParameter {
  static constexpr ParameterType kType = ParameterType::kEcnCapable;
  static constexpr uint32_t kSize = 4;

  static ParseResult<EcnCapableParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
