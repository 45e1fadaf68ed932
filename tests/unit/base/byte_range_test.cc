#include "base/byte_range.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <numeric>
#include <vector>

namespace dsctp {
namespace {

std::vector<std::byte> iota_bytes(size_t n) {
  std::vector<std::byte> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>(i);
  return v;
}

// Splits `bytes` at the given cut points into segments.
std::vector<Segment> split(const std::vector<std::byte>& bytes, std::vector<uint32_t> cuts) {
  std::vector<Segment> segs;
  uint32_t start = 0;
  cuts.push_back(static_cast<uint32_t>(bytes.size()));
  for (uint32_t c : cuts) {
    segs.push_back({bytes.data() + start, c - start});
    start = c;
  }
  return segs;
}

TEST(ByteRange, ContiguousReadPointsIntoBuffer) {
  auto bytes = iota_bytes(16);
  ByteRange r{std::span<const std::byte>(bytes)};
  std::byte scratch[4];
  EXPECT_EQ(r.read(4, 4, scratch), bytes.data() + 4);
  EXPECT_EQ(r.read(12, 4, scratch), bytes.data() + 12);
  EXPECT_EQ(r.read(13, 4, scratch), nullptr);
  EXPECT_EQ(r.read(0xFFFFFFFFu, 4, scratch), nullptr);
  EXPECT_EQ(r.read(4, 0xFFFFFFFFu, scratch), nullptr);
}

TEST(ByteRange, ReadAcrossSegmentsCopiesIntoScratch) {
  auto bytes = iota_bytes(20);
  auto segs = split(bytes, {3, 3, 9});  // includes an empty segment
  ByteRange r{std::span<const Segment>(segs)};
  ASSERT_EQ(r.size(), 20u);
  for (uint32_t off = 0; off + 6 <= 20; ++off) {
    std::array<std::byte, 6> scratch{};
    const std::byte* p = r.read(off, 6, scratch.data());
    ASSERT_NE(p, nullptr);
    for (uint32_t i = 0; i < 6; ++i) EXPECT_EQ(p[i], bytes[off + i]) << off;
  }
  std::byte scratch[8];
  EXPECT_EQ(r.read(15, 6, scratch), nullptr);
}

TEST(ByteRange, SubrangeWithinOneSegmentBecomesContiguous) {
  auto bytes = iota_bytes(20);
  auto segs = split(bytes, {10});
  ByteRange r{std::span<const Segment>(segs)};
  EXPECT_FALSE(r.is_contiguous());
  ByteRange inner = r.subrange(11, 5);
  ASSERT_TRUE(inner.is_contiguous());
  EXPECT_EQ(inner.contiguous().data(), bytes.data() + 11);
  ByteRange across = r.subrange(8, 5);
  EXPECT_FALSE(across.is_contiguous());
  EXPECT_TRUE(across.equals(std::span<const std::byte>(bytes).subspan(8, 5)));
}

TEST(ByteRange, EveryTwoAndThreeWaySplitReadsTheSame) {
  auto bytes = iota_bytes(24);
  for (uint32_t a = 0; a <= 24; ++a) {
    for (uint32_t b = a; b <= 24; b += 5) {
      auto segs = split(bytes, {a, b});
      ByteRange r{std::span<const Segment>(segs)};
      ASSERT_TRUE(r.equals(bytes));
      std::vector<std::byte> out(24);
      r.copy_to(out.data());
      ASSERT_EQ(out, bytes);
      ByteRange mid = r.subrange(5, 11);
      ASSERT_TRUE(mid.equals(std::span<const std::byte>(bytes).subspan(5, 11)));
      std::byte scratch[11];
      const std::byte* p = mid.read(0, 11, scratch);
      ASSERT_NE(p, nullptr);
      ASSERT_EQ(std::memcmp(p, bytes.data() + 5, 11), 0);
    }
  }
}

TEST(ByteRange, ForEachSegmentVisitsOnlyTheWindow) {
  auto bytes = iota_bytes(30);
  auto segs = split(bytes, {10, 20});
  ByteRange r = ByteRange{std::span<const Segment>(segs)}.subrange(5, 20);
  std::vector<size_t> sizes;
  r.for_each_segment([&](std::span<const std::byte> s) { sizes.push_back(s.size()); });
  EXPECT_EQ(sizes, (std::vector<size_t>{5, 10, 5}));
}

TEST(ByteRange, EmptyRanges) {
  ByteRange empty;
  EXPECT_TRUE(empty.empty());
  std::byte scratch[1];
  EXPECT_EQ(empty.read(0, 1, scratch), nullptr);
  int calls = 0;
  empty.for_each_segment([&](auto) { ++calls; });
  EXPECT_EQ(calls, 0);
  auto bytes = iota_bytes(4);
  ByteRange r{std::span<const std::byte>(bytes)};
  EXPECT_TRUE(r.subrange(4, 0).empty());
}

TEST(ByteRangeDeathTest, SubrangeOutsideTraps) {
  auto bytes = iota_bytes(4);
  ByteRange r{std::span<const std::byte>(bytes)};
  EXPECT_DEATH(r.subrange(2, 3), "");
}

}  // namespace
}  // namespace dsctp
