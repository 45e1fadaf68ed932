// The application pushes back on receive: a paused association holds its
// messages, its advertised window closes and the peer stops; resuming
// delivers everything, in order, and the peer finishes.
#include <gtest/gtest.h>

#include <vector>

#include "sim_fixture.h"

namespace dsctp::test {
namespace {

constexpr size_t kWindow = 32 * 1024;
constexpr size_t kMessages = 100;
constexpr size_t kMessageSize = 1000;
constexpr uint16_t kStreams = 4;

TEST(ReceivePushback, PausedReceiverStopsThePeerAndLosesNothing) {
  sctp::EndpointConfig config = fast_config();
  config.association.receive.max_buffered_bytes = kWindow;
  SimPair p(3, sim::LinkConfig{}, false, config);
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  ASSERT_NE(c, nullptr);
  ASSERT_NE(s, nullptr);
  const AppLog& server_log = *p.server->log_of(s->id());

  s->pause_receive();
  std::vector<std::vector<std::byte>> sent;
  for (size_t i = 0; i < kMessages; ++i) {
    sent.push_back(pattern(static_cast<uint32_t>(i), kMessageSize));
    ASSERT_EQ(c->send(sctp::StreamId(static_cast<uint16_t>(i % kStreams)), sctp::Ppid(7),
                      sent.back()),
              sctp::SendStatus::kOk);
  }
  p.client->poke();
  p.net.run_until([] { return false; }, {std::chrono::seconds(5), 1'000'000});

  EXPECT_TRUE(server_log.messages.empty());
  // The receiver took at most its window (and a zero-window probe);
  // the rest is still the sender's, unacknowledged or unsent.
  EXPECT_GE(c->send_buffer_used(), kMessages * kMessageSize - kWindow - 1500);
  EXPECT_EQ(c->state(), sctp::AssociationState::kEstablished);

  s->resume_receive();
  p.server->poke();
  p.net.run_until([&] {
    return server_log.messages.size() == kMessages && c->send_buffer_used() == 0;
  });
  ASSERT_EQ(server_log.messages.size(), kMessages);
  EXPECT_EQ(c->send_buffer_used(), 0u);
  // In order per stream, every byte intact.
  std::vector<size_t> next(kStreams, 0);
  for (const Delivered& d : server_log.messages) {
    ASSERT_LT(d.stream, kStreams);
    size_t index = next[d.stream] * kStreams + d.stream;
    ASSERT_LT(index, kMessages);
    EXPECT_EQ(d.bytes, sent[index]);
    ++next[d.stream];
  }
}

// Pausing again after resuming holds what arrives next, and resuming twice
// is harmless.
TEST(ReceivePushback, PauseAndResumeRepeat) {
  sctp::EndpointConfig config = fast_config();
  config.association.receive.max_buffered_bytes = kWindow;
  SimPair p(4, sim::LinkConfig{}, false, config);
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  ASSERT_NE(s, nullptr);
  const AppLog& server_log = *p.server->log_of(s->id());
  for (size_t round = 1; round <= 3; ++round) {
    s->pause_receive();
    EXPECT_TRUE(s->receive_paused());
    ASSERT_EQ(c->send(sctp::StreamId(0), sctp::Ppid(1), pattern(round, 300)),
              sctp::SendStatus::kOk);
    p.client->poke();
    p.net.run_until([] { return false; }, {std::chrono::milliseconds(500), 100'000});
    EXPECT_EQ(server_log.messages.size(), round - 1);
    s->resume_receive();
    s->resume_receive();
    p.server->poke();
    p.net.run_until([&] { return server_log.messages.size() == round; });
    ASSERT_EQ(server_log.messages.size(), round);
    EXPECT_EQ(server_log.messages.back().bytes, pattern(round, 300));
  }
}

}  // namespace
}  // namespace dsctp::test
