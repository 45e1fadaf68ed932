// SendQueue: fragmentation, B/E/U flags, SSN / MID / FSN assignment, the
// two schedulers, the DATA rule that a started message is finished before
// any other, and the buffer limit.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "sctp/association/tx/send_queue.h"
#include "sctp/wire/chunks/data.h"

namespace dsctp::sctp {
namespace {

using wire::DataFlags;

constexpr uint8_t kB = DataFlags::kBeginning;
constexpr uint8_t kE = DataFlags::kEnding;
constexpr uint8_t kU = DataFlags::kUnordered;

OutgoingMessage message(uint16_t stream, const std::string& text, bool unordered = false,
                        uint32_t ppid = 51) {
  return OutgoingMessage{StreamId(stream), Ppid(ppid), unordered,
                         MessageBytes::copy_of(as_bytes_of(text.data(), text.size()))};
}

std::string text_of(const OutgoingFragment& f) {
  std::string s(f.length, '\0');
  f.payload().copy_to(reinterpret_cast<std::byte*>(s.data()));
  return s;
}

SendQueueConfig config(SchedulerKind kind = SchedulerKind::kFirstComeFirstServed,
                       bool interleaving = false, size_t max_bytes = 1000) {
  SendQueueConfig c;
  c.max_buffered_bytes = max_bytes;
  c.scheduler = kind;
  c.interleaving = interleaving;
  return c;
}

// Produces everything with fragments of at most `max_payload` bytes and
// returns each fragment's payload prefixed with its stream, e.g. "1:abc".
std::vector<std::string> drain(SendQueue& q, uint32_t max_payload) {
  std::vector<std::string> out;
  while (auto f = q.produce(max_payload)) {
    out.push_back(std::to_string(f->stream.value()) + ":" + text_of(*f));
  }
  return out;
}

TEST(SendQueue, RefusesBadMessages) {
  SendQueue q(config(SchedulerKind::kFirstComeFirstServed, false, 10), 2);
  EXPECT_EQ(q.stream_count(), 2);
  EXPECT_EQ(q.max_buffered_bytes(), 10u);
  EXPECT_EQ(q.push(message(2, "a")), SendQueue::PushResult::kInvalidStream);
  EXPECT_EQ(q.push(OutgoingMessage{StreamId(0), Ppid(0), false, MessageBytes()}),
            SendQueue::PushResult::kEmpty);
  EXPECT_EQ(q.push(message(0, "01234567890")), SendQueue::PushResult::kTooLarge);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.buffered_bytes(), 0u);
}

TEST(SendQueue, BufferLimitCountsBytesNotYetProduced) {
  SendQueue q(config(SchedulerKind::kFirstComeFirstServed, false, 10), 1);
  EXPECT_EQ(q.push(message(0, "0123456")), SendQueue::PushResult::kQueued);
  EXPECT_EQ(q.buffered_bytes(), 7u);
  EXPECT_EQ(q.push(message(0, "abcd")), SendQueue::PushResult::kNoSpace);
  EXPECT_EQ(q.push(message(0, "abc")), SendQueue::PushResult::kQueued);  // exactly full
  EXPECT_EQ(q.buffered_bytes(), 10u);
  EXPECT_EQ(q.push(message(0, "x")), SendQueue::PushResult::kNoSpace);
  ASSERT_TRUE(q.produce(4));
  EXPECT_EQ(q.buffered_bytes(), 6u);
  EXPECT_EQ(q.push(message(0, "wxyz")), SendQueue::PushResult::kQueued);
  EXPECT_EQ(q.buffered_bytes(), 10u);
}

TEST(SendQueue, FragmentsCarryOffsetsFlagsAndFsn) {
  SendQueue q(config(), 1);
  ASSERT_EQ(q.push(message(0, "0123456789", false, 77)), SendQueue::PushResult::kQueued);
  EXPECT_EQ(q.peek_size(4), 4u);
  EXPECT_EQ(q.peek_size(100), 10u);

  auto f1 = q.produce(4);
  ASSERT_TRUE(f1);
  EXPECT_EQ(f1->flags, kB);
  EXPECT_TRUE(f1->beginning());
  EXPECT_FALSE(f1->ending());
  EXPECT_EQ(f1->offset, 0u);
  EXPECT_EQ(f1->length, 4u);
  EXPECT_EQ(f1->fsn, 0u);
  EXPECT_EQ(f1->ppid, Ppid(77));
  EXPECT_EQ(text_of(*f1), "0123");
  EXPECT_EQ(q.peek_size(4), 4u);

  auto f2 = q.produce(4);
  ASSERT_TRUE(f2);
  EXPECT_EQ(f2->flags, 0);
  EXPECT_EQ(f2->offset, 4u);
  EXPECT_EQ(f2->fsn, 1u);
  EXPECT_EQ(f2->ppid, Ppid(77));  // carried by every fragment
  EXPECT_EQ(text_of(*f2), "4567");
  EXPECT_EQ(q.peek_size(4), 2u);

  auto f3 = q.produce(4);
  ASSERT_TRUE(f3);
  EXPECT_EQ(f3->flags, kE);
  EXPECT_TRUE(f3->ending());
  EXPECT_EQ(f3->offset, 8u);
  EXPECT_EQ(f3->length, 2u);
  EXPECT_EQ(f3->fsn, 2u);
  EXPECT_EQ(text_of(*f3), "89");
  EXPECT_TRUE(f1->message.same_as(f3->message));
  EXPECT_EQ(f1->message.use_count(), 3u);  // the queue let go of its own

  EXPECT_TRUE(q.empty());
  EXPECT_FALSE(q.produce(4));
  EXPECT_EQ(q.peek_size(4), 0u);
}

TEST(SendQueue, WholeMessageInOneFragment) {
  SendQueue q(config(), 1);
  q.push(message(0, "abc"));
  auto f = q.produce(3);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->flags, kB | kE);
  EXPECT_EQ(f->length, 3u);
  EXPECT_EQ(f->message.use_count(), 1u);
}

TEST(SendQueue, ZeroRoomProducesNothing) {
  SendQueue q(config(), 1);
  q.push(message(0, "abc"));
  EXPECT_FALSE(q.produce(0));
  EXPECT_EQ(q.buffered_bytes(), 3u);
}

TEST(SendQueue, SsnPerStreamOnlyForOrderedMessages) {
  SendQueue q(config(), 3);
  q.push(message(0, "a"));
  q.push(message(1, "b"));
  q.push(message(0, "c", /*unordered=*/true));
  q.push(message(0, "d"));
  q.push(message(1, "e"));
  std::vector<std::pair<uint16_t, uint16_t>> got;  // stream, ssn
  std::vector<uint8_t> flags;
  while (auto f = q.produce(100)) {
    got.emplace_back(f->stream.value(), f->ssn.value());
    flags.push_back(f->flags);
    EXPECT_EQ(f->mid, Mid(0));  // DATA has no MID
  }
  EXPECT_EQ(got, (std::vector<std::pair<uint16_t, uint16_t>>{{0, 0}, {1, 0}, {0, 0}, {0, 1}, {1, 1}}));
  EXPECT_EQ(flags[2], kB | kE | kU);
}

TEST(SendQueue, UnorderedFragmentsAllCarryU) {
  SendQueue q(config(), 1);
  q.push(message(0, "abcdef", true));
  for (int i = 0; i < 3; ++i) {
    auto f = q.produce(2);
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->unordered());
    EXPECT_EQ(f->ssn, Ssn(0));
  }
}

TEST(SendQueue, SsnWrapsAtSixteenBits) {
  SendQueue q(config(SchedulerKind::kFirstComeFirstServed, false, 1u << 20), 1);
  uint16_t last = 0;
  for (uint32_t i = 0; i < 65537; ++i) {
    ASSERT_EQ(q.push(message(0, "x")), SendQueue::PushResult::kQueued);
    auto f = q.produce(10);
    ASSERT_TRUE(f);
    ASSERT_EQ(f->ssn.value(), static_cast<uint16_t>(i));
    last = f->ssn.value();
  }
  EXPECT_EQ(last, 0);  // 65536 wrapped to 0
}

TEST(SendQueue, SsnIsTakenWithTheFirstFragmentNotAtPush) {
  SendQueue q(config(), 1);
  q.push(message(0, "never sent"));
  EXPECT_EQ(q.take_all().size(), 1u);
  q.push(message(0, "sent"));
  auto f = q.produce(100);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->ssn, Ssn(0));
}

TEST(SendQueue, FirstComeFirstServedFollowsSendOrder) {
  SendQueue q(config(), 3);
  q.push(message(2, "a"));
  q.push(message(0, "b"));
  q.push(message(2, "c"));
  q.push(message(1, "d"));
  EXPECT_EQ(drain(q, 100), (std::vector<std::string>{"2:a", "0:b", "2:c", "1:d"}));
}

TEST(SendQueue, FirstComeFirstServedFinishesAMessageFirst) {
  SendQueue q(config(), 2);
  q.push(message(0, "aaaa"));
  q.push(message(1, "b"));
  EXPECT_EQ(drain(q, 2), (std::vector<std::string>{"0:aa", "0:aa", "1:b"}));
}

TEST(SendQueue, RoundRobinTakesOneMessagePerStream) {
  SendQueue q(config(SchedulerKind::kRoundRobin), 3);
  q.push(message(0, "a1"));
  q.push(message(0, "a2"));
  q.push(message(0, "a3"));
  q.push(message(1, "b1"));
  q.push(message(2, "c1"));
  q.push(message(2, "c2"));
  EXPECT_EQ(drain(q, 100),
            (std::vector<std::string>{"0:a1", "1:b1", "2:c1", "0:a2", "2:c2", "0:a3"}));
}

TEST(SendQueue, RoundRobinWithoutInterleavingKeepsAMessageTogether) {
  // RFC 9260 6.9: the fragments of a DATA message take consecutive TSNs.
  SendQueue q(config(SchedulerKind::kRoundRobin), 2);
  q.push(message(0, "aaaaaa"));
  q.push(message(1, "bbbb"));
  q.push(message(0, "A"));
  std::vector<std::string> got;
  std::vector<uint8_t> flags;
  while (auto f = q.produce(2)) {
    got.push_back(std::to_string(f->stream.value()) + ":" + text_of(*f));
    flags.push_back(f->flags);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"0:aa", "0:aa", "0:aa", "1:bb", "1:bb", "0:A"}));
  EXPECT_EQ(flags, (std::vector<uint8_t>{kB, 0, kE, kB, kE, kB | kE}));
}

TEST(SendQueue, RoundRobinStreamJoiningLaterWaitsItsTurn) {
  SendQueue q(config(SchedulerKind::kRoundRobin), 3);
  q.push(message(0, "a1"));
  q.push(message(0, "a2"));
  q.push(message(1, "b1"));
  auto f = q.produce(100);
  EXPECT_EQ(text_of(*f), "a1");
  q.push(message(2, "c1"));
  EXPECT_EQ(drain(q, 100), (std::vector<std::string>{"1:b1", "0:a2", "2:c1"}));
}

TEST(SendQueue, InterleavingRoundRobinAlternatesFragments) {
  SendQueue q(config(SchedulerKind::kRoundRobin, /*interleaving=*/true), 2);
  q.push(message(0, "aaaaaa"));
  q.push(message(1, "bbbb"));
  std::vector<std::string> got;
  std::vector<uint32_t> fsn;
  while (auto f = q.produce(2)) {
    got.push_back(std::to_string(f->stream.value()) + ":" + text_of(*f));
    fsn.push_back(f->fsn);
    EXPECT_EQ(f->ssn, Ssn(0));  // I-DATA has no SSN
  }
  EXPECT_EQ(got, (std::vector<std::string>{"0:aa", "1:bb", "0:aa", "1:bb", "0:aa"}));
  EXPECT_EQ(fsn, (std::vector<uint32_t>{0, 0, 1, 1, 2}));
}

TEST(SendQueue, MidsAreCountedPerStreamAndPerOrdering) {
  // RFC 8260 2.1: ordered and unordered messages have their own MIDs.
  SendQueue q(config(SchedulerKind::kFirstComeFirstServed, /*interleaving=*/true), 2);
  q.push(message(0, "o"));
  q.push(message(0, "u", true));
  q.push(message(0, "o"));
  q.push(message(1, "o"));
  q.push(message(0, "u", true));
  q.push(message(0, "o"));
  std::vector<std::pair<uint16_t, uint32_t>> got;
  while (auto f = q.produce(100)) {
    got.emplace_back(f->stream.value(), f->mid.value());
    EXPECT_EQ(f->unordered(), text_of(*f) == "u");
    EXPECT_EQ(f->fsn, 0u);
  }
  EXPECT_EQ(got, (std::vector<std::pair<uint16_t, uint32_t>>{
                     {0, 0}, {0, 0}, {0, 1}, {1, 0}, {0, 1}, {0, 2}}));
}

TEST(SendQueue, MidIsSharedByAMessagesFragments) {
  SendQueue q(config(SchedulerKind::kRoundRobin, true), 2);
  q.push(message(0, "aaaa"));
  q.push(message(0, "cc"));
  q.push(message(1, "bbbb"));
  std::vector<std::string> got;
  while (auto f = q.produce(2)) {
    got.push_back(text_of(*f) + "/" + std::to_string(f->mid.value()) + "/" +
                  std::to_string(f->fsn));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"aa/0/0", "bb/0/0", "aa/0/1", "bb/0/1", "cc/1/0"}));
}

TEST(SendQueue, TakeAllReturnsRemainingMessagesWhole) {
  SendQueue q(config(SchedulerKind::kRoundRobin), 3);
  q.push(message(1, "first"));
  q.push(message(0, "second"));
  q.push(message(1, "third"));
  auto f = q.produce(2);  // "fi" of "first"
  ASSERT_TRUE(f);
  std::vector<OutgoingMessage> all = q.take_all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_TRUE(all[0].bytes.same_as(f->message));
  EXPECT_EQ(all[0].bytes.size(), 5u);
  EXPECT_EQ(all[0].stream, StreamId(1));
  EXPECT_EQ(all[1].stream, StreamId(0));
  EXPECT_EQ(all[2].stream, StreamId(1));
  EXPECT_EQ(all[2].ppid, Ppid(51));
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.buffered_bytes(), 0u);
  EXPECT_FALSE(q.produce(100));
  // The queue keeps working afterwards, and the SSNs go on from there.
  q.push(message(1, "again"));
  auto g = q.produce(100);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->ssn, Ssn(1));
}

TEST(SendQueue, SwitchingToRoundRobinFinishesTheStartedMessage) {
  SendQueue q(config(), 2);
  q.push(message(1, "x"));
  q.push(message(0, "aaaa"));
  q.push(message(1, "y"));
  q.push(message(0, "b"));
  EXPECT_EQ(text_of(*q.produce(100)), "x");
  EXPECT_EQ(text_of(*q.produce(2)), "aa");
  q.set_scheduler(SchedulerKind::kRoundRobin);
  EXPECT_EQ(drain(q, 2), (std::vector<std::string>{"0:aa", "1:y", "0:b"}));
}

TEST(SendQueue, SwitchingBackRestoresSendOrder) {
  SendQueue q(config(SchedulerKind::kRoundRobin), 3);
  q.push(message(0, "a1"));
  q.push(message(0, "a2"));
  q.push(message(1, "b1"));
  q.push(message(2, "cccc"));
  q.push(message(0, "a3"));
  EXPECT_EQ(text_of(*q.produce(100)), "a1");
  EXPECT_EQ(text_of(*q.produce(100)), "b1");
  EXPECT_EQ(text_of(*q.produce(2)), "cc");  // c started: it goes first
  q.set_scheduler(SchedulerKind::kFirstComeFirstServed);
  EXPECT_EQ(drain(q, 100), (std::vector<std::string>{"2:cc", "0:a2", "0:a3"}));
}

TEST(SendQueue, ExternalBytesReleasedOnceAfterFragmentsGo) {
  static const char kText[] = "0123456789";
  int released = 0;
  auto release = [](void* c) { ++*static_cast<int*>(c); };
  SendQueue q(config(), 1);
  q.push(OutgoingMessage{StreamId(0), Ppid(0), false,
                         MessageBytes::external(ByteRange(as_bytes_of(kText, 10)), release,
                                                &released)});
  {
    std::vector<OutgoingFragment> fragments;
    while (auto f = q.produce(3)) fragments.push_back(std::move(*f));
    EXPECT_EQ(fragments.size(), 4u);
    EXPECT_EQ(fragments[0].message.use_count(), 4u);
    EXPECT_EQ(released, 0);
  }
  EXPECT_EQ(released, 1);
}

}  // namespace
}  // namespace dsctp::sctp

namespace dsctp::sctp {
namespace {

// RFC 6525: what the association asks of the queue for a stream reset.
TEST(SendQueueStreamReset, TracksQueuedMessagesPerStream) {
  SendQueue q(config(SchedulerKind::kRoundRobin, false, 1000), 4);
  EXPECT_FALSE(q.has_queued(StreamId(1)));
  ASSERT_EQ(q.push(message(1, "aaaa")), SendQueue::PushResult::kQueued);
  ASSERT_EQ(q.push(message(2, "bbbbbbbbbb")), SendQueue::PushResult::kQueued);
  EXPECT_TRUE(q.has_queued(StreamId(1)));
  EXPECT_TRUE(q.has_queued(StreamId(2)));
  EXPECT_FALSE(q.has_queued(StreamId(3)));
  // A message begun is still queued until its last fragment.
  while (auto f = q.produce(4)) {
    if (f->stream == StreamId(2) && !f->ending()) {
      EXPECT_TRUE(q.has_queued(StreamId(2)));
    }
  }
  EXPECT_FALSE(q.has_queued(StreamId(1)));
  EXPECT_FALSE(q.has_queued(StreamId(2)));
  ASSERT_EQ(q.push(message(3, "c")), SendQueue::PushResult::kQueued);
  q.take_all();
  EXPECT_FALSE(q.has_queued(StreamId(3)));
}

TEST(SendQueueStreamReset, ResetStreamRestartsSsnAndMids) {
  for (bool interleaving : {false, true}) {
    SendQueue q(config(SchedulerKind::kFirstComeFirstServed, interleaving), 4);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(q.push(message(1, "x")), SendQueue::PushResult::kQueued);
    ASSERT_EQ(q.push(message(2, "y")), SendQueue::PushResult::kQueued);
    ASSERT_EQ(q.push(message(1, "u", true)), SendQueue::PushResult::kQueued);
    while (q.produce(100)) {
    }
    q.reset_stream(StreamId(1));
    ASSERT_EQ(q.push(message(1, "x")), SendQueue::PushResult::kQueued);
    ASSERT_EQ(q.push(message(1, "u", true)), SendQueue::PushResult::kQueued);
    ASSERT_EQ(q.push(message(2, "y")), SendQueue::PushResult::kQueued);
    auto ordered = q.produce(100);
    auto unordered = q.produce(100);
    auto other = q.produce(100);
    ASSERT_TRUE(ordered && unordered && other);
    if (interleaving) {
      EXPECT_EQ(ordered->mid, Mid(0));
      EXPECT_EQ(unordered->mid, Mid(0));
      EXPECT_EQ(other->mid, Mid(1));  // stream 2 was not reset
    } else {
      EXPECT_EQ(ordered->ssn, Ssn(0));
      EXPECT_EQ(other->ssn, Ssn(1));
    }
  }
}

TEST(SendQueueStreamReset, MoreStreams) {
  SendQueue q(config(), 2);
  EXPECT_EQ(q.push(message(3, "x")), SendQueue::PushResult::kInvalidStream);
  q.set_stream_count(4);
  EXPECT_EQ(q.push(message(3, "x")), SendQueue::PushResult::kQueued);
  EXPECT_EQ(q.stream_count(), 4);
}

}  // namespace
}  // namespace dsctp::sctp
