// The one place where TLV framing from the wire is validated: chunk headers
// (type, flags, length) and parameter / error-cause headers (type, length).
// Typed views (chunks/, parameters/, causes/) start from the raw TLVs these
// readers hand out and never re-check the framing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/byte_range.h"
#include "base/bytes.h"
#include "base/expected.h"
#include "sctp/wire/constants.h"

namespace dsctp::sctp::wire {

// What was wrong with bytes from the wire. to_string() names the rule.
enum class ParseError : uint8_t {
  kTruncatedHeader,      // fewer bytes left than a TLV or fixed header needs
  kLengthBelowHeader,    // a length field smaller than its own header
  kLengthBeyondEnd,      // a length field running past the enclosing bytes
  kPaddingTooLong,       // more than 3 bytes after a single nested TLV
  kTooShortForType,      // shorter than the fixed part of its type
  kWrongLengthForType,   // a fixed-size TLV with any other length
  kBadRecordLength,      // a list of fixed-size records with a remainder
  kWrongType,            // a typed parse asked of a TLV of another type
  kInvalidField,         // a field with a value its RFC forbids
  kCountMismatch,        // a count field disagreeing with the bytes present
};

const char* to_string(ParseError e);

template <class T>
using ParseResult = Expected<T, ParseError>;

inline Unexpected<ParseError> parse_error(ParseError e) { return {e}; }

// A chunk whose framing is valid; its value has not been interpreted.
struct RawChunk {
  uint8_t type = 0;
  uint8_t flags = 0;
  uint16_t length = 0;   // as on the wire: header + value, without padding
  ByteRange value;       // the bytes after the 4-byte header

  ChunkType chunk_type() const { return static_cast<ChunkType>(type); }
  UnknownAction unknown_action() const { return action_of(chunk_type()); }
};

// A parameter or error cause whose framing is valid (both are 16-bit type,
// 16-bit length TLVs).
struct RawParameter {
  uint16_t type = 0;
  uint16_t length = 0;   // header + value, without padding
  ByteRange value;

  ParameterType parameter_type() const { return static_cast<ParameterType>(type); }
  CauseCode cause_code() const { return static_cast<CauseCode>(type); }
  UnknownAction unknown_action() const { return action_of(parameter_type()); }
  // The whole TLV (header and value), e.g. to quote it back to the peer in
  // an Unrecognized Parameter cause.
  ByteRange whole;
};

namespace detail {

// The framing both readers share, written once: a 4-byte header whose
// length covers the header and stays inside the run. Missing padding is
// tolerated only after the last TLV. Inline: it runs once per chunk on the
// receive path.
class TlvWalker {
 public:
  explicit TlvWalker(ByteRange bytes) : bytes_(bytes), end_(bytes.size()) {}

  std::optional<ParseError> error() const { return error_; }
  // Offset of the next TLV within the run, for reporting; may pass the end
  // by the missing padding of a last TLV.
  uint32_t offset() const { return offset_; }

 protected:
  // The next TLV's header (valid until the next call), with its offset in
  // `start` and its length field in `length`; nullptr at the end or on a
  // framing error, which ends the walk.
  const std::byte* next_tlv(uint32_t& start, uint16_t& length) {
    if (offset_ >= end_) return nullptr;
    const std::byte* h = bytes_.read(offset_, kTlvHeaderSize, scratch_);
    length = h != nullptr ? load_be16(h + 2) : 0;
    if (h == nullptr || length < kTlvHeaderSize || !bytes_.contains(offset_, length)) {
      error_ = h == nullptr                 ? ParseError::kTruncatedHeader
               : length < kTlvHeaderSize ? ParseError::kLengthBelowHeader
                                         : ParseError::kLengthBeyondEnd;
      end_ = 0;
      return nullptr;
    }
    start = offset_;
    // Not clamped at the end, to keep the per-TLV dependency chain short:
    // passing the end stops the walk all the same.
    offset_ += pad4(length);
    return h;
  }

  ByteRange bytes_;

 private:
  uint32_t end_;  // bytes_.size(), or 0 once an error ended the walk
  uint32_t offset_ = 0;
  std::optional<ParseError> error_;
  std::byte scratch_[kTlvHeaderSize];
};

}  // namespace detail

// Walks a run of chunks (a packet after its common header). The last
// chunk's padding may be missing: RFC 9260 3.2 tells the receiver to ignore
// padding, and some stacks omit it at the end of a packet.
class ChunkReader : public detail::TlvWalker {
 public:
  explicit ChunkReader(ByteRange chunks) : TlvWalker(chunks) {}

  // Fills `out` with the next chunk. Returns false at the end or on a
  // framing error; error() says which.
  bool next(RawChunk& out) {
    uint32_t start;
    uint16_t length;
    const std::byte* h = next_tlv(start, length);
    if (h == nullptr) return false;
    out.type = std::to_integer<uint8_t>(h[0]);
    out.flags = std::to_integer<uint8_t>(h[1]);
    out.length = length;
    out.value = bytes_.subrange_prechecked(start + kChunkHeaderSize, length - kChunkHeaderSize);
    return true;
  }
};

// Walks a run of parameters or error causes (16-bit type and length).
class ParameterReader : public detail::TlvWalker {
 public:
  explicit ParameterReader(ByteRange params) : TlvWalker(params) {}

  bool next(RawParameter& out) {
    uint32_t start;
    uint16_t length;
    const std::byte* h = next_tlv(start, length);
    if (h == nullptr) return false;
    out.type = load_be16(h);
    out.length = length;
    out.value = bytes_.subrange_prechecked(start + kTlvHeaderSize, length - kTlvHeaderSize);
    out.whole = bytes_.subrange_prechecked(start, length);
    return true;
  }
};

// Reads exactly one parameter TLV filling `bytes` up to at most 3 bytes of
// padding (e.g. the parameter quoted inside an error cause).
ParseResult<RawParameter> read_single_parameter(ByteRange bytes);

// Anything that serializes itself as one TLV: serialized_size() is the
// unpadded TLV length (header included), serialize() writes exactly that
// many bytes.
template <class T>
concept Serializable = requires(const T& t, std::byte* out) {
  { t.serialized_size() } -> std::convertible_to<uint32_t>;
  t.serialize(out);
};

// Appends TLVs, each zero-padded to 4 bytes, to a caller-supplied buffer,
// for building the parameter or cause list of a chunk.
class TlvWriter {
 public:
  explicit TlvWriter(std::span<std::byte> out) : out_(out) {}

  // Appends `item`; false (and nothing written) when it does not fit or is
  // longer than a TLV length can say.
  template <Serializable T>
  bool add(const T& item) {
    uint32_t len = item.serialized_size();
    if (len > kMaxTlvLength || pad4(len) > remaining()) return false;
    item.serialize(out_.data() + used_);
    zero_padding(len);
    used_ += pad4(len);
    last_padding_ = pad4(len) - len;
    return true;
  }

  // Everything written, the last TLV's padding included.
  std::span<const std::byte> written() const { return out_.first(used_); }
  // What a chunk's length counts (RFC 9260 3.2): every parameter's padding
  // but the last one's, which becomes the chunk's own padding.
  ByteRange range() const { return ByteRange(out_.first(used_ - last_padding_)); }
  uint32_t remaining() const { return static_cast<uint32_t>(out_.size()) - used_; }

 private:
  void zero_padding(uint32_t len) {
    for (uint32_t i = len; i < pad4(len); ++i) out_[used_ + i] = std::byte{0};
  }

  std::span<std::byte> out_;
  uint32_t used_ = 0;
  uint32_t last_padding_ = 0;
};

// Header writers for serialize() implementations.
inline void write_chunk_header(std::byte* out, ChunkType type, uint8_t flags,
                               uint16_t length) {
  out[0] = static_cast<std::byte>(type);
  out[1] = static_cast<std::byte>(flags);
  store_be16(out + 2, length);
}
inline void write_tlv_header(std::byte* out, uint16_t type, uint16_t length) {
  store_be16(out, type);
  store_be16(out + 2, length);
}

}  // namespace dsctp::sctp::wire
