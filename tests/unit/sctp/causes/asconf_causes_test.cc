#include "sctp/wire/causes/asconf_causes.h"

#include <gtest/gtest.h>

#include <optional>

#include "unit/sctp/causes/tlv_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test_util::Bytes;
using test_util::bytes_of;
using test_util::concat;
using test_util::expect_format;
using test_util::expect_length_rule;
using test_util::parse_bytes;

// An ASCONF parameter as RFC 5061 4.2 lays them out: Correlation ID, then
// an IPv4 Address parameter (192.0.2.1). 16 bytes.
Bytes asconf_parameter(ParameterType type) {
  Bytes b = bytes_of({0, 0, 0x00, 0x10, 0x00, 0x00, 0x00, 0x2A,  // correlation id 42
                      0x00, 0x05, 0x00, 0x08, 192, 0, 2, 1});
  store_be16(b.data(), static_cast<uint16_t>(type));
  return b;
}

// The four causes that quote the refused ASCONF parameter whole.
template <class T>
void expect_quoting_asconf_cause(ParameterType quoted) {
  const Bytes param = asconf_parameter(quoted);
  Bytes wire = concat({bytes_of({0x00, 0x00, 0x00, 0x14}), param});
  store_be16(wire.data(), static_cast<uint16_t>(T::kCode));
  T built;
  built.asconf_parameter = ByteRange(param);
  expect_format(built, wire, [&](const T& c) {
    EXPECT_TRUE(c.asconf_parameter.equals(param));
    auto tlv = c.asconf_tlv();
    ASSERT_TRUE(tlv.has_value());
    EXPECT_EQ(tlv->parameter_type(), quoted);
    EXPECT_EQ(tlv->length, 16);
  });
  expect_length_rule<T>(wire, 28, [](uint32_t len) -> std::optional<ParseError> {
    if (len < 8) return ParseError::kTooShortForType;
    if (len < 20) return ParseError::kLengthBeyondEnd;
    if (len < 24) return std::nullopt;
    return ParseError::kPaddingTooLong;
  });
}

TEST(AsconfCauses, DeleteLastRemainingAddress) {
  expect_quoting_asconf_cause<DeleteLastRemainingAddressCause>(ParameterType::kDeleteIpAddress);
}

TEST(AsconfCauses, ResourceShortage) {
  expect_quoting_asconf_cause<ResourceShortageCause>(ParameterType::kAddIpAddress);
}

TEST(AsconfCauses, DeleteSourceAddress) {
  expect_quoting_asconf_cause<DeleteSourceAddressCause>(ParameterType::kDeleteIpAddress);
}

TEST(AsconfCauses, NoAuthorization) {
  expect_quoting_asconf_cause<NoAuthorizationCause>(ParameterType::kSetPrimaryAddress);
}

TEST(AsconfCauses, KnownAnswerDeleteLastRemainingAddress) {
  // Written out in full so the code and lengths are checked by eye too.
  Bytes wire = bytes_of({0x00, 0xA0, 0x00, 0x14,                          // cause 0xA0, 20
                         0xC0, 0x02, 0x00, 0x10, 0x00, 0x00, 0x00, 0x07,  // Delete IP, corr 7
                         0x00, 0x05, 0x00, 0x08, 10, 1, 2, 3});           // IPv4 10.1.2.3
  auto c = parse_bytes<DeleteLastRemainingAddressCause>(ByteRange(wire));
  ASSERT_TRUE(c.has_value());
  auto tlv = c->asconf_tlv();
  ASSERT_TRUE(tlv.has_value());
  EXPECT_EQ(tlv->parameter_type(), ParameterType::kDeleteIpAddress);
  EXPECT_TRUE(tlv->value.equals(
      bytes_of({0x00, 0x00, 0x00, 0x07, 0x00, 0x05, 0x00, 0x08, 10, 1, 2, 3})));
}

TEST(AsconfCauses, IllegalAsconfAckIsEmpty) {
  const Bytes wire = bytes_of({0x00, 0xA3, 0x00, 0x04});
  expect_format(IllegalAsconfAckCause{}, wire, [](const IllegalAsconfAckCause&) {});
  expect_length_rule<IllegalAsconfAckCause>(wire, 16, test_util::exact_length(4));
}

TEST(AsconfCauses, QuotingCausesNeedAQuote) {
  Bytes empty = bytes_of({0x00, 0xA4, 0x00, 0x04});
  auto c = parse_bytes<NoAuthorizationCause>(ByteRange(empty));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error(), ParseError::kTooShortForType);
}

}  // namespace
}  // namespace dsctp::sctp::wire
