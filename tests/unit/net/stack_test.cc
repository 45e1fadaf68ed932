#include "net/stack.h"

#include <gtest/gtest.h>

#include "net_test_util.h"

namespace dsctp::net {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using test::Bytes;
using test::Node;
using Fields = test::Ipv4Fields;

using test::range;

// The IPv4 datagram in an Ethernet frame we sent, copied out of it.
struct SentIp {
  Ipv4Header header;
  Bytes payload;
};

SentIp ip_of(const Bytes& frame) {
  auto eth = EthernetHeader::parse(range(frame));
  EXPECT_TRUE(eth.has_value());
  EXPECT_EQ(eth->ether_type, 0x0800);
  auto ip = parse_ipv4(range(frame).subrange(14, static_cast<uint32_t>(frame.size()) - 14));
  EXPECT_TRUE(ip.has_value());
  if (!ip) return {};
  Bytes payload(ip->payload.size());
  ip->payload.copy_to(payload.data());
  return SentIp{ip->header, payload};
}

ArpPacket arp_of(const Bytes& frame) {
  auto eth = EthernetHeader::parse(range(frame));
  EXPECT_TRUE(eth.has_value());
  EXPECT_EQ(eth->ether_type, 0x0806);
  auto a = ArpPacket::parse(range(frame).subrange(14, static_cast<uint32_t>(frame.size()) - 14));
  EXPECT_TRUE(a.has_value());
  return a ? *a : ArpPacket{};
}

class NetStackTest : public testing::Test {
 protected:
  // A frame to A from B carrying `ip_payload` in an IPv4 datagram.
  static Bytes to_a(const Bytes& datagram, MacAddress to = test::kMacA) {
    return test::ethernet(to, test::kMacB, 0x0800, datagram);
  }
  // Teaches A the MAC of B, so that what A sends leaves at once.
  void a_knows_b() {
    ArpPacket reply{ArpOperation::kReply, test::kMacB, test::kIpB, test::kMacA, test::kIpA};
    Bytes body(kArpPacketSize);
    reply.serialize(body);
    a.receive(now, test::ethernet(test::kMacA, test::kMacB, 0x0806, body));
  }

  TimePoint now{seconds(1000)};
  Node a{test::config_for(test::kMacA, test::kIpA)};
};

TEST_F(NetStackTest, TwoStacksResolveEachOtherAndDeliverSctp) {
  Node b{test::config_for(test::kMacB, test::kIpB)};
  Bytes init = test::sctp_init(5000, 5001, 0);
  EXPECT_EQ(a.stack.send_sctp(now, test::kIpB, init), SendStatus::kQueued);
  ASSERT_EQ(a.sink.frames.size(), 1u) << "only the ARP request";
  ArpPacket request = arp_of(a.sink.frames.front());
  EXPECT_EQ(request.operation, ArpOperation::kRequest);
  EXPECT_EQ(request.target_ip, test::kIpB);
  EXPECT_EQ(request.sender_ip, test::kIpA);
  EXPECT_EQ(a.sink.frames.front().size(), kMinFrameSize) << "padded to the minimum";

  test::pump(now, a, b);
  ASSERT_EQ(b.upper.packets.size(), 1u);
  EXPECT_EQ(b.upper.packets[0].packet, init);
  EXPECT_EQ(b.upper.packets[0].info.source, test::kIpA);
  EXPECT_EQ(b.upper.packets[0].info.destination, test::kIpB);
  EXPECT_EQ(b.upper.packets[0].info.peer_udp_port, 0);
  EXPECT_EQ(a.stack.arp_cache().lookup(now, test::kIpB), test::kMacB);
  EXPECT_EQ(b.stack.arp_cache().lookup(now, test::kIpA), test::kMacA)
      << "RFC 826: the target learns the sender";

  // And back, without any ARP this time.
  EXPECT_EQ(b.stack.send_sctp(now, test::kIpA, init), SendStatus::kSent);
  test::pump(now, a, b);
  ASSERT_EQ(a.upper.packets.size(), 1u);
  EXPECT_EQ(a.upper.packets[0].packet, init);
  EXPECT_EQ(b.stack.counters().arp_requests_sent, 0u);
  EXPECT_EQ(b.stack.counters().arp_replies_sent, 1u);
  EXPECT_EQ(a.stack.counters().sctp_out, 1u);
  EXPECT_EQ(b.stack.counters().sctp_in, 1u);
}

TEST_F(NetStackTest, TheSentDatagramIsWellFormed) {
  a_knows_b();
  Bytes init = test::sctp_init(5000, 5001, 0);
  ASSERT_EQ(a.stack.send_sctp(now, test::kIpB, init), SendStatus::kSent);
  ASSERT_EQ(a.sink.frames.size(), 1u);
  Bytes f = a.sink.pop();
  auto eth = EthernetHeader::parse(range(f));
  EXPECT_EQ(eth->destination, test::kMacB);
  EXPECT_EQ(eth->source, test::kMacA);
  SentIp ip = ip_of(f);
  EXPECT_TRUE(ip.header.dont_fragment) << "RFC 1191";
  EXPECT_FALSE(ip.header.is_fragment());
  EXPECT_EQ(ip.header.ttl, 64);
  EXPECT_EQ(ip.header.protocol, kProtocolSctp);
  EXPECT_EQ(ip.header.source, test::kIpA);
  EXPECT_EQ(ip.payload, init);
  a.stack.send_sctp(now, test::kIpB, init);
  EXPECT_NE(ip_of(a.sink.pop()).header.identification, ip.header.identification);
}

// The runtime offers an mbuf to build each frame in: the frames are the
// same bytes as when the stack builds them itself, and only a frame that
// waited for ARP (copied into the queue) comes from elsewhere.
TEST_F(NetStackTest, BuildsFramesInTheSinksBuffer) {
  Node plain{test::config_for(test::kMacA, test::kIpA)};
  a.sink.offer_buffer = true;
  Bytes init = test::sctp_init(5000, 5001, 0);
  ASSERT_EQ(a.stack.send_sctp(now, test::kIpB, init), SendStatus::kQueued);
  ASSERT_EQ(plain.stack.send_sctp(now, test::kIpB, init), SendStatus::kQueued);
  EXPECT_EQ(a.sink.pop(), plain.sink.pop()) << "the ARP request";
  ArpPacket reply{ArpOperation::kReply, test::kMacB, test::kIpB, test::kMacA, test::kIpA};
  Bytes body(kArpPacketSize);
  reply.serialize(body);
  for (Node* n : {&a, &plain}) n->receive(now, test::ethernet(test::kMacA, test::kMacB, 0x0806, body));
  EXPECT_EQ(a.sink.pop(), plain.sink.pop()) << "the packet that waited";
  EXPECT_EQ(a.sink.built_in_place, 0u);
  Bytes small = test::sctp_init(5000, 5001, 0);
  small.resize(12);  // a bare common header: the frame gets padded
  for (const Bytes& packet : {init, small}) {
    ASSERT_EQ(a.stack.send_sctp(now, test::kIpB, packet), SendStatus::kSent);
    ASSERT_EQ(plain.stack.send_sctp(now, test::kIpB, packet), SendStatus::kSent);
    EXPECT_EQ(a.sink.pop(), plain.sink.pop());
  }
  EXPECT_EQ(a.sink.built_in_place, 2u);
  EXPECT_GE(a.sink.offered.size(), 60u);
}

TEST_F(NetStackTest, WaitingPacketsAreBoundedAndReleasedOnTheReply) {
  NetConfig c = test::config_for(test::kMacA, test::kIpA);
  c.arp.max_pending_per_hop = 3;
  Node n{c};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(n.stack.send_sctp(now, test::kIpB, test::sctp_init(1, 2, i)), SendStatus::kQueued);
  }
  EXPECT_EQ(n.sink.frames.size(), 1u) << "one request for all five";
  n.sink.frames.clear();
  EXPECT_EQ(n.stack.counters().arp_queue_overflow, 2u);
  ArpPacket reply{ArpOperation::kReply, test::kMacB, test::kIpB, test::kMacA, test::kIpA};
  Bytes body(kArpPacketSize);
  reply.serialize(body);
  n.receive(now, test::ethernet(test::kMacA, test::kMacB, 0x0806, body));
  ASSERT_EQ(n.sink.frames.size(), 3u);
  for (uint32_t tag = 2; tag < 5; ++tag) {
    Bytes f = n.sink.pop();
    EXPECT_EQ(EthernetHeader::parse(range(f))->destination, test::kMacB);
    EXPECT_EQ(ip_of(f).payload, test::sctp_init(1, 2, tag)) << "oldest dropped";
  }
}

TEST_F(NetStackTest, RetriesArpThenGivesUpAndCounts) {
  a.stack.send_sctp(now, test::kIpB, test::sctp_init(1, 2, 3));
  ASSERT_EQ(a.stack.next_deadline(), now + seconds(1));
  for (int i = 1; i <= 3; ++i) a.stack.advance(now + seconds(i));
  EXPECT_EQ(a.stack.counters().arp_requests_sent, 3u);
  EXPECT_EQ(a.stack.counters().unresolved_next_hop, 1u);
  EXPECT_EQ(a.stack.send_sctp(now + seconds(3), test::kIpB, test::sctp_init(1, 2, 3)),
            SendStatus::kUnresolved);
  a.stack.advance(now + seconds(4));
  EXPECT_EQ(a.stack.send_sctp(now + seconds(4), test::kIpB, test::sctp_init(1, 2, 3)),
            SendStatus::kQueued)
      << "tried afresh after the hold-down";
  EXPECT_EQ(a.stack.counters().arp_requests_sent, 4u);
}

TEST_F(NetStackTest, OffLinkDestinationsResolveTheGateway) {
  NetConfig c = test::config_for(test::kMacA, test::kIpA);
  c.gateway = test::kIpGateway;
  Node n{c};
  EXPECT_EQ(n.stack.send_sctp(now, test::kIpFar, test::sctp_init(1, 2, 3)), SendStatus::kQueued);
  EXPECT_EQ(arp_of(n.sink.pop()).target_ip, test::kIpGateway);
  EXPECT_EQ(n.stack.send_sctp(now, test::kIpB, test::sctp_init(1, 2, 3)), SendStatus::kQueued);
  EXPECT_EQ(arp_of(n.sink.pop()).target_ip, test::kIpB) << "on-link goes direct";
  EXPECT_EQ(a.stack.send_sctp(now, test::kIpFar, test::sctp_init(1, 2, 3)), SendStatus::kNoRoute);
  EXPECT_EQ(a.stack.counters().no_route, 1u);
}

TEST_F(NetStackTest, AnswersPing) {
  a_knows_b();
  Bytes request = test::icmp(8, 0, 0xbeef0001, Bytes(56, std::byte{0x61}));
  a.receive(now, to_a(test::ipv4(Fields().proto(kProtocolIcmp), request)));
  ASSERT_EQ(a.sink.frames.size(), 1u);
  SentIp ip = ip_of(a.sink.pop());
  EXPECT_EQ(ip.header.source, test::kIpA);
  EXPECT_EQ(ip.header.destination, test::kIpB);
  EXPECT_EQ(ip.header.protocol, kProtocolIcmp);
  EXPECT_TRUE(icmp_checksum_ok(range(ip.payload)));
  const Bytes& reply = ip.payload;
  EXPECT_EQ(reply[0], std::byte{0});
  EXPECT_TRUE(std::equal(reply.begin() + 4, reply.end(), request.begin() + 4));
  EXPECT_EQ(a.stack.counters().echo_replies_sent, 1u);
}

TEST_F(NetStackTest, PingRepliesAreRateLimited) {
  NetConfig c = test::config_for(test::kMacA, test::kIpA);
  c.echo_replies_per_second = 2;
  Node n{c};
  Bytes frame = to_a(test::ipv4(Fields().proto(kProtocolIcmp), test::icmp(8, 0, 1, {})));
  for (int i = 0; i < 5; ++i) n.receive(now, frame);
  EXPECT_EQ(n.stack.counters().echo_rate_limited, 3u);
  n.receive(now + seconds(1), frame);
  EXPECT_EQ(n.stack.counters().echo_rate_limited, 3u) << "a new window";
}

TEST_F(NetStackTest, ReportsFragmentationNeededWithTheQuotedSctpHeader) {
  Bytes sctp = test::sctp_init(5000, 6000, 0x55667788);
  Fields sent = Fields().from(test::kIpA).to(test::kIpFar);
  Bytes m = test::icmp(3, 4, 1280, test::ipv4(sent, sctp));
  a.receive(now, to_a(test::ipv4(Fields().from(test::kIpGateway).proto(kProtocolIcmp), m)));
  ASSERT_EQ(a.upper.errors.size(), 1u);
  const IcmpError& e = a.upper.errors[0];
  EXPECT_TRUE(e.fragmentation_needed());
  EXPECT_EQ(e.next_hop_mtu, 1280);
  EXPECT_EQ(e.reporter, test::kIpGateway);
  EXPECT_EQ(e.destination, test::kIpFar);
  EXPECT_EQ(e.verification_tag, 0x55667788u);
  EXPECT_EQ(e.sctp_source_port, 5000);

  // Not about a packet of ours: the quoted source is someone else.
  sent.source = test::kIpB;
  m = test::icmp(3, 4, 1280, test::ipv4(sent, sctp));
  a.receive(now, to_a(test::ipv4(Fields().from(test::kIpGateway).proto(kProtocolIcmp), m)));
  EXPECT_EQ(a.upper.errors.size(), 1u);
  EXPECT_EQ(a.stack.counters().icmp_ignored, 1u);

  // A broken checksum.
  m.back() ^= std::byte{1};
  a.receive(now, to_a(test::ipv4(Fields().from(test::kIpGateway).proto(kProtocolIcmp), m)));
  EXPECT_EQ(a.stack.counters().bad_icmp_checksum, 1u);
}

NetConfig encapsulating(MacAddress mac, Ipv4Address ip, uint16_t port) {
  NetConfig c = test::config_for(mac, ip);
  c.encapsulation = Encapsulation::kUdp;
  c.local_udp_port = port;
  return c;
}

TEST_F(NetStackTest, UdpEncapsulationBothWays) {
  Node x{encapsulating(test::kMacA, test::kIpA, 9899)};
  Node y{encapsulating(test::kMacB, test::kIpB, 40000)};
  Bytes init = test::sctp_init(5000, 5001, 0);
  x.stack.send_sctp(now, test::kIpB, init, 40000);
  test::pump(now, x, y);
  ASSERT_EQ(y.upper.packets.size(), 1u);
  EXPECT_EQ(y.upper.packets[0].packet, init);
  EXPECT_EQ(y.upper.packets[0].info.peer_udp_port, 9899) << "RFC 6951 5.4: learned per path";
  y.stack.send_sctp(now, test::kIpA, init, y.upper.packets[0].info.peer_udp_port);
  test::pump(now, x, y);
  ASSERT_EQ(x.upper.packets.size(), 1u);
  EXPECT_EQ(x.upper.packets[0].info.peer_udp_port, 40000);
  EXPECT_EQ(x.stack.max_sctp_packet_size(true), 1500u - 28u);
  EXPECT_EQ(x.stack.max_sctp_packet_size(false), 1500u - 20u);

  // Plain SCTP is still taken (RFC 6951 5.4 turns encapsulation off).
  x.stack.send_sctp(now, test::kIpB, init);
  test::pump(now, x, y);
  ASSERT_EQ(y.upper.packets.size(), 2u);
  EXPECT_EQ(y.upper.packets[1].info.peer_udp_port, 0);
}

TEST_F(NetStackTest, UdpIsCheckedAndOnlyOurPortTaken) {
  Node n{encapsulating(test::kMacA, test::kIpA, 9899)};
  Bytes init = test::sctp_init(5000, 5001, 0);
  Fields f = Fields().proto(kProtocolUdp);
  n.receive(now, to_a(test::ipv4(f, test::udp(7000, 9899, test::kIpB, test::kIpA, init, false))));
  EXPECT_EQ(n.upper.packets.size(), 1u) << "checksum 0: not checked";
  Bytes bad = test::udp(7000, 9899, test::kIpB, test::kIpA, init);
  bad[20] ^= std::byte{1};
  n.receive(now, to_a(test::ipv4(f, bad)));
  n.receive(now, to_a(test::ipv4(f, test::udp(7000, 9898, test::kIpB, test::kIpA, init))));
  n.receive(now, to_a(test::ipv4(f, test::udp(0, 9899, test::kIpB, test::kIpA, init))));
  EXPECT_EQ(n.upper.packets.size(), 1u);
  NetCounters c = n.stack.counters();
  EXPECT_EQ(c.bad_udp_checksum, 1u);
  EXPECT_EQ(c.udp_port_closed, 1u);
  EXPECT_EQ(c.bad_udp_header, 1u);

  // Without encapsulation UDP is a protocol we do not speak, and we will
  // not send it either.
  a.receive(now, to_a(test::ipv4(f, test::udp(7000, 9899, test::kIpB, test::kIpA, init))));
  EXPECT_EQ(a.stack.counters().unknown_protocol, 1u);
  EXPECT_EQ(a.stack.send_sctp(now, test::kIpB, init, 9899), SendStatus::kNotEncapsulating);
}

TEST_F(NetStackTest, EachBrokenHeaderIsDroppedAndCounted) {
  Bytes good = test::ipv4({}, test::sctp_init(1, 2, 3));
  auto broken = [&](auto edit) {
    Bytes d = good;
    edit(d);
    a.receive(now, to_a(d));
  };
  broken([](Bytes& d) { d[0] = std::byte{0x65}; });
  broken([](Bytes& d) { d[0] = std::byte{0x43}; });
  broken([](Bytes& d) { store_be16(d.data() + 2, 200); });
  broken([](Bytes& d) { d[12] ^= std::byte{1}; });
  broken([](Bytes& d) { d.resize(10); });
  a.receive(now, Bytes(13));
  NetCounters c = a.stack.counters();
  EXPECT_EQ(c.bad_ip_version, 1u);
  EXPECT_EQ(c.bad_ip_header_length, 1u);
  EXPECT_EQ(c.bad_ip_total_length, 1u);
  EXPECT_EQ(c.bad_ip_checksum, 1u);
  EXPECT_EQ(c.truncated, 2u);
  EXPECT_EQ(c.frames_in, 6u);
  EXPECT_TRUE(a.upper.packets.empty());
  a.receive(now, to_a(good));
  EXPECT_EQ(a.upper.packets.size(), 1u);
}

TEST_F(NetStackTest, FragmentsAreDropped) {
  a.receive(now, to_a(test::ipv4(Fields().flags(0x2000), test::sctp_init(1, 2, 3))));
  a.receive(now, to_a(test::ipv4(Fields().flags(0x0004), test::sctp_init(1, 2, 3))));
  EXPECT_EQ(a.stack.counters().fragments, 2u);
  EXPECT_TRUE(a.upper.packets.empty());
}

TEST_F(NetStackTest, OptionsAreSkippedAndCounted) {
  Fields f;
  f.options = test::bytes({0x01, 0x01, 0x01, 0x00});
  a.receive(now, to_a(test::ipv4(f, test::sctp_init(1, 2, 3))));
  ASSERT_EQ(a.upper.packets.size(), 1u);
  EXPECT_EQ(a.upper.packets[0].packet, test::sctp_init(1, 2, 3));
  EXPECT_EQ(a.stack.counters().ipv4_options_skipped, 1u);
}

TEST_F(NetStackTest, DropsWhatIsNotForUs) {
  Bytes init = test::sctp_init(1, 2, 3);
  a.receive(now, to_a(test::ipv4({}, init), test::kMacGateway));
  a.receive(now, to_a(test::ipv4(Fields().to(test::kIpGateway), init)));
  a.receive(now, to_a(test::ipv4(Fields().to(Ipv4Address(0xffffffffu)), init),
                      MacAddress::broadcast()));
  a.receive(now, to_a(test::ipv4(Fields().from(Ipv4Address::from_octets(224, 0, 0, 1)), init)));
  a.receive(now, to_a(test::ipv4(Fields().proto(6), init)));
  a.receive(now, test::ethernet(test::kMacA, test::kMacB, 0x8100, test::ipv4({}, init)));
  a.receive(now, test::ethernet(test::kMacA, test::kMacB, 0x86dd, test::ipv4({}, init)));
  NetCounters c = a.stack.counters();
  EXPECT_EQ(c.not_our_mac, 1u);
  EXPECT_EQ(c.not_our_ip, 2u);
  EXPECT_EQ(c.bad_ip_source, 1u);
  EXPECT_EQ(c.unknown_protocol, 1u);
  EXPECT_EQ(c.vlan_tagged, 1u);
  EXPECT_EQ(c.unknown_ether_type, 1u);
  EXPECT_TRUE(a.upper.packets.empty());
  EXPECT_TRUE(a.sink.frames.empty());
}

TEST_F(NetStackTest, ArpRequestsForOthersOnlyRefreshWhatWeKnow) {
  auto request = [](Ipv4Address sender, MacAddress mac, Ipv4Address target) {
    Bytes body(kArpPacketSize);
    ArpPacket{ArpOperation::kRequest, mac, sender, MacAddress{}, target}.serialize(body);
    return test::ethernet(MacAddress::broadcast(), mac, 0x0806, body);
  };
  a.receive(now, request(test::kIpB, test::kMacB, test::kIpGateway));
  EXPECT_EQ(a.stack.arp_cache().size(), 0u) << "RFC 826: not the target, no new entry";
  EXPECT_TRUE(a.sink.frames.empty());
  a_knows_b();
  a.receive(now, request(test::kIpB, test::kMacGateway, test::kIpGateway));
  EXPECT_EQ(a.stack.arp_cache().lookup(now, test::kIpB), test::kMacGateway) << "merged";

  // Someone claiming our address is not believed.
  a.receive(now, request(test::kIpA, test::kMacGateway, test::kIpA));
  EXPECT_EQ(a.stack.counters().arp_conflicts, 1u);
  // A probe (sender 0.0.0.0) is answered, not learned.
  a.receive(now, request(Ipv4Address(), test::kMacGateway, test::kIpA));
  ASSERT_EQ(a.sink.frames.size(), 1u);
  ArpPacket reply = arp_of(a.sink.frames.front());
  EXPECT_EQ(reply.operation, ArpOperation::kReply);
  EXPECT_EQ(reply.sender_ip, test::kIpA);
  EXPECT_EQ(reply.sender_mac, test::kMacA);
  EXPECT_EQ(reply.target_mac, test::kMacGateway);
  EXPECT_EQ(EthernetHeader::parse(range(a.sink.frames.front()))->destination, test::kMacGateway);
}

TEST_F(NetStackTest, StartAnnouncesEveryAddress) {
  NetConfig c = test::config_for(test::kMacA, test::kIpA);
  c.addresses.push_back(LocalAddress{Ipv4Address::from_octets(192, 0, 2, 1), 24});
  Node n{c};
  n.stack.start(now);
  ASSERT_EQ(n.sink.frames.size(), 2u);
  ArpPacket first = arp_of(n.sink.frames[0]);
  EXPECT_EQ(first.sender_ip, test::kIpA);
  EXPECT_EQ(first.target_ip, test::kIpA);
  EXPECT_EQ(EthernetHeader::parse(range(n.sink.frames[0]))->destination, MacAddress::broadcast());
  EXPECT_EQ(arp_of(n.sink.frames[1]).target_ip, Ipv4Address::from_octets(192, 0, 2, 1));
}

TEST_F(NetStackTest, RefusesPacketsOverTheMtu) {
  a_knows_b();
  Bytes big(1481);
  EXPECT_EQ(a.stack.send_sctp(now, test::kIpB, big), SendStatus::kTooBig);
  big.resize(1480);
  EXPECT_EQ(a.stack.send_sctp(now, test::kIpB, big), SendStatus::kSent);
  EXPECT_EQ(a.sink.pop().size(), 1514u);
  EXPECT_EQ(a.stack.counters().too_big, 1u);
}

TEST_F(NetStackTest, ReadsASegmentedFrame) {
  Bytes f = to_a(test::ipv4({}, test::sctp_init(1, 2, 3)));
  Segment segs[] = {{f.data(), 13}, {f.data() + 13, 9}, {f.data() + 22, 30},
                    {f.data() + 52, static_cast<uint32_t>(f.size() - 52)}};
  a.stack.handle_frame(now, ByteRange(std::span<const Segment>(segs)));
  ASSERT_EQ(a.upper.packets.size(), 1u);
  EXPECT_EQ(a.upper.packets[0].packet, test::sctp_init(1, 2, 3));
}

}  // namespace
}  // namespace dsctp::net
