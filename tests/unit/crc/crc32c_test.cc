#include "crc/crc32c.h"

#include <gtest/gtest.h>
#include <isa-l/crc.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/byte_range.h"

namespace dsctp::crc {
namespace {

// The slowest, plainest CRC32c there is: one bit at a time with the
// reflected Castagnoli polynomial, no table, no ISA-L. Everything the fast
// path computes is checked against this.
uint32_t reference_crc32c(std::span<const std::byte> bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (std::byte b : bytes) {
    crc ^= std::to_integer<uint32_t>(b);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::vector<std::byte> to_bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

std::vector<std::byte> filled(size_t n, int value) {
  return std::vector<std::byte>(n, static_cast<std::byte>(value));
}

// Deterministic filler that is neither constant nor periodic over a packet.
std::vector<std::byte> pseudo_random(size_t n, uint32_t seed) {
  std::vector<std::byte> out(n);
  for (auto& b : out) {
    seed = seed * 1664525u + 1013904223u;
    b = static_cast<std::byte>(seed >> 24);
  }
  return out;
}

// A common header and an INIT chunk, laid out by hand from RFC 9260 3.1
// and 3.3.2: ports 5000 -> 36412, verification tag 0 (as INIT requires),
// checksum 0, INIT with tag 0x12345678, a_rwnd 106496, 10 outbound and
// 65535 inbound streams, initial TSN 0xDEADBEEF, an IPv4 address parameter
// (192.0.2.1) and Supported Address Types (IPv4) padded to 4 bytes.
std::vector<std::byte> init_packet() {
  return to_bytes({
      0x13, 0x88, 0x8E, 0x3C,  // source port 5000, destination port 36412
      0x00, 0x00, 0x00, 0x00,  // verification tag
      0x00, 0x00, 0x00, 0x00,  // checksum
      0x01, 0x00, 0x00, 0x22,  // INIT, flags 0, length 34
      0x12, 0x34, 0x56, 0x78,  // initiate tag
      0x00, 0x01, 0xA0, 0x00,  // a_rwnd
      0x00, 0x0A, 0xFF, 0xFF,  // outbound streams, inbound streams
      0xDE, 0xAD, 0xBE, 0xEF,  // initial TSN
      0x00, 0x05, 0x00, 0x08,  // IPv4 address parameter
      0xC0, 0x00, 0x02, 0x01,  //   192.0.2.1
      0x00, 0x0C, 0x00, 0x06,  // Supported Address Types
      0x00, 0x05, 0x00, 0x00,  //   IPv4, padding
  });
}

// The CRC of init_packet(), from reference_crc32c() and cross-checked
// outside this test: tshark reports the packet carrying it as "[correct]"
// and scapy's crc32c() agrees.
constexpr uint32_t kInitPacketCrc = 0x2F414D7Du;

// A ~100-byte packet with a DATA chunk, for the exhaustive tests.
std::vector<std::byte> data_packet() {
  std::vector<std::byte> p = to_bytes({
      0x0B, 0x59, 0x0B, 0x59,  // ports 2905 -> 2905 (M3UA)
      0xA1, 0xB2, 0xC3, 0xD4,  // verification tag
      0x00, 0x00, 0x00, 0x00,  // checksum
      0x00, 0x03, 0x00, 0x58,  // DATA, flags B|E, length 88
      0x00, 0x00, 0x00, 0x2A,  // TSN
      0x00, 0x01, 0x00, 0x07,  // stream 1, SSN 7
      0x00, 0x00, 0x00, 0x03,  // PPID 3 (M3UA)
  });
  std::vector<std::byte> payload = pseudo_random(72, 7);
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

std::vector<std::byte> with_zeroed_checksum(const std::vector<std::byte>& p) {
  std::vector<std::byte> out = p;
  for (uint32_t i = 0; i < kSctpChecksumSize; ++i) out.at(kSctpChecksumOffset + i) = std::byte{0};
  return out;
}

// --- The CRC itself ---------------------------------------------------------

TEST(Crc32cTest, ReferenceMatchesCheckValue) {
  // Guards the reference before anything is judged by it.
  EXPECT_EQ(reference_crc32c(as_bytes_of("123456789", 9)), 0xE3069283u);
}

TEST(Crc32cTest, CheckValue) {
  EXPECT_EQ(crc32c(as_bytes_of("123456789", 9)), 0xE3069283u);
  EXPECT_EQ(crc32c(ByteRange(as_bytes_of("123456789", 9))), 0xE3069283u);
}

TEST(Crc32cTest, EmptyInputIsZero) {
  EXPECT_EQ(crc32c(std::span<const std::byte>()), 0u);
  EXPECT_EQ(crc32c(ByteRange()), 0u);
  EXPECT_EQ(reference_crc32c({}), 0u);
}

struct Rfc3720Vector {
  const char* name;
  std::vector<std::byte> bytes;
  uint32_t crc;
  // The CRC bytes as RFC 3720 B.4 lists them, in transmission order.
  std::array<int, 4> listed;
};

std::vector<Rfc3720Vector> rfc3720_vectors() {
  std::vector<std::byte> up(32), down(32);
  for (int i = 0; i < 32; ++i) {
    up[i] = static_cast<std::byte>(i);
    down[i] = static_cast<std::byte>(31 - i);
  }
  std::vector<std::byte> read_pdu = to_bytes({
      0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
      0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  });
  return {
      {"zeros", filled(32, 0x00), 0x8A9136AAu, {0xAA, 0x36, 0x91, 0x8A}},
      {"ones", filled(32, 0xFF), 0x62A8AB43u, {0x43, 0xAB, 0xA8, 0x62}},
      {"incrementing", up, 0x46DD794Eu, {0x4E, 0x79, 0xDD, 0x46}},
      {"decrementing", down, 0x113FDB5Cu, {0x5C, 0xDB, 0x3F, 0x11}},
      {"iscsi read pdu", read_pdu, 0xD9963A56u, {0x56, 0x3A, 0x96, 0xD9}},
  };
}

TEST(Crc32cTest, Rfc3720Vectors) {
  for (const Rfc3720Vector& v : rfc3720_vectors()) {
    SCOPED_TRACE(v.name);
    EXPECT_EQ(reference_crc32c(v.bytes), v.crc);
    EXPECT_EQ(crc32c(v.bytes), v.crc);
    EXPECT_EQ(crc32c(ByteRange(std::span<const std::byte>(v.bytes))), v.crc);
    // iSCSI and SCTP put the CRC on the wire the same way: low byte first.
    for (int i = 0; i < 4; ++i) EXPECT_EQ((v.crc >> (8 * i)) & 0xFFu, uint32_t(v.listed[i]));
  }
}

TEST(Crc32cTest, MatchesReferenceAtEveryLengthAndAlignment) {
  // ISA-L switches code paths by length and alignment; cover the seams.
  std::vector<std::byte> buf = pseudo_random(4096 + 64, 1);
  for (size_t len : {0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 200, 255, 256,
                     257, 300, 511, 512, 1023, 1024, 1500, 2048, 4095, 4096}) {
    for (size_t align = 0; align < 16; ++align) {
      std::span<const std::byte> s(buf.data() + align, len);
      ASSERT_EQ(crc32c(s), reference_crc32c(s)) << "len " << len << " align " << align;
    }
  }
}

TEST(Crc32cTest, IncrementalEqualsWhole) {
  std::vector<std::byte> buf = pseudo_random(300, 2);
  uint32_t whole = crc32c(buf);
  for (size_t cut = 0; cut <= buf.size(); ++cut) {
    Crc32c c;
    c.update(std::span<const std::byte>(buf.data(), cut));
    c.update(std::span<const std::byte>(buf.data() + cut, buf.size() - cut));
    ASSERT_EQ(c.value(), whole) << "cut " << cut;
  }
}

TEST(Crc32cTest, UpdateZerosEqualsZeroBytes) {
  for (uint32_t n : {0u, 1u, 4u, 63u, 64u, 65u, 1000u}) {
    Crc32c a, b;
    a.update(as_bytes_of("ab", 2));
    b.update(as_bytes_of("ab", 2));
    a.update_zeros(n);
    std::vector<std::byte> zeros(n);
    b.update(zeros);
    EXPECT_EQ(a.value(), b.value()) << n;
  }
}

// --- Segmented buffers ------------------------------------------------------

TEST(Crc32cSegmentsTest, EveryTwoWaySplit) {
  std::vector<std::byte> p = data_packet();
  write_sctp_checksum(p);
  const uint32_t whole = crc32c(p);
  const uint32_t whole_sctp = sctp_checksum(ByteRange(std::span<const std::byte>(p)));
  const uint32_t n = static_cast<uint32_t>(p.size());
  for (uint32_t a = 0; a <= n; ++a) {
    std::array<Segment, 2> segs = {{{p.data(), a}, {p.data() + a, n - a}}};
    ByteRange r{std::span<const Segment>(segs)};
    ASSERT_EQ(crc32c(r), whole) << a;
    ASSERT_EQ(sctp_checksum(r), whole_sctp) << a;
    ASSERT_TRUE(sctp_checksum_ok(r)) << a;
  }
}

TEST(Crc32cSegmentsTest, EveryThreeWaySplit) {
  std::vector<std::byte> p = data_packet();
  write_sctp_checksum(p);
  const uint32_t whole = crc32c(p);
  const uint32_t whole_sctp = sctp_checksum(ByteRange(std::span<const std::byte>(p)));
  const uint32_t n = static_cast<uint32_t>(p.size());
  for (uint32_t a = 0; a <= n; ++a) {
    for (uint32_t b = a; b <= n; ++b) {
      std::array<Segment, 3> segs = {
          {{p.data(), a}, {p.data() + a, b - a}, {p.data() + b, n - b}}};
      ByteRange r{std::span<const Segment>(segs)};
      ASSERT_EQ(crc32c(r), whole) << a << "," << b;
      ASSERT_EQ(sctp_checksum(r), whole_sctp) << a << "," << b;
      ASSERT_TRUE(sctp_checksum_ok(r)) << a << "," << b;
    }
  }
}

// An MTU-sized packet, so that pieces take both the short path and ISA-L.
TEST(Crc32cSegmentsTest, MtuPacketSplits) {
  std::vector<std::byte> p = pseudo_random(1500, 11);
  write_sctp_checksum(p);
  const uint32_t whole = reference_crc32c(p);
  const uint32_t whole_sctp = reference_crc32c(with_zeroed_checksum(p));
  const uint32_t n = static_cast<uint32_t>(p.size());
  for (uint32_t a = 0; a <= n; ++a) {
    std::array<Segment, 2> segs = {{{p.data(), a}, {p.data() + a, n - a}}};
    ByteRange r{std::span<const Segment>(segs)};
    ASSERT_EQ(crc32c(r), whole) << a;
    ASSERT_EQ(sctp_checksum(r), whole_sctp) << a;
  }
  for (uint32_t a = 0; a <= n; a += 7) {
    for (uint32_t b = a; b <= n; b += 29) {
      std::array<Segment, 3> segs = {
          {{p.data(), a}, {p.data() + a, b - a}, {p.data() + b, n - b}}};
      ByteRange r{std::span<const Segment>(segs)};
      ASSERT_EQ(crc32c(r), whole) << a << "," << b;
      ASSERT_TRUE(sctp_checksum_ok(r)) << a << "," << b;
    }
  }
}

TEST(Crc32cSegmentsTest, EmptySegmentsAnywhere) {
  std::vector<std::byte> p = data_packet();
  write_sctp_checksum(p);
  const uint32_t n = static_cast<uint32_t>(p.size());
  std::array<Segment, 6> segs = {{{nullptr, 0},
                                  {p.data(), 10},
                                  {nullptr, 0},
                                  {p.data() + 10, 0},
                                  {p.data() + 10, n - 10},
                                  {nullptr, 0}}};
  ByteRange r{std::span<const Segment>(segs)};
  EXPECT_EQ(crc32c(r), crc32c(p));
  EXPECT_TRUE(sctp_checksum_ok(r));
}

TEST(Crc32cSegmentsTest, Subrange) {
  std::vector<std::byte> p = pseudo_random(64, 3);
  std::array<Segment, 3> segs = {{{p.data(), 20}, {p.data() + 20, 5}, {p.data() + 25, 39}}};
  ByteRange r{std::span<const Segment>(segs)};
  for (uint32_t off = 0; off <= 64; ++off) {
    for (uint32_t len = 0; off + len <= 64; ++len) {
      ASSERT_EQ(crc32c(r.subrange(off, len)),
                reference_crc32c(std::span<const std::byte>(p.data() + off, len)))
          << off << "+" << len;
    }
  }
}

// --- The SCTP checksum ------------------------------------------------------

TEST(SctpChecksumTest, IgnoresStoredField) {
  std::vector<std::byte> p = data_packet();
  const uint32_t expected = reference_crc32c(with_zeroed_checksum(p));
  for (uint32_t stored : {0u, 0xFFFFFFFFu, 0xDEADBEEFu, expected}) {
    for (int i = 0; i < 4; ++i)
      p[kSctpChecksumOffset + i] = static_cast<std::byte>(stored >> (8 * i));
    EXPECT_EQ(sctp_checksum(ByteRange(std::span<const std::byte>(p))), expected);
  }
}

TEST(SctpChecksumTest, WriteThenOk) {
  std::vector<std::byte> p = data_packet();
  p[9] = std::byte{0x5A};  // garbage in the field beforehand must not matter
  write_sctp_checksum(p);
  EXPECT_TRUE(sctp_checksum_ok(ByteRange(std::span<const std::byte>(p))));
  EXPECT_EQ(stored_sctp_checksum(p.data()), reference_crc32c(with_zeroed_checksum(p)));
}

TEST(SctpChecksumTest, AnySingleBitFlipIsCaught) {
  std::vector<std::byte> p = data_packet();
  write_sctp_checksum(p);
  ASSERT_GE(p.size(), 100u);
  for (size_t bit = 0; bit < p.size() * 8; ++bit) {
    p[bit / 8] ^= static_cast<std::byte>(1u << (bit % 8));
    ASSERT_FALSE(sctp_checksum_ok(ByteRange(std::span<const std::byte>(p)))) << "bit " << bit;
    p[bit / 8] ^= static_cast<std::byte>(1u << (bit % 8));
  }
  EXPECT_TRUE(sctp_checksum_ok(ByteRange(std::span<const std::byte>(p))));
}

TEST(SctpChecksumTest, HandBuiltInitPacket) {
  std::vector<std::byte> p = init_packet();
  ASSERT_EQ(p.size(), 48u);
  EXPECT_EQ(reference_crc32c(p), kInitPacketCrc);
  EXPECT_EQ(sctp_checksum(ByteRange(std::span<const std::byte>(p))), kInitPacketCrc);
  write_sctp_checksum(p);
  // The bytes tshark accepts as correct.
  EXPECT_EQ(p[8], std::byte{0x7D});
  EXPECT_EQ(p[9], std::byte{0x4D});
  EXPECT_EQ(p[10], std::byte{0x41});
  EXPECT_EQ(p[11], std::byte{0x2F});
  EXPECT_EQ(stored_sctp_checksum(p.data()), kInitPacketCrc);
  EXPECT_TRUE(sctp_checksum_ok(ByteRange(std::span<const std::byte>(p))));
}

TEST(SctpChecksumTest, StoredByteOrderIsTheIsalRecipe) {
  // The usual recipe: ~crc32_iscsi(buf, len, 0xFFFFFFFF) over the packet with the
  // field zeroed, stored little-endian. Computed here straight from ISA-L.
  std::vector<std::byte> p = data_packet();
  std::vector<std::byte> zeroed = with_zeroed_checksum(p);
  uint32_t isal = ~crc32_iscsi(reinterpret_cast<unsigned char*>(zeroed.data()),
                              static_cast<int>(zeroed.size()), 0xFFFFFFFFu);
  write_sctp_checksum(p);
  EXPECT_EQ(p[8], std::byte(isal & 0xFF));
  EXPECT_EQ(p[9], std::byte((isal >> 8) & 0xFF));
  EXPECT_EQ(p[10], std::byte((isal >> 16) & 0xFF));
  EXPECT_EQ(p[11], std::byte((isal >> 24) & 0xFF));
}

TEST(SctpChecksumTest, CommonHeaderOnly) {
  // A 12-byte packet has no chunks but is still checksummed whole.
  std::vector<std::byte> p = to_bytes({0, 1, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0});
  write_sctp_checksum(p);
  EXPECT_EQ(stored_sctp_checksum(p.data()), reference_crc32c(with_zeroed_checksum(p)));
  EXPECT_TRUE(sctp_checksum_ok(ByteRange(std::span<const std::byte>(p))));
}

TEST(SctpChecksumTest, ShorterThanCommonHeader) {
  for (size_t n = 0; n < 12; ++n) {
    std::vector<std::byte> p(n, std::byte{0});
    EXPECT_FALSE(sctp_checksum_ok(ByteRange(std::span<const std::byte>(p)))) << n;
    write_sctp_checksum(p);  // must neither write nor crash
    EXPECT_EQ(p, std::vector<std::byte>(n, std::byte{0}));
  }
}

TEST(SctpChecksumTest, ShortSegmentedHeaderIsRejected) {
  std::vector<std::byte> p(11, std::byte{0});
  std::array<Segment, 2> segs = {{{p.data(), 5}, {p.data() + 5, 6}}};
  EXPECT_FALSE(sctp_checksum_ok(ByteRange(std::span<const Segment>(segs))));
}

}  // namespace
}  // namespace dsctp::crc
