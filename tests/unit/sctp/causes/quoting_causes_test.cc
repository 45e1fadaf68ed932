#include "sctp/wire/causes/quoting_causes.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "unit/sctp/causes/tlv_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test_util::Bytes;
using test_util::bytes_of;
using test_util::concat;
using test_util::expect_format;
using test_util::expect_length_rule;
using test_util::parse_bytes;

std::optional<ParseError> ok() { return std::nullopt; }

const Bytes kIpv4Address = bytes_of({0x00, 0x05, 0x00, 0x08, 10, 0, 0, 1});
const Bytes kIpv6Address = bytes_of({0x00, 0x06, 0x00, 0x14, 0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0,
                                     0, 0, 0, 0, 0, 0, 0, 1});

const Bytes kUnresolvable = concat({bytes_of({0x00, 0x05, 0x00, 0x0C}), kIpv4Address});

TEST(UnresolvableAddressCause, WireFormat) {
  expect_format(UnresolvableAddressCause{ByteRange(kIpv4Address)}, kUnresolvable,
                [](const UnresolvableAddressCause& c) {
                  EXPECT_TRUE(c.address.equals(kIpv4Address));
                  auto tlv = c.address_tlv();
                  ASSERT_TRUE(tlv.has_value());
                  EXPECT_EQ(tlv->parameter_type(), ParameterType::kIpv4Address);
                  EXPECT_TRUE(tlv->value.equals(bytes_of({10, 0, 0, 1})));
                });
}

TEST(UnresolvableAddressCause, TakesOneTlvWithAtMostThreeBytesOfPadding) {
  expect_length_rule<UnresolvableAddressCause>(
      kUnresolvable, 24, [](uint32_t len) -> std::optional<ParseError> {
        if (len < 8) return ParseError::kTooShortForType;
        if (len < 12) return ParseError::kLengthBeyondEnd;
        if (len < 16) return ok();
        return ParseError::kPaddingTooLong;
      });
}

TEST(UnresolvableAddressCause, QuotesAHostNameWithItsPadding) {
  // A 6-byte Host Name Address TLV padded to 8 inside a cause of length 12.
  Bytes wire = bytes_of({0x00, 0x05, 0x00, 0x0C, 0x00, 0x0B, 0x00, 0x06, 'h', 0, 0, 0});
  auto c = parse_bytes<UnresolvableAddressCause>(ByteRange(wire));
  ASSERT_TRUE(c.has_value());
  auto tlv = c->address_tlv();
  ASSERT_TRUE(tlv.has_value());
  EXPECT_EQ(tlv->parameter_type(), ParameterType::kHostNameAddress);
  EXPECT_EQ(tlv->length, 6);
  EXPECT_EQ(c->address.size(), 8u);
}

const Bytes kUnknownChunk = bytes_of({0x4F, 0x01, 0x00, 0x07, 0xAA, 0xBB, 0xCC});
const Bytes kUnrecognizedChunk = concat({bytes_of({0x00, 0x06, 0x00, 0x0B}), kUnknownChunk});

TEST(UnrecognizedChunkTypeCause, WireFormat) {
  expect_format(UnrecognizedChunkTypeCause{ByteRange(kUnknownChunk)}, kUnrecognizedChunk,
                [](const UnrecognizedChunkTypeCause& c) {
                  EXPECT_EQ(c.chunk_type(), 0x4F);
                  EXPECT_TRUE(c.chunk.equals(kUnknownChunk));
                });
}

TEST(UnrecognizedChunkTypeCause, NeedsOnlyTheChunkHeader) {
  // Longer than the chunk's length (Linux quotes the padding) or shorter.
  expect_length_rule<UnrecognizedChunkTypeCause>(
      kUnrecognizedChunk, 20, [](uint32_t len) -> std::optional<ParseError> {
        if (len < 8) return ParseError::kTooShortForType;
        return ok();
      });
}

const Bytes kUnknownParams = bytes_of({
    0x80, 0x77, 0x00, 0x06, 0x01, 0x02, 0x00, 0x00,  // 0x8077, length 6, padded
    0xC0, 0xFF, 0x00, 0x04,                          // 0xC0FF, empty
});
const Bytes kUnrecognizedParams = concat({bytes_of({0x00, 0x08, 0x00, 0x10}), kUnknownParams});

TEST(UnrecognizedParametersCause, WireFormat) {
  expect_format(UnrecognizedParametersCause{ByteRange(kUnknownParams)}, kUnrecognizedParams,
                [](const UnrecognizedParametersCause& c) {
                  EXPECT_TRUE(c.parameters.equals(kUnknownParams));
                  ParameterReader reader = c.reader();
                  RawParameter p;
                  ASSERT_TRUE(reader.next(p));
                  EXPECT_EQ(p.type, 0x8077);
                  EXPECT_TRUE(p.value.equals(bytes_of({0x01, 0x02})));
                  ASSERT_TRUE(reader.next(p));
                  EXPECT_EQ(p.type, 0xC0FF);
                  EXPECT_FALSE(reader.next(p));
                  EXPECT_FALSE(reader.error().has_value());
                });
}

TEST(UnrecognizedParametersCause, EveryLengthChecksTheQuotedFraming) {
  expect_length_rule<UnrecognizedParametersCause>(
      kUnrecognizedParams, 24, [](uint32_t len) -> std::optional<ParseError> {
        uint32_t v = len - 4;
        if (v < 4) return ParseError::kTooShortForType;
        if (v < 6) return ParseError::kLengthBeyondEnd;
        if (v <= 8) return ok();  // the first TLV, its padding whole, partial or absent
        if (v < 12) return ParseError::kTruncatedHeader;
        if (v == 12) return ok();
        if (v < 16) return ParseError::kTruncatedHeader;
        return ParseError::kLengthBelowHeader;  // zeros read as a TLV of length 0
      });
}

const Bytes kNewAddresses = concat({kIpv4Address, kIpv6Address});
const Bytes kRestart = concat({bytes_of({0x00, 0x0B, 0x00, 0x20}), kNewAddresses});

TEST(RestartWithNewAddressesCause, WireFormat) {
  expect_format(RestartWithNewAddressesCause{ByteRange(kNewAddresses)}, kRestart,
                [](const RestartWithNewAddressesCause& c) {
                  EXPECT_TRUE(c.addresses.equals(kNewAddresses));
                  std::vector<ParameterType> types;
                  ParameterReader reader = c.reader();
                  RawParameter p;
                  while (reader.next(p)) types.push_back(p.parameter_type());
                  EXPECT_EQ(types, (std::vector<ParameterType>{ParameterType::kIpv4Address,
                                                               ParameterType::kIpv6Address}));
                });
}

TEST(RestartWithNewAddressesCause, EveryLengthChecksTheQuotedFraming) {
  expect_length_rule<RestartWithNewAddressesCause>(
      kRestart, 40, [](uint32_t len) -> std::optional<ParseError> {
        uint32_t v = len - 4;
        if (v < 4) return ParseError::kTooShortForType;
        if (v < 8) return ParseError::kLengthBeyondEnd;
        if (v == 8) return ok();
        if (v < 12) return ParseError::kTruncatedHeader;
        if (v < 28) return ParseError::kLengthBeyondEnd;
        if (v == 28) return ok();
        if (v < 32) return ParseError::kTruncatedHeader;
        return ParseError::kLengthBelowHeader;
      });
}

const Bytes kReason = bytes_of({'b', 'y', 'e'});
const Bytes kUserAbort = concat({bytes_of({0x00, 0x0C, 0x00, 0x07}), kReason});

TEST(UserInitiatedAbortCause, WireFormat) {
  expect_format(UserInitiatedAbortCause{ByteRange(kReason)}, kUserAbort,
                [](const UserInitiatedAbortCause& c) { EXPECT_TRUE(c.reason.equals(kReason)); });
  expect_length_rule<UserInitiatedAbortCause>(kUserAbort, 16,
                                              [](uint32_t) { return ok(); });
}

TEST(UserInitiatedAbortCause, EmptyReasonIsFine) {
  Bytes wire = bytes_of({0x00, 0x0C, 0x00, 0x04});
  auto c = parse_bytes<UserInitiatedAbortCause>(ByteRange(wire));
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->reason.empty());
  EXPECT_EQ(test_util::serialize_padded(*c), wire);
}

const Bytes kInfo = bytes_of({'T', 'S', 'N', ' ', '>', ' ', 'w', 'i', 'n', 'd', 'o', 'w'});
const Bytes kViolation = concat({bytes_of({0x00, 0x0D, 0x00, 0x10}), kInfo});

TEST(ProtocolViolationCause, WireFormat) {
  expect_format(ProtocolViolationCause{ByteRange(kInfo)}, kViolation,
                [](const ProtocolViolationCause& c) {
                  EXPECT_TRUE(c.information.equals(kInfo));
                  EXPECT_EQ(c.information.size(), 12u);
                });
  expect_length_rule<ProtocolViolationCause>(kViolation, 24, [](uint32_t) { return ok(); });
}

}  // namespace
}  // namespace dsctp::sctp::wire
