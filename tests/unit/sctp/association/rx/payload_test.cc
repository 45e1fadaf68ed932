// Payload: copies own their bytes; external buffers are released exactly
// once, whatever moves happen in between.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <utility>

#include "sctp/association/rx/payload.h"

namespace dsctp::sctp {
namespace {

std::span<const std::byte> bytes_of(const char* s) { return as_bytes_of(s, std::strlen(s)); }

void count_release(void* context) { ++*static_cast<int*>(context); }

TEST(Payload, CopyOwnsItsBytes) {
  char text[] = "hello";
  Payload p = Payload::copy_of(ByteRange(bytes_of(text)));
  text[0] = 'j';  // the copy must not see the change
  EXPECT_EQ(p.size(), 5u);
  EXPECT_TRUE(p.bytes().equals(bytes_of("hello")));
  EXPECT_NE(p.bytes().contiguous().data(), reinterpret_cast<const std::byte*>(text));
}

TEST(Payload, CopyOfSegmentedRangeIsContiguous) {
  const char a[] = "hel";
  const char b[] = "lo!";
  std::array<Segment, 2> segs = {Segment{reinterpret_cast<const std::byte*>(a), 3},
                                 Segment{reinterpret_cast<const std::byte*>(b), 3}};
  Payload p = Payload::copy_of(ByteRange(std::span<const Segment>(segs)));
  EXPECT_TRUE(p.bytes().is_contiguous());
  EXPECT_TRUE(p.bytes().equals(bytes_of("hello!")));
}

TEST(Payload, EmptyCopyAllocatesNothing) {
  Payload p = Payload::copy_of(ByteRange());
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(p.size(), 0u);
}

TEST(Payload, ExternalIsReleasedOnceAfterMoves) {
  static const char kText[] = "abc";
  int released = 0;
  {
    Payload a = Payload::external(ByteRange(bytes_of(kText)), &count_release, &released);
    Payload b = std::move(a);
    EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
    EXPECT_EQ(b.size(), 3u);
    Payload c;
    c = std::move(b);
    EXPECT_EQ(released, 0);
    EXPECT_TRUE(c.bytes().equals(bytes_of("abc")));
  }
  EXPECT_EQ(released, 1);
}

TEST(Payload, AssignmentReleasesThePreviousBytes) {
  static const char kText[] = "abc";
  int first = 0;
  int second = 0;
  Payload p = Payload::external(ByteRange(bytes_of(kText)), &count_release, &first);
  p = Payload::external(ByteRange(bytes_of(kText)), &count_release, &second);
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 0);
  p.reset();
  EXPECT_EQ(second, 1);
  EXPECT_TRUE(p.empty());
}

TEST(Payload, ExternalWithoutHookIsAView) {
  static const char kText[] = "xyz";
  Payload p = Payload::external(ByteRange(bytes_of(kText)), nullptr, nullptr);
  EXPECT_EQ(p.bytes().contiguous().data(), reinterpret_cast<const std::byte*>(kText));
}

}  // namespace
}  // namespace dsctp::sctp
