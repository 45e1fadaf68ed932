// DATA and I-DATA, held to the same properties as the other chunks.
#include <gtest/gtest.h>

#include "chunk_test_util.h"
#include "sctp/wire/chunks/data.h"

namespace dsctp::sctp::wire {
namespace {

using chunktest::at_least;
using chunktest::Bytes;
using chunktest::bytes_of;
using chunktest::error_of;

const Bytes kData = bytes_of({
    0x00, 0x0B, 0x00, 0x15,  // DATA, I|B|E, length 21
    0x00, 0x00, 0x00, 0x01,  // TSN 1
    0x00, 0x02, 0x00, 0x03,  // stream 2, SSN 3
    0x00, 0x00, 0x00, 0x33,  // PPID 51
    'h', 'e', 'l', 'l', 'o', 0x00, 0x00, 0x00,
});

void check_known_data(const DataChunk& c) {
  EXPECT_TRUE(c.immediate());
  EXPECT_TRUE(c.beginning());
  EXPECT_TRUE(c.ending());
  EXPECT_FALSE(c.unordered());
  EXPECT_EQ(c.tsn, Tsn(1));
  EXPECT_EQ(c.stream, StreamId(2));
  EXPECT_EQ(c.ssn, Ssn(3));
  EXPECT_EQ(c.ppid, Ppid(51));
  EXPECT_TRUE(c.payload.equals(chunktest::text("hello")));
}

TEST(DataChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<DataChunk>(kData);
  ASSERT_TRUE(c.has_value());
  check_known_data(*c);
  chunktest::expect_split_invariant<DataChunk>(kData, check_known_data);
  chunktest::expect_truncations<DataChunk>(kData, at_least(16));
  EXPECT_EQ(error_of<IDataChunk>(kData), ParseError::kWrongType);
}

const Bytes kIDataFirst = bytes_of({
    0x40, 0x06, 0x00, 0x18,  // I-DATA, U|B, length 24
    0x00, 0x00, 0x00, 0x10,  // TSN 16
    0x00, 0x01, 0x00, 0x00,  // stream 1, reserved
    0x00, 0x00, 0x00, 0x05,  // MID 5
    0x00, 0x00, 0x00, 0x35,  // PPID 53 (B is set)
    'd', 'a', 't', 'a',
});

void check_known_i_data(const IDataChunk& c) {
  EXPECT_TRUE(c.unordered());
  EXPECT_TRUE(c.beginning());
  EXPECT_FALSE(c.ending());
  EXPECT_EQ(c.tsn, Tsn(16));
  EXPECT_EQ(c.stream, StreamId(1));
  EXPECT_EQ(c.mid, Mid(5));
  EXPECT_EQ(c.ppid, Ppid(53));
  EXPECT_EQ(c.fsn, Fsn(0));
  EXPECT_TRUE(c.payload.equals(chunktest::text("data")));
}

TEST(IDataChunk, ParsesKnownBytes) {
  auto c = chunktest::parse_and_reserialize<IDataChunk>(kIDataFirst);
  ASSERT_TRUE(c.has_value());
  check_known_i_data(*c);
  chunktest::expect_split_invariant<IDataChunk>(kIDataFirst, check_known_i_data);
  chunktest::expect_truncations<IDataChunk>(kIDataFirst, at_least(20));
}

TEST(IDataChunk, LaterFragmentsCarryTheFsn) {
  Bytes middle = kIDataFirst;
  middle[1] = std::byte{0x01};  // E only: the last fragment
  middle[19] = std::byte{0x07};
  auto c = chunktest::parse_and_reserialize<IDataChunk>(middle);
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->ending());
  EXPECT_FALSE(c->beginning());
  EXPECT_EQ(c->fsn, Fsn(7));
  EXPECT_EQ(c->ppid, Ppid(0));
}

}  // namespace
}  // namespace dsctp::sctp::wire
