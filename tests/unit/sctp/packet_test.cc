#include "sctp/wire/packet.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "crc/crc32c.h"
#include "sctp/wire/chunks/data.h"

namespace dsctp::sctp::wire {
namespace {

std::vector<std::byte> text(const char* s) {
  std::vector<std::byte> v;
  for (; *s; ++s) v.push_back(static_cast<std::byte>(*s));
  return v;
}

TEST(PacketBuilder, BuildsAPacketThatParsesBack) {
  std::array<std::byte, 1500> buf{};
  CommonHeader h{5000, 5001, VerificationTag(0x01020304), 0};
  PacketBuilder b(buf, h);
  auto hello = text("hello");
  DataChunk d;
  d.tsn = Tsn(100);
  d.stream = StreamId(7);
  d.ssn = Ssn(9);
  d.ppid = Ppid(51);
  d.payload = ByteRange(hello);
  ASSERT_TRUE(b.add(d));
  EXPECT_EQ(b.size(), 12u + 24u) << "16 + 5 bytes padded to 24";
  auto packet = b.finish();
  EXPECT_TRUE(crc::sctp_checksum_ok(ByteRange(packet)));

  auto v = PacketView::parse(ByteRange(packet));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->header.source_port, 5000);
  EXPECT_EQ(v->header.destination_port, 5001);
  EXPECT_EQ(v->header.verification_tag, VerificationTag(0x01020304));
  auto reader = v->chunk_reader();
  RawChunk raw;
  ASSERT_TRUE(reader.next(raw));
  auto back = DataChunk::parse(raw);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->tsn, Tsn(100));
  EXPECT_EQ(back->stream, StreamId(7));
  EXPECT_EQ(back->ssn, Ssn(9));
  EXPECT_EQ(back->ppid, Ppid(51));
  EXPECT_TRUE(back->beginning() && back->ending() && !back->unordered());
  EXPECT_TRUE(back->payload.equals(hello));
  EXPECT_FALSE(reader.next(raw));
}

TEST(PacketBuilder, RefusesAChunkBeyondTheBudgetAndKeepsThePacket) {
  std::array<std::byte, 12 + 32> buf{};
  PacketBuilder b(buf, CommonHeader{1, 2, VerificationTag(3), 0});
  std::array<std::byte, 16> payload{};
  DataChunk d;
  d.payload = ByteRange(payload);
  ASSERT_TRUE(b.add(d));
  EXPECT_EQ(b.remaining(), 0u);
  EXPECT_FALSE(b.add(d));
  EXPECT_EQ(b.chunk_count(), 1u);
  EXPECT_EQ(b.finish().size(), 44u);
}

TEST(PacketBuilder, LeaveZeroChecksumForOffload) {
  std::array<std::byte, 64> buf{};
  PacketBuilder b(buf, CommonHeader{1, 2, VerificationTag(3), 0});
  auto packet = b.finish(ChecksumMode::kLeaveZero);
  EXPECT_EQ(crc::stored_sctp_checksum(packet.data()), 0u);
}

TEST(PacketView, RejectsShortPacketsAndAcceptsEmptyChunkList) {
  std::array<std::byte, 11> short_packet{};
  auto r = PacketView::parse(ByteRange(short_packet));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), ParseError::kTruncatedHeader);
  std::array<std::byte, 12> bare{};
  auto v = PacketView::parse(ByteRange(bare));
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->chunks.empty());
}

TEST(DataChunk, EmptyPayloadParsesForTheNoUserDataAbort) {
  std::array<std::byte, 16> c{};
  c[0] = std::byte{0};
  c[3] = std::byte{16};
  ChunkReader r{ByteRange(c)};
  RawChunk raw;
  ASSERT_TRUE(r.next(raw));
  auto d = DataChunk::parse(raw);
  ASSERT_TRUE(d.has_value());
  EXPECT_TRUE(d->payload.empty());
  c[3] = std::byte{15};
  ChunkReader r2{ByteRange(std::span<const std::byte>(c).first(15))};
  ASSERT_TRUE(r2.next(raw));
  EXPECT_EQ(DataChunk::parse(raw).error(), ParseError::kTooShortForType);
}

}  // namespace
}  // namespace dsctp::sctp::wire
