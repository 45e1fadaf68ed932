#include "sctp/wire/parameters/auth.h"

#include <gtest/gtest.h>

#include <array>

#include "param_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test::Bytes;
using test::bytes_of;

// ---- Random (0x8002) ----

TEST(RandomParameter, ParsesKnownBytes) {
  // A 5-byte random (not the required 32: that is the association's
  // check), padded by three.
  const Bytes p_wire = bytes_of({0x80, 0x02, 0x00, 0x09, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0, 0});
  auto p = test::parse_as<RandomParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->random.equals(bytes_of({0x11, 0x22, 0x33, 0x44, 0x55})));
}

TEST(RandomParameter, RoundTripsSplitsAndTruncates) {
  Bytes random(RandomParameter::kRequiredRandomSize);
  for (size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::byte>(0xA0 ^ i);
  RandomParameter p;
  p.random = test::range(random);
  auto check = [&](const RandomParameter& back) {
    EXPECT_EQ(back.random.size(), 32u);
    EXPECT_TRUE(back.random.equals(random));
  };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  EXPECT_EQ(load_be16(wire.data() + 2), 36);
  test::parses_split_everywhere<RandomParameter>(wire, check);
  test::for_each_truncation<RandomParameter>(wire,
                                             [](uint32_t n, const ParseResult<RandomParameter>& r) {
                                               ASSERT_TRUE(r.has_value());
                                               EXPECT_EQ(r->random.size(), n);
                                             });
}

// ---- Chunk List (0x8003) ----

TEST(ChunkListParameter, ParsesKnownBytes) {
  // DATA, SACK, ASCONF-ACK, ASCONF: a whole word, so no padding.
  const Bytes p_wire = bytes_of({0x80, 0x03, 0x00, 0x08, 0x00, 0x03, 0x80, 0xC1});
  auto p = test::parse_as<ChunkListParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->chunk_types.size(), 4u);
  EXPECT_EQ(p->chunk_types[0].type, ChunkType::kData);
  EXPECT_EQ(p->chunk_types[1].type, ChunkType::kSack);
  EXPECT_EQ(p->chunk_types[3].type, ChunkType::kAsconf);
  EXPECT_TRUE(p->contains(ChunkType::kAsconfAck));
  EXPECT_FALSE(p->contains(ChunkType::kInit));
}

TEST(ChunkListParameter, RoundTripsSplitsAndTruncates) {
  std::array<ChunkTypeRecord, 2> types = {{{ChunkType::kAsconf}, {ChunkType::kAsconfAck}}};
  ChunkListParameter p;
  p.chunk_types = RecordList<ChunkTypeRecord>(types);
  auto check = [](const ChunkListParameter& back) {
    ASSERT_EQ(back.chunk_types.size(), 2u);
    EXPECT_EQ(back.chunk_types[0].type, ChunkType::kAsconf);
    EXPECT_EQ(back.chunk_types[1].type, ChunkType::kAsconfAck);
  };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  EXPECT_EQ(wire, bytes_of({0x80, 0x03, 0x00, 0x06, 0xC1, 0x80}));
  wire.resize(8, std::byte{0});
  test::parses_split_everywhere<ChunkListParameter>(wire, check);
  test::for_each_truncation<ChunkListParameter>(
      wire, [](uint32_t n, const ParseResult<ChunkListParameter>& r) {
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->chunk_types.size(), n);
      });
}

// ---- Requested HMAC Algorithm (0x8004) ----

TEST(RequestedHmacAlgorithmParameter, ParsesKnownBytes) {
  const Bytes one_wire = bytes_of({0x80, 0x04, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00});
  auto one = test::parse_as<RequestedHmacAlgorithmParameter>(one_wire);
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->hmac_ids.size(), 1u);
  EXPECT_EQ(one->hmac_ids[0].id, HmacIdRecord::kSha1);

  const Bytes two_wire = bytes_of({0x80, 0x04, 0x00, 0x08, 0x00, 0x03, 0x00, 0x01});
  auto two = test::parse_as<RequestedHmacAlgorithmParameter>(two_wire);
  ASSERT_TRUE(two.has_value());
  ASSERT_EQ(two->hmac_ids.size(), 2u);
  EXPECT_EQ(two->hmac_ids[0].id, HmacIdRecord::kSha256) << "order of preference is kept";
  EXPECT_EQ(two->hmac_ids[1].id, HmacIdRecord::kSha1);
}

TEST(RequestedHmacAlgorithmParameter, RoundTripsSplitsAndRefusesAHalfId) {
  std::array<HmacIdRecord, 3> ids = {{{HmacIdRecord::kSha256}, {HmacIdRecord::kSha1}, {0x1234}}};
  RequestedHmacAlgorithmParameter p;
  p.hmac_ids = RecordList<HmacIdRecord>(ids);
  auto check = [](const RequestedHmacAlgorithmParameter& back) {
    ASSERT_EQ(back.hmac_ids.size(), 3u);
    EXPECT_EQ(back.hmac_ids[0].id, 3);
    EXPECT_EQ(back.hmac_ids[1].id, 1);
    EXPECT_EQ(back.hmac_ids[2].id, 0x1234);
  };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  EXPECT_EQ(wire, bytes_of({0x80, 0x04, 0x00, 0x0A, 0, 3, 0, 1, 0x12, 0x34}));
  wire.resize(12, std::byte{0});
  test::parses_split_everywhere<RequestedHmacAlgorithmParameter>(wire, check);
  test::for_each_truncation<RequestedHmacAlgorithmParameter>(
      wire, [](uint32_t n, const ParseResult<RequestedHmacAlgorithmParameter>& r) {
        if (n % 2 == 0) {
          ASSERT_TRUE(r.has_value());
          EXPECT_EQ(r->hmac_ids.size(), n / 2);
        } else {
          ASSERT_FALSE(r.has_value());
          EXPECT_EQ(r.error(), ParseError::kBadRecordLength);
        }
      });
  EXPECT_EQ(test::parse_error_of<RequestedHmacAlgorithmParameter>(
                bytes_of({0x80, 0x04, 0x00, 0x05, 0x00, 0, 0, 0})),
            ParseError::kBadRecordLength);
}

}  // namespace
}  // namespace dsctp::sctp::wire
