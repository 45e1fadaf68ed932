// MessageBytes: one shared block per copied message, reference counted
// across fragments; external bytes are released exactly once, when the
// last reference goes.
#include <gtest/gtest.h>

#include <cstring>
#include <utility>

#include "sctp/association/tx/message_bytes.h"

namespace dsctp::sctp {
namespace {

std::span<const std::byte> bytes_of(const char* s) { return as_bytes_of(s, std::strlen(s)); }

void count_release(void* context) { ++*static_cast<int*>(context); }

TEST(MessageBytes, CopyOwnsItsBytes) {
  char text[] = "hello";
  MessageBytes m = MessageBytes::copy_of(bytes_of(text));
  text[0] = 'j';  // the copy must not see the change
  EXPECT_EQ(m.size(), 5u);
  EXPECT_FALSE(m.empty());
  EXPECT_TRUE(m.bytes().equals(bytes_of("hello")));
  EXPECT_TRUE(m.bytes().is_contiguous());
  EXPECT_NE(m.bytes().contiguous().data(), reinterpret_cast<const std::byte*>(text));
  EXPECT_EQ(m.use_count(), 1u);
}

TEST(MessageBytes, EmptyHasNoBlock) {
  MessageBytes none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.use_count(), 0u);
  EXPECT_TRUE(none.bytes().empty());
  MessageBytes copy = MessageBytes::copy_of({});
  EXPECT_EQ(copy.use_count(), 0u);
}

TEST(MessageBytes, CopiesShareOneBlock) {
  MessageBytes a = MessageBytes::copy_of(bytes_of("abc"));
  MessageBytes b = a;
  EXPECT_EQ(a.use_count(), 2u);
  EXPECT_TRUE(a.same_as(b));
  EXPECT_EQ(a.bytes().contiguous().data(), b.bytes().contiguous().data());
  {
    MessageBytes c;
    c = b;
    EXPECT_EQ(a.use_count(), 3u);
  }
  EXPECT_EQ(a.use_count(), 2u);
  b.reset();
  EXPECT_EQ(a.use_count(), 1u);
  EXPECT_EQ(b.use_count(), 0u);
  EXPECT_TRUE(a.bytes().equals(bytes_of("abc")));
}

TEST(MessageBytes, EqualBytesAreNotTheSameMessage) {
  MessageBytes a = MessageBytes::copy_of(bytes_of("abc"));
  MessageBytes b = MessageBytes::copy_of(bytes_of("abc"));
  EXPECT_FALSE(a.same_as(b));
}

TEST(MessageBytes, MoveTransfersTheReference) {
  MessageBytes a = MessageBytes::copy_of(bytes_of("abc"));
  MessageBytes b = std::move(a);
  EXPECT_EQ(a.use_count(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(b.use_count(), 1u);
  MessageBytes c;
  c = std::move(b);
  EXPECT_EQ(c.use_count(), 1u);
  EXPECT_TRUE(c.bytes().equals(bytes_of("abc")));
}

TEST(MessageBytes, SelfAssignmentKeepsTheBytes) {
  MessageBytes a = MessageBytes::copy_of(bytes_of("abc"));
  MessageBytes& alias = a;
  a = alias;
  EXPECT_EQ(a.use_count(), 1u);
  a = std::move(alias);
  EXPECT_EQ(a.use_count(), 1u);
  EXPECT_TRUE(a.bytes().equals(bytes_of("abc")));
}

TEST(MessageBytes, ExternalIsReleasedOnceByTheLastReference) {
  static const char kText[] = "payload";
  int released = 0;
  {
    MessageBytes a =
        MessageBytes::external(ByteRange(bytes_of(kText)), &count_release, &released);
    EXPECT_EQ(a.bytes().contiguous().data(), reinterpret_cast<const std::byte*>(kText));
    MessageBytes b = a;
    MessageBytes c = std::move(a);
    b.reset();
    EXPECT_EQ(released, 0);
    MessageBytes d;
    d = c;
    c = MessageBytes::copy_of(bytes_of("x"));  // drops one reference
    EXPECT_EQ(released, 0);
    EXPECT_EQ(d.use_count(), 1u);
  }
  EXPECT_EQ(released, 1);
}

TEST(MessageBytes, EmptyExternalIsStillReleased) {
  int released = 0;
  { MessageBytes a = MessageBytes::external(ByteRange(), &count_release, &released); }
  EXPECT_EQ(released, 1);
}

TEST(MessageBytes, ExternalWithoutHook) {
  static const char kText[] = "static";
  MessageBytes a = MessageBytes::external(ByteRange(bytes_of(kText)), nullptr, nullptr);
  MessageBytes b = a;
  EXPECT_EQ(b.size(), 6u);
  EXPECT_EQ(a.use_count(), 2u);
}

}  // namespace
}  // namespace dsctp::sctp
