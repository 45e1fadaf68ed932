// Error causes (RFC 9260 3.3.10) whose contents are numbers this stack
// decodes, or nothing at all, plus Unsupported HMAC Identifier (RFC 4895).
#pragma once

#include "base/bytes.h"
#include "sctp/types.h"
#include "sctp/wire/record_list.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 1         |       Cause Length = 8        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       Stream Identifier       |          (Reserved)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.1. Reserved is sent as 0 and ignored on receipt.
struct InvalidStreamIdentifierCause {
  static constexpr CauseCode kCode = CauseCode::kInvalidStreamIdentifier;
  static constexpr uint32_t kSize = 8;

  StreamId stream;

  static ParseResult<InvalidStreamIdentifierCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

// One 16-bit parameter type in a Missing Mandatory Parameter list.
struct ParameterTypeRecord {
  static constexpr uint32_t kSize = 2;
  ParameterType type{};

  operator ParameterType() const { return type; }
  static ParameterTypeRecord decode(const std::byte* p) {
    return {static_cast<ParameterType>(load_be16(p))};
  }
  void encode(std::byte* p) const { store_be16(p, static_cast<uint16_t>(type)); }
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 2         |   Cause Length = 8 + N * 2    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Number of missing params = N                 |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Missing Param Type #1      |    Missing Param Type #2      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Missing Param Type #N-1    |    Missing Param Type #N      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.2. The count is checked against the list on parse
// (kCountMismatch) and written from the list on serialize, so it is not a
// separate field.
struct MissingMandatoryParameterCause {
  static constexpr CauseCode kCode = CauseCode::kMissingMandatoryParameter;
  static constexpr uint32_t kFixedSize = 8;

  RecordList<ParameterTypeRecord> missing;

  static ParseResult<MissingMandatoryParameterCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kFixedSize + missing.byte_size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 3         |       Cause Length = 8        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 Measure of Staleness (usec)                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.3: how late the cookie arrived, which the sender may use
// to ask for a longer Cookie Preservative on its next INIT.
struct StaleCookieCause {
  static constexpr CauseCode kCode = CauseCode::kStaleCookie;
  static constexpr uint32_t kSize = 8;

  uint32_t staleness_us = 0;

  static ParseResult<StaleCookieCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 4         |       Cause Length = 4        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.4.
struct OutOfResourceCause {
  static constexpr CauseCode kCode = CauseCode::kOutOfResource;

  static ParseResult<OutOfResourceCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 7         |       Cause Length = 4        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.7.
struct InvalidMandatoryParameterCause {
  static constexpr CauseCode kCode = CauseCode::kInvalidMandatoryParameter;

  static ParseResult<InvalidMandatoryParameterCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 9         |       Cause Length = 8        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           TSN value                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.9: the TSN of a DATA chunk that carried no user data.
struct NoUserDataCause {
  static constexpr CauseCode kCode = CauseCode::kNoUserData;
  static constexpr uint32_t kSize = 8;

  Tsn tsn;

  static ParseResult<NoUserDataCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 10        |       Cause Length = 4        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 3.3.10.10.
struct CookieReceivedWhileShuttingDownCause {
  static constexpr CauseCode kCode = CauseCode::kCookieReceivedWhileShuttingDown;

  static ParseResult<CookieReceivedWhileShuttingDownCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kTlvHeaderSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Cause Code = 0x0105      |       Cause Length = 6        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        HMAC Identifier        |            Padding            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 4895 4.1. The padding lies outside the length, as for any TLV, so
// serialize() writes 6 bytes and TlvWriter pads.
struct UnsupportedHmacIdentifierCause {
  static constexpr CauseCode kCode = CauseCode::kUnsupportedHmacIdentifier;
  static constexpr uint32_t kSize = 6;

  uint16_t hmac_id = 0;

  static ParseResult<UnsupportedHmacIdentifierCause> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
