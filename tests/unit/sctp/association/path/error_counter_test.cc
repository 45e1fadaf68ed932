#include "sctp/association/path/error_counter.h"

#include <gtest/gtest.h>

namespace dsctp::sctp {
namespace {

TEST(ErrorCounter, ExceedsOnTheErrorAfterTheLimit) {
  ErrorCounter c(10);  // RFC 9260 16: Association.Max.Retrans = 10
  for (int i = 1; i <= 10; ++i) {
    EXPECT_FALSE(c.increment());
    EXPECT_EQ(c.count(), static_cast<uint32_t>(i));
  }
  EXPECT_TRUE(c.increment());
  EXPECT_TRUE(c.exceeded());
  EXPECT_EQ(c.count(), 11u);
  c.reset();
  EXPECT_EQ(c.count(), 0u);
  EXPECT_FALSE(c.exceeded());
}

TEST(ErrorCounter, ZeroLimitFailsOnFirstErrorAndCountSaturates) {
  ErrorCounter zero(0);
  EXPECT_TRUE(zero.increment());
  ErrorCounter max(UINT32_MAX);
  EXPECT_EQ(max.limit(), UINT32_MAX);
  EXPECT_FALSE(max.increment());
  EXPECT_FALSE(max.exceeded());
}

}  // namespace
}  // namespace dsctp::sctp
