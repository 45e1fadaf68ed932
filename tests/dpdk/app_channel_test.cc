// An application thread that is not an lcore drives an association through
// an AppChannel while the main thread polls the engines: connect, a couple
// of thousand messages echoed back on four streams, a reader slow enough
// to fill the events ring (so the engine must pause receive and resume),
// then shutdown. Every message comes back intact and in order per stream,
// and every mbuf returns to the pool (the fixture's TearDown).
#include "rt/app_channel.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <thread>
#include <vector>

#include "ring_pair_fixture.h"

namespace dsctp::rt {
namespace {

constexpr uint32_t kMessages = 2000;
constexpr uint16_t kStreams = 4;
constexpr uint32_t kInFlight = 256;
constexpr uint64_t kUserData = 42;

std::vector<std::byte> message_bytes(uint32_t i) {
  std::vector<std::byte> b(1 + (i * 131) % 1400);
  for (size_t k = 0; k < b.size(); ++k) b[k] = static_cast<std::byte>(i * 7 + k);
  return b;
}

sctp::Callbacks echo_callbacks() {
  sctp::Callbacks cb;
  cb.message = [](void*, sctp::Association& a, sctp::ReceivedMessage& m) {
    std::vector<std::byte> bytes(m.size());
    size_t at = 0;
    m.for_each_fragment([&](const ByteRange& r) {
      r.copy_to(bytes.data() + at);
      at += r.size();
    });
    a.send(m.stream(), m.ppid(), bytes, sctp::SendOptions{m.unordered()});
  };
  return cb;
}

// What the application thread saw.
struct AppResult {
  bool connected = false;
  bool closed_gracefully = false;
  uint32_t received = 0;
  uint32_t out_of_order = 0;
  uint32_t corrupted = 0;
  uint32_t refused = 0;
  uint64_t wrong_user_data = 0;
};

// Waits for an event of `kind`, handling nothing else; null on timeout.
ChannelEvent* wait_for(AppChannel& ch, ChannelEvent::Kind kind) {
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < end) {
    ChannelEvent* e = nullptr;
    if (ch.poll(std::span(&e, 1)) == 1) {
      if (e->kind == kind) return e;
      AppChannel::release(e);
    }
  }
  return nullptr;
}

void run_application(AppChannel& ch, AppResult& r) {
  while (!ch.connect(sctp::IpAddress::ipv4(0x0a000002), kServerPort, kUserData)) {
  }
  ChannelEvent* c = wait_for(ch, ChannelEvent::Kind::kConnected);
  if (c == nullptr) return;
  r.connected = true;
  if (c->user_data != kUserData) ++r.wrong_user_data;
  uint64_t association = c->association;
  AppChannel::release(c);

  std::array<uint32_t, kStreams> next_index{};
  for (uint16_t s = 0; s < kStreams; ++s) next_index[s] = s;
  uint32_t sent = 0;
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::array<ChannelEvent*, 16> events{};
  while (r.received < kMessages && std::chrono::steady_clock::now() < end) {
    while (sent < kMessages && sent - r.received < kInFlight &&
           ch.send(association, sctp::StreamId(sent % kStreams), sctp::Ppid(sent),
                   message_bytes(sent))) {
      ++sent;
    }
    size_t n = ch.poll(events);
    for (size_t i = 0; i < n; ++i) {
      ChannelEvent* e = events[i];
      if (e->kind == ChannelEvent::Kind::kSendRefused) ++r.refused;
      if (e->kind == ChannelEvent::Kind::kMessage) {
        const sctp::ReceivedMessage& m = *e->message;
        uint32_t index = m.ppid().value();
        uint16_t stream = m.stream().value();
        if (stream >= kStreams || index != next_index[stream]) ++r.out_of_order;
        if (stream < kStreams) next_index[stream] = index + kStreams;
        std::vector<std::byte> got(m.size());
        size_t at = 0;
        m.for_each_fragment([&](const ByteRange& b) {
          b.copy_to(got.data() + at);
          at += b.size();
        });
        if (got != message_bytes(index)) ++r.corrupted;
        if (e->user_data != kUserData) ++r.wrong_user_data;
        // A slow reader: the events ring fills while it sleeps.
        if (++r.received % 64 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      AppChannel::release(e);
    }
  }
  while (!ch.shutdown(association)) {
  }
  ChannelEvent* closed = wait_for(ch, ChannelEvent::Kind::kClosed);
  if (closed == nullptr) return;
  r.closed_gracefully = closed->close.reason == sctp::CloseReason::kShutdown;
  AppChannel::release(closed);
}

TEST_F(RingPair, ApplicationThreadTalksThroughRings) {
  ASSERT_TRUE(server_->endpoint().listen(kServerPort, echo_callbacks(), nullptr));
  AppChannel::Config config;
  config.pool = pool_;
  config.event_ring_size = 64;
  std::unique_ptr<AppChannel> channel = AppChannel::create(config);
  ASSERT_NE(channel, nullptr);
  client_->attach(*channel);

  AppResult result;
  std::atomic<bool> done{false};
  std::thread application([&] {
    run_application(*channel, result);
    done = true;
  });
  run_until([&] { return done.load(); }, std::chrono::seconds(60));
  application.join();
  client_->detach(*channel);

  EXPECT_TRUE(result.connected);
  EXPECT_EQ(result.received, kMessages);
  EXPECT_EQ(result.out_of_order, 0u);
  EXPECT_EQ(result.corrupted, 0u);
  EXPECT_EQ(result.refused, 0u);
  EXPECT_EQ(result.wrong_user_data, 0u);
  EXPECT_TRUE(result.closed_gracefully);
  const ChannelCounters& counters = channel->counters();
  EXPECT_GT(counters.receive_pauses, 0u) << "the slow reader never filled the events ring";
  EXPECT_EQ(counters.receive_resumes, counters.receive_pauses);
  // Events waiting engine-side are bounded by the associations, not by
  // how far the reader falls behind.
  EXPECT_LE(counters.deferred_peak, 4u);
  EXPECT_EQ(counters.events_lost_no_memory, 0u);
  EXPECT_EQ(client_->endpoint().association_count(), 0u);
}

// A send the engine cannot take comes back whole, with the reason.
TEST_F(RingPair, RefusedSendGivesTheBytesBack) {
  AppChannel::Config config;
  config.pool = pool_;
  std::unique_ptr<AppChannel> channel = AppChannel::create(config);
  ASSERT_NE(channel, nullptr);
  client_->attach(*channel);
  std::vector<std::byte> bytes = message_bytes(7);
  ASSERT_TRUE(channel->send(12345, sctp::StreamId(1), sctp::Ppid(9), bytes, true));
  ChannelEvent* e = nullptr;
  run_until([&] { return channel->poll(std::span(&e, 1)) == 1; });
  client_->detach(*channel);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, ChannelEvent::Kind::kSendRefused);
  EXPECT_EQ(e->status, sctp::SendStatus::kNotConnected);
  EXPECT_EQ(e->association, 12345u);
  EXPECT_EQ(e->stream, 1);
  EXPECT_EQ(e->ppid, 9u);
  EXPECT_TRUE(e->unordered);
  ASSERT_NE(e->data, nullptr);
  std::vector<std::byte> scratch(rte_pktmbuf_pkt_len(e->data));
  const auto* back = static_cast<const std::byte*>(
      rte_pktmbuf_read(e->data, 0, static_cast<uint32_t>(scratch.size()), scratch.data()));
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(std::vector<std::byte>(back, back + scratch.size()), bytes);
  AppChannel::release(e);
}

}  // namespace
}  // namespace dsctp::rt
