// INIT, INIT-ACK, COOKIE-ECHO and COOKIE-ACK.
#include <gtest/gtest.h>

#include "chunk_test_util.h"
#include "sctp/wire/chunks/cookie.h"
#include "sctp/wire/chunks/init.h"

namespace dsctp::sctp::wire {
namespace {

using chunktest::at_least;
using chunktest::Bytes;
using chunktest::bytes_of;
using chunktest::error_of;
using chunktest::never;

// An INIT as a peer would send it: tag 0x12345678, a_rwnd 65536, OS 10,
// MIS 11, initial TSN 0xA0B0C0D0, then ECN Capable and Forward-TSN-Supported.
const Bytes kInit = bytes_of({
    0x01, 0x00, 0x00, 0x1C,  // INIT, length 28
    0x12, 0x34, 0x56, 0x78,  // initiate tag
    0x00, 0x01, 0x00, 0x00,  // a_rwnd
    0x00, 0x0A, 0x00, 0x0B,  // OS, MIS
    0xA0, 0xB0, 0xC0, 0xD0,  // initial TSN
    0x80, 0x00, 0x00, 0x04,  // ECN Capable
    0xC0, 0x00, 0x00, 0x04,  // Forward-TSN-Supported
});

void check_known_init(const InitChunk& c) {
  EXPECT_EQ(c.initiate_tag, VerificationTag(0x12345678));
  EXPECT_EQ(c.a_rwnd, 65536u);
  EXPECT_EQ(c.outbound_streams, 10);
  EXPECT_EQ(c.max_inbound_streams, 11);
  EXPECT_EQ(c.initial_tsn, Tsn(0xA0B0C0D0));
  ParameterReader params = c.parameters();
  RawParameter p;
  ASSERT_TRUE(params.next(p));
  EXPECT_EQ(p.parameter_type(), ParameterType::kEcnCapable);
  EXPECT_EQ(p.length, 4);
  ASSERT_TRUE(params.next(p));
  EXPECT_EQ(p.parameter_type(), ParameterType::kForwardTsnSupported);
  EXPECT_FALSE(params.next(p));
  EXPECT_FALSE(params.error());
}

TEST(InitChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<InitChunk>(kInit);
  ASSERT_TRUE(c.has_value());
  check_known_init(*c);
}

TEST(InitChunk, RoundTripsThroughSerialize) {
  Bytes params = bytes_of({0x00, 0x0C, 0x00, 0x06, 0x00, 0x05});  // IPv4 only
  InitChunk c;
  c.initiate_tag = VerificationTag(0xCAFEBABE);
  c.a_rwnd = 131072;
  c.outbound_streams = 65535;
  c.max_inbound_streams = 1;
  c.initial_tsn = Tsn(0xFFFFFFFF);
  c.parameter_bytes = ByteRange(params);
  Bytes wire = chunktest::wire_of(c);
  EXPECT_EQ(chunktest::length_field(wire), 26) << "the last parameter goes unpadded";
  EXPECT_EQ(wire.size(), 28u);
  auto back = chunktest::parse_and_reserialize<InitChunk>(wire);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->initiate_tag, VerificationTag(0xCAFEBABE));
  EXPECT_EQ(back->a_rwnd, 131072u);
  EXPECT_EQ(back->outbound_streams, 65535);
  EXPECT_EQ(back->max_inbound_streams, 1);
  EXPECT_EQ(back->initial_tsn, Tsn(0xFFFFFFFF));
  EXPECT_TRUE(back->parameter_bytes.equals(params));
}

TEST(InitChunk, ParsesWhateverTheSegmentation) {
  chunktest::expect_split_invariant<InitChunk>(kInit, check_known_init);
}

TEST(InitChunk, TruncationsBelowTheFixedPartFail) {
  // Past the 20-byte fixed part a shorter chunk is a shorter parameter list,
  // which parses; the parameters' framing is the reader's to reject.
  chunktest::expect_truncations<InitChunk>(kInit, at_least(20));
  Bytes cut(kInit.begin(), kInit.begin() + 22);
  cut[3] = std::byte{22};
  auto c = chunktest::frame_and_parse<InitChunk>(ByteRange(cut));
  ASSERT_TRUE(c.has_value());
  ParameterReader params = c->parameters();
  RawParameter p;
  EXPECT_FALSE(params.next(p));
  EXPECT_EQ(params.error(), ParseError::kTruncatedHeader);
}

TEST(InitChunk, RejectsTooShortAndOtherTypes) {
  Bytes short_init(kInit.begin(), kInit.begin() + 16);
  short_init[3] = std::byte{16};
  EXPECT_EQ(error_of<InitChunk>(short_init), ParseError::kTooShortForType);
  EXPECT_EQ(error_of<InitAckChunk>(kInit), ParseError::kWrongType);
}

TEST(InitChunk, LeavesZeroTagAndStreamsToTheAssociation) {
  // RFC 9260 3.3.2 makes these invalid, but the reaction needs state; the
  // parse only reports the values.
  Bytes zeros = bytes_of({0x01, 0x00, 0x00, 0x14, 0, 0, 0, 0, 0, 0, 0, 0,
                          0, 0, 0, 0, 0, 0, 0, 0});
  auto c = chunktest::parse_and_reserialize<InitChunk>(zeros);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->initiate_tag, VerificationTag(0));
  EXPECT_EQ(c->outbound_streams, 0);
  EXPECT_EQ(c->max_inbound_streams, 0);
  EXPECT_TRUE(c->parameter_bytes.empty());
}

TEST(InitChunk, KeepsTheLastParameterPaddingWhenCounted) {
  // Some stacks count the last parameter's padding in the chunk length;
  // both forms must walk to the same single parameter.
  Bytes padded = bytes_of({0x01, 0x00, 0x00, 0x1C, 0, 0, 0, 1, 0, 0, 0x10, 0,
                           0, 1, 0, 1, 0, 0, 0, 9,
                           0x00, 0x0C, 0x00, 0x06, 0x00, 0x05, 0x00, 0x00});
  auto c = chunktest::parse_and_reserialize<InitChunk>(padded);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->parameter_bytes.size(), 8u);
  ParameterReader params = c->parameters();
  RawParameter p;
  ASSERT_TRUE(params.next(p));
  EXPECT_EQ(p.parameter_type(), ParameterType::kSupportedAddressTypes);
  EXPECT_EQ(p.length, 6);
  EXPECT_FALSE(params.next(p));
  EXPECT_FALSE(params.error());
}

TEST(InitAckChunk, ParsesKnownBytesWithAStateCookie) {
  Bytes wire = bytes_of({
      0x02, 0x00, 0x00, 0x1C,  // INIT-ACK, length 28
      0x00, 0x00, 0x00, 0x2A,  // initiate tag 42
      0x00, 0x00, 0xFF, 0xFF,  // a_rwnd 65535
      0x00, 0x02, 0x00, 0x03,  // OS 2, MIS 3
      0x00, 0x00, 0x00, 0x01,  // initial TSN 1
      0x00, 0x07, 0x00, 0x08,  // State Cookie, length 8
      0xDE, 0xAD, 0xBE, 0xEF,
  });
  auto c = chunktest::parse_and_reserialize<InitAckChunk>(wire);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->initiate_tag, VerificationTag(42));
  EXPECT_EQ(c->a_rwnd, 65535u);
  EXPECT_EQ(c->outbound_streams, 2);
  EXPECT_EQ(c->max_inbound_streams, 3);
  EXPECT_EQ(c->initial_tsn, Tsn(1));
  ParameterReader params = c->parameters();
  RawParameter p;
  ASSERT_TRUE(params.next(p));
  EXPECT_EQ(p.parameter_type(), ParameterType::kStateCookie);
  EXPECT_TRUE(p.value.equals(bytes_of({0xDE, 0xAD, 0xBE, 0xEF})));
  EXPECT_EQ(error_of<InitChunk>(wire), ParseError::kWrongType);
  chunktest::expect_truncations<InitAckChunk>(wire, at_least(20));
}

const Bytes kCookieEcho = bytes_of({0x0A, 0x00, 0x00, 0x09, 1, 2, 3, 4, 5, 0, 0, 0});

TEST(CookieEchoChunk, ParsesKnownBytesAndKeepsTheCookieUnpadded) {
  auto c = chunktest::parse_and_reserialize<CookieEchoChunk>(kCookieEcho);
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->cookie.equals(bytes_of({1, 2, 3, 4, 5})));
}

TEST(CookieEchoChunk, RoundTripsAndSplits) {
  Bytes cookie = chunktest::text("a state cookie of some length");
  CookieEchoChunk c;
  c.cookie = ByteRange(cookie);
  Bytes wire = chunktest::wire_of(c);
  EXPECT_EQ(chunktest::length_field(wire), 4 + cookie.size());
  chunktest::expect_split_invariant<CookieEchoChunk>(wire, [&](const CookieEchoChunk& got) {
    EXPECT_TRUE(got.cookie.equals(cookie));
  });
  chunktest::expect_truncations<CookieEchoChunk>(wire, at_least(4));
}

TEST(CookieEchoChunk, EmptyCookieParsesForTheCookieCheckToRefuse) {
  auto c = chunktest::parse_and_reserialize<CookieEchoChunk>(bytes_of({0x0A, 0, 0, 4}));
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->cookie.empty());
}

TEST(CookieAckChunk, ParsesOnlyTheFixedLength) {
  EXPECT_TRUE(chunktest::parse_and_reserialize<CookieAckChunk>(bytes_of({0x0B, 0, 0, 4}))
                  .has_value());
  EXPECT_EQ(error_of<CookieAckChunk>(bytes_of({0x0B, 0, 0, 8, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
  EXPECT_EQ(error_of<CookieAckChunk>(bytes_of({0x0B, 0, 0, 5, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
  EXPECT_EQ(error_of<CookieAckChunk>(bytes_of({0x0E, 0, 0, 4})), ParseError::kWrongType);
  EXPECT_EQ(chunktest::wire_of(CookieAckChunk{}), bytes_of({0x0B, 0, 0, 4}));
  chunktest::expect_truncations<CookieAckChunk>(bytes_of({0x0B, 0, 0, 4}), never());
}

TEST(CookieAckChunk, IgnoresFlags) {
  auto c = chunktest::frame_and_parse<CookieAckChunk>(ByteRange(bytes_of({0x0B, 0xFF, 0, 4})));
  EXPECT_TRUE(c.has_value());
}

}  // namespace
}  // namespace dsctp::sctp::wire
