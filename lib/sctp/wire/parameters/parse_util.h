// Checks and writers shared by the typed parameter parsers in this folder.
// Private to the .cc files here (not installed): the public headers stay
// free of helpers nobody outside should call.
#pragma once

#include <cstdint>

#include "base/bytes.h"
#include "sctp/wire/record_list.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire::param_detail {

// A parameter with no value (a flag such as ECN Capable): any value bytes
// make it malformed rather than "longer", since nothing could use them.
inline ParseResult<bool> check_empty(const RawParameter& raw, ParameterType type) {
  if (raw.parameter_type() != type) return parse_error(ParseError::kWrongType);
  if (!raw.value.empty()) return parse_error(ParseError::kWrongLengthForType);
  return true;
}

// The one field of a parameter whose value is exactly one 32-bit word.
inline ParseResult<uint32_t> fixed_u32(const RawParameter& raw, ParameterType type) {
  if (raw.parameter_type() != type) return parse_error(ParseError::kWrongType);
  if (raw.value.size() != 4) return parse_error(ParseError::kWrongLengthForType);
  std::byte scratch[4];
  const std::byte* p = raw.value.read(0, 4, scratch);
  if (p == nullptr) return parse_error(ParseError::kWrongLengthForType);
  return load_be32(p);
}

// A value that is a whole number of R records and nothing else.
template <class R>
ParseResult<RecordList<R>> record_list(const RawParameter& raw, ParameterType type) {
  if (raw.parameter_type() != type) return parse_error(ParseError::kWrongType);
  if (raw.value.size() % R::kSize != 0) return parse_error(ParseError::kBadRecordLength);
  return RecordList<R>::from_wire(raw.value);
}

// Serialized sizes stay below 2^16 for anything TlvWriter accepts; the
// cast only truncates for callers that skipped that check.
inline void write_empty(std::byte* out, ParameterType type) {
  write_tlv_header(out, static_cast<uint16_t>(type), kTlvHeaderSize);
}

inline void write_u32(std::byte* out, ParameterType type, uint32_t v) {
  write_tlv_header(out, static_cast<uint16_t>(type), kTlvHeaderSize + 4);
  store_be32(out + kTlvHeaderSize, v);
}

inline void write_opaque(std::byte* out, ParameterType type, const ByteRange& bytes) {
  write_tlv_header(out, static_cast<uint16_t>(type),
                   static_cast<uint16_t>(kTlvHeaderSize + bytes.size()));
  bytes.copy_to(out + kTlvHeaderSize);
}

template <class R>
void write_records(std::byte* out, ParameterType type, const RecordList<R>& list) {
  write_tlv_header(out, static_cast<uint16_t>(type),
                   static_cast<uint16_t>(kTlvHeaderSize + list.byte_size()));
  list.encode(out + kTlvHeaderSize);
}

}  // namespace dsctp::sctp::wire::param_detail
