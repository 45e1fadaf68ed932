// ReassemblyQueue: DATA by TSN contiguity, I-DATA by FSN, ordered and
// unordered delivery, limits, FORWARD-TSN and I-FORWARD-TSN.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
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

// Fragment descriptions for the tests.
struct Frag {
  uint32_t tsn;
  uint16_t stream;
  uint32_t seq;  // SSN for DATA, MID for I-DATA
  uint8_t flags;
  std::string bytes;
  uint32_t fsn = 0;   // I-DATA only
  uint32_t ppid = 7;
};

Result add(ReassemblyQueue& q, const Frag& f) {
  wire::DataChunk c;
  c.flags = f.flags;
  c.tsn = Tsn(f.tsn);
  c.stream = StreamId(f.stream);
  c.ssn = Ssn(static_cast<uint16_t>(f.seq));
  c.ppid = Ppid(f.ppid);
  return q.add_data(c, copy(f.bytes));
}

Result add_i(ReassemblyQueue& q, const Frag& f) {
  wire::IDataChunk c;
  c.flags = f.flags;
  c.tsn = Tsn(f.tsn);
  c.stream = StreamId(f.stream);
  c.mid = Mid(f.seq);
  c.ppid = Ppid(f.ppid);
  c.fsn = Fsn(f.fsn);
  return q.add_idata(c, copy(f.bytes));
}

std::string text_of(const ReceivedMessage& m) {
  std::string out;
  m.for_each_fragment([&](const ByteRange& r) {
    std::string piece(r.size(), '\0');
    if (r.size() != 0) r.copy_to(reinterpret_cast<std::byte*>(piece.data()));
    out += piece;
  });
  return out;
}

// Delivered messages, described as "stream:text".
std::vector<std::string> drain(ReassemblyQueue& q) {
  std::vector<std::string> out;
  while (auto m = q.pop_message()) {
    out.push_back(std::to_string(m->stream().value()) + ":" + text_of(*m));
  }
  return out;
}

using Msgs = std::vector<std::string>;

ReassemblyQueue make_queue() { return ReassemblyQueue(ReassemblyConfig{}); }

TEST(ReassemblyQueue, DeliversAnUnfragmentedMessageWithItsMetadata) {
  ReassemblyQueue q = make_queue();
  EXPECT_EQ(add(q, {10, 3, 0, kBE, "hello", 0, 51}), Result::kAccepted);
  ASSERT_TRUE(q.has_messages());
  EXPECT_EQ(q.buffered_bytes(), 5u);
  std::optional<ReceivedMessage> m = q.pop_message();
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->stream(), StreamId(3));
  EXPECT_EQ(m->ppid(), Ppid(51));
  EXPECT_FALSE(m->unordered());
  EXPECT_EQ(m->size(), 5u);
  EXPECT_EQ(m->fragment_count(), 1u);
  EXPECT_EQ(text_of(*m), "hello");
  EXPECT_EQ(q.buffered_bytes(), 0u);
  EXPECT_EQ(q.buffered_fragments(), 0u);
  EXPECT_FALSE(q.pop_message().has_value());
}

TEST(ReassemblyQueue, OrderedMessagesWaitForLowerSsns) {
  ReassemblyQueue q = make_queue();
  add(q, {11, 1, 1, kBE, "second"});
  add(q, {12, 1, 2, kBE, "third"});
  EXPECT_FALSE(q.has_messages());
  EXPECT_EQ(q.buffered_bytes(), 11u);
  add(q, {10, 1, 0, kBE, "first"});
  EXPECT_EQ(drain(q), (Msgs{"1:first", "1:second", "1:third"}));
}

TEST(ReassemblyQueue, StreamsAreOrderedIndependently) {
  ReassemblyQueue q = make_queue();
  add(q, {11, 1, 1, kBE, "a1"});
  add(q, {12, 2, 0, kBE, "b0"});
  EXPECT_EQ(drain(q), (Msgs{"2:b0"}));
  add(q, {10, 1, 0, kBE, "a0"});
  EXPECT_EQ(drain(q), (Msgs{"1:a0", "1:a1"}));
}

TEST(ReassemblyQueue, UnorderedMessagesBypassOrdering) {
  ReassemblyQueue q = make_queue();
  add(q, {11, 1, 1, kBE, "ordered"});
  add(q, {12, 1, 0, kBE | kU, "now"});
  std::optional<ReceivedMessage> m = q.pop_message();
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->unordered());
  EXPECT_EQ(text_of(*m), "now");
  EXPECT_FALSE(q.has_messages());
}

// Every arrival order of a three-fragment message.
TEST(ReassemblyQueue, ReassemblesDataFragmentsInEveryOrder) {
  std::vector<Frag> frags = {{100, 4, 0, kB, "ab"}, {101, 4, 0, 0, "cd"}, {102, 4, 0, kE, "ef"}};
  std::vector<int> order = {0, 1, 2};
  int permutations = 0;
  do {
    ReassemblyQueue q = make_queue();
    for (size_t i = 0; i < order.size(); ++i) {
      EXPECT_EQ(q.has_messages(), false);
      add(q, frags[static_cast<size_t>(order[i])]);
    }
    std::optional<ReceivedMessage> m = q.pop_message();
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->fragment_count(), 3u);
    EXPECT_EQ(m->size(), 6u);
    EXPECT_EQ(text_of(*m), "abcdef");
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(permutations, 6);
}

// Seeded shuffles of several messages, some fragmented, on two streams,
// some unordered: the ordered ones come out in SSN order per stream.
TEST(ReassemblyQueue, RandomArrivalOrdersDeliverTheSameMessages) {
  std::vector<Frag> frags = {
      {1000, 1, 0, kB, "m"},  {1001, 1, 0, 0, "es"},  {1002, 1, 0, kE, "s0"},
      {1003, 2, 0, kBE, "x0"}, {1004, 1, 1, kB, "s"},  {1005, 1, 1, kE, "1"},
      {1006, 2, 9, kB | kU, "u"}, {1007, 2, 9, kE | kU, "n"},
      {1008, 2, 1, kB, "x"},  {1009, 2, 1, 0, "-"},   {1010, 2, 1, kE, "1"},
  };
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<Frag> shuffled = frags;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    ReassemblyQueue q = make_queue();
    Msgs got;
    for (const Frag& f : shuffled) {
      ASSERT_EQ(add(q, f), Result::kAccepted);
      for (std::string& m : drain(q)) got.push_back(m);
    }
    std::vector<std::string> s1, s2;
    for (const std::string& m : got) (m[0] == '1' ? s1 : s2).push_back(m);
    EXPECT_EQ(s1, (Msgs{"1:mess0", "1:s1"}));
    ASSERT_EQ(s2.size(), 3u);
    std::erase(s2, std::string("2:un"));
    EXPECT_EQ(s2, (Msgs{"2:x0", "2:x-1"}));
    EXPECT_EQ(q.buffered_bytes(), 0u);
  }
}

TEST(ReassemblyQueue, DataFragmentsAcrossTheTsnWrap) {
  ReassemblyQueue q = make_queue();
  add(q, {1, 0, 0, kE, "c"});
  add(q, {0xffffffff, 0, 0, kB, "a"});
  EXPECT_FALSE(q.has_messages());
  add(q, {0, 0, 0, 0, "b"});
  EXPECT_EQ(drain(q), (Msgs{"0:abc"}));
}

TEST(ReassemblyQueue, InconsistentFragmentsDoNotFormAMessage) {
  ReassemblyQueue q = make_queue();
  add(q, {1, 0, 0, kB, "a"});
  add(q, {2, 5, 0, kE, "b"});  // another stream: not the same message
  EXPECT_FALSE(q.has_messages());
  add(q, {3, 0, 1, kB, "c"});
  add(q, {4, 0, 0, kE, "d"});  // SSN differs from its B fragment
  EXPECT_FALSE(q.has_messages());
  EXPECT_EQ(q.buffered_fragments(), 4u);
}

TEST(ReassemblyQueue, SsnWrapsAroundTwoToTheSixteen) {
  ReassemblyQueue q = make_queue();
  wire::ForwardTsnStream skip[] = {{StreamId(1), Ssn(65533)}};
  wire::ForwardTsnChunk fwd;
  fwd.new_cumulative_tsn = Tsn(9);
  fwd.streams = wire::RecordList<wire::ForwardTsnStream>(skip);
  q.handle_forward_tsn(fwd);  // next expected: 65534
  add(q, {12, 1, 0, kBE, "s0"});
  add(q, {11, 1, 65535, kBE, "s65535"});
  EXPECT_FALSE(q.has_messages());
  add(q, {10, 1, 65534, kBE, "s65534"});
  add(q, {13, 1, 1, kBE, "s1"});
  EXPECT_EQ(drain(q), (Msgs{"1:s65534", "1:s65535", "1:s0", "1:s1"}));
}

TEST(ReassemblyQueue, StaleSsnAndRepeatedTsnAreRefused) {
  ReassemblyQueue q = make_queue();
  add(q, {1, 0, 0, kBE, "a"});
  drain(q);
  EXPECT_EQ(add(q, {2, 0, 0, kBE, "again"}), Result::kStale);
  EXPECT_EQ(add(q, {3, 0, 2, kB, "x"}), Result::kAccepted);
  EXPECT_EQ(add(q, {3, 0, 2, kB, "x"}), Result::kStale);
  EXPECT_EQ(q.buffered_bytes(), 1u);
  EXPECT_EQ(q.buffered_fragments(), 1u);
}

TEST(ReassemblyQueue, RefusesWhatWouldExceedTheByteLimit) {
  ReassemblyConfig c;
  c.max_buffered_bytes = 10;
  ReassemblyQueue q(c);
  EXPECT_TRUE(q.can_accept(10));
  EXPECT_FALSE(q.can_accept(11));
  EXPECT_EQ(q.available_bytes(), 10u);
  EXPECT_EQ(add(q, {1, 0, 0, kB, "123456"}), Result::kAccepted);
  EXPECT_EQ(q.available_bytes(), 4u);
  EXPECT_FALSE(q.can_accept(5));
  EXPECT_EQ(add(q, {2, 0, 0, kE, "12345"}), Result::kWouldExceed);
  EXPECT_EQ(q.buffered_bytes(), 6u);
  EXPECT_EQ(add(q, {2, 0, 0, kE, "1234"}), Result::kAccepted);
  // A complete message counts until it is popped.
  EXPECT_EQ(q.buffered_bytes(), 10u);
  EXPECT_FALSE(q.can_accept(1));
  EXPECT_EQ(q.available_bytes(), 0u);
  EXPECT_EQ(drain(q), (Msgs{"0:1234561234"}));
  EXPECT_TRUE(q.can_accept(10));
}

TEST(ReassemblyQueue, RefusesWhatWouldExceedTheFragmentLimit) {
  ReassemblyConfig c;
  c.max_buffered_fragments = 2;
  ReassemblyQueue q(c);
  EXPECT_EQ(add(q, {1, 0, 0, kB, "a"}), Result::kAccepted);
  EXPECT_EQ(add(q, {2, 0, 0, 0, "b"}), Result::kAccepted);
  EXPECT_EQ(add(q, {3, 0, 0, kE, "c"}), Result::kWouldExceed);
  EXPECT_EQ(add_i(q, {4, 0, 0, kBE, "i"}), Result::kWouldExceed);
  EXPECT_EQ(q.buffered_fragments(), 2u);
}

wire::ForwardTsnChunk forward(uint32_t cum, std::span<const wire::ForwardTsnStream> s) {
  wire::ForwardTsnChunk f;
  f.new_cumulative_tsn = Tsn(cum);
  f.streams = wire::RecordList<wire::ForwardTsnStream>(s);
  return f;
}

TEST(ReassemblyQueue, ForwardTsnDropsPartialsAndReleasesHeldMessages) {
  ReassemblyQueue q = make_queue();
  add(q, {10, 1, 0, kB, "lost"});    // SSN 0, abandoned after TSN 11
  add(q, {11, 1, 0, 0, "too"});
  add(q, {13, 1, 1, kBE, "kept"});   // complete, waits for SSN 0
  add(q, {15, 2, 0, kB | kU, "u"});  // unordered partial above the new cum
  EXPECT_EQ(q.buffered_fragments(), 4u);
  wire::ForwardTsnStream skip[] = {{StreamId(1), Ssn(0)}};
  q.handle_forward_tsn(forward(12, skip));
  EXPECT_EQ(drain(q), (Msgs{"1:kept"}));
  EXPECT_EQ(q.buffered_fragments(), 1u);
  EXPECT_EQ(q.buffered_bytes(), 1u);
  // The stream goes on from SSN 2; a late SSN 0 is stale.
  EXPECT_EQ(add(q, {16, 1, 2, kBE, "next"}), Result::kAccepted);
  EXPECT_EQ(drain(q), (Msgs{"1:next"}));
  EXPECT_EQ(add(q, {17, 1, 0, kBE, "late"}), Result::kStale);
}

TEST(ReassemblyQueue, ForwardTsnDeliversCompleteMessagesAtOrBelowTheSkippedSsn) {
  ReassemblyQueue q = make_queue();
  add(q, {21, 1, 1, kBE, "one"});    // SSN 0 and 2 were abandoned
  add(q, {24, 1, 3, kBE, "three"});
  add(q, {30, 2, 0, kU | kB, "u"});  // unordered partial below the new cum
  wire::ForwardTsnStream skip[] = {{StreamId(1), Ssn(2)}};
  q.handle_forward_tsn(forward(23, skip));
  EXPECT_EQ(drain(q), (Msgs{"1:one", "1:three"}));
  EXPECT_EQ(q.buffered_fragments(), 1u);
  q.handle_forward_tsn(forward(30, {}));
  EXPECT_EQ(q.buffered_fragments(), 0u);
  EXPECT_EQ(q.buffered_bytes(), 0u);
}

TEST(ReassemblyQueue, ForwardTsnEntryForAnAncientSsnChangesNothing) {
  ReassemblyQueue q = make_queue();
  add(q, {1, 1, 0, kBE, "a"});
  add(q, {2, 1, 1, kBE, "b"});
  EXPECT_EQ(drain(q), (Msgs{"1:a", "1:b"}));
  // Half the SSN space away: behind the stream, by serial arithmetic.
  wire::ForwardTsnStream skip[] = {{StreamId(1), Ssn(1 + 32768)}};
  q.handle_forward_tsn(forward(3, skip));
  EXPECT_TRUE(drain(q).empty());
  EXPECT_EQ(add(q, {4, 1, 2, kBE, "c"}), Result::kAccepted);
  EXPECT_EQ(drain(q), (Msgs{"1:c"}));
}

TEST(ReassemblyQueue, IDataReassemblesByFsnInEveryOrder) {
  std::vector<Frag> frags = {{5, 1, 0, kB, "ab", 0, 99},
                             {6, 1, 0, 0, "cd", 1},
                             {7, 1, 0, 0, "ef", 2},
                             {8, 1, 0, kE, "gh", 3}};
  std::vector<int> order = {0, 1, 2, 3};
  int permutations = 0;
  do {
    ReassemblyQueue q = make_queue();
    for (int i : order) add_i(q, frags[static_cast<size_t>(i)]);
    std::optional<ReceivedMessage> m = q.pop_message();
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->ppid(), Ppid(99));
    EXPECT_EQ(m->fragment_count(), 4u);
    EXPECT_EQ(text_of(*m), "abcdefgh");
    EXPECT_EQ(q.buffered_fragments(), 0u);
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(permutations, 24);
}

TEST(ReassemblyQueue, IDataInterleavesTwoStreams) {
  ReassemblyQueue q = make_queue();
  // A large message on stream 1 and a small one on stream 2 interleaved by
  // TSN: the small one is not stuck behind the large one (RFC 8260 1).
  add_i(q, {1, 1, 0, kB, "big-", 0});
  add_i(q, {2, 2, 0, kB, "sm", 0});
  add_i(q, {3, 1, 0, 0, "mess", 1});
  add_i(q, {4, 2, 0, kE, "all", 1});
  EXPECT_EQ(drain(q), (Msgs{"2:small"}));
  add_i(q, {5, 1, 0, kE, "age", 2});
  EXPECT_EQ(drain(q), (Msgs{"1:big-message"}));
}

TEST(ReassemblyQueue, IDataOrderedByMidUnorderedAtOnce) {
  ReassemblyQueue q = make_queue();
  add_i(q, {2, 1, 1, kBE, "mid1"});
  add_i(q, {3, 1, 0, kB | kU, "u", 0});
  EXPECT_FALSE(q.has_messages());
  add_i(q, {4, 1, 0, kE | kU, "nordered", 1});
  std::optional<ReceivedMessage> m = q.pop_message();
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->unordered());
  EXPECT_EQ(text_of(*m), "unordered");
  add_i(q, {1, 1, 0, kBE, "mid0"});
  EXPECT_EQ(drain(q), (Msgs{"1:mid0", "1:mid1"}));
}

TEST(ReassemblyQueue, IDataRejectsAnFsnZeroWithoutB) {
  ReassemblyQueue q = make_queue();
  EXPECT_EQ(add_i(q, {1, 1, 0, kE, "x", 0}), Result::kStale);
  EXPECT_EQ(add_i(q, {2, 1, 0, kB, "y", 0}), Result::kAccepted);
  EXPECT_EQ(add_i(q, {3, 1, 0, kB, "z", 0}), Result::kStale);  // FSN 0 again
  EXPECT_EQ(q.buffered_fragments(), 1u);
}

wire::IForwardTsnChunk iforward(uint32_t cum, std::span<const wire::IForwardTsnStream> s) {
  wire::IForwardTsnChunk f;
  f.new_cumulative_tsn = Tsn(cum);
  f.streams = wire::RecordList<wire::IForwardTsnStream>(s);
  return f;
}

TEST(ReassemblyQueue, IForwardTsnSkipsPerStreamAndUnorderedFlag) {
  ReassemblyQueue q = make_queue();
  add_i(q, {1, 1, 0, kB, "lost", 0});      // ordered MID 0, abandoned
  add_i(q, {3, 1, 1, kBE, "waiting"});     // ordered MID 1, complete
  add_i(q, {4, 1, 5, kB | kU, "gone", 0}); // unordered MID 5, abandoned
  add_i(q, {5, 1, 6, kB | kU, "stay", 0}); // unordered MID 6, still coming
  EXPECT_EQ(q.buffered_fragments(), 4u);
  wire::IForwardTsnStream skip[] = {{StreamId(1), false, Mid(0)}, {StreamId(1), true, Mid(5)}};
  q.handle_iforward_tsn(iforward(4, skip));
  EXPECT_EQ(drain(q), (Msgs{"1:waiting"}));
  EXPECT_EQ(q.buffered_fragments(), 1u);
  EXPECT_EQ(q.buffered_bytes(), 4u);
  EXPECT_EQ(add_i(q, {6, 1, 5, kE | kU, "late", 1}), Result::kStale);
  EXPECT_EQ(add_i(q, {7, 1, 6, kE | kU, "!", 1}), Result::kAccepted);
  EXPECT_EQ(drain(q), (Msgs{"1:stay!"}));
  // Unordered messages have no order to skip past: a lower MID not named
  // still arrives.
  EXPECT_EQ(add_i(q, {8, 1, 4, kBE | kU, "lower"}), Result::kAccepted);
  EXPECT_EQ(drain(q), (Msgs{"1:lower"}));
}

TEST(ReassemblyQueue, MidWrapsAroundTwoToTheThirtyTwo) {
  ReassemblyQueue q = make_queue();
  wire::IForwardTsnStream skip[] = {{StreamId(3), false, Mid(0xfffffffd)}};
  q.handle_iforward_tsn(iforward(1, skip));
  add_i(q, {3, 3, 0, kBE, "m0"});
  add_i(q, {2, 3, 0xffffffff, kBE, "mffffffff"});
  EXPECT_FALSE(q.has_messages());
  add_i(q, {1, 3, 0xfffffffe, kBE, "mfffffffe"});
  EXPECT_EQ(drain(q), (Msgs{"3:mfffffffe", "3:mffffffff", "3:m0"}));
}

// External payloads (as the runtime's mbufs will be) are released exactly
// once: on delivery and pop, on refusal, on FORWARD-TSN, and when the
// queue is destroyed with fragments still held.
int g_released = 0;
void count_release(void*) { ++g_released; }

Payload external(const char* s) {
  return Payload::external(ByteRange(as_bytes_of(s, std::strlen(s))), &count_release, nullptr);
}

TEST(ReassemblyQueue, ReleasesExternalPayloadsExactlyOnce) {
  g_released = 0;
  {
    ReassemblyConfig c;
    c.max_buffered_bytes = 8;
    ReassemblyQueue q(c);
    wire::DataChunk d;
    d.tsn = Tsn(1);
    d.flags = kB;
    EXPECT_EQ(q.add_data(d, external("abc")), Result::kAccepted);
    d.tsn = Tsn(2);
    d.flags = kE;
    EXPECT_EQ(q.add_data(d, external("def")), Result::kAccepted);
    EXPECT_EQ(g_released, 0);
    { std::optional<ReceivedMessage> m = q.pop_message(); }
    EXPECT_EQ(g_released, 2);
    d.tsn = Tsn(3);
    d.flags = kB;
    d.ssn = Ssn(1);
    EXPECT_EQ(q.add_data(d, external("too-long!")), Result::kWouldExceed);
    EXPECT_EQ(g_released, 3);
    EXPECT_EQ(q.add_data(d, external("x")), Result::kAccepted);
    d.tsn = Tsn(5);
    d.ssn = Ssn(2);
    EXPECT_EQ(q.add_data(d, external("y")), Result::kAccepted);
    q.handle_forward_tsn(forward(3, {}));
    EXPECT_EQ(g_released, 4);
  }
  EXPECT_EQ(g_released, 5);
}

}  // namespace
}  // namespace dsctp::sctp

namespace dsctp::sctp {
namespace {

// Hostile input: random flags, streams, sequence numbers and TSNs, with
// FORWARD-TSNs mixed in. Nothing may crash, the limits must hold, the
// accounting must match what is held, and every payload handed in must be
// released exactly once by the time the queue is gone.
struct Counted {
  int made = 0;
  int released = 0;
};

void release_counted(void* c) { ++static_cast<Counted*>(c)->released; }

TEST(ReassemblyQueue, SurvivesRandomInputWithinItsLimits) {
  static const char kBytes[] = "0123456789abcdef";
  std::mt19937 rng(42);
  for (int round = 0; round < 50; ++round) {
    Counted counted;
    {
      ReassemblyConfig c;
      c.max_buffered_bytes = 200;
      c.max_buffered_fragments = 40;
      ReassemblyQueue q(c);
      for (int i = 0; i < 500; ++i) {
        uint32_t len = rng() % 17;
        Payload p = Payload::external(ByteRange(as_bytes_of(kBytes, len)), &release_counted,
                                      &counted);
        ++counted.made;
        uint32_t r = rng();
        uint8_t flags = static_cast<uint8_t>(r & 0x0f);
        StreamId stream(static_cast<uint16_t>((r >> 4) % 3));
        Tsn tsn(0xffffffc0u + static_cast<uint32_t>(i) + (r >> 8) % 8);
        if (round % 2 == 0) {
          wire::DataChunk d;
          d.flags = flags;
          d.tsn = tsn;
          d.stream = stream;
          d.ssn = Ssn(static_cast<uint16_t>(65530 + (r >> 12) % 12));
          q.add_data(d, std::move(p));
        } else {
          wire::IDataChunk d;
          d.flags = flags;
          d.tsn = tsn;
          d.stream = stream;
          d.mid = Mid(0xfffffffau + (r >> 12) % 12);
          d.fsn = Fsn((r >> 16) % 4);
          q.add_idata(d, std::move(p));
        }
        ASSERT_LE(q.buffered_bytes(), 200u);
        ASSERT_LE(q.buffered_fragments(), 40u);
        if (rng() % 16 == 0) {
          wire::ForwardTsnStream s[] = {{stream, Ssn(static_cast<uint16_t>(65530 + rng() % 12))}};
          wire::IForwardTsnStream is[] = {
              {stream, (rng() & 1) != 0, Mid(0xfffffffau + rng() % 12)}};
          q.handle_forward_tsn(forward(static_cast<uint32_t>(tsn.value() - 4), s));
          q.handle_iforward_tsn(iforward(tsn.value(), is));
        }
        if (rng() % 4 == 0) drain(q);
      }
      // Whatever is still held is exactly what the counters say.
      EXPECT_EQ(counted.made - counted.released, static_cast<int>(q.buffered_fragments()));
    }
    EXPECT_EQ(counted.released, counted.made);
  }
}

}  // namespace
}  // namespace dsctp::sctp
