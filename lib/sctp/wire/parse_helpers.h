// Checks and writers shared by the typed views in chunks/, parameters/,
// causes/ and reconfig/. Private to their .cc files and not installed: it is
// how the parsers are written, not what the library offers.
//
// One idiom throughout, the one tlv.h uses: a check that yields nothing
// returns std::optional<ParseError> (empty when it passed), a read that
// yields a value returns ParseResult<T>. Every helper given a type compares
// it first, so a TLV of another type is kWrongType whatever its length.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>

#include "base/byte_range.h"
#include "base/bytes.h"
#include "sctp/wire/record_list.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire::parse_helpers {

// Parameters and error causes share one TLV layout (and RawParameter) but
// not one numbering; overloads keep a chunk type from being compared with
// a parameter's type field.
inline bool has_type(const RawChunk& raw, ChunkType type) { return raw.chunk_type() == type; }
inline bool has_type(const RawParameter& raw, ParameterType type) {
  return raw.parameter_type() == type;
}
inline bool has_type(const RawParameter& raw, CauseCode code) { return raw.cause_code() == code; }

template <class Raw, class Type>
std::optional<ParseError> check_type(const Raw& raw, Type type) {
  if (!has_type(raw, type)) return ParseError::kWrongType;
  return std::nullopt;
}

// Enough value bytes for the fixed fields of a variable-length TLV
// (`fixed` counts the value only, not the header).
template <class Raw, class Type>
std::optional<ParseError> check_min(const Raw& raw, Type type, uint32_t fixed) {
  if (!has_type(raw, type)) return ParseError::kWrongType;
  if (raw.value.size() < fixed) return ParseError::kTooShortForType;
  return std::nullopt;
}

// For types whose RFC fixes the length: any other length is malformed,
// longer as well as shorter.
template <class Raw, class Type>
std::optional<ParseError> check_exact(const Raw& raw, Type type, uint32_t size) {
  if (!has_type(raw, type)) return ParseError::kWrongType;
  if (raw.value.size() != size) return ParseError::kWrongLengthForType;
  return std::nullopt;
}

// A flag with no value (ECN Capable, SHUTDOWN ACK): value bytes make it
// malformed rather than "longer", since nothing could use them.
template <class Raw, class Type>
std::optional<ParseError> check_empty(const Raw& raw, Type type) {
  return check_exact(raw, type, 0);
}

// The first `fixed` (> 0) value bytes after check_min(), in place or
// copied to `scratch` (at least `fixed` bytes) when they straddle segments.
// The read cannot fail: ByteRange::read() refuses only a short range.
template <class Raw, class Type>
ParseResult<const std::byte*> read_min(const Raw& raw, Type type, uint32_t fixed,
                                       std::byte* scratch) {
  if (auto e = check_min(raw, type, fixed)) return parse_error(*e);
  return raw.value.read(0, fixed, scratch);
}

// The whole value (`size` > 0 bytes) after check_exact(), as read_min()
// hands it out.
template <class Raw, class Type>
ParseResult<const std::byte*> read_exact(const Raw& raw, Type type, uint32_t size,
                                         std::byte* scratch) {
  if (auto e = check_exact(raw, type, size)) return parse_error(*e);
  return raw.value.read(0, size, scratch);
}

// A value that is exactly one 16- or 32-bit field.
template <class Uint, class Raw, class Type>
ParseResult<Uint> read_value(const Raw& raw, Type type) {
  static_assert(std::same_as<Uint, uint16_t> || std::same_as<Uint, uint32_t>);
  std::byte scratch[sizeof(Uint)];
  auto p = read_exact(raw, type, sizeof(Uint), scratch);
  if (!p) return parse_error(p.error());
  if constexpr (sizeof(Uint) == 2) {
    return load_be16(*p);
  } else {
    return load_be32(*p);
  }
}

// The value bytes after the first `fixed`; the caller checked the size.
template <class Raw>
ByteRange rest_after(const Raw& raw, uint32_t fixed) {
  return raw.value.subrange(fixed, raw.value.size() - fixed);
}

// The value after its first `fixed` bytes (checked by the caller) as a
// whole number of R records and nothing else.
template <class R, class Raw>
ParseResult<RecordList<R>> read_records(const Raw& raw, uint32_t fixed = 0) {
  ByteRange records = rest_after(raw, fixed);
  if (records.size() % R::kSize != 0) return parse_error(ParseError::kBadRecordLength);
  return RecordList<R>::from_wire(records);
}

// Exactly one nested parameter TLV and at most 3 bytes of its padding, as
// Unrecognized Parameter and the causes quoting a parameter carry. Without
// room for a TLV header the outer TLV is short, whatever the nested bytes
// would have said.
inline ParseResult<RawParameter> read_single_tlv(const ByteRange& bytes) {
  if (bytes.size() < kTlvHeaderSize) return parse_error(ParseError::kTooShortForType);
  return read_single_parameter(bytes);
}

// Zero or more whole TLVs back to back, framed so that a ParameterReader
// over them later walks without error.
inline std::optional<ParseError> check_tlv_run(const ByteRange& bytes) {
  ParameterReader reader(bytes);
  RawParameter p;
  while (reader.next(p)) {
  }
  return reader.error();
}

// A chunk header with the unpadded length. Chunks never exceed 64 KiB
// because builders refuse them (PacketBuilder::add), so the cast does not
// truncate.
inline void write_header(std::byte* out, ChunkType type, uint8_t flags, uint32_t length) {
  write_chunk_header(out, type, flags, static_cast<uint16_t>(length));
}

// The 16-bit type numbers of the parameter / cause TLV layout.
template <class T>
concept TlvType = std::same_as<T, ParameterType> || std::same_as<T, CauseCode>;

// A parameter or cause header. Serialized sizes stay below 2^16 for
// anything TlvWriter accepts; the cast only truncates for callers that
// skipped that check.
template <TlvType Type>
void write_header(std::byte* out, Type type, uint32_t length) {
  write_tlv_header(out, static_cast<uint16_t>(type), static_cast<uint16_t>(length));
}

template <TlvType Type>
void write_empty(std::byte* out, Type type) {
  write_header(out, type, kTlvHeaderSize);
}

template <TlvType Type>
void write_u32(std::byte* out, Type type, uint32_t v) {
  write_header(out, type, kTlvHeaderSize + 4);
  store_be32(out + kTlvHeaderSize, v);
}

// A value kept as the bytes it came as (cookies, quoted TLVs, padding).
template <TlvType Type>
void write_opaque(std::byte* out, Type type, const ByteRange& bytes) {
  write_header(out, type, kTlvHeaderSize + bytes.size());
  bytes.copy_to(out + kTlvHeaderSize);
}

template <TlvType Type, class R>
void write_records(std::byte* out, Type type, const RecordList<R>& list) {
  write_header(out, type, kTlvHeaderSize + list.byte_size());
  list.encode(out + kTlvHeaderSize);
}

}  // namespace dsctp::sctp::wire::parse_helpers
