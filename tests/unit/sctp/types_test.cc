#include "sctp/types.h"

#include <gtest/gtest.h>

namespace dsctp::sctp {
namespace {

TEST(SerialNumber, OrdersWithinHalfTheSpace) {
  EXPECT_LT(Tsn(1), Tsn(2));
  EXPECT_GT(Tsn(2), Tsn(1));
  EXPECT_LT(Tsn(0xFFFFFFFFu), Tsn(0));
  EXPECT_LT(Tsn(0xFFFFFFF0u), Tsn(0x10));
  EXPECT_FALSE(Tsn(5) < Tsn(5));
  EXPECT_LE(Tsn(5), Tsn(5));
  EXPECT_LT(Ssn(65535), Ssn(0));
  EXPECT_LT(Ssn(100), Ssn(100 + 32767));
}

TEST(SerialNumber, HalfTheSpaceApartIsUnordered) {
  // RFC 1982 3.2 leaves this pair undefined; we order neither way.
  Tsn a(0), b(0x80000000u);
  EXPECT_FALSE(a < b);
  EXPECT_FALSE(b < a);
  EXPECT_FALSE(a == b);
  Ssn c(10), d(10 + 32768);
  EXPECT_FALSE(c < d);
  EXPECT_FALSE(d < c);
}

TEST(SerialNumber, AdditionWraps) {
  EXPECT_EQ(Tsn(0xFFFFFFFFu) + 1, Tsn(0));
  EXPECT_EQ(Ssn(65535) + 2, Ssn(1));
  EXPECT_EQ(Tsn(0) - 1, Tsn(0xFFFFFFFFu));
  Tsn t(0xFFFFFFFFu);
  ++t;
  EXPECT_EQ(t, Tsn(0));
  EXPECT_EQ(Tsn(3).distance_from(Tsn(0xFFFFFFFFu)), 4);
  EXPECT_EQ(Tsn(0xFFFFFFFFu).distance_from(Tsn(3)), -4);
}

TEST(Unwrapper, CountsLapsForwardAndBackward) {
  Unwrapper<Ssn> u;
  EXPECT_EQ(u.unwrap(Ssn(65530)), 65530);
  EXPECT_EQ(u.unwrap(Ssn(2)), 65538);
  EXPECT_EQ(u.unwrap(Ssn(65535)), 65535);
  EXPECT_EQ(u.peek(Ssn(10)), 65546);
  EXPECT_EQ(u.unwrap(Ssn(65535)), 65535);
  Unwrapper<Tsn> t;
  int64_t base = t.unwrap(Tsn(0xFFFFFF00u));
  for (uint32_t i = 1; i < 3 * 65536; i += 4096) {
    EXPECT_EQ(t.unwrap(Tsn(0xFFFFFF00u) + i), base + i);
  }
}

TEST(StrongId, ComparesOnlyWithItsOwnKind) {
  static_assert(!std::is_convertible_v<StreamId, Ppid>);
  static_assert(!std::is_convertible_v<uint16_t, StreamId>);
  EXPECT_EQ(StreamId(3), StreamId(3));
  EXPECT_LT(StreamId(3), StreamId(4));
}

}  // namespace
}  // namespace dsctp::sctp
