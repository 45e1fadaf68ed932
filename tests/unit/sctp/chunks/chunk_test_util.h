// Helpers shared by the chunk tests: building wire bytes, framing them with
// ChunkReader, and the properties every chunk view must have (re-serializes
// to its input, parses the same whatever the segmentation, rejects every
// truncation it cannot represent).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <vector>

#include "base/bytes.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire::chunktest {

using Bytes = std::vector<std::byte>;

inline Bytes bytes_of(std::initializer_list<int> v) {
  Bytes out;
  for (int b : v) out.push_back(static_cast<std::byte>(b));
  return out;
}

inline Bytes text(const char* s) {
  Bytes out;
  for (; *s; ++s) out.push_back(static_cast<std::byte>(*s));
  return out;
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline uint16_t length_field(const Bytes& wire) { return load_be16(wire.data() + 2); }

// Serializes `c` the way PacketBuilder does (the chunk, then zero padding
// to 4 bytes), checking that serialize() wrote exactly serialized_size()
// bytes and put that size in the length field.
template <class C>
Bytes wire_of(const C& c) {
  const uint32_t n = c.serialized_size();
  constexpr std::byte kCanary{0xEE};
  Bytes out(n + 8, kCanary);
  c.serialize(out.data());
  for (uint32_t i = n; i < out.size(); ++i) {
    EXPECT_EQ(out[i], kCanary) << "serialize() wrote past serialized_size() at " << i;
  }
  out.resize(n);
  out.resize(pad4(n), std::byte{0});
  EXPECT_EQ(length_field(out), n);
  EXPECT_EQ(out[0], static_cast<std::byte>(C::kType));
  return out;
}

// Frames the single chunk in `bytes`: it must be one whole chunk, nothing
// after it but its padding.
inline RawChunk frame_one(const ByteRange& bytes) {
  ChunkReader reader(bytes);
  RawChunk raw;
  EXPECT_TRUE(reader.next(raw)) << "framing failed";
  RawChunk extra;
  EXPECT_FALSE(reader.next(extra)) << "more than one chunk";
  EXPECT_FALSE(reader.error().has_value());
  return raw;
}

template <class C>
ParseResult<C> frame_and_parse(const ByteRange& bytes) {
  return C::parse(frame_one(bytes));
}

// Parses `wire` (one chunk, maybe padded) and re-serializes the view: the
// result must be the input's unpadded bytes. The parse is returned for
// field checks; it points into `wire`.
template <class C>
ParseResult<C> parse_and_reserialize(const Bytes& wire) {
  auto c = frame_and_parse<C>(ByteRange(wire));
  EXPECT_TRUE(c.has_value()) << (c ? "" : to_string(c.error()));
  if (!c) return c;
  Bytes again = wire_of(*c);
  const uint16_t len = length_field(wire);
  EXPECT_EQ(c->serialized_size(), len);
  EXPECT_TRUE(std::equal(wire.begin(), wire.begin() + len, again.begin()))
      << "re-serialized bytes differ from the input";
  return c;
}

// Splits `wire` into two segments at every offset: each must frame and
// parse, satisfy `check`, and re-serialize to the same bytes.
template <class C>
void expect_split_invariant(const Bytes& wire, const std::function<void(const C&)>& check) {
  const uint16_t len = length_field(wire);
  for (uint32_t cut = 0; cut <= wire.size(); ++cut) {
    SCOPED_TRACE(::testing::Message() << "split at " << cut);
    Segment segs[] = {{wire.data(), cut},
                      {wire.data() + cut, static_cast<uint32_t>(wire.size()) - cut}};
    ByteRange range{std::span<const Segment>(segs)};
    auto c = frame_and_parse<C>(range);
    ASSERT_TRUE(c.has_value()) << to_string(c.error());
    check(*c);
    Bytes again = wire_of(*c);
    EXPECT_TRUE(std::equal(wire.begin(), wire.begin() + len, again.begin()));
  }
}

// Every prefix of `wire` (one valid chunk):
//  - with the length field left alone, ChunkReader refuses to frame it;
//  - with the length field set to the prefix length, the chunk frames and
//    parses exactly when `parses_at(prefix length)` says so, and never
//    reads out of bounds (ASan runs this too).
template <class C>
void expect_truncations(const Bytes& wire, const std::function<bool(uint32_t)>& parses_at) {
  const uint16_t len = length_field(wire);
  for (uint32_t n = 0; n < len; ++n) {
    SCOPED_TRACE(::testing::Message() << "prefix of " << n << " bytes");
    Bytes prefix(wire.begin(), wire.begin() + n);
    ChunkReader stale{ByteRange(prefix)};
    RawChunk raw;
    EXPECT_FALSE(stale.next(raw));
    if (n == 0) {
      EXPECT_FALSE(stale.error().has_value()) << "an empty run is no error";
      continue;
    }
    ASSERT_TRUE(stale.error().has_value());
    EXPECT_EQ(*stale.error(), n < kChunkHeaderSize ? ParseError::kTruncatedHeader
                                                   : ParseError::kLengthBeyondEnd);
    if (n < kChunkHeaderSize) continue;
    store_be16(prefix.data() + 2, static_cast<uint16_t>(n));
    auto c = frame_and_parse<C>(ByteRange(prefix));
    EXPECT_EQ(c.has_value(), parses_at(n)) << (c ? "parsed" : to_string(c.error()));
  }
}

inline std::function<bool(uint32_t)> at_least(uint32_t min) {
  return [min](uint32_t n) { return n >= min; };
}
inline std::function<bool(uint32_t)> never() {
  return [](uint32_t) { return false; };
}

// The error a chunk of these bytes parses to (it must fail).
template <class C>
ParseError error_of(const Bytes& wire) {
  auto c = frame_and_parse<C>(ByteRange(wire));
  EXPECT_FALSE(c.has_value());
  return c ? ParseError::kInvalidField : c.error();
}

}  // namespace dsctp::sctp::wire::chunktest
