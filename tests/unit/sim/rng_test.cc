// The generator behind every impairment: reference values, so a run means
// the same on every compiler and standard library, and its helpers' bounds.
#include "sim/rng.h"

#include <gtest/gtest.h>

#include <set>

namespace dsctp::sim {
namespace {

TEST(SimRng, SplitMix64MatchesItsReference) {
  // The first outputs for state 0, from Vigna's splitmix64.c.
  uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafull);
  EXPECT_EQ(splitmix64(state), 0x6e789e6aa1b965f4ull);
}

TEST(SimRng, SameSeedSameStreamOtherSeedOtherStream) {
  Rng a(5), b(5), c(6);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(SimRng, BetweenCoversItsBoundsAndNoMore) {
  Rng r(1);
  std::set<uint64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const uint64_t v = r.between(10, 17);
    ASSERT_GE(v, 10u);
    ASSERT_LE(v, 17u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 8u);
  EXPECT_EQ(r.below(1), 0u);
  EXPECT_EQ(r.between(3, 3), 3u);
}

TEST(SimRng, CertainOutcomesDrawNothing) {
  Rng a(2), b(2);
  EXPECT_FALSE(a.chance(0.0));
  EXPECT_TRUE(a.chance(1.0));
  EXPECT_EQ(a.next(), b.next());
}

TEST(SimRng, ChanceMatchesItsProbability) {
  Rng r(3);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) hits += r.chance(0.25);
  EXPECT_NEAR(hits, 25000, 700);  // sd 137
}

TEST(SimRng, DerivedSeedsDependOnTheId) {
  EXPECT_NE(derive_seed(1, 1), derive_seed(1, 2));
  EXPECT_NE(derive_seed(1, 1), derive_seed(2, 1));
  EXPECT_EQ(derive_seed(1, 1), derive_seed(1, 1));
}

}  // namespace
}  // namespace dsctp::sim
