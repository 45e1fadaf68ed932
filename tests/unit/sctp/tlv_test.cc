#include "sctp/wire/tlv.h"

#include <gtest/gtest.h>

#include <vector>

#include "sctp/wire/constants.h"

namespace dsctp::sctp::wire {
namespace {

std::vector<std::byte> bytes_of(std::initializer_list<int> v) {
  std::vector<std::byte> out;
  for (int b : v) out.push_back(static_cast<std::byte>(b));
  return out;
}

TEST(ChunkReader, WalksPaddedChunks) {
  // A 5-byte chunk padded to 8, then a 4-byte chunk.
  auto b = bytes_of({0xC0, 0x01, 0x00, 0x05, 0xAA, 0, 0, 0, 0x0B, 0x00, 0x00, 0x04});
  ChunkReader r{ByteRange(b)};
  RawChunk c;
  ASSERT_TRUE(r.next(c));
  EXPECT_EQ(c.type, 0xC0);
  EXPECT_EQ(c.flags, 0x01);
  EXPECT_EQ(c.length, 5);
  EXPECT_EQ(c.value.size(), 1u);
  EXPECT_EQ(c.unknown_action(), UnknownAction::kSkipAndReport);
  ASSERT_TRUE(r.next(c));
  EXPECT_EQ(c.chunk_type(), ChunkType::kCookieAck);
  EXPECT_TRUE(c.value.empty());
  EXPECT_FALSE(r.next(c));
  EXPECT_FALSE(r.error());
}

TEST(ChunkReader, ToleratesMissingPaddingOnlyAtTheEnd) {
  auto b = bytes_of({0x00, 0x03, 0x00, 0x05, 0xAA});
  ChunkReader r{ByteRange(b)};
  RawChunk c;
  ASSERT_TRUE(r.next(c));
  EXPECT_FALSE(r.next(c));
  EXPECT_FALSE(r.error());
}

TEST(ChunkReader, NamesEachFramingError) {
  struct Case {
    std::vector<std::byte> bytes;
    ParseError error;
  };
  std::vector<Case> cases = {
      {bytes_of({0x00, 0x03}), ParseError::kTruncatedHeader},
      {bytes_of({0x00, 0x03, 0x00, 0x03}), ParseError::kLengthBelowHeader},
      {bytes_of({0x00, 0x03, 0x00, 0x00}), ParseError::kLengthBelowHeader},
      {bytes_of({0x00, 0x03, 0x00, 0x09, 1, 2, 3, 4}), ParseError::kLengthBeyondEnd},
      {bytes_of({0x0B, 0x00, 0x00, 0x04, 0x01}), ParseError::kTruncatedHeader},
      {bytes_of({0x0B, 0x00, 0xFF, 0xFF}), ParseError::kLengthBeyondEnd},
  };
  for (const auto& k : cases) {
    ChunkReader r{ByteRange(k.bytes)};
    RawChunk c;
    while (r.next(c)) {
    }
    ASSERT_TRUE(r.error().has_value());
    EXPECT_EQ(*r.error(), k.error) << to_string(k.error);
    EXPECT_FALSE(r.next(c)) << "an error ends the walk";
  }
}

TEST(ChunkReader, ReadsChunksSplitAcrossSegments) {
  auto b = bytes_of({0x00, 0x03, 0x00, 0x06, 0xAA, 0xBB, 0, 0, 0x0B, 0x00, 0x00, 0x04});
  for (uint32_t cut = 0; cut <= b.size(); ++cut) {
    Segment segs[] = {{b.data(), cut}, {b.data() + cut, static_cast<uint32_t>(b.size()) - cut}};
    ChunkReader r{ByteRange(std::span<const Segment>(segs))};
    RawChunk c;
    ASSERT_TRUE(r.next(c)) << cut;
    EXPECT_EQ(c.length, 6);
    EXPECT_TRUE(c.value.equals(bytes_of({0xAA, 0xBB})));
    ASSERT_TRUE(r.next(c)) << cut;
    EXPECT_EQ(c.chunk_type(), ChunkType::kCookieAck);
    EXPECT_FALSE(r.next(c));
    EXPECT_FALSE(r.error());
  }
}

TEST(ParameterReader, KeepsTheWholeTlvForQuoting) {
  auto b = bytes_of({0x80, 0x77, 0x00, 0x06, 0x01, 0x02, 0, 0, 0x00, 0x05, 0x00, 0x08, 10, 0, 0, 1});
  ParameterReader r{ByteRange(b)};
  RawParameter p;
  ASSERT_TRUE(r.next(p));
  EXPECT_EQ(p.type, 0x8077);
  EXPECT_EQ(p.unknown_action(), UnknownAction::kSkip);
  EXPECT_EQ(p.whole.size(), 6u);
  EXPECT_EQ(p.value.size(), 2u);
  ASSERT_TRUE(r.next(p));
  EXPECT_EQ(p.parameter_type(), ParameterType::kIpv4Address);
  EXPECT_FALSE(r.next(p));
  EXPECT_FALSE(r.error());
}

TEST(ReadSingleParameter, AllowsAtMostThreeBytesOfPadding) {
  auto ok = bytes_of({0x00, 0x05, 0x00, 0x05, 1, 0, 0, 0});
  EXPECT_TRUE(read_single_parameter(ByteRange(ok)).has_value());
  auto bad = bytes_of({0x00, 0x05, 0x00, 0x04, 0, 0, 0, 0});
  auto r = read_single_parameter(ByteRange(bad));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), ParseError::kPaddingTooLong);
}

TEST(ActionBits, FollowTheTopTwoBitsOfTheType) {
  EXPECT_EQ(action_of(static_cast<ChunkType>(0x3F)), UnknownAction::kStopAndDiscard);
  EXPECT_EQ(action_of(static_cast<ChunkType>(0x40)), UnknownAction::kStopDiscardAndReport);
  EXPECT_EQ(action_of(static_cast<ChunkType>(0x80)), UnknownAction::kSkip);
  EXPECT_EQ(action_of(static_cast<ChunkType>(0xC1)), UnknownAction::kSkipAndReport);
  EXPECT_EQ(action_of(static_cast<ParameterType>(0x4001)), UnknownAction::kStopDiscardAndReport);
  EXPECT_TRUE(should_continue(UnknownAction::kSkip));
  EXPECT_FALSE(should_continue(UnknownAction::kStopDiscardAndReport));
  EXPECT_TRUE(should_report(UnknownAction::kSkipAndReport));
  EXPECT_FALSE(should_report(UnknownAction::kSkip));
}

TEST(Names, KnownAndUnknown) {
  EXPECT_STREQ(name_of(ChunkType::kInitAck), "INIT-ACK");
  EXPECT_STREQ(name_of(ChunkType::kIForwardTsn), "I-FORWARD-TSN");
  EXPECT_STREQ(name_of(static_cast<ChunkType>(0x33)), "UNKNOWN");
  EXPECT_TRUE(is_known(ParameterType::kZeroChecksumAcceptable));
  EXPECT_FALSE(is_known(static_cast<ParameterType>(0x1234)));
  EXPECT_TRUE(is_known(CauseCode::kUnsupportedHmacIdentifier));
}

}  // namespace
}  // namespace dsctp::sctp::wire
