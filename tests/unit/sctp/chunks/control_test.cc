// HEARTBEAT, HEARTBEAT-ACK, ABORT, ERROR, the SHUTDOWN family, ECNE, CWR.
#include <gtest/gtest.h>

#include "chunk_test_util.h"
#include "sctp/wire/chunks/abort_error.h"
#include "sctp/wire/chunks/ecn.h"
#include "sctp/wire/chunks/heartbeat.h"
#include "sctp/wire/chunks/shutdown.h"

namespace dsctp::sctp::wire {
namespace {

using chunktest::at_least;
using chunktest::Bytes;
using chunktest::bytes_of;
using chunktest::error_of;
using chunktest::never;

const Bytes kHeartbeat = bytes_of({
    0x04, 0x00, 0x00, 0x10,  // HEARTBEAT, length 16
    0x00, 0x01, 0x00, 0x0C,  // Heartbeat Info, length 12
    0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
});
const Bytes kInfo = bytes_of({0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});

void check_known_heartbeat(const HeartbeatChunk& c) {
  auto info = c.info();
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->parameter_type(), ParameterType::kHeartbeatInfo);
  EXPECT_EQ(info->length, 12);
  EXPECT_TRUE(info->value.equals(kInfo));
}

TEST(HeartbeatChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<HeartbeatChunk>(kHeartbeat);
  ASSERT_TRUE(c.has_value());
  check_known_heartbeat(*c);
  EXPECT_EQ(c->parameter_bytes.size(), 12u);
}

TEST(HeartbeatChunk, AckEchoesTheInformationUnchanged) {
  auto hb = chunktest::frame_and_parse<HeartbeatChunk>(ByteRange(kHeartbeat));
  ASSERT_TRUE(hb.has_value());
  HeartbeatAckChunk ack;
  ack.parameter_bytes = hb->parameter_bytes;
  Bytes wire = chunktest::wire_of(ack);
  Bytes expected = kHeartbeat;
  expected[0] = std::byte{0x05};
  EXPECT_EQ(wire, expected);
  auto back = chunktest::parse_and_reserialize<HeartbeatAckChunk>(wire);
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(back->info().has_value());
  EXPECT_TRUE(back->info()->value.equals(kInfo));
  EXPECT_EQ(error_of<HeartbeatChunk>(wire), ParseError::kWrongType);
}

TEST(HeartbeatChunk, ParsesWhateverTheSegmentation) {
  chunktest::expect_split_invariant<HeartbeatChunk>(kHeartbeat, check_known_heartbeat);
}

TEST(HeartbeatChunk, NeedsAParameterHeader) {
  chunktest::expect_truncations<HeartbeatChunk>(kHeartbeat, at_least(8));
  EXPECT_EQ(error_of<HeartbeatChunk>(bytes_of({0x04, 0, 0, 4})), ParseError::kTooShortForType);
  EXPECT_EQ(error_of<HeartbeatChunk>(bytes_of({0x04, 0, 0, 7, 0, 1, 0, 0})),
            ParseError::kTooShortForType);
}

TEST(HeartbeatChunk, InfoReportsAMissingOrBrokenParameter) {
  Bytes cut(kHeartbeat.begin(), kHeartbeat.begin() + 12);
  cut[3] = std::byte{12};
  auto c = chunktest::frame_and_parse<HeartbeatChunk>(ByteRange(cut));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->info().error(), ParseError::kLengthBeyondEnd);
  Bytes other = kHeartbeat;
  other[5] = std::byte{0x07};  // a State Cookie where the info should be
  auto o = chunktest::frame_and_parse<HeartbeatChunk>(ByteRange(other));
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->info().error(), ParseError::kWrongType);
}

const Bytes kAbort = bytes_of({
    0x06, 0x01, 0x00, 0x0C,  // ABORT, T set, length 12
    0x00, 0x0C, 0x00, 0x08,  // User-Initiated Abort, length 8
    'b', 'y', 'e', '!',
});

void check_known_abort(const AbortChunk& c) {
  EXPECT_TRUE(c.tag_reflected());
  ParameterReader causes = c.causes();
  RawParameter cause;
  ASSERT_TRUE(causes.next(cause));
  EXPECT_EQ(cause.cause_code(), CauseCode::kUserInitiatedAbort);
  EXPECT_TRUE(cause.value.equals(chunktest::text("bye!")));
  EXPECT_FALSE(causes.next(cause));
  EXPECT_FALSE(causes.error());
}

TEST(AbortChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<AbortChunk>(kAbort);
  ASSERT_TRUE(c.has_value());
  check_known_abort(*c);
  chunktest::expect_split_invariant<AbortChunk>(kAbort, check_known_abort);
  chunktest::expect_truncations<AbortChunk>(kAbort, at_least(4));
}

TEST(AbortChunk, WithoutCausesAndWithoutT) {
  AbortChunk c;
  Bytes wire = chunktest::wire_of(c);
  EXPECT_EQ(wire, bytes_of({0x06, 0x00, 0x00, 0x04}));
  auto back = chunktest::parse_and_reserialize<AbortChunk>(wire);
  ASSERT_TRUE(back.has_value());
  EXPECT_FALSE(back->tag_reflected());
  EXPECT_TRUE(back->cause_bytes.empty());
  c.flags = AbortChunk::kTagReflected;
  EXPECT_EQ(chunktest::wire_of(c)[1], std::byte{0x01});
  EXPECT_EQ(error_of<ErrorChunk>(kAbort), ParseError::kWrongType);
}

// Two causes, the first odd-sized and padded inside the chunk.
const Bytes kError = bytes_of({
    0x09, 0x00, 0x00, 0x14,  // ERROR, length 20
    0x00, 0x06, 0x00, 0x09,  // Unrecognized Chunk Type, length 9
    0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0x00, 0x00, 0x00,
    0x00, 0x0D, 0x00, 0x04,  // Protocol Violation, no information
});

void check_known_error(const ErrorChunk& c) {
  ParameterReader causes = c.causes();
  RawParameter cause;
  ASSERT_TRUE(causes.next(cause));
  EXPECT_EQ(cause.cause_code(), CauseCode::kUnrecognizedChunkType);
  EXPECT_TRUE(cause.value.equals(bytes_of({0xAA, 0xBB, 0xCC, 0xDD, 0xEE})));
  ASSERT_TRUE(causes.next(cause));
  EXPECT_EQ(cause.cause_code(), CauseCode::kProtocolViolation);
  EXPECT_TRUE(cause.value.empty());
  EXPECT_FALSE(causes.next(cause));
  EXPECT_FALSE(causes.error());
}

TEST(ErrorChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<ErrorChunk>(kError);
  ASSERT_TRUE(c.has_value());
  check_known_error(*c);
  chunktest::expect_split_invariant<ErrorChunk>(kError, check_known_error);
  chunktest::expect_truncations<ErrorChunk>(kError, at_least(4));
}

TEST(ErrorChunk, RoundTripsFromCauseBytes) {
  Bytes cause = bytes_of({0x00, 0x01, 0x00, 0x08, 0x00, 0x05, 0x00, 0x00});
  ErrorChunk c;
  c.cause_bytes = ByteRange(cause);
  Bytes wire = chunktest::wire_of(c);
  EXPECT_EQ(wire, chunktest::concat({bytes_of({0x09, 0, 0, 12}), cause}));
  auto back = chunktest::parse_and_reserialize<ErrorChunk>(wire);
  ASSERT_TRUE(back.has_value());
  RawParameter p;
  ParameterReader causes = back->causes();
  ASSERT_TRUE(causes.next(p));
  EXPECT_EQ(p.cause_code(), CauseCode::kInvalidStreamIdentifier);
  EXPECT_EQ(load_be16(p.value.contiguous().data()), 5);
}

const Bytes kShutdown = bytes_of({0x07, 0x00, 0x00, 0x08, 0x00, 0x00, 0x12, 0x34});

TEST(ShutdownChunk, ParsesKnownBytes) {
  auto check = [](const ShutdownChunk& c) { EXPECT_EQ(c.cumulative_tsn_ack, Tsn(0x1234)); };
  auto c = chunktest::parse_and_reserialize<ShutdownChunk>(kShutdown);
  ASSERT_TRUE(c.has_value());
  check(*c);
  chunktest::expect_split_invariant<ShutdownChunk>(kShutdown, check);
  chunktest::expect_truncations<ShutdownChunk>(kShutdown, never());
  ShutdownChunk built;
  built.cumulative_tsn_ack = Tsn(0x1234);
  EXPECT_EQ(chunktest::wire_of(built), kShutdown);
}

TEST(ShutdownChunk, RejectsAnyOtherLength) {
  EXPECT_EQ(error_of<ShutdownChunk>(bytes_of({0x07, 0, 0, 4})), ParseError::kWrongLengthForType);
  EXPECT_EQ(error_of<ShutdownChunk>(bytes_of({0x07, 0, 0, 6, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
  EXPECT_EQ(error_of<ShutdownChunk>(bytes_of({0x07, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
}

TEST(ShutdownAckChunk, IsExactlyAHeader) {
  EXPECT_EQ(chunktest::wire_of(ShutdownAckChunk{}), bytes_of({0x08, 0, 0, 4}));
  EXPECT_TRUE(
      chunktest::parse_and_reserialize<ShutdownAckChunk>(bytes_of({0x08, 0, 0, 4})).has_value());
  EXPECT_EQ(error_of<ShutdownAckChunk>(bytes_of({0x08, 0, 0, 8, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
  EXPECT_EQ(error_of<ShutdownAckChunk>(bytes_of({0x07, 0, 0, 4})), ParseError::kWrongType);
}

TEST(ShutdownCompleteChunk, CarriesTheTBit) {
  auto t = chunktest::parse_and_reserialize<ShutdownCompleteChunk>(bytes_of({0x0E, 0x01, 0, 4}));
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->tag_reflected());
  auto plain = chunktest::parse_and_reserialize<ShutdownCompleteChunk>(bytes_of({0x0E, 0, 0, 4}));
  ASSERT_TRUE(plain.has_value());
  EXPECT_FALSE(plain->tag_reflected());
  EXPECT_EQ(error_of<ShutdownCompleteChunk>(bytes_of({0x0E, 0x01, 0, 8, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
  chunktest::expect_truncations<ShutdownCompleteChunk>(bytes_of({0x0E, 0x01, 0, 4}), never());
}

TEST(EcneChunk, ParsesTheRfcForm) {
  Bytes wire = bytes_of({0x0C, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05});
  auto check = [](const EcneChunk& c) {
    EXPECT_EQ(c.lowest_tsn, Tsn(5));
    EXPECT_FALSE(c.packets_since_cwr.has_value());
  };
  auto c = chunktest::parse_and_reserialize<EcneChunk>(wire);
  ASSERT_TRUE(c.has_value());
  check(*c);
  chunktest::expect_split_invariant<EcneChunk>(wire, check);
  chunktest::expect_truncations<EcneChunk>(wire, never());
}

TEST(EcneChunk, ParsesUsrsctpsLongForm) {
  Bytes wire = bytes_of({0x0C, 0x00, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x05,
                         0x00, 0x00, 0x00, 0x03});
  auto check = [](const EcneChunk& c) {
    EXPECT_EQ(c.lowest_tsn, Tsn(5));
    ASSERT_TRUE(c.packets_since_cwr.has_value());
    EXPECT_EQ(*c.packets_since_cwr, 3u);
  };
  auto c = chunktest::parse_and_reserialize<EcneChunk>(wire);
  ASSERT_TRUE(c.has_value());
  check(*c);
  chunktest::expect_split_invariant<EcneChunk>(wire, check);
  // Cut back to 8 bytes it is the short form, which is valid.
  chunktest::expect_truncations<EcneChunk>(wire, [](uint32_t n) { return n == 8; });
  EcneChunk built;
  built.lowest_tsn = Tsn(5);
  built.packets_since_cwr = 3;
  EXPECT_EQ(chunktest::wire_of(built), wire);
}

TEST(EcneChunk, RejectsOtherLengths) {
  EXPECT_EQ(error_of<EcneChunk>(bytes_of({0x0C, 0, 0, 10, 0, 0, 0, 5, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
  EXPECT_EQ(error_of<EcneChunk>(bytes_of({0x0C, 0, 0, 16, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
  EXPECT_EQ(error_of<EcneChunk>(bytes_of({0x0C, 0, 0, 4})), ParseError::kWrongLengthForType);
}

TEST(CwrChunk, ParsesKnownBytesAndOnlyThatLength) {
  Bytes wire = bytes_of({0x0D, 0x00, 0x00, 0x08, 0xFF, 0xFF, 0xFF, 0xFF});
  auto check = [](const CwrChunk& c) { EXPECT_EQ(c.lowest_tsn, Tsn(0xFFFFFFFF)); };
  auto c = chunktest::parse_and_reserialize<CwrChunk>(wire);
  ASSERT_TRUE(c.has_value());
  check(*c);
  chunktest::expect_split_invariant<CwrChunk>(wire, check);
  chunktest::expect_truncations<CwrChunk>(wire, never());
  EXPECT_EQ(error_of<CwrChunk>(bytes_of({0x0D, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 0})),
            ParseError::kWrongLengthForType);
  EXPECT_EQ(error_of<CwrChunk>(bytes_of({0x0C, 0, 0, 8, 0, 0, 0, 1})), ParseError::kWrongType);
}

}  // namespace
}  // namespace dsctp::sctp::wire
