#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

const char* to_string(ParseError e) {
  switch (e) {
    case ParseError::kTruncatedHeader:
      return "truncated: fewer bytes than the header needs (RFC 9260 3.2)";
    case ParseError::kLengthBelowHeader:
      return "length field smaller than the TLV header (RFC 9260 3.2)";
    case ParseError::kLengthBeyondEnd:
      return "length field runs past the enclosing chunk or packet (RFC 9260 3.2)";
    case ParseError::kPaddingTooLong:
      return "more than 3 bytes of padding (RFC 9260 3.2.1)";
    case ParseError::kTooShortForType:
      return "length below the fixed part of this type";
    case ParseError::kWrongLengthForType:
      return "length differs from the fixed length of this type";
    case ParseError::kBadRecordLength:
      return "variable part is not a whole number of records";
    case ParseError::kWrongType:
      return "TLV of another type than the one asked for";
    case ParseError::kInvalidField:
      return "field holds a value its RFC forbids";
    case ParseError::kCountMismatch:
      return "count field disagrees with the bytes present";
  }
  return "unknown parse error";
}

namespace {

// Validates the framing of the TLV at `offset`: a 4-byte header whose
// length covers the header and stays inside `bytes`. On success sets `next`
// to where the following TLV starts.
std::optional<ParseError> frame_tlv(const ByteRange& bytes, uint32_t offset,
                                    uint16_t length, uint32_t& next) {
  if (length < kTlvHeaderSize) return ParseError::kLengthBelowHeader;
  if (!bytes.contains(offset, length)) return ParseError::kLengthBeyondEnd;
  next = next_tlv_offset(offset, length, bytes.size());
  return std::nullopt;
}

}  // namespace

bool ParameterReader::next(RawParameter& out) {
  if (error_ || offset_ >= bytes_.size()) return false;
  std::byte scratch[kTlvHeaderSize];
  const std::byte* h = bytes_.read(offset_, kTlvHeaderSize, scratch);
  if (h == nullptr) {
    error_ = ParseError::kTruncatedHeader;
    return false;
  }
  uint16_t length = load_be16(h + 2);
  uint32_t next = 0;
  if (auto e = frame_tlv(bytes_, offset_, length, next)) {
    error_ = e;
    return false;
  }
  out.type = load_be16(h);
  out.length = length;
  out.value = bytes_.subrange(offset_ + kTlvHeaderSize, length - kTlvHeaderSize);
  out.whole = bytes_.subrange(offset_, length);
  offset_ = next;
  return true;
}

ParseResult<RawParameter> read_single_parameter(ByteRange bytes) {
  ParameterReader reader(bytes);
  RawParameter p;
  if (!reader.next(p)) {
    return parse_error(reader.error().value_or(ParseError::kTruncatedHeader));
  }
  if (bytes.size() - p.length > 3) return parse_error(ParseError::kPaddingTooLong);
  return p;
}

}  // namespace dsctp::sctp::wire
