// Chunks of the extensions: FORWARD-TSN, I-FORWARD-TSN, AUTH, ASCONF,
// ASCONF-ACK, RE-CONFIG and PAD.
#include <gtest/gtest.h>

#include <array>

#include "chunk_test_util.h"
#include "sctp/wire/chunks/asconf.h"
#include "sctp/wire/chunks/auth.h"
#include "sctp/wire/chunks/forward_tsn.h"
#include "sctp/wire/chunks/pad.h"
#include "sctp/wire/chunks/reconfig.h"

namespace dsctp::sctp::wire {
namespace {

using chunktest::at_least;
using chunktest::Bytes;
using chunktest::bytes_of;
using chunktest::error_of;

const Bytes kForwardTsn = bytes_of({
    0xC0, 0x00, 0x00, 0x10,  // FORWARD-TSN, length 16
    0x00, 0x00, 0x00, 0x64,  // new cumulative TSN 100
    0x00, 0x01, 0x00, 0x05,  // stream 1, SSN 5
    0x00, 0x07, 0xFF, 0xFF,  // stream 7, SSN 65535
});

void check_known_forward_tsn(const ForwardTsnChunk& c) {
  EXPECT_EQ(c.new_cumulative_tsn, Tsn(100));
  ASSERT_EQ(c.streams.size(), 2u);
  EXPECT_EQ(c.streams[0], (ForwardTsnStream{StreamId(1), Ssn(5)}));
  EXPECT_EQ(c.streams[1], (ForwardTsnStream{StreamId(7), Ssn(65535)}));
}

TEST(ForwardTsnChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<ForwardTsnChunk>(kForwardTsn);
  ASSERT_TRUE(c.has_value());
  check_known_forward_tsn(*c);
  chunktest::expect_split_invariant<ForwardTsnChunk>(kForwardTsn, check_known_forward_tsn);
  // Whole records can be cut off and it still parses, with fewer streams.
  chunktest::expect_truncations<ForwardTsnChunk>(
      kForwardTsn, [](uint32_t n) { return n >= 8 && n % 4 == 0; });
}

TEST(ForwardTsnChunk, RoundTripsFromValuesAndChecksRecords) {
  const std::array<ForwardTsnStream, 1> streams{{{StreamId(65535), Ssn(1)}}};
  ForwardTsnChunk c;
  c.new_cumulative_tsn = Tsn(0x80000000);
  c.streams = RecordList<ForwardTsnStream>(streams);
  Bytes wire = chunktest::wire_of(c);
  EXPECT_EQ(wire, bytes_of({0xC0, 0, 0, 12, 0x80, 0, 0, 0, 0xFF, 0xFF, 0, 1}));
  auto bare = chunktest::parse_and_reserialize<ForwardTsnChunk>(
      bytes_of({0xC0, 0, 0, 8, 0, 0, 0, 9}));
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->new_cumulative_tsn, Tsn(9));
  EXPECT_TRUE(bare->streams.empty());
  EXPECT_EQ(error_of<ForwardTsnChunk>(bytes_of({0xC0, 0, 0, 10, 0, 0, 0, 9, 0, 1, 0, 0})),
            ParseError::kBadRecordLength);
  EXPECT_EQ(error_of<ForwardTsnChunk>(bytes_of({0xC0, 0, 0, 4})), ParseError::kTooShortForType);
  EXPECT_EQ(error_of<IForwardTsnChunk>(kForwardTsn), ParseError::kWrongType);
}

const Bytes kIForwardTsn = bytes_of({
    0xC2, 0x00, 0x00, 0x18,  // I-FORWARD-TSN, length 24
    0x00, 0x00, 0x01, 0x00,  // new cumulative TSN 256
    0x00, 0x03, 0x00, 0x01,  // stream 3, U
    0x00, 0x00, 0x00, 0x2A,  // MID 42
    0x00, 0x04, 0x00, 0x00,  // stream 4, ordered
    0xFF, 0xFF, 0xFF, 0xFF,  // MID 2^32-1
});

void check_known_i_forward_tsn(const IForwardTsnChunk& c) {
  EXPECT_EQ(c.new_cumulative_tsn, Tsn(256));
  ASSERT_EQ(c.streams.size(), 2u);
  EXPECT_EQ(c.streams[0], (IForwardTsnStream{StreamId(3), true, Mid(42)}));
  EXPECT_EQ(c.streams[1], (IForwardTsnStream{StreamId(4), false, Mid(0xFFFFFFFF)}));
}

TEST(IForwardTsnChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<IForwardTsnChunk>(kIForwardTsn);
  ASSERT_TRUE(c.has_value());
  check_known_i_forward_tsn(*c);
  chunktest::expect_split_invariant<IForwardTsnChunk>(kIForwardTsn, check_known_i_forward_tsn);
  chunktest::expect_truncations<IForwardTsnChunk>(
      kIForwardTsn, [](uint32_t n) { return n >= 8 && (n - 8) % 8 == 0; });
  EXPECT_EQ(error_of<IForwardTsnChunk>(
                bytes_of({0xC2, 0, 0, 12, 0, 0, 0, 1, 0, 3, 0, 1})),
            ParseError::kBadRecordLength);
}

TEST(IForwardTsnChunk, IgnoresReservedBitsAndWritesThemZero) {
  Bytes reserved = kIForwardTsn;
  reserved[10] = std::byte{0xFF};
  reserved[11] = std::byte{0xFE};  // reserved set, U clear
  reserved[18] = std::byte{0x80};
  reserved[19] = std::byte{0x01};  // reserved set, U set
  auto c = chunktest::frame_and_parse<IForwardTsnChunk>(ByteRange(reserved));
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(c->streams[0].unordered);
  EXPECT_TRUE(c->streams[1].unordered);
  const std::array<IForwardTsnStream, 2> values{{c->streams[0], c->streams[1]}};
  IForwardTsnChunk rebuilt;
  rebuilt.new_cumulative_tsn = c->new_cumulative_tsn;
  rebuilt.streams = RecordList<IForwardTsnStream>(values);
  Bytes wire = chunktest::wire_of(rebuilt);
  EXPECT_EQ(wire[10], std::byte{0});
  EXPECT_EQ(wire[11], std::byte{0});
  EXPECT_EQ(wire[18], std::byte{0});
  EXPECT_EQ(wire[19], std::byte{1});
}

Bytes hmac_bytes() {
  Bytes h;
  for (int i = 1; i <= 20; ++i) h.push_back(static_cast<std::byte>(i));
  return h;
}

TEST(AuthChunk, ParsesKnownBytes) {
  Bytes wire = chunktest::concat({bytes_of({
                                      0x0F, 0x00, 0x00, 0x1C,  // AUTH, length 28
                                      0x00, 0x02, 0x00, 0x01,  // key 2, HMAC-SHA-1
                                  }),
                                  hmac_bytes()});
  auto check = [](const AuthChunk& c) {
    EXPECT_EQ(c.shared_key_id, 2);
    EXPECT_EQ(c.hmac_id, 1);
    EXPECT_TRUE(c.hmac.equals(hmac_bytes()));
  };
  auto c = chunktest::parse_and_reserialize<AuthChunk>(wire);
  ASSERT_TRUE(c.has_value());
  check(*c);
  chunktest::expect_split_invariant<AuthChunk>(wire, check);
  chunktest::expect_truncations<AuthChunk>(wire, at_least(8));
  EXPECT_EQ(error_of<AuthChunk>(bytes_of({0x0F, 0, 0, 6, 0, 1, 0, 0})),
            ParseError::kTooShortForType);
}

TEST(AuthChunk, RoundTripsFromValues) {
  Bytes hmac(32, std::byte{0x5A});
  AuthChunk c;
  c.shared_key_id = 0xFFFF;
  c.hmac_id = 3;  // HMAC-SHA-256
  c.hmac = ByteRange(hmac);
  Bytes wire = chunktest::wire_of(c);
  EXPECT_EQ(chunktest::length_field(wire), 40);
  auto back = chunktest::parse_and_reserialize<AuthChunk>(wire);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->shared_key_id, 0xFFFF);
  EXPECT_EQ(back->hmac_id, 3);
  EXPECT_TRUE(back->hmac.equals(hmac));
}

const Bytes kAsconf = bytes_of({
    0xC1, 0x00, 0x00, 0x20,  // ASCONF, length 32
    0x00, 0x00, 0x00, 0x07,  // serial number 7
    0x00, 0x05, 0x00, 0x08,  // IPv4 Address 192.168.0.1
    0xC0, 0xA8, 0x00, 0x01,
    0xC0, 0x01, 0x00, 0x10,  // Add IP Address, length 16
    0x00, 0x00, 0x00, 0x01,  // correlation id 1
    0x00, 0x05, 0x00, 0x08,  // IPv4 Address 10.0.0.2
    0x0A, 0x00, 0x00, 0x02,
});

void check_known_asconf(const AsconfChunk& c) {
  EXPECT_EQ(c.serial_number, 7u);
  auto address = c.address_parameter();
  ASSERT_TRUE(address.has_value());
  EXPECT_EQ(address->parameter_type(), ParameterType::kIpv4Address);
  EXPECT_TRUE(address->value.equals(bytes_of({0xC0, 0xA8, 0x00, 0x01})));
  ParameterReader params = c.parameters();
  RawParameter p;
  ASSERT_TRUE(params.next(p));
  EXPECT_EQ(p.parameter_type(), ParameterType::kIpv4Address);
  ASSERT_TRUE(params.next(p));
  EXPECT_EQ(p.parameter_type(), ParameterType::kAddIpAddress);
  EXPECT_EQ(p.length, 16);
  EXPECT_FALSE(params.next(p));
  EXPECT_FALSE(params.error());
}

TEST(AsconfChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<AsconfChunk>(kAsconf);
  ASSERT_TRUE(c.has_value());
  check_known_asconf(*c);
  chunktest::expect_split_invariant<AsconfChunk>(kAsconf, check_known_asconf);
  // The address parameter is part of the fixed layout; the requests after
  // it are framed as they are walked.
  chunktest::expect_truncations<AsconfChunk>(kAsconf, at_least(16));
}

TEST(AsconfChunk, RequiresAnAddressParameterFirst) {
  EXPECT_EQ(error_of<AsconfChunk>(bytes_of({0xC1, 0, 0, 8, 0, 0, 0, 1})),
            ParseError::kTooShortForType);
  Bytes not_address = bytes_of({0xC1, 0, 0, 16, 0, 0, 0, 1,
                                0xC0, 0x05, 0x00, 0x08, 0, 0, 0, 1});  // Success Indication
  EXPECT_EQ(error_of<AsconfChunk>(not_address), ParseError::kInvalidField);
  Bytes cut_address = bytes_of({0xC1, 0, 0, 14, 0, 0, 0, 1, 0x00, 0x05, 0x00, 0x08, 10, 0, 0, 0});
  EXPECT_EQ(error_of<AsconfChunk>(cut_address), ParseError::kLengthBeyondEnd);
  Bytes ipv6 = chunktest::concat({bytes_of({0xC1, 0, 0, 28, 0, 0, 0, 2, 0x00, 0x06, 0x00, 0x14}),
                                  Bytes(16, std::byte{0x20})});
  auto c = chunktest::parse_and_reserialize<AsconfChunk>(ipv6);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->address_parameter()->parameter_type(), ParameterType::kIpv6Address);
  AsconfChunk hand_built;
  EXPECT_FALSE(hand_built.address_parameter().has_value());
}

TEST(AsconfAckChunk, ParsesKnownBytes) {
  Bytes wire = bytes_of({
      0x80, 0x00, 0x00, 0x1C,  // ASCONF-ACK, length 28
      0x00, 0x00, 0x00, 0x07,  // serial number 7
      0xC0, 0x05, 0x00, 0x08,  // Success Indication
      0x00, 0x00, 0x00, 0x01,  // correlation id 1
      0xC0, 0x03, 0x00, 0x0C,  // Error Cause Indication, length 12
      0x00, 0x00, 0x00, 0x02,  // correlation id 2
      0x00, 0x0D, 0x00, 0x04,  // Protocol Violation, no information
  });
  auto check = [](const AsconfAckChunk& c) {
    EXPECT_EQ(c.serial_number, 7u);
    ParameterReader params = c.parameters();
    RawParameter p;
    ASSERT_TRUE(params.next(p));
    EXPECT_EQ(p.parameter_type(), ParameterType::kSuccessIndication);
    ASSERT_TRUE(params.next(p));
    EXPECT_EQ(p.parameter_type(), ParameterType::kErrorCauseIndication);
    EXPECT_EQ(p.length, 12);
    EXPECT_FALSE(params.next(p));
    EXPECT_FALSE(params.error());
  };
  auto c = chunktest::parse_and_reserialize<AsconfAckChunk>(wire);
  ASSERT_TRUE(c.has_value());
  check(*c);
  chunktest::expect_split_invariant<AsconfAckChunk>(wire, check);
  chunktest::expect_truncations<AsconfAckChunk>(wire, at_least(8));
  EXPECT_EQ(error_of<AsconfChunk>(wire), ParseError::kWrongType);
}

TEST(AsconfAckChunk, MayCarryNoResponse) {
  AsconfAckChunk c;
  c.serial_number = 0xFFFFFFFF;
  Bytes wire = chunktest::wire_of(c);
  EXPECT_EQ(wire, bytes_of({0x80, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF}));
  auto back = chunktest::parse_and_reserialize<AsconfAckChunk>(wire);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->serial_number, 0xFFFFFFFFu);
  EXPECT_TRUE(back->parameter_bytes.empty());
}

// An Outgoing SSN Reset Request for stream 5 (18 bytes, padded to 20) and
// an Incoming SSN Reset Request for all streams.
const Bytes kReconfig = bytes_of({
    0x82, 0x00, 0x00, 0x20,  // RE-CONFIG, length 32
    0x00, 0x0D, 0x00, 0x12,  // Outgoing SSN Reset Request, length 18
    0x00, 0x00, 0x00, 0x01,  // request sequence 1
    0x00, 0x00, 0x00, 0x00,  // response sequence 0
    0x00, 0x00, 0x00, 0x0A,  // sender's last TSN 10
    0x00, 0x05, 0x00, 0x00,  // stream 5, padding
    0x00, 0x0E, 0x00, 0x08,  // Incoming SSN Reset Request, length 8
    0x00, 0x00, 0x00, 0x02,  // request sequence 2
});

void check_known_reconfig(const ReconfigChunk& c) {
  ParameterReader params = c.parameters();
  RawParameter p;
  ASSERT_TRUE(params.next(p));
  EXPECT_EQ(p.parameter_type(), ParameterType::kOutgoingSsnResetRequest);
  EXPECT_EQ(p.length, 18);
  ASSERT_TRUE(params.next(p));
  EXPECT_EQ(p.parameter_type(), ParameterType::kIncomingSsnResetRequest);
  EXPECT_FALSE(params.next(p));
}

TEST(ReconfigChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<ReconfigChunk>(kReconfig);
  ASSERT_TRUE(c.has_value());
  check_known_reconfig(*c);
  chunktest::expect_split_invariant<ReconfigChunk>(kReconfig, check_known_reconfig);
  // Only a cut right after the first parameter (or its padding) leaves a
  // well-framed list.
  chunktest::expect_truncations<ReconfigChunk>(kReconfig,
                                               [](uint32_t n) { return n >= 22 && n <= 24; });
}

TEST(ReconfigChunk, HoldsOneOrTwoParameters) {
  Bytes one = bytes_of({0x82, 0, 0, 12, 0x00, 0x0E, 0x00, 0x08, 0, 0, 0, 3});
  auto c = chunktest::parse_and_reserialize<ReconfigChunk>(one);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->parameter_bytes.size(), 8u);
  EXPECT_EQ(error_of<ReconfigChunk>(bytes_of({0x82, 0, 0, 4})), ParseError::kTooShortForType);
  Bytes three = chunktest::concat({bytes_of({0x82, 0, 0, 28}),
                                   bytes_of({0x00, 0x0E, 0x00, 0x08, 0, 0, 0, 1}),
                                   bytes_of({0x00, 0x0E, 0x00, 0x08, 0, 0, 0, 2}),
                                   bytes_of({0x00, 0x0E, 0x00, 0x08, 0, 0, 0, 3})});
  EXPECT_EQ(error_of<ReconfigChunk>(three), ParseError::kInvalidField);
  Bytes zero_length = bytes_of({0x82, 0, 0, 8, 0x00, 0x0E, 0x00, 0x00});
  EXPECT_EQ(error_of<ReconfigChunk>(zero_length), ParseError::kLengthBelowHeader);
}

TEST(PadChunk, ParsesKnownBytesAndBuildsFromZeros) {
  Bytes wire = bytes_of({0x84, 0x00, 0x00, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0});
  auto check = [](const PadChunk& c) { EXPECT_EQ(c.padding.size(), 6u); };
  auto c = chunktest::parse_and_reserialize<PadChunk>(wire);
  ASSERT_TRUE(c.has_value());
  check(*c);
  chunktest::expect_split_invariant<PadChunk>(wire, check);
  chunktest::expect_truncations<PadChunk>(wire, at_least(4));
  Bytes zeros(1200, std::byte{0});
  PadChunk big;
  big.padding = ByteRange(zeros);
  Bytes built = chunktest::wire_of(big);
  EXPECT_EQ(chunktest::length_field(built), 1204);
  EXPECT_EQ(built.size(), 1204u);
}

}  // namespace
}  // namespace dsctp::sctp::wire
