// Checks that every typed TLV (error cause or parameter) gets: the wire
// format against hand-written bytes, the serializer against the same
// bytes, every two-segment split, and every length the field could claim.
// Shared by the causes and reconfig tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

#include "base/byte_range.h"
#include "base/bytes.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire::test_util {

using Bytes = std::vector<std::byte>;

inline Bytes bytes_of(std::initializer_list<int> v) {
  Bytes out;
  for (int b : v) out.push_back(static_cast<std::byte>(b));
  return out;
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes padded(Bytes b) {
  b.resize(pad4(static_cast<uint32_t>(b.size())), std::byte{0});
  return b;
}

// `wire` cut or zero-extended to `len` bytes, with its TLV length field
// rewritten to say `len`.
inline Bytes with_length(const Bytes& wire, uint32_t len) {
  Bytes b = wire;
  b.resize(len, std::byte{0});
  store_be16(b.data() + 2, static_cast<uint16_t>(len));
  return b;
}

// Two segments over one buffer, split at `cut`. Keep it alive while the
// range (or anything parsed from it) is in use.
class Split {
 public:
  Split(const Bytes& b, uint32_t cut)
      : segs_{{b.data(), cut}, {b.data() + cut, static_cast<uint32_t>(b.size()) - cut}} {}
  ByteRange range() const { return ByteRange(std::span<const Segment>(segs_)); }

 private:
  Segment segs_[2];
};

// Reads the first TLV of `bytes` as a chunk's parameter list would and
// parses it as T.
template <class T>
ParseResult<T> parse_bytes(const ByteRange& bytes) {
  ParameterReader reader(bytes);
  RawParameter raw;
  if (!reader.next(raw)) return parse_error(reader.error().value_or(ParseError::kTruncatedHeader));
  return T::parse(raw);
}

// What TlvWriter emits for `item`, padding included.
template <class T>
Bytes serialize_padded(const T& item) {
  Bytes buf(pad4(item.serialized_size()), std::byte{0xEE});
  TlvWriter writer(buf);
  EXPECT_TRUE(writer.add(item));
  EXPECT_EQ(writer.written().size(), buf.size());
  return buf;
}

// `wire` is hand-written and unpadded; `built` holds the same values and
// `check` asserts them on a parsed T.
template <class T, class Check>
void expect_format(const T& built, const Bytes& wire, Check check) {
  {
    SCOPED_TRACE("known answer");
    auto r = parse_bytes<T>(ByteRange(wire));
    ASSERT_TRUE(r.has_value()) << to_string(r.error());
    check(*r);
  }
  Bytes out = serialize_padded(built);
  EXPECT_EQ(out, padded(wire)) << "serializer disagrees with the hand-written bytes";
  {
    SCOPED_TRACE("round trip");
    auto r = parse_bytes<T>(ByteRange(out));
    ASSERT_TRUE(r.has_value()) << to_string(r.error());
    check(*r);
  }
  for (uint32_t cut = 0; cut <= wire.size(); ++cut) {
    SCOPED_TRACE(::testing::Message() << "split at " << cut);
    Split split(wire, cut);
    auto r = parse_bytes<T>(split.range());
    ASSERT_TRUE(r.has_value()) << to_string(r.error());
    check(*r);
  }
  Bytes other = wire;
  store_be16(other.data(), static_cast<uint16_t>(load_be16(other.data()) ^ 0x0100));
  auto r = parse_bytes<T>(ByteRange(other));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), ParseError::kWrongType);
}

// The outcome expected when the length field says `len`: an error, or
// nullopt for success.
using LengthRule = std::function<std::optional<ParseError>(uint32_t len)>;

inline LengthRule exact_length(uint32_t size) {
  return [size](uint32_t len) -> std::optional<ParseError> {
    if (len == size) return std::nullopt;
    return ParseError::kWrongLengthForType;
  };
}

inline LengthRule fixed_then_records(uint32_t fixed, uint32_t record) {
  return [=](uint32_t len) -> std::optional<ParseError> {
    if (len < fixed) return ParseError::kTooShortForType;
    if ((len - fixed) % record != 0) return ParseError::kBadRecordLength;
    return std::nullopt;
  };
}

// Every truncation and extension of `wire` up to `max_len`: bytes cut
// under an intact length field fail the framing; every length the field
// could claim (with the bytes to match) gives what `rule` says. None may
// crash, which ASan/UBSan builds check.
template <class T>
void expect_length_rule(const Bytes& wire, uint32_t max_len, const LengthRule& rule) {
  for (uint32_t n = 1; n < wire.size(); ++n) {
    ParameterReader reader{ByteRange(std::span<const std::byte>(wire).first(n))};
    RawParameter raw;
    EXPECT_FALSE(reader.next(raw)) << n;
    ASSERT_TRUE(reader.error().has_value()) << n;
    EXPECT_EQ(*reader.error(),
              n < kTlvHeaderSize ? ParseError::kTruncatedHeader : ParseError::kLengthBeyondEnd)
        << n;
  }
  for (uint32_t len = kTlvHeaderSize; len <= max_len; ++len) {
    Bytes b = with_length(wire, len);
    auto r = parse_bytes<T>(ByteRange(b));
    std::optional<ParseError> want = rule(len);
    if (want) {
      ASSERT_FALSE(r.has_value()) << "length " << len << " should fail with " << to_string(*want);
      EXPECT_EQ(r.error(), *want) << "length " << len << ": got " << to_string(r.error());
    } else {
      EXPECT_TRUE(r.has_value()) << "length " << len << ": " << to_string(r.error());
    }
  }
}

}  // namespace dsctp::sctp::wire::test_util
