#include "sctp/wire/parameters/address.h"

#include <gtest/gtest.h>

#include <array>

#include "param_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test::Bytes;
using test::bytes_of;

Ipv4Address v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return Ipv4Address{{a, b, c, d}}; }

Ipv6Address v6_2001_db8_1() {
  Ipv6Address a;
  a.bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return a;
}

// ---- IPv4 Address (5) ----

TEST(Ipv4AddressParameter, RoundTrips) {
  Ipv4AddressParameter p;
  p.address = v4(192, 0, 2, 1);
  test::round_trip(p, [](const Ipv4AddressParameter& back) {
    EXPECT_EQ(back.address, v4(192, 0, 2, 1));
    EXPECT_FALSE(back.address.is_unspecified());
  });
}

TEST(Ipv4AddressParameter, ParsesKnownBytes) {
  Bytes wire = bytes_of({0x00, 0x05, 0x00, 0x08, 10, 1, 2, 254});
  auto p = test::parse_as<Ipv4AddressParameter>(wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->address, v4(10, 1, 2, 254));
  EXPECT_EQ(test::serialize(*p), wire);
  EXPECT_TRUE(Ipv4Address{}.is_unspecified());
}

TEST(Ipv4AddressParameter, RefusesOtherLengthsAndTypes) {
  EXPECT_EQ(test::parse_error_of<Ipv4AddressParameter>(bytes_of({0, 5, 0, 7, 1, 2, 3, 0})),
            ParseError::kWrongLengthForType);
  EXPECT_EQ(
      test::parse_error_of<Ipv4AddressParameter>(bytes_of({0, 5, 0, 9, 1, 2, 3, 4, 5, 0, 0, 0})),
      ParseError::kWrongLengthForType);
  EXPECT_EQ(test::parse_error_of<Ipv4AddressParameter>(bytes_of({0, 5, 0, 4})),
            ParseError::kWrongLengthForType);
  EXPECT_EQ(test::parse_error_of<Ipv4AddressParameter>(bytes_of({0, 6, 0, 8, 1, 2, 3, 4})),
            ParseError::kWrongType);
  test::expect_all_truncations_fail<Ipv4AddressParameter>(bytes_of({0, 5, 0, 8, 192, 0, 2, 1}),
                                                          ParseError::kWrongLengthForType);
}

TEST(Ipv4AddressParameter, ParsesSplitAtEveryOffset) {
  test::parses_split_everywhere<Ipv4AddressParameter>(
      bytes_of({0, 5, 0, 8, 198, 51, 100, 7}),
      [](const Ipv4AddressParameter& p) { EXPECT_EQ(p.address, v4(198, 51, 100, 7)); });
}

// ---- IPv6 Address (6) ----

TEST(Ipv6AddressParameter, RoundTrips) {
  Ipv6AddressParameter p;
  p.address = v6_2001_db8_1();
  test::round_trip(
      p, [](const Ipv6AddressParameter& back) { EXPECT_EQ(back.address, v6_2001_db8_1()); });
}

TEST(Ipv6AddressParameter, ParsesKnownBytes) {
  Bytes wire = bytes_of(
      {0x00, 0x06, 0x00, 0x14, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  auto p = test::parse_as<Ipv6AddressParameter>(wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->address, v6_2001_db8_1());
  EXPECT_EQ(p->address.bytes[15], 1);
  EXPECT_TRUE(Ipv6Address{}.is_unspecified());
}

TEST(Ipv6AddressParameter, RefusesOtherLengthsAndTruncations) {
  Bytes wire = test::serialize(Ipv6AddressParameter{v6_2001_db8_1()});
  ASSERT_EQ(wire.size(), 20u);
  // An IPv4-sized value under the IPv6 type.
  EXPECT_EQ(test::parse_error_of<Ipv6AddressParameter>(bytes_of({0, 6, 0, 8, 1, 2, 3, 4})),
            ParseError::kWrongLengthForType);
  Bytes longer = wire;
  longer.insert(longer.end(), {std::byte{1}, std::byte{0}, std::byte{0}, std::byte{0}});
  store_be16(longer.data() + 2, 21);
  EXPECT_EQ(test::parse_error_of<Ipv6AddressParameter>(longer), ParseError::kWrongLengthForType);
  test::expect_all_truncations_fail<Ipv6AddressParameter>(wire, ParseError::kWrongLengthForType);
}

TEST(Ipv6AddressParameter, ParsesSplitAtEveryOffset) {
  test::parses_split_everywhere<Ipv6AddressParameter>(
      test::serialize(Ipv6AddressParameter{v6_2001_db8_1()}),
      [](const Ipv6AddressParameter& p) { EXPECT_EQ(p.address, v6_2001_db8_1()); });
}

// ---- AddressParameter (the nested form) ----

TEST(AddressParameter, PicksTheFamilyAndRefusesOthers) {
  const Bytes r_wire = bytes_of({0, 5, 0, 8, 192, 0, 2, 1});
  ParameterReader r{test::range(r_wire)};
  RawParameter raw;
  ASSERT_TRUE(r.next(raw));
  auto a = parse_address_parameter(raw);
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(std::holds_alternative<Ipv4AddressParameter>(*a));
  EXPECT_EQ(std::get<Ipv4AddressParameter>(*a).address, v4(192, 0, 2, 1));
  EXPECT_EQ(address_serialized_size(*a), 8u);

  Bytes six = test::serialize(Ipv6AddressParameter{v6_2001_db8_1()});
  ParameterReader r6{test::range(six)};
  ASSERT_TRUE(r6.next(raw));
  a = parse_address_parameter(raw);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(std::get<Ipv6AddressParameter>(*a).address, v6_2001_db8_1());
  Bytes out(address_serialized_size(*a));
  serialize_address(*a, out.data());
  EXPECT_EQ(out, six);

  Bytes host = bytes_of({0, 11, 0, 6, 'a', 0, 0, 0});
  ParameterReader rh{test::range(host)};
  ASSERT_TRUE(rh.next(raw));
  EXPECT_EQ(parse_address_parameter(raw).error(), ParseError::kWrongType);
}

// ---- Host Name Address (11) ----

TEST(HostNameAddressParameter, ParsesKnownBytesWithTheTerminator) {
  // "host.test" + NUL: length 4 + 10 = 14, padded to 16.
  Bytes wire =
      bytes_of({0x00, 0x0B, 0x00, 0x0E, 'h', 'o', 's', 't', '.', 't', 'e', 's', 't', 0, 0, 0});
  auto p = test::parse_as<HostNameAddressParameter>(wire);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->host_name.equals(test::text("host.test", true)));
  EXPECT_EQ(p->host_name.size(), 10u);
}

TEST(HostNameAddressParameter, RoundTripsSplitsAndTruncates) {
  Bytes name = test::text("peer.example.", true);
  HostNameAddressParameter p;
  p.host_name = test::range(name);
  test::round_trip(
      p, [&](const HostNameAddressParameter& back) { EXPECT_TRUE(back.host_name.equals(name)); });
  Bytes wire = test::serialize(p);
  wire.resize(pad4(static_cast<uint32_t>(wire.size())), std::byte{0});
  test::parses_split_everywhere<HostNameAddressParameter>(
      wire,
      [&](const HostNameAddressParameter& back) { EXPECT_TRUE(back.host_name.equals(name)); });
  // Variable length: a shorter consistent TLV is a shorter name.
  test::for_each_truncation<HostNameAddressParameter>(
      wire, [&](uint32_t value_size, const ParseResult<HostNameAddressParameter>& r) {
        ASSERT_TRUE(r.has_value());
        EXPECT_TRUE(r->host_name.equals(std::span<const std::byte>(name).first(value_size)));
      });
}

// ---- Supported Address Types (12) ----

TEST(SupportedAddressTypesParameter, ParsesKnownBytes) {
  // One type (IPv4) padded; then IPv4 + IPv6 unpadded.
  const Bytes one_wire = bytes_of({0x00, 0x0C, 0x00, 0x06, 0x00, 0x05, 0x00, 0x00});
  auto one = test::parse_as<SupportedAddressTypesParameter>(one_wire);
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->types.size(), 1u);
  EXPECT_EQ(one->types[0].type, ParameterType::kIpv4Address);
  EXPECT_FALSE(one->contains(ParameterType::kIpv6Address));

  const Bytes two_wire = bytes_of({0x00, 0x0C, 0x00, 0x08, 0x00, 0x05, 0x00, 0x06});
  auto two = test::parse_as<SupportedAddressTypesParameter>(two_wire);
  ASSERT_TRUE(two.has_value());
  ASSERT_EQ(two->types.size(), 2u);
  EXPECT_EQ(two->types[1].type, ParameterType::kIpv6Address);
  EXPECT_TRUE(two->contains(ParameterType::kIpv4Address));
  EXPECT_TRUE(two->contains(ParameterType::kIpv6Address));
  EXPECT_FALSE(two->contains(ParameterType::kHostNameAddress));
}

TEST(SupportedAddressTypesParameter, RoundTripsAndSplits) {
  std::array<AddressTypeRecord, 3> types = {{{ParameterType::kIpv4Address},
                                             {ParameterType::kIpv6Address},
                                             {ParameterType::kHostNameAddress}}};
  SupportedAddressTypesParameter p;
  p.types = RecordList<AddressTypeRecord>(types);
  auto check = [](const SupportedAddressTypesParameter& back) {
    ASSERT_EQ(back.types.size(), 3u);
    EXPECT_EQ(back.types[0].type, ParameterType::kIpv4Address);
    EXPECT_EQ(back.types[1].type, ParameterType::kIpv6Address);
    EXPECT_EQ(back.types[2].type, ParameterType::kHostNameAddress);
  };
  test::round_trip(p, check);
  Bytes wire = test::serialize(p);
  EXPECT_EQ(wire, bytes_of({0, 12, 0, 10, 0, 5, 0, 6, 0, 11}));
  wire.resize(12, std::byte{0});
  test::parses_split_everywhere<SupportedAddressTypesParameter>(wire, check);
}

TEST(SupportedAddressTypesParameter, RefusesAHalfEntry) {
  EXPECT_EQ(
      test::parse_error_of<SupportedAddressTypesParameter>(bytes_of({0, 12, 0, 7, 0, 5, 0, 0})),
      ParseError::kBadRecordLength);
  test::for_each_truncation<SupportedAddressTypesParameter>(
      bytes_of({0, 12, 0, 10, 0, 5, 0, 6, 0, 11, 0, 0}),
      [](uint32_t value_size, const ParseResult<SupportedAddressTypesParameter>& r) {
        if (value_size % 2 == 0) {
          ASSERT_TRUE(r.has_value());
          EXPECT_EQ(r->types.size(), value_size / 2);
        } else {
          ASSERT_FALSE(r.has_value());
          EXPECT_EQ(r.error(), ParseError::kBadRecordLength);
        }
      });
}

}  // namespace
}  // namespace dsctp::sctp::wire
