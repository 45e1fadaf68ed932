#include "net/ethernet.h"

#include <gtest/gtest.h>

#include "net_test_util.h"

namespace dsctp::net {
namespace {

using test::Bytes;

TEST(MacAddress, PrintsAndClassifies) {
  MacAddress m{{0x02, 0x00, 0x5e, 0x10, 0xab, 0xff}};
  EXPECT_EQ(m.to_string(), "02:00:5e:10:ab:ff");
  EXPECT_FALSE(m.is_group());
  EXPECT_TRUE(MacAddress::broadcast().is_broadcast());
  EXPECT_TRUE(MacAddress::broadcast().is_group());
  EXPECT_TRUE((MacAddress{{0x01, 0x00, 0x5e, 0, 0, 1}}).is_group()) << "IPv4 multicast";
  EXPECT_TRUE(MacAddress{}.is_zero());
}

TEST(EthernetHeader, RoundTrips) {
  Bytes f = test::ethernet(test::kMacA, test::kMacB, 0x0806, test::bytes({1, 2, 3}));
  ASSERT_EQ(f.size(), 17u);
  auto h = EthernetHeader::parse(ByteRange(std::span<const std::byte>(f)));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->destination, test::kMacA);
  EXPECT_EQ(h->source, test::kMacB);
  EXPECT_EQ(h->ether_type, 0x0806);
  EXPECT_FALSE(h->is_vlan_tagged());
}

TEST(EthernetHeader, RefusesAShortFrameAndAShortBuffer) {
  Bytes f(13);
  EXPECT_FALSE(EthernetHeader::parse(ByteRange(std::span<const std::byte>(f))).has_value());
  EXPECT_FALSE(EthernetHeader{}.serialize(f));
}

TEST(EthernetHeader, KnowsVlanTags) {
  EthernetHeader h;
  h.ether_type = 0x8100;
  EXPECT_TRUE(h.is_vlan_tagged());
  h.ether_type = 0x88a8;
  EXPECT_TRUE(h.is_vlan_tagged());
}

}  // namespace
}  // namespace dsctp::net
