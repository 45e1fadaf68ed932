// Corruption is only useful if the receiver can tell: every packet the
// link damages must fail the SCTP CRC32c, which is what the stack under
// test will check.
#include <gtest/gtest.h>

#include "crc/crc32c.h"
#include "sim/network.h"
#include "sim_test_util.h"

namespace dsctp::sim {
namespace {

using namespace std::chrono_literals;
using crc::sctp_checksum_ok;
using crc::write_sctp_checksum;
using test::Pair;

TEST(SimCorruption, EveryCorruptedSctpPacketFailsItsChecksum) {
  LinkConfig c;
  c.corrupt = 0.5;
  c.corrupt_max_bits = 3;  // CRC32c detects any 3 flipped bits in an MTU-sized packet
  Pair p(c, 21);
  for (uint32_t i = 0; i < 500; ++i) {
    test::Bytes packet = test::numbered(i, 12 + (i * 53) % 1400);
    write_sctp_checksum(packet);
    ASSERT_TRUE(sctp_checksum_ok(ByteRange(packet)));
    p.net.send(p.a, p.a_addr, p.z_addr, packet);
  }
  p.net.run_until_idle();
  ASSERT_EQ(p.z_rx.packets.size(), 500u);
  uint64_t failed = 0;
  for (const auto& r : p.z_rx.packets) failed += !sctp_checksum_ok(ByteRange(r.bytes));
  EXPECT_EQ(failed, p.az().counters().corrupted);
  EXPECT_GT(failed, 200u);
}

TEST(SimCorruption, ASegmentedPacketIsSentWhole) {
  Pair p(LinkConfig{});
  const test::Bytes whole = test::numbered(9, 100);
  const Segment parts[] = {{whole.data(), 30}, {whole.data() + 30, 70}};
  EXPECT_EQ(p.net.send(p.a, p.a_addr, p.z_addr, ByteRange(std::span<const Segment>(parts))),
            Fate::kInFlight);
  p.net.run_until_idle();
  ASSERT_EQ(p.z_rx.packets.size(), 1u);
  EXPECT_EQ(p.z_rx.packets[0].bytes, whole);
}

}  // namespace
}  // namespace dsctp::sim
