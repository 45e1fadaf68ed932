#include "sctp/wire/parameters/asconf.h"

#include <gtest/gtest.h>

#include "param_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test::Bytes;
using test::bytes_of;

const Ipv4Address kDocV4{{192, 0, 2, 1}};

Ipv6Address doc_v6() {
  Ipv6Address a;
  a.bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34};
  return a;
}

// The examples of RFC 5061 4.2.1, 4.2.2 and 4.2.4: 192.0.2.1 with
// correlation ids 0x01023474 / 0x01023476 / 0x01023479.
Bytes rfc_example(int type_low, int cid_low) {
  return bytes_of({0xC0, type_low, 0x00, 0x10, 0x01, 0x02, 0x34, cid_low, 0x00, 0x05, 0x00, 0x08,
                   0xC0, 0x00, 0x02, 0x01});
}

template <class P>
void expect_rfc_example(int type_low, int cid_low) {
  Bytes wire = rfc_example(type_low, cid_low);
  auto p = test::parse_as<P>(wire);
  ASSERT_TRUE(p.has_value()) << to_string(p.error());
  EXPECT_EQ(p->correlation_id, 0x01023400u | static_cast<uint32_t>(cid_low));
  ASSERT_TRUE(std::holds_alternative<Ipv4AddressParameter>(p->address));
  EXPECT_EQ(std::get<Ipv4AddressParameter>(p->address).address, kDocV4);
  EXPECT_EQ(test::serialize(*p), wire);
  test::parses_split_everywhere<P>(wire, [&](const P& q) {
    EXPECT_EQ(q.correlation_id, 0x01023400u | static_cast<uint32_t>(cid_low));
    EXPECT_EQ(std::get<Ipv4AddressParameter>(q.address).address, kDocV4);
  });
}

TEST(AsconfAddressParameter, ParsesTheRfcExamples) {
  expect_rfc_example<AddIpAddressParameter>(0x01, 0x74);
  expect_rfc_example<DeleteIpAddressParameter>(0x02, 0x76);
  expect_rfc_example<SetPrimaryAddressParameter>(0x04, 0x79);
}

TEST(AsconfAddressParameter, TheThreeTypesAreNotInterchangeable) {
  EXPECT_EQ(test::parse_error_of<DeleteIpAddressParameter>(rfc_example(0x01, 0x74)),
            ParseError::kWrongType);
  EXPECT_EQ(test::parse_error_of<AddIpAddressParameter>(rfc_example(0x04, 0x79)),
            ParseError::kWrongType);
}

template <class P>
void round_trip_with_ipv6(uint32_t cid) {
  P p;
  p.correlation_id = cid;
  p.address = Ipv6AddressParameter{doc_v6()};
  auto check = [&](const P& back) {
    EXPECT_EQ(back.correlation_id, cid);
    ASSERT_TRUE(std::holds_alternative<Ipv6AddressParameter>(back.address));
    EXPECT_EQ(std::get<Ipv6AddressParameter>(back.address).address, doc_v6());
  };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  ASSERT_EQ(wire.size(), 28u);
  EXPECT_EQ(load_be16(wire.data() + 8), 6) << "nested type";
  EXPECT_EQ(load_be16(wire.data() + 10), 20) << "nested length";
  test::parses_split_everywhere<P>(wire, check);
  // Any cut breaks the nested TLV or the correlation id.
  test::for_each_truncation<P>(wire, [](uint32_t n, const ParseResult<P>& r) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), n < 8 ? ParseError::kTooShortForType : ParseError::kLengthBeyondEnd)
        << to_string(r.error());
  });
}

TEST(AsconfAddressParameter, RoundTripsIpv6AndEveryTruncationFails) {
  round_trip_with_ipv6<AddIpAddressParameter>(1);
  round_trip_with_ipv6<DeleteIpAddressParameter>(0xFFFFFFFF);
  round_trip_with_ipv6<SetPrimaryAddressParameter>(0x80000000);
}

TEST(AsconfAddressParameter, RefusesANestedParameterOfAnotherType) {
  // A Host Name Address, then a Success Indication, where the address goes.
  EXPECT_EQ(test::parse_error_of<AddIpAddressParameter>(bytes_of(
                {0xC0, 0x01, 0x00, 0x10, 0, 0, 0, 1, 0x00, 0x0B, 0x00, 0x08, 'a', '.', 'b', 0})),
            ParseError::kInvalidField);
  EXPECT_EQ(test::parse_error_of<SetPrimaryAddressParameter>(
                bytes_of({0xC0, 0x04, 0x00, 0x10, 0, 0, 0, 1, 0xC0, 0x05, 0x00, 0x08, 0, 0, 0, 1})),
            ParseError::kInvalidField);
}

TEST(AsconfAddressParameter, RefusesABadNestedAddress) {
  // IPv4 type with an IPv6-sized value.
  Bytes wrong_size =
      bytes_of({0xC0, 0x01, 0x00, 0x1C, 0, 0, 0, 1,  0x00, 0x05, 0x00, 0x14, 1,  2,
                3,    4,    5,    6,    7, 8, 9, 10, 11,   12,   13,   14,   15, 16});
  EXPECT_EQ(test::parse_error_of<AddIpAddressParameter>(wrong_size),
            ParseError::kWrongLengthForType);
  // The nested length runs past the outer one.
  EXPECT_EQ(test::parse_error_of<AddIpAddressParameter>(bytes_of(
                {0xC0, 0x01, 0x00, 0x0E, 0, 0, 0, 1, 0x00, 0x05, 0x00, 0x08, 192, 0, 0, 0})),
            ParseError::kLengthBeyondEnd);
  // A nested length below its header.
  EXPECT_EQ(test::parse_error_of<AddIpAddressParameter>(
                bytes_of({0xC0, 0x01, 0x00, 0x0C, 0, 0, 0, 1, 0x00, 0x05, 0x00, 0x02})),
            ParseError::kLengthBelowHeader);
  // Four stray bytes after the nested address: more than padding.
  EXPECT_EQ(
      test::parse_error_of<DeleteIpAddressParameter>(bytes_of(
          {0xC0, 0x02, 0x00, 0x14, 0, 0, 0, 1, 0x00, 0x05, 0x00, 0x08, 192, 0, 2, 1, 0, 0, 0, 0})),
      ParseError::kPaddingTooLong);
  // Only the correlation id, and less.
  EXPECT_EQ(
      test::parse_error_of<AddIpAddressParameter>(bytes_of({0xC0, 0x01, 0x00, 0x08, 0, 0, 0, 1})),
      ParseError::kTooShortForType);
  EXPECT_EQ(
      test::parse_error_of<AddIpAddressParameter>(bytes_of({0xC0, 0x01, 0x00, 0x06, 0, 1, 0, 0})),
      ParseError::kTooShortForType);
}

TEST(AsconfAddressParameter, UnspecifiedAddressSurvivesForTheAssociation) {
  const Bytes p_wire =
      bytes_of({0xC0, 0x02, 0x00, 0x10, 0, 0, 0, 9, 0x00, 0x05, 0x00, 0x08, 0, 0, 0, 0});
  auto p = test::parse_as<DeleteIpAddressParameter>(p_wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(std::get<Ipv4AddressParameter>(p->address).address.is_unspecified());
}

// ---- Error Cause Indication (0xC003) ----

// RFC 5061 4.3.1: a refused delete, quoting the request inside an
// "Request to Delete Last Remaining IP Address" cause.
const Bytes kRfcErrorIndication =
    bytes_of({0xC0, 0x03, 0x00, 0x1C, 0x01, 0x02, 0x34, 0x76, 0x00, 0xA0, 0x00, 0x14, 0xC0, 0x02,
              0x00, 0x10, 0x01, 0x02, 0x34, 0x76, 0x00, 0x05, 0x00, 0x08, 0xC0, 0x00, 0x02, 0x01});

void check_rfc_error_indication(const ErrorCauseIndicationParameter& p) {
  EXPECT_EQ(p.correlation_id, 0x01023476u);
  EXPECT_EQ(p.causes.size(), 20u);
  ParameterReader causes = p.cause_reader();
  RawParameter cause;
  ASSERT_TRUE(causes.next(cause));
  EXPECT_EQ(cause.cause_code(), CauseCode::kDeleteLastRemainingAddress);
  EXPECT_EQ(cause.length, 20);
  auto quoted = read_single_parameter(cause.value);
  ASSERT_TRUE(quoted.has_value());
  auto request = DeleteIpAddressParameter::parse(*quoted);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->correlation_id, 0x01023476u);
  EXPECT_FALSE(causes.next(cause));
  EXPECT_FALSE(causes.error());
}

TEST(ErrorCauseIndicationParameter, ParsesTheRfcExample) {
  auto p = test::parse_as<ErrorCauseIndicationParameter>(kRfcErrorIndication);
  ASSERT_TRUE(p.has_value()) << to_string(p.error());
  check_rfc_error_indication(*p);
  EXPECT_EQ(test::serialize(*p), kRfcErrorIndication);
  test::parses_split_everywhere<ErrorCauseIndicationParameter>(kRfcErrorIndication,
                                                               check_rfc_error_indication);
}

TEST(ErrorCauseIndicationParameter, RoundTripsCausesBuiltWithTlvWriter) {
  // Two causes; the first (length 6) is padded inside the list.
  Bytes causes = bytes_of({0x00, 0xA1, 0x00, 0x06, 0xAB, 0xCD, 0x00, 0x00, 0x00, 0xA4, 0x00, 0x04});
  ErrorCauseIndicationParameter p;
  p.correlation_id = 77;
  p.causes = test::range(causes);
  test::round_trip(p, [](const ErrorCauseIndicationParameter& back) {
    EXPECT_EQ(back.correlation_id, 77u);
    ParameterReader r = back.cause_reader();
    RawParameter c;
    ASSERT_TRUE(r.next(c));
    EXPECT_EQ(c.cause_code(), CauseCode::kResourceShortage);
    EXPECT_TRUE(c.value.equals(bytes_of({0xAB, 0xCD})));
    ASSERT_TRUE(r.next(c));
    EXPECT_EQ(c.cause_code(), CauseCode::kNoAuthorization);
    EXPECT_FALSE(r.next(c));
  });
}

TEST(ErrorCauseIndicationParameter, RefusesBrokenCauseFraming) {
  EXPECT_EQ(test::parse_error_of<ErrorCauseIndicationParameter>(
                bytes_of({0xC0, 0x03, 0x00, 0x0C, 0, 0, 0, 1, 0x00, 0xA0, 0x00, 0x03})),
            ParseError::kLengthBelowHeader);
  EXPECT_EQ(test::parse_error_of<ErrorCauseIndicationParameter>(
                bytes_of({0xC0, 0x03, 0x00, 0x0C, 0, 0, 0, 1, 0x00, 0xA0, 0x00, 0x08})),
            ParseError::kLengthBeyondEnd);
  EXPECT_EQ(test::parse_error_of<ErrorCauseIndicationParameter>(
                bytes_of({0xC0, 0x03, 0x00, 0x0A, 0, 0, 0, 1, 0x00, 0xA0, 0, 0})),
            ParseError::kTruncatedHeader);
  EXPECT_EQ(test::parse_error_of<ErrorCauseIndicationParameter>(
                bytes_of({0xC0, 0x03, 0x00, 0x07, 0, 0, 1, 0})),
            ParseError::kTooShortForType);
  // No cause at all parses (the RFC wants one; the association may care).
  const Bytes empty_wire = bytes_of({0xC0, 0x03, 0x00, 0x08, 0, 0, 0, 5});
  auto empty = test::parse_as<ErrorCauseIndicationParameter>(empty_wire);
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->correlation_id, 5u);
  EXPECT_TRUE(empty->causes.empty());
  // Cuts: inside the id is short; inside the cause breaks its framing,
  // except the cut right after the id, which leaves an empty list.
  test::for_each_truncation<ErrorCauseIndicationParameter>(
      kRfcErrorIndication, [](uint32_t n, const ParseResult<ErrorCauseIndicationParameter>& r) {
        if (n == 4) {
          ASSERT_TRUE(r.has_value());
          EXPECT_TRUE(r->causes.empty());
          return;
        }
        EXPECT_FALSE(r.has_value());
      });
}

// ---- Success Indication (0xC005) ----

TEST(SuccessIndicationParameter, ParsesKnownBytesAndRoundTrips) {
  Bytes wire = bytes_of({0xC0, 0x05, 0x00, 0x08, 0x01, 0x02, 0x34, 0x79});
  auto p = test::parse_as<SuccessIndicationParameter>(wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->correlation_id, 0x01023479u);
  auto check = [](const SuccessIndicationParameter& back) {
    EXPECT_EQ(back.correlation_id, 0x01023479u);
  };
  test::round_trip(*p, check);
  test::parses_split_everywhere<SuccessIndicationParameter>(wire, check);
  test::expect_all_truncations_fail<SuccessIndicationParameter>(wire,
                                                                ParseError::kWrongLengthForType);
  EXPECT_EQ(test::parse_error_of<SuccessIndicationParameter>(
                bytes_of({0xC0, 0x05, 0x00, 0x0C, 0, 0, 0, 1, 0, 0, 0, 2})),
            ParseError::kWrongLengthForType);
}

}  // namespace
}  // namespace dsctp::sctp::wire
