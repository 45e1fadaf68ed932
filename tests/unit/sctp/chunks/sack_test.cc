// SACK and NR-SACK.
#include <gtest/gtest.h>

#include <array>

#include "chunk_test_util.h"
#include "sctp/wire/chunks/sack.h"

namespace dsctp::sctp::wire {
namespace {

using chunktest::Bytes;
using chunktest::bytes_of;
using chunktest::error_of;
using chunktest::never;

const Bytes kSack = bytes_of({
    0x03, 0x00, 0x00, 0x24,  // SACK, length 36
    0x00, 0x00, 0x03, 0xE8,  // cumulative TSN ack 1000
    0x00, 0x00, 0x80, 0x00,  // a_rwnd 32768
    0x00, 0x02, 0x00, 0x03,  // 2 gap blocks, 3 duplicates
    0x00, 0x02, 0x00, 0x05,  // TSNs 1002..1005
    0x00, 0x07, 0x00, 0x07,  // TSN 1007
    0x00, 0x00, 0x03, 0xE5,  // duplicate 997
    0x00, 0x00, 0x03, 0xE6,  // duplicate 998
    0x00, 0x00, 0x03, 0xE6,  // duplicate 998 again
});

void check_known_sack(const SackChunk& c) {
  EXPECT_EQ(c.cumulative_tsn_ack, Tsn(1000));
  EXPECT_EQ(c.a_rwnd, 32768u);
  ASSERT_EQ(c.gap_blocks.size(), 2u);
  EXPECT_EQ(c.gap_blocks[0], (GapAckBlock{2, 5}));
  EXPECT_EQ(c.gap_blocks[1], (GapAckBlock{7, 7}));
  ASSERT_EQ(c.duplicate_tsns.size(), 3u);
  EXPECT_EQ(c.duplicate_tsns[0].tsn, Tsn(997));
  EXPECT_EQ(c.duplicate_tsns[1].tsn, Tsn(998));
  EXPECT_EQ(c.duplicate_tsns[2].tsn, Tsn(998));
}

TEST(SackChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<SackChunk>(kSack);
  ASSERT_TRUE(c.has_value());
  check_known_sack(*c);
  uint32_t starts = 0;
  for (GapAckBlock b : c->gap_blocks) starts += b.start;
  EXPECT_EQ(starts, 9u) << "iteration visits every block";
}

TEST(SackChunk, RoundTripsFromValues) {
  const std::array<GapAckBlock, 3> gaps{{{1, 1}, {3, 10}, {12, 65535}}};
  const std::array<DuplicateTsn, 1> dups{{{Tsn(0xFFFFFFFE)}}};
  SackChunk c;
  c.cumulative_tsn_ack = Tsn(0xFFFFFFF0);
  c.a_rwnd = 0;
  c.gap_blocks = RecordList<GapAckBlock>(gaps);
  c.duplicate_tsns = RecordList<DuplicateTsn>(dups);
  Bytes wire = chunktest::wire_of(c);
  EXPECT_EQ(chunktest::length_field(wire), 16 + 3 * 4 + 4);
  EXPECT_EQ(wire[13], std::byte{3}) << "gap count written from the list";
  EXPECT_EQ(wire[15], std::byte{1}) << "duplicate count written from the list";
  auto back = chunktest::parse_and_reserialize<SackChunk>(wire);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->cumulative_tsn_ack, Tsn(0xFFFFFFF0));
  EXPECT_EQ(back->a_rwnd, 0u);
  ASSERT_EQ(back->gap_blocks.size(), 3u);
  for (size_t i = 0; i < gaps.size(); ++i) EXPECT_EQ(back->gap_blocks[i], gaps[i]);
  ASSERT_EQ(back->duplicate_tsns.size(), 1u);
  EXPECT_EQ(back->duplicate_tsns[0].tsn, Tsn(0xFFFFFFFE));
}

TEST(SackChunk, MinimalSackHasNoRecords) {
  Bytes wire = bytes_of({0x03, 0, 0, 16, 0, 0, 0, 7, 0, 0, 0x10, 0, 0, 0, 0, 0});
  auto c = chunktest::parse_and_reserialize<SackChunk>(wire);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->cumulative_tsn_ack, Tsn(7));
  EXPECT_EQ(c->a_rwnd, 4096u);
  EXPECT_TRUE(c->gap_blocks.empty());
  EXPECT_TRUE(c->duplicate_tsns.empty());
}

TEST(SackChunk, ParsesWhateverTheSegmentation) {
  chunktest::expect_split_invariant<SackChunk>(kSack, check_known_sack);
}

TEST(SackChunk, EveryTruncationFails) {
  // Any shorter length breaks the count/length agreement.
  chunktest::expect_truncations<SackChunk>(kSack, never());
}

TEST(SackChunk, CountsMustMatchTheBytes) {
  Bytes more_gaps = kSack;
  more_gaps[13] = std::byte{3};
  EXPECT_EQ(error_of<SackChunk>(more_gaps), ParseError::kCountMismatch);
  Bytes fewer_dups = kSack;
  fewer_dups[15] = std::byte{2};
  EXPECT_EQ(error_of<SackChunk>(fewer_dups), ParseError::kCountMismatch);
  Bytes huge = kSack;
  huge[12] = huge[13] = huge[14] = huge[15] = std::byte{0xFF};
  EXPECT_EQ(error_of<SackChunk>(huge), ParseError::kCountMismatch);
  // Moving a record from one list to the other keeps the total: it parses,
  // with the other split.
  Bytes moved = kSack;
  moved[13] = std::byte{3};
  moved[15] = std::byte{2};
  auto c = chunktest::frame_and_parse<SackChunk>(ByteRange(moved));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->gap_blocks.size(), 3u);
  EXPECT_EQ(c->gap_blocks[2], (GapAckBlock{0, 997}));
}

TEST(SackChunk, PartialRecordsAreBadRecordLength) {
  Bytes odd = kSack;
  odd.push_back(std::byte{0});
  odd.push_back(std::byte{0});
  odd[3] = std::byte{38};
  EXPECT_EQ(error_of<SackChunk>(odd), ParseError::kBadRecordLength);
  Bytes short_fixed = bytes_of({0x03, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 1});
  EXPECT_EQ(error_of<SackChunk>(short_fixed), ParseError::kTooShortForType);
  EXPECT_EQ(error_of<NrSackChunk>(kSack), ParseError::kWrongType);
}

TEST(SackChunk, IgnoresFlagsAndWritesThemZero) {
  Bytes flagged = kSack;
  flagged[1] = std::byte{0x80};  // usrsctp's CMT DAC bit
  auto c = chunktest::frame_and_parse<SackChunk>(ByteRange(flagged));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(chunktest::wire_of(*c), kSack);
}

// An NR-SACK in usrsctp's layout: A set, cumulative TSN ack 100, a_rwnd
// 65536, one gap block, two NR gap blocks, one duplicate.
const Bytes kNrSack = bytes_of({
    0x10, 0x01, 0x00, 0x24,  // NR-SACK, flags A, length 36
    0x00, 0x00, 0x00, 0x64,  // cumulative TSN ack 100
    0x00, 0x01, 0x00, 0x00,  // a_rwnd 65536
    0x00, 0x01, 0x00, 0x02,  // 1 gap block, 2 NR gap blocks
    0x00, 0x01, 0x00, 0x00,  // 1 duplicate, reserved
    0x00, 0x02, 0x00, 0x03,  // gap: TSNs 102..103
    0x00, 0x05, 0x00, 0x06,  // NR gap: TSNs 105..106
    0x00, 0x08, 0x00, 0x08,  // NR gap: TSN 108
    0x00, 0x00, 0x00, 0x63,  // duplicate 99
});

void check_known_nr_sack(const NrSackChunk& c) {
  EXPECT_TRUE(c.all_non_renegable());
  EXPECT_EQ(c.cumulative_tsn_ack, Tsn(100));
  EXPECT_EQ(c.a_rwnd, 65536u);
  ASSERT_EQ(c.gap_blocks.size(), 1u);
  EXPECT_EQ(c.gap_blocks[0], (GapAckBlock{2, 3}));
  ASSERT_EQ(c.nr_gap_blocks.size(), 2u);
  EXPECT_EQ(c.nr_gap_blocks[0], (GapAckBlock{5, 6}));
  EXPECT_EQ(c.nr_gap_blocks[1], (GapAckBlock{8, 8}));
  ASSERT_EQ(c.duplicate_tsns.size(), 1u);
  EXPECT_EQ(c.duplicate_tsns[0].tsn, Tsn(99));
}

TEST(NrSackChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<NrSackChunk>(kNrSack);
  ASSERT_TRUE(c.has_value());
  check_known_nr_sack(*c);
}

TEST(NrSackChunk, RoundTripsFromValues) {
  const std::array<GapAckBlock, 1> nr{{{4, 9}}};
  NrSackChunk c;
  c.cumulative_tsn_ack = Tsn(5);
  c.a_rwnd = 1500;
  c.nr_gap_blocks = RecordList<GapAckBlock>(nr);
  Bytes wire = chunktest::wire_of(c);
  EXPECT_EQ(wire, bytes_of({0x10, 0, 0, 24, 0, 0, 0, 5, 0, 0, 0x05, 0xDC, 0, 0, 0, 1,
                            0, 0, 0, 0, 0, 4, 0, 9}));
  auto back = chunktest::parse_and_reserialize<NrSackChunk>(wire);
  ASSERT_TRUE(back.has_value());
  EXPECT_FALSE(back->all_non_renegable());
  EXPECT_TRUE(back->gap_blocks.empty());
  ASSERT_EQ(back->nr_gap_blocks.size(), 1u);
  EXPECT_EQ(back->nr_gap_blocks[0], (GapAckBlock{4, 9}));
  EXPECT_TRUE(back->duplicate_tsns.empty());
}

TEST(NrSackChunk, ParsesWhateverTheSegmentation) {
  chunktest::expect_split_invariant<NrSackChunk>(kNrSack, check_known_nr_sack);
}

TEST(NrSackChunk, EveryTruncationFails) {
  chunktest::expect_truncations<NrSackChunk>(kNrSack, never());
}

TEST(NrSackChunk, CountsMustMatchTheBytes) {
  Bytes more_nr = kNrSack;
  more_nr[15] = std::byte{3};
  EXPECT_EQ(error_of<NrSackChunk>(more_nr), ParseError::kCountMismatch);
  Bytes no_dups = kNrSack;
  no_dups[17] = std::byte{0};
  EXPECT_EQ(error_of<NrSackChunk>(no_dups), ParseError::kCountMismatch);
  Bytes sack_sized = bytes_of({0x10, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0});
  EXPECT_EQ(error_of<NrSackChunk>(sack_sized), ParseError::kTooShortForType);
}

TEST(NrSackChunk, DropsTheReservedField) {
  Bytes reserved = kNrSack;
  reserved[18] = std::byte{0xAB};
  reserved[19] = std::byte{0xCD};
  auto c = chunktest::frame_and_parse<NrSackChunk>(ByteRange(reserved));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(chunktest::wire_of(*c), kNrSack);
}

}  // namespace
}  // namespace dsctp::sctp::wire
