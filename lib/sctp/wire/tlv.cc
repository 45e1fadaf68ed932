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
