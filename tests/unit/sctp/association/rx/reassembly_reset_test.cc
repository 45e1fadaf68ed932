// ReassemblyQueue::reset_streams (RFC 6525 5.2.2): reset streams expect
// SSN or MID 0 next, others keep their numbering, and what a reset stream
// held is released.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sctp/association/rx/reassembly_queue.h"

namespace dsctp::sctp {
namespace {

using Result = ReassemblyQueue::AddResult;
constexpr uint8_t kB = wire::DataFlags::kBeginning;
constexpr uint8_t kE = wire::DataFlags::kEnding;
constexpr uint8_t kU = wire::DataFlags::kUnordered;

Payload copy(const std::string& s) {
  return Payload::copy_of(ByteRange(as_bytes_of(s.data(), s.size())));
}

Result add(ReassemblyQueue& q, uint32_t tsn, uint16_t stream, uint16_t ssn, uint8_t flags,
           const std::string& text) {
  wire::DataChunk c;
  c.flags = flags;
  c.tsn = Tsn(tsn);
  c.stream = StreamId(stream);
  c.ssn = Ssn(ssn);
  c.ppid = Ppid(1);
  return q.add_data(c, copy(text));
}

Result add_i(ReassemblyQueue& q, uint32_t tsn, uint16_t stream, uint32_t mid, uint8_t flags,
             const std::string& text) {
  wire::IDataChunk c;
  c.flags = flags;
  c.tsn = Tsn(tsn);
  c.stream = StreamId(stream);
  c.mid = Mid(mid);
  c.ppid = Ppid(1);
  return q.add_idata(c, copy(text));
}

std::vector<std::string> drain(ReassemblyQueue& q) {
  std::vector<std::string> out;
  while (auto m = q.pop_message()) {
    std::string text;
    m->for_each_fragment([&](const ByteRange& r) {
      std::string piece(r.size(), '\0');
      r.copy_to(reinterpret_cast<std::byte*>(piece.data()));
      text += piece;
    });
    out.push_back(std::to_string(m->stream().value()) + ":" + text);
  }
  return out;
}

using Msgs = std::vector<std::string>;

TEST(ReassemblyReset, ResetStreamsExpectSsnZero) {
  ReassemblyQueue q(ReassemblyConfig{});
  ASSERT_EQ(add(q, 1, 1, 0, kB | kE, "a"), Result::kAccepted);
  ASSERT_EQ(add(q, 2, 1, 1, kB | kE, "b"), Result::kAccepted);
  ASSERT_EQ(add(q, 3, 2, 0, kB | kE, "c"), Result::kAccepted);
  EXPECT_EQ(drain(q), (Msgs{"1:a", "1:b", "2:c"}));
  // Without a reset, SSN 0 on stream 1 is old.
  EXPECT_EQ(add(q, 4, 1, 0, kB | kE, "stale"), Result::kStale);
  const std::vector<StreamId> one{StreamId(1)};
  q.reset_streams(one);
  ASSERT_EQ(add(q, 5, 1, 1, kB | kE, "y"), Result::kAccepted);  // waits for SSN 0
  EXPECT_EQ(drain(q), Msgs{});
  ASSERT_EQ(add(q, 6, 1, 0, kB | kE, "x"), Result::kAccepted);
  // Stream 2 was not reset: its next SSN is 1.
  ASSERT_EQ(add(q, 7, 2, 1, kB | kE, "d"), Result::kAccepted);
  EXPECT_EQ(drain(q), (Msgs{"1:x", "1:y", "2:d"}));
}

TEST(ReassemblyReset, ResetOfEveryStreamAndIData) {
  ReassemblyQueue q(ReassemblyConfig{});
  ASSERT_EQ(add_i(q, 1, 3, 0, kB | kE, "a"), Result::kAccepted);
  ASSERT_EQ(add_i(q, 2, 3, 0, kB | kE | kU, "u"), Result::kAccepted);
  ASSERT_EQ(add_i(q, 3, 4, 0, kB | kE, "b"), Result::kAccepted);
  EXPECT_EQ(drain(q), (Msgs{"3:a", "3:u", "4:b"}));
  q.reset_streams({});
  ASSERT_EQ(add_i(q, 4, 3, 0, kB | kE, "c"), Result::kAccepted);
  ASSERT_EQ(add_i(q, 5, 4, 0, kB | kE, "d"), Result::kAccepted);
  EXPECT_EQ(drain(q), (Msgs{"3:c", "4:d"}));
}

TEST(ReassemblyReset, HeldMessagesOfAResetStreamAreReleased) {
  ReassemblyQueue q(ReassemblyConfig{});
  // SSN 1 waits for an SSN 0 that never comes (a peer breaking the rules:
  // a reset happens only once everything before it arrived).
  ASSERT_EQ(add(q, 2, 1, 1, kB | kE, "held"), Result::kAccepted);
  ASSERT_EQ(add_i(q, 3, 2, 5, kB, "part"), Result::kAccepted);
  EXPECT_EQ(q.buffered_bytes(), 8u);
  EXPECT_EQ(q.buffered_fragments(), 2u);
  const std::vector<StreamId> both{StreamId(1), StreamId(2)};
  q.reset_streams(both);
  EXPECT_EQ(q.buffered_bytes(), 0u);
  EXPECT_EQ(q.buffered_fragments(), 0u);
  EXPECT_EQ(drain(q), Msgs{});
}

// Every stream reset (as an SSN/TSN reset does) forgets the TSNs too:
// partial messages go, and TSNs half the space away are taken afterwards.
TEST(ReassemblyReset, ResettingEveryStreamForgetsTheTsns) {
  ReassemblyQueue q(ReassemblyConfig{});
  ASSERT_EQ(add(q, 10, 1, 0, kB, "part"), Result::kAccepted);
  EXPECT_EQ(q.buffered_fragments(), 1u);
  q.reset_streams({});
  EXPECT_EQ(q.buffered_fragments(), 0u);
  ASSERT_EQ(add(q, 0x80000010, 1, 0, kB, "fir"), Result::kAccepted);
  ASSERT_EQ(add(q, 0x80000011, 1, 0, kE, "st"), Result::kAccepted);
  EXPECT_EQ(drain(q), Msgs{"1:first"});
}

}  // namespace
}  // namespace dsctp::sctp
