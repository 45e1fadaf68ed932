// Our association against usrsctp's, packet for packet, in one process:
// the handshake either way round, stream counts negotiated down, messages
// of 1 byte to 256 KiB both ways on 1 and 64 streams, ordered and
// unordered, stream sequence numbers wrapping, heartbeats on an idle
// association, graceful shutdown and abort begun by either side, a
// transfer and shutdown over a lossy link, and I-DATA (RFC 8260) both ways
// with messages of several streams interleaved.
#include <gtest/gtest.h>
#include <usrsctp.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "base/random.h"
#include "interop/our_endpoint_driver.h"

namespace dsctp::interop {
namespace {

using sctp::AssociationState;
using sctp::CloseReason;

enum class Role : uint8_t { kOursClient, kUsrsctpClient };

const char* to_string(Role r) { return r == Role::kOursClient ? "OursClient" : "UsrsctpClient"; }

// RFC 9260 3.3.10.12.
constexpr uint16_t kUserInitiatedAbort = 12;

constexpr size_t kAllSizes[] = {1, 100, 1452, 4000, 65536, 262144};

std::vector<std::byte> pattern(uint32_t seed, size_t size) {
  std::vector<std::byte> b(size);
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < size; ++i) {
    x = x * 1103515245u + 12345u;
    b[i] = static_cast<std::byte>(x >> 24);
  }
  return b;
}

// Each size once ordered and once unordered, spread over the streams, the
// highest included. The PPID is unique within a run, which
// lets the receiver's copy be matched to the message sent.
std::vector<UserMessage> workload(uint16_t streams, std::span<const size_t> sizes,
                                  uint32_t first_ppid) {
  std::vector<UserMessage> out;
  uint32_t ppid = first_ppid;
  for (size_t size : sizes) {
    for (bool unordered : {false, true}) {
      UserMessage m;
      m.ppid = ppid++;
      m.stream = static_cast<uint16_t>((out.size() * 37 + streams - 1) % streams);
      m.unordered = unordered;
      m.payload = pattern(m.ppid, size);
      out.push_back(std::move(m));
    }
  }
  return out;
}

std::string describe(const UserMessage& m) {
  return "ppid " + std::to_string(m.ppid) + " stream " + std::to_string(m.stream) +
         (m.unordered ? " unordered " : " ordered ") + std::to_string(m.payload.size()) + "B";
}

// Every message arrived exactly once, byte for byte, with its stream, PPID
// and U flag; the ordered ones of each stream in the order they were sent.
testing::AssertionResult delivered_exactly(const std::vector<UserMessage>& sent,
                                           const std::vector<UserMessage>& got) {
  std::map<uint32_t, const UserMessage*> by_ppid;
  for (const UserMessage& m : sent) by_ppid[m.ppid] = &m;
  std::map<uint32_t, int> seen;
  for (const UserMessage& m : got) {
    auto it = by_ppid.find(m.ppid);
    if (it == by_ppid.end()) return testing::AssertionFailure() << "unknown " << describe(m);
    if (++seen[m.ppid] > 1) return testing::AssertionFailure() << "duplicate " << describe(m);
    const UserMessage& want = *it->second;
    if (m.stream != want.stream || m.unordered != want.unordered) {
      return testing::AssertionFailure()
             << "got " << describe(m) << ", sent as " << describe(want);
    }
    if (m.payload != want.payload) {
      size_t at = 0;
      while (at < std::min(m.payload.size(), want.payload.size()) &&
             m.payload[at] == want.payload[at]) {
        ++at;
      }
      return testing::AssertionFailure() << "payload of " << describe(want) << " differs (got "
                                         << m.payload.size() << "B, first difference at " << at
                                         << ")";
    }
  }
  for (const UserMessage& m : sent) {
    if (seen[m.ppid] == 0) return testing::AssertionFailure() << "missing " << describe(m);
  }
  std::map<uint16_t, std::vector<uint32_t>> sent_order;
  std::map<uint16_t, std::vector<uint32_t>> got_order;
  for (const UserMessage& m : sent) {
    if (!m.unordered) sent_order[m.stream].push_back(m.ppid);
  }
  for (const UserMessage& m : got) {
    if (!m.unordered) got_order[m.stream].push_back(m.ppid);
  }
  for (auto& [stream, order] : sent_order) {
    if (got_order[stream] != order) {
      return testing::AssertionFailure() << "stream " << stream << " out of order";
    }
  }
  return testing::AssertionSuccess();
}

bool connect(MixedPair& p, Role role) {
  return role == Role::kOursClient ? p.connect_ours_to_usrsctp() : p.connect_usrsctp_to_ours();
}

void send_all(MixedPair& p, const std::vector<UserMessage>& from_ours,
              const std::vector<UserMessage>& from_usrsctp) {
  for (const UserMessage& m : from_ours) p.ours().send(m);
  for (const UserMessage& m : from_usrsctp) p.usrsctp().send(m);
}

bool all_received(MixedPair& p, size_t by_ours, size_t by_usrsctp) {
  return p.ours().log().messages.size() >= by_ours &&
         p.usrsctp().received().size() >= by_usrsctp;
}

// --- Transfer: every size, both ways at once, on 1 and 64 streams.

class Transfer : public testing::TestWithParam<std::tuple<Role, uint16_t>> {};

TEST_P(Transfer, EverySizeBothWaysOrderedAndUnordered) {
  auto [role, streams] = GetParam();
  MixedPairOptions o = mixed_options(streams);
  o.seed = streams;
  MixedPair p(o);
  ASSERT_TRUE(connect(p, role)) << p.trace();
  sctp::Association* a = p.ours().association();
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->state(), AssociationState::kEstablished);
  EXPECT_EQ(a->outbound_streams(), streams);
  EXPECT_EQ(a->inbound_streams(), streams);
  EXPECT_EQ(p.usrsctp().streams(), std::make_pair(streams, streams));

  auto from_ours = workload(streams, kAllSizes, 1000);
  auto from_usrsctp = workload(streams, kAllSizes, 2000);
  send_all(p, from_ours, from_usrsctp);
  bool done = p.run_until(
      [&] { return all_received(p, from_usrsctp.size(), from_ours.size()); }, 60000);
  EXPECT_EQ(p.ours().send_error(), "");
  EXPECT_EQ(p.usrsctp().send_error(), "");
  ASSERT_TRUE(done) << "ours got " << p.ours().log().messages.size() << "/"
                    << from_usrsctp.size() << ", usrsctp got " << p.usrsctp().received().size()
                    << "/" << from_ours.size() << "; unsent ours " << p.ours().unsent()
                    << " usrsctp " << p.usrsctp().unsent() << "\n"
                    << p.trace();
  EXPECT_TRUE(delivered_exactly(from_ours, p.usrsctp().received())) << "usrsctp received";
  EXPECT_TRUE(delivered_exactly(from_usrsctp, p.ours().log().messages)) << "ours received";
  EXPECT_EQ(a->stats().messages_sent, from_ours.size());
  EXPECT_EQ(a->stats().messages_delivered, from_usrsctp.size());
  EXPECT_EQ(p.ours().misaddressed(), 0u);
  EXPECT_FALSE(p.ours().log().closed.has_value());
}

INSTANTIATE_TEST_SUITE_P(Mixed, Transfer,
                         testing::Combine(testing::Values(Role::kOursClient, Role::kUsrsctpClient),
                                          testing::Values(uint16_t{1}, uint16_t{64})),
                         [](const auto& info) {
                           return std::string(to_string(std::get<0>(info.param))) +
                                  std::to_string(std::get<1>(info.param)) + "Streams";
                         });

// --- Each side asks for other stream counts: each direction gets the
// smaller of what its sender asked for and its receiver accepts.

TEST(MixedStreams, NegotiatedDownToTheSmallerCount) {
  for (Role role : {Role::kOursClient, Role::kUsrsctpClient}) {
    SCOPED_TRACE(to_string(role));
    MixedPairOptions o = mixed_options(64);
    o.ours.association.max_inbound_streams = 16;
    o.usrsctp.streams = 32;
    o.usrsctp.max_in_streams = 8;
    MixedPair p(o);
    ASSERT_TRUE(connect(p, role)) << p.trace();
    sctp::Association* a = p.ours().association();
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->outbound_streams(), 8);
    EXPECT_EQ(a->inbound_streams(), 16);
    EXPECT_EQ(p.usrsctp().streams(), std::make_pair(uint16_t{8}, uint16_t{16}));

    // The highest stream each way works; one past it is refused by ours.
    std::vector<UserMessage> from_ours = {{7, 1, false, pattern(1, 10)}};
    std::vector<UserMessage> from_usrsctp = {{15, 2, false, pattern(2, 10)}};
    send_all(p, from_ours, from_usrsctp);
    ASSERT_TRUE(p.run_until([&] { return all_received(p, 1, 1); })) << p.trace();
    EXPECT_TRUE(delivered_exactly(from_ours, p.usrsctp().received()));
    EXPECT_TRUE(delivered_exactly(from_usrsctp, p.ours().log().messages));
    EXPECT_EQ(a->send(sctp::StreamId(8), sctp::Ppid(3), pattern(3, 10)),
              sctp::SendStatus::kInvalidStream);
  }
}

// --- Stream sequence numbers wrap: more than 65536 ordered messages on one
// stream each way, small enough to bundle dozens to a packet.

class SsnWrap : public testing::TestWithParam<Role> {};

TEST_P(SsnWrap, OrderKeptAcrossTheWrap) {
  constexpr uint32_t kMessages = 66000;
  MixedPair p(mixed_options(1));
  ASSERT_TRUE(connect(p, GetParam())) << p.trace();
  std::vector<UserMessage> from_ours;
  std::vector<UserMessage> from_usrsctp;
  for (uint32_t i = 0; i < kMessages; ++i) {
    UserMessage m;
    m.ppid = i;
    m.payload = pattern(i, 1 + i % 4);
    from_ours.push_back(m);
    m.ppid = kMessages + i;
    from_usrsctp.push_back(std::move(m));
  }
  send_all(p, from_ours, from_usrsctp);
  bool done = p.run_until(
      [&] { return all_received(p, from_usrsctp.size(), from_ours.size()); }, 60000);
  EXPECT_EQ(p.ours().send_error(), "");
  EXPECT_EQ(p.usrsctp().send_error(), "");
  ASSERT_TRUE(done) << "ours got " << p.ours().log().messages.size() << ", usrsctp got "
                    << p.usrsctp().received().size() << "\n"
                    << p.trace();
  EXPECT_TRUE(delivered_exactly(from_ours, p.usrsctp().received())) << "usrsctp received";
  EXPECT_TRUE(delivered_exactly(from_usrsctp, p.ours().log().messages)) << "ours received";
}

INSTANTIATE_TEST_SUITE_P(Mixed, SsnWrap,
                         testing::Values(Role::kOursClient, Role::kUsrsctpClient),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// --- An idle association: our heartbeats answered, nothing else said.

TEST(MixedIdle, HeartbeatsKeepTheAssociationUp) {
  MixedPairOptions o = mixed_options(4);
  o.ours.association.path.path.heartbeat_interval = std::chrono::milliseconds(100);
  MixedPair p(o);
  size_t heartbeats = 0;
  size_t heartbeat_acks = 0;
  p.drop = [&](Toward t, const std::vector<std::byte>& packet) {
    // Chunk type of the first chunk, after the 12-byte common header.
    if (packet.size() > 12) {
      auto type = static_cast<uint8_t>(packet[12]);
      heartbeats += t == Toward::kUsrsctp && type == 4;
      heartbeat_acks += t == Toward::kOurs && type == 5;
    }
    return false;
  };
  ASSERT_TRUE(connect(p, Role::kOursClient)) << p.trace();
  p.run_until([] { return false; }, 3000);
  ASSERT_NE(p.ours().association(), nullptr) << p.trace();
  EXPECT_EQ(p.ours().association()->state(), AssociationState::kEstablished);
  EXPECT_FALSE(p.ours().log().closed.has_value());
  EXPECT_GE(heartbeats, 5u) << p.trace();
  EXPECT_EQ(heartbeat_acks, heartbeats) << p.trace();
  EXPECT_FALSE(p.usrsctp().has_notification(SCTP_ASSOC_CHANGE, SCTP_COMM_LOST));
}

// --- Closing: graceful shutdown and abort, begun by either side.

class Close : public testing::TestWithParam<Role> {
 protected:
  // Connected, with one message each way already delivered.
  void SetUp() override {
    pair_ = std::make_unique<MixedPair>(mixed_options(4));
    ASSERT_TRUE(connect(*pair_, GetParam())) << pair_->trace();
    first_ours_ = workload(4, std::span(kAllSizes, 1), 1);
    first_usrsctp_ = workload(4, std::span(kAllSizes, 1), 101);
    send_all(*pair_, first_ours_, first_usrsctp_);
    ASSERT_TRUE(pair_->run_until([&] { return all_received(*pair_, 2, 2); })) << pair_->trace();
  }

  MixedPair& p() { return *pair_; }
  const OurLog& log() { return pair_->ours().log(); }

  // Sends a message each way that the closing must not lose.
  void send_last_words() {
    last_ours_ = workload(4, std::span(kAllSizes + 3, 1), 201);
    last_usrsctp_ = workload(4, std::span(kAllSizes + 3, 1), 301);
    send_all(*pair_, last_ours_, last_usrsctp_);
  }
  void expect_last_words_delivered() {
    std::vector<UserMessage> sent_ours = first_ours_;
    sent_ours.insert(sent_ours.end(), last_ours_.begin(), last_ours_.end());
    std::vector<UserMessage> sent_usrsctp = first_usrsctp_;
    sent_usrsctp.insert(sent_usrsctp.end(), last_usrsctp_.begin(), last_usrsctp_.end());
    EXPECT_TRUE(delivered_exactly(sent_ours, p().usrsctp().received())) << "usrsctp received";
    EXPECT_TRUE(delivered_exactly(sent_usrsctp, log().messages)) << "ours received";
    EXPECT_EQ(log().send_failed, 0u);
  }

  std::unique_ptr<MixedPair> pair_;
  std::vector<UserMessage> first_ours_, first_usrsctp_, last_ours_, last_usrsctp_;
};

TEST_P(Close, OurShutdown) {
  send_last_words();
  p().exchange();
  ASSERT_NE(p().ours().association(), nullptr);
  p().ours().association()->shutdown(p().now());
  ASSERT_TRUE(p().run_until([&] {
    return log().closed.has_value() &&
           p().usrsctp().has_notification(SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP);
  })) << p().trace();
  EXPECT_EQ(log().closed->reason, CloseReason::kShutdown);
  EXPECT_EQ(p().usrsctp().count_notifications(SCTP_SHUTDOWN_EVENT), 1u);
  EXPECT_FALSE(p().usrsctp().has_notification(SCTP_ASSOC_CHANGE, SCTP_COMM_LOST));
  expect_last_words_delivered();
  EXPECT_EQ(p().ours().endpoint().association_count(), 0u);
}

TEST_P(Close, UsrsctpShutdown) {
  send_last_words();
  p().exchange();
  ASSERT_TRUE(p().usrsctp().shutdown());
  ASSERT_TRUE(p().run_until([&] {
    return log().closed.has_value() &&
           p().usrsctp().has_notification(SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP);
  })) << p().trace();
  EXPECT_EQ(log().closed->reason, CloseReason::kShutdown);
  EXPECT_EQ(log().shutdowns_received, 1u);
  EXPECT_FALSE(p().usrsctp().has_notification(SCTP_ASSOC_CHANGE, SCTP_COMM_LOST));
  expect_last_words_delivered();
  EXPECT_EQ(p().ours().endpoint().association_count(), 0u);
}

// The socket is gone, so usrsctp reports nothing more: our side tells how
// it ended. Only usrsctp has last words here: DATA reaching a closed
// usrsctp socket is answered with ABORT "Out of Resource", by design.
TEST_P(Close, UsrsctpGracefulClose) {
  last_usrsctp_ = workload(4, std::span(kAllSizes + 3, 1), 301);
  send_all(p(), {}, last_usrsctp_);
  p().exchange();
  p().usrsctp().close(/*abort=*/false);
  ASSERT_TRUE(p().run_until([&] { return log().closed.has_value(); })) << p().trace();
  EXPECT_EQ(log().closed->reason, CloseReason::kShutdown) << p().trace();
  EXPECT_EQ(log().shutdowns_received, 1u);
  expect_last_words_delivered();
  EXPECT_EQ(p().ours().endpoint().association_count(), 0u);
}

TEST_P(Close, OurAbort) {
  ASSERT_NE(p().ours().association(), nullptr);
  p().ours().association()->abort(p().now());
  ASSERT_TRUE(p().run_until([&] {
    return p().usrsctp().has_notification(SCTP_ASSOC_CHANGE, SCTP_COMM_LOST);
  })) << p().trace();
  ASSERT_TRUE(log().closed.has_value());
  EXPECT_EQ(log().closed->reason, CloseReason::kAbortedLocally);
  EXPECT_EQ(p().usrsctp().find_notification(SCTP_ASSOC_CHANGE, SCTP_COMM_LOST)->error,
            kUserInitiatedAbort);
  EXPECT_FALSE(p().usrsctp().has_notification(SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP));
  EXPECT_EQ(p().ours().endpoint().association_count(), 0u);
}

TEST_P(Close, UsrsctpAbort) {
  p().usrsctp().close(/*abort=*/true);
  ASSERT_TRUE(p().run_until([&] { return log().closed.has_value(); })) << p().trace();
  EXPECT_EQ(log().closed->reason, CloseReason::kAbortedByPeer);
  EXPECT_EQ(log().closed->cause_code, kUserInitiatedAbort) << p().trace();
  EXPECT_EQ(p().ours().endpoint().association_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Mixed, Close,
                         testing::Values(Role::kOursClient, Role::kUsrsctpClient),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// --- Loss in both directions, from the first packet to the last.

enum class LossPattern : uint8_t { kSeededTenPercent, kEveryFifth };

const char* to_string(LossPattern l) {
  return l == LossPattern::kSeededTenPercent ? "Seeded10Percent" : "EveryFifth";
}

class Loss : public testing::TestWithParam<std::tuple<Role, LossPattern>> {};

TEST_P(Loss, EveryMessageExactlyOnceThenShutdown) {
  auto [role, pattern_kind] = GetParam();
  MixedPairOptions o = mixed_options(4);
  o.paced = true;  // usrsctp's retransmissions wait in wall time
  MixedPair p(o);
  SeededRandom random(42);
  uint64_t counts[2] = {0, 0};
  p.drop = [&, kind = pattern_kind](Toward t, const std::vector<std::byte>&) {
    if (kind == LossPattern::kEveryFifth) return ++counts[static_cast<int>(t)] % 5 == 0;
    return random.next() % 10 == 0;
  };
  ASSERT_TRUE(connect(p, role)) << p.trace();

  auto from_ours = workload(4, kAllSizes, 1000);
  auto from_usrsctp = workload(4, kAllSizes, 2000);
  send_all(p, from_ours, from_usrsctp);
  bool done = p.run_until(
      [&] { return all_received(p, from_usrsctp.size(), from_ours.size()); }, 60000,
      std::chrono::seconds(60));
  ASSERT_TRUE(done) << "ours got " << p.ours().log().messages.size() << "/"
                    << from_usrsctp.size() << ", usrsctp got " << p.usrsctp().received().size()
                    << "/" << from_ours.size() << " at " << p.virtual_ms() << "ms\n"
                    << p.trace();
  // Let stray retransmissions arrive: a duplicate must not be delivered.
  p.run_until([] { return false; }, 500);
  EXPECT_TRUE(delivered_exactly(from_ours, p.usrsctp().received())) << "usrsctp received";
  EXPECT_TRUE(delivered_exactly(from_usrsctp, p.ours().log().messages)) << "ours received";
  EXPECT_GT(p.dropped(Toward::kOurs), 0u);
  EXPECT_GT(p.dropped(Toward::kUsrsctp), 0u);

  ASSERT_NE(p.ours().association(), nullptr);
  p.ours().association()->shutdown(p.now());
  ASSERT_TRUE(p.run_until(
      [&] {
        return p.ours().log().closed.has_value() &&
               p.usrsctp().has_notification(SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP);
      },
      20000, std::chrono::seconds(30)))
      << p.trace();
  EXPECT_EQ(p.ours().log().closed->reason, CloseReason::kShutdown);
}

INSTANTIATE_TEST_SUITE_P(Mixed, Loss,
                         testing::Combine(testing::Values(Role::kOursClient, Role::kUsrsctpClient),
                                          testing::Values(LossPattern::kSeededTenPercent,
                                                          LossPattern::kEveryFifth)),
                         [](const auto& info) {
                           return std::string(to_string(std::get<0>(info.param))) +
                                  to_string(std::get<1>(info.param));
                         });

// --- I-DATA (RFC 8260): negotiated with usrsctp, user messages in I-DATA
// chunks only, fragments of messages of different streams interleaved on
// the wire, every message intact, over a clean and a lossy link.

// What the user data chunks of one direction looked like.
struct UserDataOnTheWire {
  uint64_t data = 0;   // DATA chunks (type 0)
  uint64_t idata = 0;  // I-DATA chunks (type 64)
  // An I-DATA chunk of one stream came while a message of another stream
  // had begun (B seen) and not ended (no E yet).
  bool interleaved = false;
  std::map<std::pair<uint16_t, uint32_t>, bool> open;  // (stream, MID)

  void observe(const std::vector<std::byte>& packet) {
    size_t at = 12;  // the common header
    while (at + 4 <= packet.size()) {
      auto type = static_cast<uint8_t>(packet[at]);
      auto flags = static_cast<uint8_t>(packet[at + 1]);
      size_t length = (static_cast<size_t>(packet[at + 2]) << 8) | static_cast<size_t>(packet[at + 3]);
      if (length < 4 || at + length > packet.size()) return;
      if (type == 0) ++data;
      if (type == 64 && length >= 20) {
        ++idata;
        uint16_t stream = static_cast<uint16_t>((static_cast<uint16_t>(packet[at + 8]) << 8) |
                                                static_cast<uint16_t>(packet[at + 9]));
        uint32_t mid = 0;
        for (size_t i = 12; i < 16; ++i) mid = (mid << 8) | static_cast<uint32_t>(packet[at + i]);
        for (const auto& [key, is_open] : open) {
          if (key.first != stream && is_open) interleaved = true;
        }
        if (flags & 0x01) {
          open.erase({stream, mid});
        } else {
          open[{stream, mid}] = true;
        }
      }
      at += (length + 3) & ~size_t{3};
    }
  }
};

// Large messages on streams 0 and 1 first, then small ones on 2 and 3
// that should not wait behind them; ordered and unordered.
std::vector<UserMessage> interleaving_workload(uint32_t first_ppid) {
  std::vector<UserMessage> out;
  uint32_t ppid = first_ppid;
  auto add = [&](uint16_t stream, size_t size, bool unordered) {
    out.push_back(UserMessage{stream, ppid, unordered, pattern(ppid, size)});
    ++ppid;
  };
  add(0, 200000, false);
  add(1, 120000, false);
  add(1, 4000, true);
  add(0, 65536, false);
  for (int i = 0; i < 20; ++i) add(static_cast<uint16_t>(2 + i % 2), 1 + 300 * i, i % 5 == 4);
  add(3, 3000, false);
  return out;
}

class IData : public testing::TestWithParam<Role> {};

TEST_P(IData, InterleavedBothWaysEveryMessageIntact) {
  Role role = GetParam();
  MixedPairOptions o = mixed_options(4);
  o.ours.association.extensions.interleaving = true;
  o.ours.association.send.scheduler = sctp::SchedulerKind::kRoundRobin;
  o.usrsctp.interleaving = true;
  o.usrsctp.scheduler = SCTP_SS_ROUND_ROBIN;
  MixedPair p(o);
  UserDataOnTheWire to_usrsctp;
  UserDataOnTheWire to_ours;
  p.drop = [&](Toward t, const std::vector<std::byte>& packet) {
    (t == Toward::kUsrsctp ? to_usrsctp : to_ours).observe(packet);
    return false;
  };
  ASSERT_TRUE(connect(p, role)) << p.trace();
  sctp::Association* a = p.ours().association();
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(a->extensions().interleaving) << "I-DATA not negotiated";

  auto from_ours = interleaving_workload(1000);
  auto from_usrsctp = interleaving_workload(2000);
  send_all(p, from_ours, from_usrsctp);
  bool done = p.run_until(
      [&] { return all_received(p, from_usrsctp.size(), from_ours.size()); }, 60000);
  EXPECT_EQ(p.ours().send_error(), "");
  EXPECT_EQ(p.usrsctp().send_error(), "");
  ASSERT_TRUE(done) << "ours got " << p.ours().log().messages.size() << "/"
                    << from_usrsctp.size() << ", usrsctp got " << p.usrsctp().received().size()
                    << "/" << from_ours.size() << "\n"
                    << p.trace();
  EXPECT_TRUE(delivered_exactly(from_ours, p.usrsctp().received())) << "usrsctp received";
  EXPECT_TRUE(delivered_exactly(from_usrsctp, p.ours().log().messages)) << "ours received";
  EXPECT_FALSE(p.ours().log().closed.has_value());

  // RFC 8260 2.2.1: with I-DATA negotiated no DATA chunk is sent, by
  // either side.
  EXPECT_EQ(to_usrsctp.data, 0u);
  EXPECT_EQ(to_ours.data, 0u);
  EXPECT_GT(to_usrsctp.idata, 300u);
  EXPECT_GT(to_ours.idata, 300u);
  EXPECT_EQ(a->stats().idata_chunks_sent, a->stats().data_chunks_sent);
  EXPECT_GT(a->stats().idata_chunks_received, 300u);
  EXPECT_TRUE(to_usrsctp.interleaved) << "our fragments never interleaved";
  EXPECT_TRUE(to_ours.interleaved) << "usrsctp's fragments never interleaved";
}

TEST_P(IData, EveryMessageExactlyOnceOverALossyLink) {
  Role role = GetParam();
  MixedPairOptions o = mixed_options(4);
  o.ours.association.extensions.interleaving = true;
  o.ours.association.send.scheduler = sctp::SchedulerKind::kRoundRobin;
  o.usrsctp.interleaving = true;
  o.usrsctp.scheduler = SCTP_SS_ROUND_ROBIN;
  o.paced = true;  // usrsctp's retransmissions wait in wall time
  MixedPair p(o);
  SeededRandom random(7);
  UserDataOnTheWire to_usrsctp;
  UserDataOnTheWire to_ours;
  p.drop = [&](Toward t, const std::vector<std::byte>& packet) {
    (t == Toward::kUsrsctp ? to_usrsctp : to_ours).observe(packet);
    return random.next() % 10 == 0;
  };
  ASSERT_TRUE(connect(p, role)) << p.trace();
  ASSERT_TRUE(p.ours().association()->extensions().interleaving);
  auto from_ours = interleaving_workload(1000);
  auto from_usrsctp = interleaving_workload(2000);
  send_all(p, from_ours, from_usrsctp);
  bool done = p.run_until(
      [&] { return all_received(p, from_usrsctp.size(), from_ours.size()); }, 60000,
      std::chrono::seconds(60));
  ASSERT_TRUE(done) << "ours got " << p.ours().log().messages.size() << "/"
                    << from_usrsctp.size() << ", usrsctp got " << p.usrsctp().received().size()
                    << "/" << from_ours.size() << " at " << p.virtual_ms() << "ms\n"
                    << p.trace();
  // Let stray retransmissions arrive: a duplicate must not be delivered.
  p.run_until([] { return false; }, 500);
  EXPECT_TRUE(delivered_exactly(from_ours, p.usrsctp().received())) << "usrsctp received";
  EXPECT_TRUE(delivered_exactly(from_usrsctp, p.ours().log().messages)) << "ours received";
  EXPECT_GT(p.dropped(Toward::kOurs), 0u);
  EXPECT_GT(p.dropped(Toward::kUsrsctp), 0u);
  EXPECT_EQ(to_usrsctp.data + to_ours.data, 0u);
  EXPECT_FALSE(p.ours().log().closed.has_value());
}

INSTANTIATE_TEST_SUITE_P(Mixed, IData,
                         testing::Values(Role::kOursClient, Role::kUsrsctpClient),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace dsctp::interop
