// ReassemblyQueue partial delivery: pieces in order and bytes exact, one
// message at a time with DATA and one per stream with I-DATA, ordered
// messages only when next, pieces ended by FORWARD-TSN / I-FORWARD-TSN,
// the buffer emptying as pieces leave, and the reserve for the chunk next
// in TSN order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sctp/association/rx/reassembly_queue.h"

namespace dsctp::sctp {
namespace {

using Result = ReassemblyQueue::AddResult;
using wire::DataFlags;

constexpr uint8_t kB = DataFlags::kBeginning;
constexpr uint8_t kE = DataFlags::kEnding;
constexpr uint8_t kBE = kB | kE;
constexpr uint8_t kU = DataFlags::kUnordered;

Payload copy(const std::string& s) {
  return Payload::copy_of(ByteRange(as_bytes_of(s.data(), s.size())));
}

struct Frag {
  uint32_t tsn;
  uint16_t stream;
  uint32_t seq;  // SSN for DATA, MID for I-DATA
  uint8_t flags;
  std::string bytes;
  uint32_t fsn = 0;
};

Result add(ReassemblyQueue& q, const Frag& f, bool next_in_order = false) {
  wire::DataChunk c;
  c.flags = f.flags;
  c.tsn = Tsn(f.tsn);
  c.stream = StreamId(f.stream);
  c.ssn = Ssn(static_cast<uint16_t>(f.seq));
  c.ppid = Ppid(9);
  return q.add_data(c, copy(f.bytes), next_in_order);
}

Result add_i(ReassemblyQueue& q, const Frag& f) {
  wire::IDataChunk c;
  c.flags = f.flags;
  c.tsn = Tsn(f.tsn);
  c.stream = StreamId(f.stream);
  c.mid = Mid(f.seq);
  c.ppid = Ppid(9);
  c.fsn = Fsn(f.fsn);
  return q.add_idata(c, copy(f.bytes));
}

const char* name_of(Piece p) {
  switch (p) {
    case Piece::kWhole: return "W";
    case Piece::kFirst: return "F";
    case Piece::kMiddle: return "M";
    case Piece::kLast: return "L";
    case Piece::kAborted: return "A";
  }
  return "?";
}

// Delivered entries as "stream:kind:text" (U after the stream when
// unordered); ppids are checked on the way.
std::vector<std::string> drain(ReassemblyQueue& q) {
  std::vector<std::string> out;
  while (q.deliver_next([&](ReceivedMessage& m, Piece p) {
    std::string text;
    m.for_each_fragment([&](const ByteRange& r) {
      std::string piece(r.size(), '\0');
      if (r.size() != 0) r.copy_to(reinterpret_cast<std::byte*>(piece.data()));
      text += piece;
    });
    if (p != Piece::kAborted) {
      EXPECT_EQ(m.ppid(), Ppid(9));
    }
    out.push_back(std::to_string(m.stream().value()) + (m.unordered() ? "U" : "") + ":" +
                  name_of(p) + ":" + text);
  })) {
  }
  return out;
}

using Out = std::vector<std::string>;

ReassemblyQueue make_queue(size_t point, size_t buffer = 1000) {
  ReassemblyConfig c;
  c.max_buffered_bytes = buffer;
  c.partial_delivery_point = point;
  ReassemblyQueue q(c);
  q.set_partial_delivery(true);
  return q;
}

TEST(PartialDelivery, IDataMessageComesInOrderedPiecesOnceOverThePoint) {
  ReassemblyQueue q = make_queue(8);
  add_i(q, {1, 1, 0, kB, "abcd", 0});
  EXPECT_TRUE(drain(q).empty());  // 4 bytes: under the point
  add_i(q, {3, 1, 0, 0, "ijkl", 2});
  // 8 bytes held: what is in order goes, FSN 2 waits for FSN 1.
  EXPECT_EQ(drain(q), (Out{"1:F:abcd"}));
  EXPECT_EQ(q.buffered_bytes(), 4u);
  add_i(q, {2, 1, 0, 0, "efgh", 1});
  EXPECT_EQ(drain(q), (Out{"1:M:efghijkl"}));
  EXPECT_EQ(q.buffered_bytes(), 0u);
  EXPECT_EQ(q.buffered_fragments(), 0u);
  add_i(q, {5, 1, 0, kE, "q", 4});
  EXPECT_TRUE(drain(q).empty());
  add_i(q, {4, 1, 0, 0, "mnop", 3});
  EXPECT_EQ(drain(q), (Out{"1:L:mnopq"}));
  // The MID was delivered: a late copy of a fragment is stale.
  EXPECT_EQ(add_i(q, {6, 1, 0, 0, "x", 1}), Result::kStale);
  EXPECT_EQ(q.buffered_bytes(), 0u);
}

TEST(PartialDelivery, OrderedMessageWaitsUntilItIsNext) {
  ReassemblyQueue q = make_queue(4);
  add_i(q, {1, 2, 0, kB, "a", 0});       // MID 0, small, incomplete
  add_i(q, {3, 2, 1, kB, "bbbbbb", 0});  // MID 1, over the point
  EXPECT_TRUE(drain(q).empty());
  add_i(q, {2, 2, 0, kE, "A", 1});  // MID 0 completes, MID 1 is next
  EXPECT_EQ(drain(q), (Out{"2:W:aA", "2:F:bbbbbb"}));
  add_i(q, {4, 2, 2, kBE, "later"});  // MID 2 waits for MID 1's end
  EXPECT_TRUE(drain(q).empty());
  add_i(q, {5, 2, 1, kE, "B", 1});
  EXPECT_EQ(drain(q), (Out{"2:L:B", "2:W:later"}));
}

TEST(PartialDelivery, IDataStreamsDeliverPartiallyAtTheSameTime) {
  ReassemblyQueue q = make_queue(4);
  add_i(q, {1, 1, 0, kB, "1111", 0});
  add_i(q, {2, 2, 0, kB, "2222", 0});
  add_i(q, {3, 3, 0, kB | kU, "3333", 0});
  add_i(q, {4, 3, 0, kBE, "whole"});
  EXPECT_EQ(drain(q), (Out{"1:F:1111", "2:F:2222", "3U:F:3333", "3:W:whole"}));
  add_i(q, {5, 2, 0, kE, "!", 1});
  add_i(q, {6, 1, 0, 0, "..", 1});
  add_i(q, {7, 3, 0, kE | kU, "?", 1});
  EXPECT_EQ(drain(q), (Out{"2:L:!", "1:M:..", "3U:L:?"}));
}

TEST(PartialDelivery, OnlyOneUnorderedMessagePerStreamAtATime) {
  ReassemblyQueue q = make_queue(4);
  add_i(q, {1, 1, 7, kB | kU, "aaaa", 0});
  add_i(q, {2, 1, 8, kB | kU, "bbbb", 0});
  EXPECT_EQ(drain(q), (Out{"1U:F:aaaa"}));
  add_i(q, {3, 1, 7, kE | kU, "A", 1});
  // MID 8 starts at its next fragment, once 7 is done.
  add_i(q, {4, 1, 8, kU, "B", 1});
  EXPECT_EQ(drain(q), (Out{"1U:L:A", "1U:F:bbbbB"}));
}

TEST(PartialDelivery, IForwardTsnEndsAPartialDeliveryWithAnAbort) {
  ReassemblyQueue q = make_queue(4);
  add_i(q, {1, 1, 0, kB, "part", 0});
  add_i(q, {2, 1, 1, kBE, "next"});
  add_i(q, {3, 4, 2, kB | kU, "upart", 0});
  add_i(q, {4, 4, 2, kU, "held", 2});  // after a gap: not delivered
  EXPECT_EQ(drain(q), (Out{"1:F:part", "4U:F:upart"}));
  EXPECT_EQ(q.buffered_bytes(), 4u + 4u);
  wire::IForwardTsnStream skip[] = {{StreamId(1), false, Mid(0)}, {StreamId(4), true, Mid(2)}};
  wire::IForwardTsnChunk f;
  f.new_cumulative_tsn = Tsn(4);
  f.streams = wire::RecordList<wire::IForwardTsnStream>(skip);
  q.handle_iforward_tsn(f);
  EXPECT_EQ(drain(q), (Out{"1:A:", "1:W:next", "4U:A:"}));
  EXPECT_EQ(q.buffered_bytes(), 0u);
  EXPECT_EQ(q.buffered_fragments(), 0u);
}

// RFC 6525: a stream that starts over cannot finish a message begun on
// it; the application hears it aborted, as with I-FORWARD-TSN, and the
// other streams' deliveries go on.
TEST(PartialDelivery, StreamResetEndsAnIDataPartialDeliveryWithAnAbort) {
  ReassemblyQueue q = make_queue(4);
  add_i(q, {1, 1, 0, kB, "part", 0});
  add_i(q, {2, 2, 0, kB, "keep", 0});
  EXPECT_EQ(drain(q), (Out{"1:F:part", "2:F:keep"}));
  add_i(q, {3, 1, 0, 0, "later", 2});  // after a gap: held
  EXPECT_TRUE(drain(q).empty());
  EXPECT_EQ(q.buffered_fragments(), 1u);
  const StreamId reset[] = {StreamId(1)};
  q.reset_streams(reset);
  EXPECT_EQ(drain(q), (Out{"1:A:"}));
  EXPECT_EQ(q.buffered_fragments(), 0u);
  // Stream 1 expects MID 0 again; stream 2's message goes on.
  add_i(q, {4, 1, 0, kBE, "fresh"});
  add_i(q, {5, 2, 0, kE, "!", 1});
  EXPECT_EQ(drain(q), (Out{"1:W:fresh", "2:L:!"}));
  EXPECT_EQ(q.buffered_bytes(), 0u);
}

TEST(PartialDelivery, ResetOfEveryStreamEndsADataPartialDelivery) {
  ReassemblyQueue q = make_queue(6);
  add(q, {10, 1, 0, kB, "aaa"});
  add(q, {11, 1, 0, 0, "bbb"});
  EXPECT_EQ(drain(q), (Out{"1:F:aaabbb"}));
  add(q, {20, 2, 0, kBE, "waits"});  // held back behind the partial one
  EXPECT_TRUE(drain(q).empty());
  q.reset_streams({});
  // The held-back message was complete: it still goes out, after the abort.
  EXPECT_EQ(drain(q), (Out{"1:A:", "2:W:waits"}));
  EXPECT_EQ(q.buffered_bytes(), 0u);
  EXPECT_EQ(q.buffered_fragments(), 0u);
}

TEST(PartialDelivery, DataDeliversOneMessageAtATimeAndHoldsTheOthersBack) {
  ReassemblyQueue q = make_queue(6);
  add(q, {10, 1, 0, kB, "aaa"});
  add(q, {11, 1, 0, 0, "bbb"});
  EXPECT_EQ(drain(q), (Out{"1:F:aaabbb"}));
  // Complete messages arriving meanwhile wait for the last piece.
  add(q, {20, 2, 0, kBE, "other"});
  add(q, {21, 3, 0, kBE | kU, "unordered"});
  add(q, {13, 1, 0, kE, "ddd"});
  EXPECT_TRUE(drain(q).empty());
  add(q, {12, 1, 0, 0, "ccc"});
  EXPECT_EQ(drain(q), (Out{"1:L:cccddd", "2:W:other", "3U:W:unordered"}));
  EXPECT_EQ(q.buffered_bytes(), 0u);
  // SSN 0 of stream 1 is done; SSN 1 follows whole.
  add(q, {14, 1, 1, kBE, "ssn1"});
  EXPECT_EQ(drain(q), (Out{"1:W:ssn1"}));
}

TEST(PartialDelivery, DataStartsOnlyAtTheLowestTsnHeld) {
  ReassemblyQueue q = make_queue(4);
  add(q, {10, 1, 0, kB, "x"});        // a small message, incomplete
  add(q, {20, 2, 0, kB, "yyyyyy"});   // over the point, but above it
  EXPECT_TRUE(drain(q).empty());
  // Once the small one completes, the big one is lowest and starts.
  add(q, {11, 1, 0, kE, "X"});
  EXPECT_EQ(drain(q), (Out{"1:W:xX", "2:F:yyyyyy"}));
  add(q, {21, 2, 0, 0, "z"});
  EXPECT_EQ(drain(q), (Out{"2:M:z"}));
}

// A DATA message below it, wholly missing, would have to wait behind its
// pieces (one at a time), so the association's cumulative TSN must reach
// its first fragment.
TEST(PartialDelivery, DataWaitsUntilNoTsnBelowIsMissing) {
  ReassemblyQueue q = make_queue(4);
  q.set_cumulative_tsn(Tsn(7));  // TSNs 8 and 9 are missing
  add(q, {10, 2, 0, kB, "yyyyyy"});
  add(q, {11, 2, 0, 0, "z"});
  EXPECT_TRUE(drain(q).empty());
  add(q, {8, 1, 0, kB, "a"});
  add(q, {9, 1, 0, kE, "b"});
  q.set_cumulative_tsn(Tsn(11));
  EXPECT_EQ(drain(q), (Out{"1:W:ab", "2:F:yyyyyyz"}));
}

TEST(PartialDelivery, ForwardTsnEndsADataPartialDeliveryWithAnAbort) {
  ReassemblyQueue q = make_queue(4);
  add(q, {10, 1, 0, kB, "start"});
  add(q, {12, 1, 0, 0, "after"});
  add(q, {30, 2, 0, kBE, "waits"});
  EXPECT_EQ(drain(q), (Out{"1:F:start"}));
  wire::ForwardTsnStream skip[] = {{StreamId(1), Ssn(0)}};
  wire::ForwardTsnChunk f;
  f.new_cumulative_tsn = Tsn(13);
  f.streams = wire::RecordList<wire::ForwardTsnStream>(skip);
  q.handle_forward_tsn(f);
  EXPECT_EQ(drain(q), (Out{"1:A:", "2:W:waits"}));
  EXPECT_EQ(q.buffered_bytes(), 0u);
  add(q, {14, 1, 1, kBE, "ssn1"});
  EXPECT_EQ(drain(q), (Out{"1:W:ssn1"}));
}

TEST(PartialDelivery, AFullBufferHandsOutWhatCanMoveAndTheWindowReopens) {
  // The point is above the buffer: only pressure starts a delivery.
  ReassemblyQueue q = make_queue(10000, 20);
  add_i(q, {1, 1, 0, kB, "aaaaa", 0});
  add_i(q, {2, 2, 0, kB, "bbbbb", 0});
  add_i(q, {3, 1, 0, 0, "ccccc", 1});
  add_i(q, {4, 2, 0, 0, "ddddd", 1});
  EXPECT_EQ(q.available_bytes(), 0u);
  EXPECT_FALSE(q.can_accept(1));
  EXPECT_TRUE(drain(q).empty());
  q.relieve_pressure();
  EXPECT_EQ(drain(q), (Out{"1:F:aaaaaccccc", "2:F:bbbbbddddd"}));
  EXPECT_EQ(q.available_bytes(), 20u);
}

TEST(PartialDelivery, TheChunkNextInOrderMayUseTheReserve) {
  ReassemblyQueue q = make_queue(10000, 16);
  add(q, {10, 1, 0, kB, "0123456789abcdef"});
  EXPECT_FALSE(q.can_accept(2));
  EXPECT_TRUE(q.can_accept(2, true));
  EXPECT_FALSE(q.can_accept(3, true));  // an eighth of 16
  EXPECT_EQ(add(q, {11, 1, 0, kE, "!!"}), Result::kWouldExceed);
  EXPECT_EQ(add(q, {11, 1, 0, kE, "!!"}, true), Result::kAccepted);
  EXPECT_EQ(drain(q), (Out{"1:W:0123456789abcdef!!"}));
  // Without partial delivery there is no reserve.
  ReassemblyConfig c;
  c.max_buffered_bytes = 16;
  ReassemblyQueue off(c);
  EXPECT_FALSE(off.can_accept(1 + 16, true));
  add(off, {10, 1, 0, kB, "0123456789abcdef"});
  EXPECT_FALSE(off.can_accept(1, true));
}

TEST(PartialDelivery, OffMeansWholeMessagesOnly) {
  ReassemblyConfig c;
  c.partial_delivery_point = 2;
  ReassemblyQueue q(c);
  add_i(q, {1, 1, 0, kB, "aaaa", 0});
  q.relieve_pressure();
  EXPECT_TRUE(drain(q).empty());
  add_i(q, {2, 1, 0, kE, "b", 1});
  EXPECT_EQ(drain(q), (Out{"1:W:aaaab"}));
}

}  // namespace
}  // namespace dsctp::sctp
