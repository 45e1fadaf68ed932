#include "sctp/wire/causes/decoded_causes.h"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <vector>

#include "unit/sctp/causes/tlv_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test_util::Bytes;
using test_util::bytes_of;
using test_util::exact_length;
using test_util::expect_format;
using test_util::expect_length_rule;
using test_util::parse_bytes;

const Bytes kInvalidStream = bytes_of({0x00, 0x01, 0x00, 0x08, 0xAB, 0xCD, 0x00, 0x00});

TEST(InvalidStreamIdentifierCause, WireFormat) {
  expect_format(InvalidStreamIdentifierCause{StreamId(0xABCD)}, kInvalidStream,
                [](const InvalidStreamIdentifierCause& c) {
                  EXPECT_EQ(c.stream, StreamId(0xABCD));
                });
}

TEST(InvalidStreamIdentifierCause, IgnoresReservedAndChecksLength) {
  Bytes wire = kInvalidStream;
  wire[6] = std::byte{0x12};
  auto c = parse_bytes<InvalidStreamIdentifierCause>(ByteRange(wire));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->stream, StreamId(0xABCD));
  EXPECT_EQ(test_util::serialize_padded(*c), kInvalidStream);
  expect_length_rule<InvalidStreamIdentifierCause>(kInvalidStream, 20, exact_length(8));
}

// Three missing parameters: 8 + 3 * 2 = 14 bytes, padded to 16.
const Bytes kMissing = bytes_of({
    0x00, 0x02, 0x00, 0x0E,  // code 2, length 14
    0x00, 0x00, 0x00, 0x03,  // N = 3
    0x00, 0x07, 0x80, 0x02,  // State Cookie, Random
    0xC0, 0x00,              // Forward-TSN-Supported
});

std::vector<ParameterType> types_of(const RecordList<ParameterTypeRecord>& list) {
  std::vector<ParameterType> out;
  for (ParameterType t : list) out.push_back(t);
  return out;
}

TEST(MissingMandatoryParameterCause, WireFormat) {
  const std::array<ParameterTypeRecord, 3> missing = {{{ParameterType::kStateCookie},
                                                       {ParameterType::kRandom},
                                                       {ParameterType::kForwardTsnSupported}}};
  MissingMandatoryParameterCause built;
  built.missing = RecordList<ParameterTypeRecord>(missing);
  expect_format(built, kMissing, [](const MissingMandatoryParameterCause& c) {
    EXPECT_EQ(types_of(c.missing),
              (std::vector<ParameterType>{ParameterType::kStateCookie, ParameterType::kRandom,
                                          ParameterType::kForwardTsnSupported}));
  });
}

TEST(MissingMandatoryParameterCause, CountMustMatchTheList) {
  Bytes wire = kMissing;
  wire[7] = std::byte{2};
  auto c = parse_bytes<MissingMandatoryParameterCause>(ByteRange(wire));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error(), ParseError::kCountMismatch);
  wire[5] = std::byte{0x01};  // 0x00010003 agrees only in its low 16 bits
  wire[7] = std::byte{3};
  c = parse_bytes<MissingMandatoryParameterCause>(ByteRange(wire));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error(), ParseError::kCountMismatch);
}

TEST(MissingMandatoryParameterCause, EmptyListWithZeroCountParses) {
  Bytes wire = bytes_of({0x00, 0x02, 0x00, 0x08, 0, 0, 0, 0});
  auto c = parse_bytes<MissingMandatoryParameterCause>(ByteRange(wire));
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->missing.empty());
}

TEST(MissingMandatoryParameterCause, EveryLength) {
  // The count field keeps saying 3, so only length 14 agrees with it.
  expect_length_rule<MissingMandatoryParameterCause>(
      kMissing, 28, [](uint32_t len) -> std::optional<ParseError> {
        if (len < 8) return ParseError::kTooShortForType;
        if (len % 2 != 0) return ParseError::kBadRecordLength;
        if (len != 14) return ParseError::kCountMismatch;
        return std::nullopt;
      });
}

const Bytes kStaleCookie = bytes_of({0x00, 0x03, 0x00, 0x08, 0x00, 0x0F, 0x42, 0x40});

TEST(StaleCookieCause, WireFormat) {
  expect_format(StaleCookieCause{1000000}, kStaleCookie, [](const StaleCookieCause& c) {
    EXPECT_EQ(c.staleness_us, 1000000u);
  });
  expect_length_rule<StaleCookieCause>(kStaleCookie, 20, exact_length(8));
}

const Bytes kNoUserData = bytes_of({0x00, 0x09, 0x00, 0x08, 0xFE, 0xDC, 0xBA, 0x98});

TEST(NoUserDataCause, WireFormat) {
  expect_format(NoUserDataCause{Tsn(0xFEDCBA98)}, kNoUserData,
                [](const NoUserDataCause& c) { EXPECT_EQ(c.tsn, Tsn(0xFEDCBA98)); });
  expect_length_rule<NoUserDataCause>(kNoUserData, 20, exact_length(8));
}

// Length 6; TlvWriter adds the 2 bytes of padding RFC 4895 4.1 draws.
const Bytes kUnsupportedHmac = bytes_of({0x01, 0x05, 0x00, 0x06, 0x00, 0x02});

TEST(UnsupportedHmacIdentifierCause, WireFormat) {
  expect_format(UnsupportedHmacIdentifierCause{2}, kUnsupportedHmac,
                [](const UnsupportedHmacIdentifierCause& c) { EXPECT_EQ(c.hmac_id, 2); });
  EXPECT_EQ(test_util::serialize_padded(UnsupportedHmacIdentifierCause{2}),
            bytes_of({0x01, 0x05, 0x00, 0x06, 0x00, 0x02, 0x00, 0x00}));
}

TEST(UnsupportedHmacIdentifierCause, LengthIsSixNotEight) {
  // The padding is never counted in the length (RFC 9260 3.2.1).
  Bytes eight = bytes_of({0x01, 0x05, 0x00, 0x08, 0x00, 0x02, 0x00, 0x00});
  auto c = parse_bytes<UnsupportedHmacIdentifierCause>(ByteRange(eight));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error(), ParseError::kWrongLengthForType);
  expect_length_rule<UnsupportedHmacIdentifierCause>(kUnsupportedHmac, 16, exact_length(6));
}

// The three empty causes: only the header, length 4.
template <class T>
void expect_empty_cause(int code) {
  const Bytes wire = bytes_of({0x00, code, 0x00, 0x04});
  expect_format(T{}, wire, [](const T&) {});
  expect_length_rule<T>(wire, 16, exact_length(4));
}

TEST(EmptyCauses, OutOfResource) {
  expect_empty_cause<OutOfResourceCause>(4);
}

TEST(EmptyCauses, InvalidMandatoryParameter) {
  expect_empty_cause<InvalidMandatoryParameterCause>(7);
}

TEST(EmptyCauses, CookieReceivedWhileShuttingDown) {
  expect_empty_cause<CookieReceivedWhileShuttingDownCause>(10);
}

TEST(EmptyCauses, DoNotParseAsEachOther) {
  const Bytes out_of_resource = bytes_of({0x00, 0x04, 0x00, 0x04});
  auto c = parse_bytes<InvalidMandatoryParameterCause>(ByteRange(out_of_resource));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error(), ParseError::kWrongType);
}

}  // namespace
}  // namespace dsctp::sctp::wire
