#include "net/udp.h"

#include <gtest/gtest.h>

#include "net_test_util.h"

namespace dsctp::net {
namespace {

using test::Bytes;

using test::range;

TEST(Udp, WhatWeFinishParsesBack) {
  Bytes payload = test::sctp_init(5000, 5001, 0);
  Bytes d(8);
  d = test::concat(d, payload);
  ASSERT_TRUE(finish_udp(d, 9899, 40000, test::kIpA, test::kIpB));
  EXPECT_EQ(d, test::udp(9899, 40000, test::kIpA, test::kIpB, payload)) << "same as by hand";
  auto u = parse_udp(range(d), test::kIpA, test::kIpB);
  ASSERT_TRUE(u.has_value()) << to_string(u.error());
  EXPECT_EQ(u->header.source_port, 9899);
  EXPECT_EQ(u->header.destination_port, 40000);
  EXPECT_EQ(u->header.length, d.size());
  EXPECT_NE(u->header.checksum, 0);
  EXPECT_TRUE(u->payload.equals(payload));
}

TEST(Udp, TheChecksumCoversThePseudoHeader) {
  Bytes d = test::udp(1, 2, test::kIpA, test::kIpB, test::bytes({1, 2, 3}));
  EXPECT_TRUE(parse_udp(range(d), test::kIpA, test::kIpB).has_value());
  auto wrong = parse_udp(range(d), test::kIpA, test::kIpFar);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error(), UdpError::kBadChecksum);
  d.back() ^= std::byte{0x10};
  EXPECT_EQ(parse_udp(range(d), test::kIpA, test::kIpB).error(), UdpError::kBadChecksum);
}

TEST(Udp, AZeroChecksumIsNotChecked) {
  Bytes d = test::udp(1, 2, test::kIpA, test::kIpB, test::bytes({1, 2, 3}), false);
  EXPECT_TRUE(parse_udp(range(d), test::kIpFar, test::kIpB).has_value());
}

TEST(Udp, LengthMustCoverTheHeaderAndStayInside) {
  Bytes d = test::udp(1, 2, test::kIpA, test::kIpB, test::bytes({1, 2, 3}), false);
  EXPECT_EQ(parse_udp(range(Bytes(d.begin(), d.begin() + 7)), test::kIpA, test::kIpB).error(),
            UdpError::kTruncated);
  store_be16(d.data() + 4, 7);
  EXPECT_EQ(parse_udp(range(d), test::kIpA, test::kIpB).error(), UdpError::kBadLength);
  store_be16(d.data() + 4, 12);
  EXPECT_EQ(parse_udp(range(d), test::kIpA, test::kIpB).error(), UdpError::kBadLength);
  store_be16(d.data() + 4, 9);
  auto shorter = parse_udp(range(d), test::kIpA, test::kIpB);
  ASSERT_TRUE(shorter.has_value());
  EXPECT_EQ(shorter->payload.size(), 1u) << "bytes past the UDP length are not payload";
}

TEST(Udp, RefusesABufferThatCannotHoldAHeader) {
  Bytes d(7);
  EXPECT_FALSE(finish_udp(d, 1, 2, test::kIpA, test::kIpB));
}

}  // namespace
}  // namespace dsctp::net
