// parse_chunk() over every chunk type, and properties that hold for all of
// them: dispatch matches is_known(), malformed bytes never crash a parse,
// chunks parse the same inside a padded packet split over segments.
#include "sctp/wire/chunks/all.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <vector>

#include "chunk_test_util.h"
#include "sctp/wire/packet.h"

namespace dsctp::sctp::wire {
namespace {

using chunktest::Bytes;
using chunktest::bytes_of;

// One small valid chunk of every known type.
std::vector<Bytes> corpus() {
  return {
      bytes_of({0x00, 0x03, 0, 17, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 'x', 0, 0, 0}),
      bytes_of({0x01, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0x10, 0, 0, 1, 0, 1, 0, 0, 0, 1}),
      bytes_of({0x02, 0, 0, 24, 0, 0, 0, 2, 0, 0, 0x10, 0, 0, 1, 0, 1, 0, 0, 0, 1,
                0x00, 0x07, 0x00, 0x04}),
      bytes_of({0x03, 0, 0, 20, 0, 0, 0, 9, 0, 0, 0x10, 0, 0, 1, 0, 0, 0, 2, 0, 3}),
      bytes_of({0x04, 0, 0, 9, 0x00, 0x01, 0x00, 0x05, 0xAB, 0, 0, 0}),
      bytes_of({0x05, 0, 0, 9, 0x00, 0x01, 0x00, 0x05, 0xAB, 0, 0, 0}),
      bytes_of({0x06, 0x01, 0, 4}),
      bytes_of({0x07, 0, 0, 8, 0, 0, 0, 9}),
      bytes_of({0x08, 0, 0, 4}),
      bytes_of({0x09, 0, 0, 8, 0x00, 0x0D, 0x00, 0x04}),
      bytes_of({0x0A, 0, 0, 6, 0xC0, 0x0C, 0, 0}),
      bytes_of({0x0B, 0, 0, 4}),
      bytes_of({0x0C, 0, 0, 8, 0, 0, 0, 9}),
      bytes_of({0x0D, 0, 0, 8, 0, 0, 0, 9}),
      bytes_of({0x0E, 0, 0, 4}),
      bytes_of({0x0F, 0, 0, 10, 0, 1, 0, 1, 0xAA, 0xBB, 0, 0}),
      bytes_of({0x10, 0, 0, 24, 0, 0, 0, 9, 0, 0, 0x10, 0, 0, 0, 0, 1, 0, 0, 0, 0,
                0, 2, 0, 2}),
      bytes_of({0x40, 0x03, 0, 21, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                'y', 0, 0, 0}),
      bytes_of({0x80, 0, 0, 8, 0, 0, 0, 1}),
      bytes_of({0x82, 0, 0, 12, 0x00, 0x0E, 0x00, 0x08, 0, 0, 0, 1}),
      bytes_of({0x84, 0, 0, 5, 0, 0, 0, 0}),
      bytes_of({0xC0, 0, 0, 12, 0, 0, 0, 9, 0, 1, 0, 2}),
      bytes_of({0xC1, 0, 0, 16, 0, 0, 0, 1, 0x00, 0x05, 0x00, 0x08, 10, 0, 0, 1}),
      bytes_of({0xC2, 0, 0, 16, 0, 0, 0, 9, 0, 1, 0, 1, 0, 0, 0, 2}),
  };
}

Bytes serialize_any(const AnyChunk& c) {
  return std::visit([](const auto& x) { return chunktest::wire_of(x); }, c);
}

uint32_t serialized_size_of(const AnyChunk& c) {
  return std::visit([](const auto& x) { return x.serialized_size(); }, c);
}

TEST(ParseChunk, DispatchesEveryKnownTypeAndOnlyThose) {
  for (int t = 0; t < 256; ++t) {
    SCOPED_TRACE(t);
    const ChunkType type = static_cast<ChunkType>(t);
    Bytes header = bytes_of({t, 0, 0, 4});
    auto r = parse_chunk(chunktest::frame_one(ByteRange(header)));
    if (is_known(type)) {
      // A bare header is valid for some types and too short for others,
      // but never of the wrong type.
      EXPECT_TRUE(r.has_value() || r.error() != ParseError::kWrongType);
      if (r) {
        EXPECT_EQ(type_of(*r), type);
      }
    } else {
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error(), ParseError::kWrongType);
    }
  }
}

TEST(ParseChunk, CorpusCoversEveryKnownTypeAndRoundTrips) {
  std::set<int> seen;
  for (const Bytes& wire : corpus()) {
    const ChunkType type = static_cast<ChunkType>(wire[0]);
    SCOPED_TRACE(name_of(type));
    EXPECT_TRUE(is_known(type));
    EXPECT_TRUE(seen.insert(static_cast<int>(type)).second) << "listed twice";
    auto r = parse_chunk(chunktest::frame_one(ByteRange(wire)));
    ASSERT_TRUE(r.has_value()) << to_string(r.error());
    EXPECT_EQ(type_of(*r), type);
    EXPECT_EQ(serialize_any(*r), wire);
  }
  int known = 0;
  for (int t = 0; t < 256; ++t) known += is_known(static_cast<ChunkType>(t));
  EXPECT_EQ(seen.size(), static_cast<size_t>(known));
  EXPECT_EQ(std::variant_size_v<AnyChunk>, static_cast<size_t>(known));
}

TEST(ParseChunk, EveryTruncationOfEveryTypeFailsOrParsesConsistently) {
  for (const Bytes& wire : corpus()) {
    SCOPED_TRACE(name_of(static_cast<ChunkType>(wire[0])));
    const uint16_t len = chunktest::length_field(wire);
    for (uint32_t n = kChunkHeaderSize; n < len; ++n) {
      Bytes prefix(wire.begin(), wire.begin() + n);
      ChunkReader stale{ByteRange(prefix)};
      RawChunk raw;
      EXPECT_FALSE(stale.next(raw));
      ASSERT_TRUE(stale.error().has_value());
      EXPECT_EQ(*stale.error(), ParseError::kLengthBeyondEnd);
      store_be16(prefix.data() + 2, static_cast<uint16_t>(n));
      auto r = parse_chunk(chunktest::frame_one(ByteRange(prefix)));
      if (r) {
        EXPECT_EQ(serialized_size_of(*r), n);
        EXPECT_EQ(serialize_any(*r), chunktest::concat({prefix, Bytes(pad4(n) - n)}));
      }
    }
  }
}

// Deterministic noise: random values of every chunk type must never crash
// a parse (ASan/UBSan watch the reads), and what parses accounts for every
// byte of its value.
TEST(ParseChunk, RandomValuesNeverCrash) {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  };
  int parsed = 0;
  for (int t = 0; t < 256; ++t) {
    for (int round = 0; round < 64; ++round) {
      const uint32_t value_len = next() % 48;
      Bytes wire(4 + value_len);
      wire[0] = static_cast<std::byte>(t);
      wire[1] = static_cast<std::byte>(next());
      store_be16(wire.data() + 2, static_cast<uint16_t>(wire.size()));
      // Small numbers in the count fields make well-formed records likely.
      for (uint32_t i = 4; i < wire.size(); ++i) {
        wire[i] = static_cast<std::byte>(next() % 4 == 0 ? next() : next() % 3);
      }
      auto r = parse_chunk(chunktest::frame_one(ByteRange(wire)));
      if (!r) continue;
      ++parsed;
      EXPECT_EQ(serialized_size_of(*r), wire.size()) << "type " << t;
    }
  }
  EXPECT_GT(parsed, 256) << "the noise should hit valid chunks too";
}

// Several odd-sized chunks in one packet: PacketBuilder pads each to 4
// bytes with zeros, and ChunkReader steps over the padding.
class PaddedPacket : public ::testing::Test {
 protected:
  void SetUp() override {
    PacketBuilder b(buf_, CommonHeader{1, 2, VerificationTag(3), 0});
    CookieEchoChunk echo;
    echo.cookie = ByteRange(cookie_);
    ASSERT_TRUE(b.add(echo));
    PadChunk pad;
    pad.padding = ByteRange(one_byte_);
    ASSERT_TRUE(b.add(pad));
    AuthChunk auth;
    auth.shared_key_id = 1;
    auth.hmac_id = 1;
    auth.hmac = ByteRange(hmac_);
    ASSERT_TRUE(b.add(auth));
    ShutdownCompleteChunk done;
    done.flags = ShutdownCompleteChunk::kTagReflected;
    ASSERT_TRUE(b.add(done));
    packet_ = Bytes(b.finish().begin(), b.finish().end());
  }

  // Walks the chunks of `packet` (common header included) and checks them.
  void expect_chunks(const ByteRange& packet) {
    auto view = PacketView::parse(packet);
    ASSERT_TRUE(view.has_value());
    ChunkReader reader = view->chunk_reader();
    RawChunk raw;
    std::vector<AnyChunk> chunks;
    while (reader.next(raw)) {
      auto r = parse_chunk(raw);
      ASSERT_TRUE(r.has_value()) << to_string(r.error());
      chunks.push_back(*r);
    }
    EXPECT_FALSE(reader.error().has_value());
    ASSERT_EQ(chunks.size(), 4u);
    EXPECT_TRUE(std::get<CookieEchoChunk>(chunks[0]).cookie.equals(cookie_));
    EXPECT_TRUE(std::get<PadChunk>(chunks[1]).padding.equals(one_byte_));
    EXPECT_TRUE(std::get<AuthChunk>(chunks[2]).hmac.equals(hmac_));
    EXPECT_TRUE(std::get<ShutdownCompleteChunk>(chunks[3]).tag_reflected());
  }

  std::array<std::byte, 256> buf_{};
  Bytes cookie_ = bytes_of({1, 2, 3, 4, 5});
  Bytes one_byte_ = bytes_of({0x77});
  Bytes hmac_ = bytes_of({9, 8, 7, 6, 5, 4, 3});
  Bytes packet_;
};

TEST_F(PaddedPacket, PadsEachChunkWithZerosAndWalksThem) {
  // 12 header + (9->12) + (5->8) + (15->16) + 4.
  ASSERT_EQ(packet_.size(), 12u + 12 + 8 + 16 + 4);
  const Bytes zeros3(3, std::byte{0});
  EXPECT_TRUE(std::equal(zeros3.begin(), zeros3.end(), packet_.begin() + 12 + 9));
  EXPECT_TRUE(std::equal(zeros3.begin(), zeros3.end(), packet_.begin() + 24 + 5));
  EXPECT_EQ(packet_[32 + 15], std::byte{0});
  expect_chunks(ByteRange(packet_));
}

TEST_F(PaddedPacket, ParsesTheSameSplitIntoThreeSegmentsAnywhere) {
  const uint32_t size = static_cast<uint32_t>(packet_.size());
  for (uint32_t a = 0; a <= size; ++a) {
    for (uint32_t b = a; b <= size; ++b) {
      SCOPED_TRACE(::testing::Message() << "cuts at " << a << " and " << b);
      Segment segs[] = {{packet_.data(), a},
                        {packet_.data() + a, b - a},
                        {packet_.data() + b, size - b}};
      expect_chunks(ByteRange(std::span<const Segment>(segs)));
      if (HasFatalFailure()) return;
    }
  }
}

TEST(Padding, LastChunkMayLackItsPadding) {
  // A COOKIE-ECHO with a 3-byte cookie, then an unpadded ERROR at the end.
  Bytes run = bytes_of({0x0A, 0, 0, 7, 'a', 'b', 'c', 0,
                        0x09, 0, 0, 9, 0x00, 0x0D, 0x00, 0x05, 'z'});
  ChunkReader reader{ByteRange(run)};
  RawChunk raw;
  ASSERT_TRUE(reader.next(raw));
  auto echo = CookieEchoChunk::parse(raw);
  ASSERT_TRUE(echo.has_value());
  EXPECT_TRUE(echo->cookie.equals(chunktest::text("abc")));
  ASSERT_TRUE(reader.next(raw));
  auto error = ErrorChunk::parse(raw);
  ASSERT_TRUE(error.has_value());
  RawParameter cause;
  ParameterReader causes = error->causes();
  ASSERT_TRUE(causes.next(cause));
  EXPECT_EQ(cause.cause_code(), CauseCode::kProtocolViolation);
  EXPECT_TRUE(cause.value.equals(chunktest::text("z")));
  EXPECT_FALSE(reader.next(raw));
  EXPECT_FALSE(reader.error().has_value());
}

TEST(Padding, IsNotPartOfAFixedSizeChunk) {
  // A SHUTDOWN whose length counts 4 bytes of "padding" is a 12-byte
  // SHUTDOWN, which does not exist.
  Bytes wire = bytes_of({0x07, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 0});
  auto r = parse_chunk(chunktest::frame_one(ByteRange(wire)));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), ParseError::kWrongLengthForType);
}

}  // namespace
}  // namespace dsctp::sctp::wire
