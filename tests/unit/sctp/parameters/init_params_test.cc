#include "sctp/wire/parameters/init_params.h"

#include <gtest/gtest.h>

#include "param_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test::Bytes;
using test::bytes_of;

Bytes counting(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<std::byte>(i * 7 + 1);
  return b;
}

// ---- Heartbeat Info (1) ----

TEST(HeartbeatInfoParameter, ParsesKnownBytes) {
  const Bytes p_wire = bytes_of({0x00, 0x01, 0x00, 0x0A, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0, 0});
  auto p = test::parse_as<HeartbeatInfoParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->info.equals(bytes_of({0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02})));
}

TEST(HeartbeatInfoParameter, RoundTripsSplitsAndTruncates) {
  Bytes info = counting(21);
  HeartbeatInfoParameter p;
  p.info = test::range(info);
  auto check = [&](const HeartbeatInfoParameter& back) { EXPECT_TRUE(back.info.equals(info)); };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  EXPECT_EQ(wire.size(), 25u);
  test::parses_split_everywhere<HeartbeatInfoParameter>(wire, check);
  test::for_each_truncation<HeartbeatInfoParameter>(
      wire, [&](uint32_t n, const ParseResult<HeartbeatInfoParameter>& r) {
        ASSERT_TRUE(r.has_value());
        EXPECT_TRUE(r->info.equals(std::span<const std::byte>(info).first(n)));
      });
  EXPECT_EQ(test::parse_error_of<HeartbeatInfoParameter>(bytes_of({0, 7, 0, 4})),
            ParseError::kWrongType);
}

// ---- State Cookie (7) ----

TEST(StateCookieParameter, ParsesKnownBytes) {
  const Bytes p_wire = bytes_of({0x00, 0x07, 0x00, 0x09, 'c', 'o', 'o', 'k', 'i', 0, 0, 0});
  auto p = test::parse_as<StateCookieParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->cookie.equals(test::text("cooki")));
}

TEST(StateCookieParameter, RoundTripsSplitsAndTruncates) {
  Bytes cookie = counting(37);
  StateCookieParameter p;
  p.cookie = test::range(cookie);
  auto check = [&](const StateCookieParameter& back) { EXPECT_TRUE(back.cookie.equals(cookie)); };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  wire.resize(pad4(static_cast<uint32_t>(wire.size())), std::byte{0});
  test::parses_split_everywhere<StateCookieParameter>(wire, check);
  test::for_each_truncation<StateCookieParameter>(
      wire, [&](uint32_t n, const ParseResult<StateCookieParameter>& r) {
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->cookie.size(), n);
      });
}

// ---- Unrecognized Parameter (8) ----

TEST(UnrecognizedParameter, ParsesKnownBytes) {
  // Quotes a 6-byte parameter of unknown type 0x8077; the quoted padding
  // is left outside the outer length.
  Bytes wire = bytes_of({0x00, 0x08, 0x00, 0x0A, 0x80, 0x77, 0x00, 0x06, 0x01, 0x02, 0, 0});
  auto p = test::parse_as<UnrecognizedParameter>(wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->parameter.equals(bytes_of({0x80, 0x77, 0x00, 0x06, 0x01, 0x02})));
  auto q = p->quoted();
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->type, 0x8077);
  EXPECT_EQ(q->length, 6);
  EXPECT_TRUE(q->value.equals(bytes_of({0x01, 0x02})));
}

TEST(UnrecognizedParameter, AcceptsTheQuotedPaddingInsideTheLength) {
  Bytes wire = bytes_of({0x00, 0x08, 0x00, 0x0C, 0x80, 0x77, 0x00, 0x06, 0x01, 0x02, 0, 0});
  auto p = test::parse_as<UnrecognizedParameter>(wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->parameter.size(), 6u) << "padding is not part of the quoted TLV";
}

TEST(UnrecognizedParameter, RefusesAnythingButOneWholeTlv) {
  // Empty, shorter than a TLV header, a header claiming more than is
  // there, a header below its own size, and two TLVs.
  EXPECT_EQ(test::parse_error_of<UnrecognizedParameter>(bytes_of({0, 8, 0, 4})),
            ParseError::kTooShortForType);
  EXPECT_EQ(test::parse_error_of<UnrecognizedParameter>(bytes_of({0, 8, 0, 7, 0x80, 0x77, 0, 0})),
            ParseError::kTooShortForType);
  EXPECT_EQ(test::parse_error_of<UnrecognizedParameter>(
                bytes_of({0, 8, 0, 10, 0x80, 0x77, 0x00, 0x08, 1, 2, 0, 0})),
            ParseError::kLengthBeyondEnd);
  EXPECT_EQ(
      test::parse_error_of<UnrecognizedParameter>(bytes_of({0, 8, 0, 8, 0x80, 0x77, 0x00, 0x02})),
      ParseError::kLengthBelowHeader);
  EXPECT_EQ(test::parse_error_of<UnrecognizedParameter>(
                bytes_of({0, 8, 0, 12, 0x80, 0x77, 0x00, 0x04, 0x80, 0x78, 0x00, 0x04})),
            ParseError::kPaddingTooLong);
}

TEST(UnrecognizedParameter, RoundTripsSplitsAndTruncates) {
  Bytes quoted = bytes_of({0xC0, 0x99, 0x00, 0x07, 'a', 'b', 'c'});
  UnrecognizedParameter p;
  p.parameter = test::range(quoted);
  auto check = [&](const UnrecognizedParameter& back) {
    EXPECT_TRUE(back.parameter.equals(quoted));
    ASSERT_TRUE(back.quoted().has_value());
    EXPECT_EQ(back.quoted()->type, 0xC099);
  };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  EXPECT_EQ(wire.size(), 11u);
  wire.resize(12, std::byte{0});
  test::parses_split_everywhere<UnrecognizedParameter>(wire, check);
  // Cutting the quoted TLV always breaks it.
  test::for_each_truncation<UnrecognizedParameter>(
      wire,
      [](uint32_t, const ParseResult<UnrecognizedParameter>& r) { EXPECT_FALSE(r.has_value()); });
}

// ---- Cookie Preservative (9) ----

TEST(CookiePreservativeParameter, ParsesKnownBytes) {
  const Bytes p_wire = bytes_of({0x00, 0x09, 0x00, 0x08, 0x00, 0x00, 0x27, 0x10});
  auto p = test::parse_as<CookiePreservativeParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->lifespan_increment_ms, 10000u);
}

TEST(CookiePreservativeParameter, RoundTripsSplitsAndRefusesOtherLengths) {
  CookiePreservativeParameter p;
  p.lifespan_increment_ms = 0x01020304;
  auto check = [](const CookiePreservativeParameter& back) {
    EXPECT_EQ(back.lifespan_increment_ms, 0x01020304u);
  };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  EXPECT_EQ(wire, bytes_of({0, 9, 0, 8, 1, 2, 3, 4}));
  test::parses_split_everywhere<CookiePreservativeParameter>(wire, check);
  test::expect_all_truncations_fail<CookiePreservativeParameter>(wire,
                                                                 ParseError::kWrongLengthForType);
  EXPECT_EQ(test::parse_error_of<CookiePreservativeParameter>(
                bytes_of({0, 9, 0, 12, 0, 0, 0, 1, 0, 0, 0, 2})),
            ParseError::kWrongLengthForType);
}

// ---- ECN Capable (0x8000) ----

TEST(EcnCapableParameter, ParsesRoundTripsAndRefusesAValue) {
  Bytes wire = bytes_of({0x80, 0x00, 0x00, 0x04});
  EXPECT_TRUE(test::parse_as<EcnCapableParameter>(wire).has_value());
  EXPECT_EQ(test::serialize(EcnCapableParameter{}), wire);
  test::round_trip(EcnCapableParameter{}, [](const EcnCapableParameter&) {});
  test::parses_split_everywhere<EcnCapableParameter>(wire, [](const EcnCapableParameter&) {});
  EXPECT_EQ(
      test::parse_error_of<EcnCapableParameter>(bytes_of({0x80, 0x00, 0x00, 0x05, 1, 0, 0, 0})),
      ParseError::kWrongLengthForType);
  EXPECT_EQ(test::parse_error_of<EcnCapableParameter>(bytes_of({0xC0, 0x00, 0x00, 0x04})),
            ParseError::kWrongType);
  test::expect_all_truncations_fail<EcnCapableParameter>(wire, ParseError::kWrongLengthForType);
}

}  // namespace
}  // namespace dsctp::sctp::wire
