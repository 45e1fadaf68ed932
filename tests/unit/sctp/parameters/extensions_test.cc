#include "sctp/wire/parameters/extensions.h"

#include <gtest/gtest.h>

#include <array>

#include "param_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test::Bytes;
using test::bytes_of;

// ---- Forward-TSN-Supported (0xC000) ----

TEST(ForwardTsnSupportedParameter, ParsesRoundTripsAndRefusesAValue) {
  Bytes wire = bytes_of({0xC0, 0x00, 0x00, 0x04});
  EXPECT_TRUE(test::parse_as<ForwardTsnSupportedParameter>(wire).has_value());
  EXPECT_EQ(test::serialize(ForwardTsnSupportedParameter{}), wire);
  test::round_trip(ForwardTsnSupportedParameter{}, [](const ForwardTsnSupportedParameter&) {});
  test::parses_split_everywhere<ForwardTsnSupportedParameter>(
      wire, [](const ForwardTsnSupportedParameter&) {});
  EXPECT_EQ(test::parse_error_of<ForwardTsnSupportedParameter>(
                bytes_of({0xC0, 0x00, 0x00, 0x08, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
  EXPECT_EQ(test::parse_error_of<ForwardTsnSupportedParameter>(bytes_of({0x80, 0x00, 0x00, 0x04})),
            ParseError::kWrongType);
}

// ---- Supported Extensions (0x8008) ----

TEST(SupportedExtensionsParameter, ParsesKnownBytes) {
  // RE-CONFIG (130), ASCONF (193), ASCONF-ACK (128), padded by one byte.
  const Bytes p_wire = bytes_of({0x80, 0x08, 0x00, 0x07, 0x82, 0xC1, 0x80, 0x00});
  auto p = test::parse_as<SupportedExtensionsParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->chunk_types.size(), 3u);
  EXPECT_EQ(p->chunk_types[0].type, ChunkType::kReconfig);
  EXPECT_EQ(p->chunk_types[1].type, ChunkType::kAsconf);
  EXPECT_EQ(p->chunk_types[2].type, ChunkType::kAsconfAck);
  EXPECT_TRUE(p->contains(ChunkType::kAsconf));
  EXPECT_FALSE(p->contains(ChunkType::kForwardTsn));
  EXPECT_FALSE(p->contains(ChunkType::kData)) << "the padding byte is not an entry";
}

TEST(SupportedExtensionsParameter, KeepsUnknownChunkTypes) {
  const Bytes p_wire = bytes_of({0x80, 0x08, 0x00, 0x05, 0xF7, 0, 0, 0});
  auto p = test::parse_as<SupportedExtensionsParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->chunk_types.size(), 1u);
  EXPECT_EQ(static_cast<uint8_t>(p->chunk_types[0].type), 0xF7);
}

TEST(SupportedExtensionsParameter, RoundTripsSplitsAndTruncates) {
  std::array<ChunkTypeRecord, 5> types = {{{ChunkType::kForwardTsn},
                                           {ChunkType::kReconfig},
                                           {ChunkType::kIData},
                                           {ChunkType::kIForwardTsn},
                                           {ChunkType::kAuth}}};
  SupportedExtensionsParameter p;
  p.chunk_types = RecordList<ChunkTypeRecord>(types);
  auto check = [&](const SupportedExtensionsParameter& back) {
    ASSERT_EQ(back.chunk_types.size(), types.size());
    size_t i = 0;
    for (ChunkTypeRecord r : back.chunk_types) EXPECT_EQ(r.type, types[i++].type);
    EXPECT_TRUE(back.contains(ChunkType::kIData));
  };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  EXPECT_EQ(wire, bytes_of({0x80, 0x08, 0x00, 0x09, 192, 130, 64, 194, 15}));
  wire.resize(12, std::byte{0});
  test::parses_split_everywhere<SupportedExtensionsParameter>(wire, check);
  // One-byte records: every consistent truncation is a shorter list.
  test::for_each_truncation<SupportedExtensionsParameter>(
      wire, [&](uint32_t n, const ParseResult<SupportedExtensionsParameter>& r) {
        ASSERT_TRUE(r.has_value());
        ASSERT_EQ(r->chunk_types.size(), n);
        if (n > 0) {
          EXPECT_EQ(r->chunk_types[n - 1].type, types[n - 1].type);
        }
      });
}

// ---- Zero Checksum Acceptable (0x8001) ----

TEST(ZeroChecksumAcceptableParameter, ParsesKnownBytes) {
  const Bytes p_wire = bytes_of({0x80, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01});
  auto p = test::parse_as<ZeroChecksumAcceptableParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->error_detection_method, ZeroChecksumAcceptableParameter::kEdmidSctpOverDtls);
  // The reserved method parses; refusing it is the association's call.
  const Bytes reserved_wire = bytes_of({0x80, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00});
  auto reserved = test::parse_as<ZeroChecksumAcceptableParameter>(reserved_wire);
  ASSERT_TRUE(reserved.has_value());
  EXPECT_EQ(reserved->error_detection_method, 0u);
}

TEST(ZeroChecksumAcceptableParameter, RoundTripsSplitsAndRefusesOtherLengths) {
  ZeroChecksumAcceptableParameter p;
  p.error_detection_method = 0xA1B2C3D4;
  auto check = [](const ZeroChecksumAcceptableParameter& back) {
    EXPECT_EQ(back.error_detection_method, 0xA1B2C3D4u);
  };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  test::parses_split_everywhere<ZeroChecksumAcceptableParameter>(wire, check);
  test::expect_all_truncations_fail<ZeroChecksumAcceptableParameter>(
      wire, ParseError::kWrongLengthForType);
  EXPECT_EQ(test::parse_error_of<ZeroChecksumAcceptableParameter>(
                bytes_of({0x80, 0x01, 0x00, 0x0A, 0, 0, 0, 1, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
}

// ---- Adaptation Layer Indication (0xC006) ----

TEST(AdaptationLayerIndicationParameter, ParsesKnownBytes) {
  const Bytes p_wire = bytes_of({0xC0, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x02});
  auto p = test::parse_as<AdaptationLayerIndicationParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->code_point, 2u);
}

TEST(AdaptationLayerIndicationParameter, RoundTripsSplitsAndRefusesOtherLengths) {
  AdaptationLayerIndicationParameter p;
  p.code_point = 0xFFFFFFFE;
  auto check = [](const AdaptationLayerIndicationParameter& back) {
    EXPECT_EQ(back.code_point, 0xFFFFFFFEu);
  };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  EXPECT_EQ(wire, bytes_of({0xC0, 0x06, 0x00, 0x08, 0xFF, 0xFF, 0xFF, 0xFE}));
  test::parses_split_everywhere<AdaptationLayerIndicationParameter>(wire, check);
  test::expect_all_truncations_fail<AdaptationLayerIndicationParameter>(
      wire, ParseError::kWrongLengthForType);
  // Header only: the code point is missing, not to be read past the TLV.
  EXPECT_EQ(
      test::parse_error_of<AdaptationLayerIndicationParameter>(bytes_of({0xC0, 0x06, 0x00, 0x04})),
      ParseError::kWrongLengthForType);
}

// ---- Padding (0x8005) ----

TEST(PaddingParameter, ParsesKnownBytesAndRoundTrips) {
  const Bytes p_wire = bytes_of({0x80, 0x05, 0x00, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0});
  auto p = test::parse_as<PaddingParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->padding.size(), 8u);

  Bytes zeros(100, std::byte{0});
  PaddingParameter big;
  big.padding = test::range(zeros);
  auto check = [](const PaddingParameter& back) {
    EXPECT_EQ(back.padding.size(), 100u);
    EXPECT_TRUE(back.padding.equals(Bytes(100, std::byte{0})));
  };
  test::round_trip(big, check);
  Bytes wire = test::serialize(big);
  EXPECT_EQ(wire.size(), 104u);
  test::parses_split_everywhere<PaddingParameter>(wire, check);
  test::for_each_truncation<PaddingParameter>(
      wire, [](uint32_t n, const ParseResult<PaddingParameter>& r) {
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->padding.size(), n);
      });
}

}  // namespace
}  // namespace dsctp::sctp::wire
