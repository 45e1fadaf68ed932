#include "net/arp.h"

#include <gtest/gtest.h>

#include "net_test_util.h"

namespace dsctp::net {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using test::Bytes;

TEST(ArpPacket, RoundTrips) {
  ArpPacket a{ArpOperation::kReply, test::kMacB, test::kIpB, test::kMacA, test::kIpA};
  Bytes b(kArpPacketSize);
  ASSERT_TRUE(a.serialize(b));
  // The fixed part as RFC 826 lays it out: Ethernet (1), IPv4, 6, 4, reply.
  EXPECT_EQ(Bytes(b.begin(), b.begin() + 8), test::bytes({0, 1, 8, 0, 6, 4, 0, 2}));
  auto back = ArpPacket::parse(ByteRange(std::span<const std::byte>(b)));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->operation, ArpOperation::kReply);
  EXPECT_EQ(back->sender_mac, test::kMacB);
  EXPECT_EQ(back->sender_ip, test::kIpB);
  EXPECT_EQ(back->target_mac, test::kMacA);
  EXPECT_EQ(back->target_ip, test::kIpA);
}

TEST(ArpPacket, RefusesOtherHardwareProtocolsAndOperations) {
  ArpPacket a;
  Bytes good(kArpPacketSize);
  ASSERT_TRUE(a.serialize(good));
  for (size_t at : {1u, 3u, 4u, 5u, 7u}) {
    Bytes b = good;
    b[at] ^= std::byte{0x04};
    EXPECT_FALSE(ArpPacket::parse(ByteRange(std::span<const std::byte>(b))).has_value()) << at;
  }
  Bytes short_packet(good.begin(), good.end() - 1);
  EXPECT_FALSE(ArpPacket::parse(ByteRange(std::span<const std::byte>(short_packet))).has_value());
}

class ArpCacheTest : public testing::Test {
 protected:
  static ArpConfig small() {
    ArpConfig c;
    c.entry_lifetime = minutes(5);
    c.retry_interval = seconds(1);
    c.max_requests = 3;
    c.max_entries = 4;
    c.max_pending_per_hop = 2;
    return c;
  }
  Bytes frame(int n) { return Bytes(20, static_cast<std::byte>(n)); }

  TimePoint t0{seconds(100)};
  ArpCache cache{small()};
  std::deque<ArpCache::Frame> released;
  std::vector<Ipv4Address> requests;
};

TEST_F(ArpCacheTest, QueuesUntilTheReplyAndReleasesInOrder) {
  EXPECT_FALSE(cache.lookup(t0, test::kIpB).has_value());
  EXPECT_EQ(cache.enqueue(t0, test::kIpB, frame(1)), ArpCache::Queued::kSendRequest);
  EXPECT_EQ(cache.enqueue(t0, test::kIpB, frame(2)), ArpCache::Queued::kWaiting);
  EXPECT_FALSE(cache.lookup(t0, test::kIpB).has_value());
  ASSERT_TRUE(cache.update(t0 + milliseconds(3), test::kIpB, test::kMacB, released));
  ASSERT_EQ(released.size(), 2u);
  EXPECT_EQ(released[0], frame(1));
  EXPECT_EQ(released[1], frame(2));
  EXPECT_EQ(cache.lookup(t0, test::kIpB), test::kMacB);
}

TEST_F(ArpCacheTest, AFullQueueDropsItsOldest) {
  cache.enqueue(t0, test::kIpB, frame(1));
  cache.enqueue(t0, test::kIpB, frame(2));
  EXPECT_EQ(cache.enqueue(t0, test::kIpB, frame(3)), ArpCache::Queued::kWaiting);
  EXPECT_EQ(cache.stats().queue_overflow, 1u);
  cache.update(t0, test::kIpB, test::kMacB, released);
  ASSERT_EQ(released.size(), 2u);
  EXPECT_EQ(released[0], frame(2));
  EXPECT_EQ(released[1], frame(3));
}

TEST_F(ArpCacheTest, RetriesAtTheIntervalThenGivesUp) {
  cache.enqueue(t0, test::kIpB, frame(1));
  EXPECT_EQ(cache.next_deadline(), t0 + seconds(1));
  cache.advance(t0 + milliseconds(999), requests);
  EXPECT_TRUE(requests.empty()) << "RFC 1122: at most one request a second";
  cache.advance(t0 + seconds(1), requests);
  cache.advance(t0 + seconds(2), requests);
  EXPECT_EQ(requests, (std::vector<Ipv4Address>{test::kIpB, test::kIpB})) << "3 in all";
  cache.advance(t0 + seconds(3), requests);
  EXPECT_EQ(requests.size(), 2u);
  EXPECT_EQ(cache.stats().unresolved, 1u);
  // Failed for a while: packets go nowhere rather than re-ARPing at once.
  EXPECT_EQ(cache.enqueue(t0 + seconds(3), test::kIpB, frame(2)), ArpCache::Queued::kDropped);
  EXPECT_EQ(cache.stats().unresolved, 2u);
  cache.advance(t0 + seconds(4), requests);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.enqueue(t0 + seconds(4), test::kIpB, frame(3)), ArpCache::Queued::kSendRequest);
}

TEST_F(ArpCacheTest, EntriesAgeOut) {
  ASSERT_TRUE(cache.insert(t0, test::kIpB, test::kMacB));
  EXPECT_EQ(cache.next_deadline(), t0 + minutes(5));
  EXPECT_TRUE(cache.lookup(t0 + minutes(5) - milliseconds(1), test::kIpB).has_value());
  EXPECT_FALSE(cache.lookup(t0 + minutes(5), test::kIpB).has_value());
  cache.advance(t0 + minutes(5), requests);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.stats().expired, 1u);
  EXPECT_FALSE(cache.next_deadline().has_value());
}

TEST_F(ArpCacheTest, AnUpdateRefreshesTheLifetime) {
  cache.insert(t0, test::kIpB, test::kMacB);
  cache.update(t0 + minutes(4), test::kIpB, test::kMacA, released);
  EXPECT_EQ(cache.lookup(t0 + minutes(8), test::kIpB), test::kMacA);
}

TEST_F(ArpCacheTest, TheTableIsBoundedAndTheOldestResolvedEntryMakesRoom) {
  for (uint32_t i = 0; i < 4; ++i) {
    ASSERT_TRUE(cache.insert(t0 + seconds(i), Ipv4Address(0x0a000010 + i), test::kMacB));
  }
  ASSERT_TRUE(cache.insert(t0 + seconds(10), Ipv4Address(0x0a000020), test::kMacA));
  EXPECT_EQ(cache.size(), 4u);
  EXPECT_EQ(cache.stats().evicted, 1u);
  EXPECT_FALSE(cache.lookup(t0 + seconds(10), Ipv4Address(0x0a000010)).has_value());
  EXPECT_TRUE(cache.lookup(t0 + seconds(10), Ipv4Address(0x0a000011)).has_value());
}

TEST_F(ArpCacheTest, WaitingEntriesAreNeverEvicted) {
  for (uint32_t i = 0; i < 4; ++i) {
    ASSERT_EQ(cache.enqueue(t0, Ipv4Address(0x0a000010 + i), frame(1)),
              ArpCache::Queued::kSendRequest);
  }
  EXPECT_EQ(cache.enqueue(t0, Ipv4Address(0x0a000020), frame(1)), ArpCache::Queued::kDropped);
  EXPECT_FALSE(cache.insert(t0, Ipv4Address(0x0a000020), test::kMacA));
  EXPECT_EQ(cache.stats().table_full, 1u);
  EXPECT_EQ(cache.size(), 4u);
}

TEST_F(ArpCacheTest, UpdateLeavesUnknownAddressesAlone) {
  EXPECT_FALSE(cache.update(t0, test::kIpB, test::kMacB, released));
  EXPECT_EQ(cache.size(), 0u) << "RFC 826: only the target learns a new pair";
}

}  // namespace
}  // namespace dsctp::net
