#include "net/ipv4.h"

#include <gtest/gtest.h>

#include "net/checksum.h"
#include "net/route.h"
#include "net_test_util.h"

namespace dsctp::net {
namespace {

using test::Bytes;

using test::range;

TEST(InternetChecksum, MatchesTheRfc1071Example) {
  // RFC 1071 3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2; the
  // checksum is its complement.
  Bytes b = test::bytes({0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7});
  EXPECT_EQ(internet_checksum(b), static_cast<uint16_t>(~0xddf2));
}

TEST(InternetChecksum, SumsPiecesOfOddLengthAsOneString) {
  Bytes b = test::bytes({0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 0x13});
  uint16_t whole = internet_checksum(b);
  for (size_t cut = 0; cut <= b.size(); ++cut) {
    InternetChecksum c;
    c.add(std::span<const std::byte>(b).first(cut));
    c.add(std::span<const std::byte>(b).subspan(cut));
    EXPECT_EQ(c.value(), whole) << cut;
  }
  // And over an mbuf-like chain split at an odd offset.
  Segment segs[] = {{b.data(), 3}, {b.data() + 3, 6}};
  EXPECT_EQ(internet_checksum(ByteRange(std::span<const Segment>(segs))), whole);
}

TEST(Ipv4Header, ChecksumOfAKnownHeader) {
  // A widely quoted sample: 192.168.0.1 -> 192.168.0.199, UDP, checksum b861.
  Bytes h = test::bytes({0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
                         0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7});
  EXPECT_EQ(internet_checksum(h), 0xb861);
  Ipv4Header built;
  built.total_length = 0x73;
  built.identification = 0;
  built.ttl = 64;
  built.protocol = kProtocolUdp;
  built.source = Ipv4Address::from_octets(192, 168, 0, 1);
  built.destination = Ipv4Address::from_octets(192, 168, 0, 199);
  Bytes out(20);
  ASSERT_TRUE(built.serialize(out));
  h[10] = std::byte{0xb8};
  h[11] = std::byte{0x61};
  EXPECT_EQ(out, h);
}

TEST(Ipv4Address, ParsesDottedQuadsOnly) {
  EXPECT_EQ(Ipv4Address::parse("192.0.2.130"), Ipv4Address::from_octets(192, 0, 2, 130));
  EXPECT_EQ(Ipv4Address::parse("0.0.0.0"), Ipv4Address());
  EXPECT_EQ(Ipv4Address::parse("255.255.255.255"), Ipv4Address(0xffffffffu));
  for (const char* bad : {"", "1.2.3", "1.2.3.4.", "1.2.3.4.5", "256.1.1.1", "1..2.3",
                          "a.b.c.d", "1.2.3.4 ", " 1.2.3.4", "1.2.3.0004", "-1.2.3.4"}) {
    EXPECT_FALSE(Ipv4Address::parse(bad).has_value()) << bad;
  }
}

TEST(Ipv4Address, PrintsAndMatchesPrefixes) {
  Ipv4Address a = Ipv4Address::from_octets(192, 0, 2, 130);
  EXPECT_EQ(a.to_string(), "192.0.2.130");
  EXPECT_TRUE(a.in_prefix(Ipv4Address::from_octets(192, 0, 2, 128), 25));
  EXPECT_FALSE(a.in_prefix(Ipv4Address::from_octets(192, 0, 2, 0), 25));
  EXPECT_TRUE(a.in_prefix(Ipv4Address(), 0)) << "/0 holds everything";
  EXPECT_TRUE(a.in_prefix(a, 32));
  EXPECT_TRUE(a.in_prefix(a, 40)) << "over 32 counts as 32";
  EXPECT_TRUE(Ipv4Address::from_octets(224, 0, 0, 5).is_multicast());
}

TEST(ParseIpv4, ReadsAValidDatagramAndCutsThePadding) {
  Bytes d = test::ipv4({}, test::bytes({1, 2, 3, 4}));
  d.resize(46);  // Ethernet padding
  auto p = parse_ipv4(range(d));
  ASSERT_TRUE(p.has_value()) << to_string(p.error());
  EXPECT_EQ(p->header.total_length, 24);
  EXPECT_EQ(p->header.protocol, kProtocolSctp);
  EXPECT_EQ(p->header.source, test::kIpB);
  EXPECT_EQ(p->header.destination, test::kIpA);
  EXPECT_TRUE(p->header.dont_fragment);
  EXPECT_FALSE(p->header.is_fragment());
  EXPECT_TRUE(p->payload.equals(test::bytes({1, 2, 3, 4})));
}

TEST(ParseIpv4, StepsOverOptions) {
  test::Ipv4Fields f;
  f.options = test::bytes({0x01, 0x01, 0x01, 0x00});  // NOP NOP NOP EOL
  Bytes d = test::ipv4(f, test::bytes({9, 9}));
  auto p = parse_ipv4(range(d));
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->header.has_options());
  EXPECT_EQ(p->header.header_length, 24);
  EXPECT_TRUE(p->payload.equals(test::bytes({9, 9})));
}

TEST(ParseIpv4, NamesEachBrokenRule) {
  Bytes good = test::ipv4({}, test::bytes({1, 2, 3, 4}));
  auto error_of = [](const Bytes& d) {
    auto p = parse_ipv4(ByteRange(std::span<const std::byte>(d)));
    EXPECT_FALSE(p.has_value());
    return p ? Ipv4Error{} : p.error();
  };
  EXPECT_EQ(error_of(Bytes(good.begin(), good.begin() + 19)), Ipv4Error::kTruncated);

  Bytes v6 = good;
  v6[0] = std::byte{0x65};
  EXPECT_EQ(error_of(v6), Ipv4Error::kBadVersion);

  Bytes ihl = good;
  ihl[0] = std::byte{0x44};
  EXPECT_EQ(error_of(ihl), Ipv4Error::kBadHeaderLength);

  Bytes long_ihl = good;
  long_ihl[0] = std::byte{0x4f};  // 60 bytes of header in a 24-byte datagram
  EXPECT_EQ(error_of(long_ihl), Ipv4Error::kTruncated);

  Bytes too_long = good;
  store_be16(too_long.data() + 2, 25);
  EXPECT_EQ(error_of(too_long), Ipv4Error::kBadTotalLength);

  Bytes too_short = good;
  store_be16(too_short.data() + 2, 19);
  EXPECT_EQ(error_of(too_short), Ipv4Error::kBadTotalLength);

  Bytes sum = good;
  sum[10] ^= std::byte{0x01};
  EXPECT_EQ(error_of(sum), Ipv4Error::kBadChecksum);
}

TEST(ParseIpv4, ReadsASegmentedDatagram) {
  Bytes d = test::ipv4({}, test::bytes({1, 2, 3, 4, 5}));
  Segment segs[] = {{d.data(), 7}, {d.data() + 7, 15}, {d.data() + 22, 3}};
  auto p = parse_ipv4(ByteRange(std::span<const Segment>(segs)));
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->payload.equals(test::bytes({1, 2, 3, 4, 5})));
}

TEST(ParseIpv4, SeesFragments) {
  test::Ipv4Fields f;
  f.flags_and_offset = 0x2000;  // MF
  auto first = parse_ipv4(range(test::ipv4(f, test::bytes({1}))));
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->header.is_fragment());
  f.flags_and_offset = 0x0010;  // offset 16 * 8
  auto later = parse_ipv4(range(test::ipv4(f, test::bytes({1}))));
  ASSERT_TRUE(later.has_value());
  EXPECT_TRUE(later->header.is_fragment());
  EXPECT_EQ(later->header.fragment_offset, 0x10);
}

TEST(ParseQuotedIpv4, AcceptsACutDatagramWithAStaleChecksum) {
  Bytes d = test::ipv4({}, test::bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  d[8] = std::byte{63};  // TTL decremented after the checksum was made
  d.resize(28);
  auto h = parse_quoted_ipv4(range(d));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->source, test::kIpB);
  EXPECT_FALSE(parse_ipv4(range(d)).has_value());
}

RouteTable table() {
  static const LocalAddress local[] = {
      {Ipv4Address::from_octets(10, 0, 0, 1), 24},
      {Ipv4Address::from_octets(172, 16, 5, 1), 16},
  };
  static const Route routes[] = {
      {Ipv4Address::from_octets(192, 0, 2, 0), 24, Ipv4Address::from_octets(172, 16, 0, 9)},
      {Ipv4Address::from_octets(192, 0, 2, 128), 25, Ipv4Address::from_octets(10, 0, 0, 7)},
      {Ipv4Address::from_octets(203, 0, 113, 0), 24, Ipv4Address()},  // on-link, no address of ours
  };
  return RouteTable(local, Ipv4Address::from_octets(10, 0, 0, 254), routes);
}

TEST(RouteTable, OnLinkDestinationsAreTheirOwnNextHop) {
  auto hop = table().lookup(Ipv4Address::from_octets(10, 0, 0, 99));
  ASSERT_TRUE(hop.has_value());
  EXPECT_EQ(hop->next_hop, Ipv4Address::from_octets(10, 0, 0, 99));
  EXPECT_EQ(hop->source, Ipv4Address::from_octets(10, 0, 0, 1));

  hop = table().lookup(Ipv4Address::from_octets(172, 16, 200, 3));
  ASSERT_TRUE(hop.has_value());
  EXPECT_EQ(hop->next_hop, Ipv4Address::from_octets(172, 16, 200, 3));
  EXPECT_EQ(hop->source, Ipv4Address::from_octets(172, 16, 5, 1))
      << "the address of the matching subnet";
}

TEST(RouteTable, OthersGoThroughTheDefaultGateway) {
  auto hop = table().lookup(Ipv4Address::from_octets(8, 8, 8, 8));
  ASSERT_TRUE(hop.has_value());
  EXPECT_EQ(hop->next_hop, Ipv4Address::from_octets(10, 0, 0, 254));
  EXPECT_EQ(hop->source, Ipv4Address::from_octets(10, 0, 0, 1));
}

TEST(RouteTable, TheLongestPrefixWins) {
  auto hop = table().lookup(Ipv4Address::from_octets(192, 0, 2, 10));
  ASSERT_TRUE(hop.has_value());
  EXPECT_EQ(hop->next_hop, Ipv4Address::from_octets(172, 16, 0, 9));
  EXPECT_EQ(hop->source, Ipv4Address::from_octets(172, 16, 5, 1));
  hop = table().lookup(Ipv4Address::from_octets(192, 0, 2, 200));
  ASSERT_TRUE(hop.has_value());
  EXPECT_EQ(hop->next_hop, Ipv4Address::from_octets(10, 0, 0, 7)) << "/25 beats /24";
  hop = table().lookup(Ipv4Address::from_octets(203, 0, 113, 5));
  ASSERT_TRUE(hop.has_value());
  EXPECT_EQ(hop->next_hop, Ipv4Address::from_octets(203, 0, 113, 5));
  EXPECT_EQ(hop->source, Ipv4Address::from_octets(10, 0, 0, 1)) << "the first address";
}

TEST(RouteTable, NoRouteForForbiddenOrUncoveredDestinations) {
  RouteTable t = table();
  EXPECT_FALSE(t.lookup(Ipv4Address()).has_value());
  EXPECT_FALSE(t.lookup(Ipv4Address(0xffffffffu)).has_value());
  EXPECT_FALSE(t.lookup(Ipv4Address::from_octets(224, 0, 0, 1)).has_value());
  EXPECT_FALSE(t.lookup(Ipv4Address::from_octets(127, 0, 0, 1)).has_value());
  EXPECT_FALSE(t.lookup(Ipv4Address::from_octets(10, 0, 0, 1)).has_value()) << "ourselves";
  LocalAddress one[] = {{test::kIpA, 24}};
  RouteTable no_gateway(one, std::nullopt, {});
  EXPECT_FALSE(no_gateway.lookup(test::kIpFar).has_value());
  EXPECT_TRUE(no_gateway.lookup(test::kIpB).has_value());
}

}  // namespace
}  // namespace dsctp::net
