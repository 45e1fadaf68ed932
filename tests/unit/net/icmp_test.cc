#include "net/icmp.h"

#include <gtest/gtest.h>

#include "net/checksum.h"
#include "net_test_util.h"

namespace dsctp::net {
namespace {

using test::Bytes;

using test::range;

TEST(Icmp, EchoReplyKeepsIdentifierSequenceAndData) {
  Bytes request = test::icmp(8, 0, 0x12340007, test::bytes({'p', 'i', 'n', 'g', '!'}));
  ASSERT_TRUE(icmp_checksum_ok(range(request)));
  Bytes out(64);
  uint32_t n = build_echo_reply(out, range(request));
  ASSERT_EQ(n, request.size());
  out.resize(n);
  EXPECT_TRUE(icmp_checksum_ok(range(out)));
  auto h = IcmpHeader::parse(range(out));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->type, 0);
  EXPECT_EQ(h->code, 0);
  EXPECT_EQ(h->rest, 0x12340007u);
  EXPECT_TRUE(std::equal(out.begin() + 8, out.end(), request.begin() + 8));
  EXPECT_EQ(build_echo_reply(std::span<std::byte>(out).first(5), range(request)), 0u);
}

TEST(Icmp, ChecksumIsVerified) {
  Bytes m = test::icmp(8, 0, 1, test::bytes({1, 2, 3}));
  m[9] ^= std::byte{0x01};
  EXPECT_FALSE(icmp_checksum_ok(range(m)));
  EXPECT_FALSE(icmp_checksum_ok(range(Bytes(4))));
}

// The datagram we sent, as a router quotes it: IPv4 header and the start
// of the transport.
Bytes quoted(uint8_t protocol, const Bytes& transport) {
  test::Ipv4Fields f;
  f.source = test::kIpA;
  f.destination = test::kIpFar;
  f.protocol = protocol;
  return test::ipv4(f, transport);
}

TEST(IcmpError, FragmentationNeededCarriesTheMtuAndTheQuotedSctpHeader) {
  Bytes sctp = test::sctp_init(5000, 6000, 0, 0xcafef00d);
  Bytes m = test::icmp(3, 4, 1400, quoted(kProtocolSctp, sctp));
  auto h = IcmpHeader::parse(range(m));
  ASSERT_TRUE(h.has_value());
  auto e = parse_icmp_error(*h, range(m), test::kIpGateway);
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->fragmentation_needed());
  EXPECT_EQ(e->next_hop_mtu, 1400);
  EXPECT_EQ(e->reporter, test::kIpGateway);
  EXPECT_EQ(e->source, test::kIpA);
  EXPECT_EQ(e->destination, test::kIpFar);
  EXPECT_EQ(e->protocol, kProtocolSctp);
  EXPECT_EQ(e->sctp_source_port, 5000);
  EXPECT_EQ(e->sctp_destination_port, 6000);
  EXPECT_EQ(e->verification_tag, 0u);
  EXPECT_EQ(e->udp_source_port, 0);
  // With tag 0, RFC 9260 Appendix C ICMP6 looks at the INIT's Initiate Tag.
  ASSERT_EQ(e->quoted_sctp_size, kMaxQuotedSctpBytes);
  EXPECT_EQ(std::to_integer<int>(e->quoted_sctp_bytes()[12]), 1);
  EXPECT_EQ(load_be32(e->quoted_sctp_bytes().data() + 16), 0xcafef00du);
}

TEST(IcmpError, OnlyTheClassicEightBytesAreEnough) {
  Bytes sctp = test::sctp_init(5000, 6000, 0xabcdef01);
  sctp.resize(8);
  Bytes m = test::icmp(3, 2, 0, quoted(kProtocolSctp, sctp));
  auto e = parse_icmp_error(*IcmpHeader::parse(range(m)), range(m), test::kIpFar);
  ASSERT_TRUE(e.has_value());
  EXPECT_FALSE(e->fragmentation_needed());
  EXPECT_EQ(e->next_hop_mtu, 0) << "only code 4 carries an MTU";
  EXPECT_EQ(e->verification_tag, 0xabcdef01u);
  EXPECT_EQ(e->quoted_sctp_size, 8u);
}

TEST(IcmpError, EncapsulatedQuotesGiveTheUdpThenTheSctpHeader) {
  Bytes sctp = test::sctp_init(5000, 6000, 0x01020304);
  Bytes d = test::udp(9899, 40000, test::kIpA, test::kIpFar, sctp);
  Bytes m = test::icmp(3, 4, 1200, quoted(kProtocolUdp, d));
  auto e = parse_icmp_error(*IcmpHeader::parse(range(m)), range(m), test::kIpGateway);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->protocol, kProtocolUdp);
  EXPECT_EQ(e->udp_source_port, 9899);
  EXPECT_EQ(e->udp_destination_port, 40000);
  EXPECT_EQ(e->sctp_source_port, 5000);
  EXPECT_EQ(e->verification_tag, 0x01020304u);

  // Eight bytes of UDP alone cannot name the association (RFC 6951 5.5).
  d.resize(8 + 4);
  m = test::icmp(3, 4, 1200, quoted(kProtocolUdp, d));
  auto short_quote = parse_icmp_error(*IcmpHeader::parse(range(m)), range(m), test::kIpGateway);
  ASSERT_FALSE(short_quote.has_value());
  EXPECT_EQ(short_quote.error(), IcmpQuoteError::kShortQuote);
}

TEST(IcmpError, RefusesWhatItCannotUse) {
  auto error_of = [](const Bytes& m) {
    auto e = parse_icmp_error(*IcmpHeader::parse(ByteRange(std::span<const std::byte>(m))),
                              ByteRange(std::span<const std::byte>(m)), test::kIpFar);
    EXPECT_FALSE(e.has_value());
    return e ? IcmpQuoteError{} : e.error();
  };
  Bytes sctp = test::sctp_init(1, 2, 3);
  EXPECT_EQ(error_of(test::icmp(11, 0, 0, quoted(kProtocolSctp, sctp))),
            IcmpQuoteError::kNotUnreachable);
  EXPECT_EQ(error_of(test::icmp(3, 3, 0, quoted(6, sctp))), IcmpQuoteError::kNotSctp);
  EXPECT_EQ(error_of(test::icmp(3, 3, 0, test::bytes({0x45, 0, 0}))), IcmpQuoteError::kBadQuote);
  Bytes four = sctp;
  four.resize(4);
  EXPECT_EQ(error_of(test::icmp(3, 4, 0, quoted(kProtocolSctp, four))),
            IcmpQuoteError::kShortQuote);
}

}  // namespace
}  // namespace dsctp::net
