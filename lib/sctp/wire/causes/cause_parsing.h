// Checks shared by the error-cause parsers. Private to causes/ (not
// installed): each typed cause states its shape through one of these, so
// the length rules read the same for all nineteen of them.
#pragma once

#include <optional>

#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire::cause_parsing {

// A cause whose value is exactly `size` (> 0) bytes: those bytes, in place
// or copied to `scratch` when they straddle segments.
inline ParseResult<const std::byte*> read_exact(const RawParameter& raw, CauseCode code,
                                                uint32_t size, std::byte* scratch) {
  if (raw.cause_code() != code) return parse_error(ParseError::kWrongType);
  if (raw.value.size() != size) return parse_error(ParseError::kWrongLengthForType);
  const std::byte* p = raw.value.read(0, size, scratch);
  if (p == nullptr) return parse_error(ParseError::kWrongLengthForType);
  return p;
}

// A cause with no value at all (length 4).
inline std::optional<ParseError> check_empty(const RawParameter& raw, CauseCode code) {
  if (raw.cause_code() != code) return ParseError::kWrongType;
  if (!raw.value.empty()) return ParseError::kWrongLengthForType;
  return std::nullopt;
}

inline std::optional<ParseError> check_code(const RawParameter& raw, CauseCode code) {
  if (raw.cause_code() != code) return ParseError::kWrongType;
  return std::nullopt;
}

// A value that quotes exactly one parameter TLV (and at most 3 bytes of
// its padding), as Unresolvable Address and the RFC 5061 causes do.
inline std::optional<ParseError> check_single_tlv(const ByteRange& value) {
  if (value.size() < kTlvHeaderSize) return ParseError::kTooShortForType;
  auto p = read_single_parameter(value);
  if (!p) return p.error();
  return std::nullopt;
}

// A value that quotes one or more whole parameter TLVs back to back.
inline std::optional<ParseError> check_tlv_run(const ByteRange& value) {
  if (value.size() < kTlvHeaderSize) return ParseError::kTooShortForType;
  ParameterReader reader(value);
  RawParameter p;
  while (reader.next(p)) {
  }
  return reader.error();
}

template <class T>
void write_header(std::byte* out, const T& cause) {
  write_tlv_header(out, static_cast<uint16_t>(T::kCode),
                   static_cast<uint16_t>(cause.serialized_size()));
}

}  // namespace dsctp::sctp::wire::cause_parsing
