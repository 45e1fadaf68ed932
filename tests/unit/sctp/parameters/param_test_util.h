// Helpers shared by the parameter tests: byte literals, a serializer that
// checks the size contract, and the round-trip, split and truncation
// drivers every parameter goes through.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire::test {

using Bytes = std::vector<std::byte>;

inline Bytes bytes_of(std::initializer_list<int> v) {
  Bytes out;
  for (int b : v) out.push_back(static_cast<std::byte>(b));
  return out;
}

inline Bytes text(const char* s, bool with_nul = false) {
  Bytes out;
  for (; *s; ++s) out.push_back(static_cast<std::byte>(*s));
  if (with_nul) out.push_back(std::byte{0});
  return out;
}

inline ByteRange range(const Bytes& b) { return ByteRange(std::span<const std::byte>(b)); }
// Parsed views point into the bytes: a temporary would leave them dangling.
ByteRange range(Bytes&&) = delete;

// Serializes `p` on its own and checks the contract: serialize() writes
// exactly serialized_size() bytes, the header names the type and the
// unpadded length, and TlvWriter adds the same bytes zero-padded.
template <class P>
Bytes serialize(const P& p) {
  const uint32_t n = p.serialized_size();
  Bytes buf(n + 8, std::byte{0xEE});
  p.serialize(buf.data());
  for (uint32_t i = n; i < n + 8; ++i) {
    EXPECT_EQ(buf[i], std::byte{0xEE}) << "serialize() wrote past serialized_size() at " << i;
  }
  buf.resize(n);
  EXPECT_EQ(load_be16(buf.data()), static_cast<uint16_t>(P::kType));
  EXPECT_EQ(load_be16(buf.data() + 2), n);

  Bytes padded(pad4(n), std::byte{0xEE});
  TlvWriter w(padded);
  EXPECT_TRUE(w.add(p));
  EXPECT_EQ(w.written().size(), pad4(n));
  for (uint32_t i = 0; i < pad4(n); ++i) {
    EXPECT_EQ(padded[i], i < n ? buf[i] : std::byte{0}) << "TlvWriter byte " << i;
  }
  return buf;
}

// Frames the first TLV of `wire` with ParameterReader and parses it as P.
template <class P>
ParseResult<P> parse_as(ByteRange wire) {
  ParameterReader reader(wire);
  RawParameter raw;
  if (!reader.next(raw)) {
    return parse_error(reader.error().value_or(ParseError::kTruncatedHeader));
  }
  return P::parse(raw);
}

template <class P>
ParseResult<P> parse_as(const Bytes& wire) {
  return parse_as<P>(range(wire));
}
template <class P>
ParseResult<P> parse_as(Bytes&&) = delete;

template <class P>
ParseError parse_error_of(const Bytes& wire) {
  auto r = parse_as<P>(wire);
  EXPECT_FALSE(r.has_value()) << "parsed although malformed";
  return r.has_value() ? ParseError::kInvalidField : r.error();
}

// Build -> serialize -> ParameterReader -> parse, then `check` on the
// parsed value, and the parsed value serializes to the same bytes.
template <class P, class Check>
void round_trip(const P& built, Check check) {
  Bytes wire = serialize(built);
  auto back = parse_as<P>(wire);
  ASSERT_TRUE(back.has_value()) << to_string(back.error());
  check(*back);
  EXPECT_EQ(serialize(*back), wire);
}

// Cuts `wire` into two separately allocated segments at every offset
// (so ASan sees any read across the cut) and checks each parses the same:
// `check` passes and re-serializing gives the original TLV bytes.
template <class P, class Check>
void parses_split_everywhere(const Bytes& wire, Check check) {
  const uint16_t length = load_be16(wire.data() + 2);
  const Bytes unpadded(wire.begin(), wire.begin() + length);
  for (size_t cut = 0; cut <= wire.size(); ++cut) {
    SCOPED_TRACE(::testing::Message() << "cut at " << cut);
    Bytes a(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(cut));
    Bytes b(wire.begin() + static_cast<std::ptrdiff_t>(cut), wire.end());
    Segment segs[] = {{a.data(), static_cast<uint32_t>(a.size())},
                      {b.data(), static_cast<uint32_t>(b.size())}};
    auto p = parse_as<P>(ByteRange(std::span<const Segment>(segs)));
    ASSERT_TRUE(p.has_value()) << to_string(p.error());
    check(*p);
    EXPECT_EQ(serialize(*p), unpadded);
  }
}

// Every shorter copy of the TLV in `wire`, each in a buffer of exactly its
// size. With the length field left alone the reader must refuse it; with
// the length rewritten to fit, `f(value_size, result)` judges the typed
// parse (fixed types must fail, variable ones may parse shorter).
template <class P, class F>
void for_each_truncation(const Bytes& wire, F f) {
  const uint16_t length = load_be16(wire.data() + 2);
  for (uint32_t n = 0; n < length; ++n) {
    SCOPED_TRACE(::testing::Message() << "truncated to " << n);
    Bytes cut(wire.begin(), wire.begin() + n);
    EXPECT_FALSE(parse_as<P>(cut).has_value());
    if (n < kTlvHeaderSize) continue;
    store_be16(cut.data() + 2, static_cast<uint16_t>(n));
    f(n - kTlvHeaderSize, parse_as<P>(cut));
  }
}

// The usual judgement for fixed-size parameters.
template <class P>
void expect_all_truncations_fail(const Bytes& wire, ParseError expected) {
  for_each_truncation<P>(wire, [&](uint32_t, const ParseResult<P>& r) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), expected) << to_string(r.error());
  });
}

}  // namespace dsctp::sctp::wire::test
