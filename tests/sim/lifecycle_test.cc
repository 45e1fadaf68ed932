// The association's life cycle between two of our endpoints beyond the
// happy path: abort and shutdown from either side, INIT collision, peer
// restart, stale cookie, unreachable peers, out-of-the-blue packets and
// verification-tag checks, send-buffer limits and the writable callback.
#include <gtest/gtest.h>

#include "delivery_check.h"
#include "sctp/wire/chunks/abort_error.h"
#include "sctp/wire/chunks/sack.h"
#include "sctp/wire/packet.h"
#include "sim_fixture.h"
#include "support/packet_decoder.h"

namespace dsctp::test {
namespace {

using sctp::AssociationState;
using sctp::CloseReason;
using sctp::SendStatus;

constexpr uint16_t kUserInitiatedAbort = 12;

struct Established {
  explicit Established(uint64_t seed = 1, const sim::LinkConfig& link = {},
                       const sctp::EndpointConfig& config = fast_config())
      : p(seed, link, false, config) {
    ok = p.connect();
    if (!ok) return;
    client = p.client->endpoint().find(p.client_id);
    server = p.server->newest();
    server_id = server->id();
  }
  AppLog& client_log() { return *p.client->log_of(p.client_id); }
  AppLog& server_log() { return *p.server->log_of(server_id); }

  SimPair p;
  bool ok = false;
  sctp::Association* client = nullptr;
  sctp::Association* server = nullptr;
  uint64_t server_id = 0;
};

TEST(Lifecycle, AbortFromClientReachesServerWithCause) {
  Established e;
  ASSERT_TRUE(e.ok);
  e.client->abort(e.p.net.now());
  e.p.client->poke();
  e.p.net.run_until([&] { return e.server_log().closed.has_value(); });
  ASSERT_TRUE(e.client_log().closed);
  EXPECT_EQ(e.client_log().closed->reason, CloseReason::kAbortedLocally);
  ASSERT_TRUE(e.server_log().closed);
  EXPECT_EQ(e.server_log().closed->reason, CloseReason::kAbortedByPeer);
  EXPECT_EQ(e.server_log().closed->cause_code, kUserInitiatedAbort);
  EXPECT_EQ(e.p.server->endpoint().association_count(), 0u);
}

TEST(Lifecycle, AbortFromServerReportsUnsentMessagesAsFailed) {
  sim::LinkConfig slow;
  slow.delay = std::chrono::milliseconds(10);
  Established e(1, slow);
  ASSERT_TRUE(e.ok);
  // Queued and not yet acknowledged when the peer aborts.
  ASSERT_TRUE(send_message(*e.client, SentMessage{7, 1, false, 500}));
  ASSERT_TRUE(send_message(*e.client, SentMessage{8, 2, false, 5000}));
  e.p.client->poke();
  e.server->abort(e.p.net.now());
  e.p.server->poke();
  e.p.net.run_until([&] { return e.client_log().closed.has_value(); });
  ASSERT_TRUE(e.client_log().closed);
  EXPECT_EQ(e.client_log().closed->reason, CloseReason::kAbortedByPeer);
  ASSERT_EQ(e.client_log().failed.size(), 2u);
  EXPECT_EQ(e.client_log().failed[0].ppid.value(), 7u);
  EXPECT_EQ(e.client_log().failed[1].ppid.value(), 8u);
  EXPECT_EQ(e.client_log().failed[1].bytes.size(), 5000u);
}

TEST(Lifecycle, AbortFromInsideTheMessageCallback) {
  Established e(2);
  ASSERT_TRUE(e.ok);
  e.p.server->set_abort_on_message(true);
  // Several messages in one packet: the receive loop is in the middle of
  // them when the association closes.
  for (uint32_t i = 0; i < 5; ++i) ASSERT_TRUE(send_message(*e.client, SentMessage{i, 0, false, 50}));
  e.p.client->poke();
  e.p.net.run_until([&] { return e.client_log().closed.has_value(); });
  ASSERT_TRUE(e.server_log().closed);
  EXPECT_EQ(e.server_log().closed->reason, CloseReason::kAbortedLocally);
  EXPECT_EQ(e.server_log().messages.size(), 1u);
  ASSERT_TRUE(e.client_log().closed);
  EXPECT_EQ(e.client_log().closed->reason, CloseReason::kAbortedByPeer);
  EXPECT_EQ(e.p.server->endpoint().association_count(), 0u);
}

TEST(Lifecycle, ShutdownFromServerDrainsQueuedDataFirst) {
  Established e(3, sim::LinkConfig{});
  ASSERT_TRUE(e.ok);
  std::vector<SentMessage> sent;
  for (uint32_t i = 0; i < 50; ++i) {
    sent.push_back({i, static_cast<uint16_t>(i % 4), false, 1000 + i * 37});
    ASSERT_TRUE(send_message(*e.server, sent.back()));
  }
  e.server->shutdown(e.p.net.now());
  EXPECT_EQ(e.server->send(sctp::StreamId(0), sctp::Ppid(0), message_bytes(99, 10)),
            SendStatus::kShuttingDown);
  e.p.server->poke();
  e.p.net.run_until([&] { return e.client_log().closed && e.server_log().closed; });
  EXPECT_EQ(check_delivery(sent, e.client_log().messages), "");
  ASSERT_TRUE(e.client_log().closed);
  EXPECT_EQ(e.client_log().closed->reason, CloseReason::kShutdown);
  EXPECT_EQ(e.client_log().shutdowns_received, 1u);
  EXPECT_EQ(e.server_log().closed->reason, CloseReason::kShutdown);
}

TEST(Lifecycle, InitCollisionYieldsOneAssociationPerSide) {
  SimPair p(5, sim::LinkConfig{});
  p.client->listen(kClientPort);
  sctp::Association* a = p.client->connect(kClientPort, kServerPort, {kServerA});
  sctp::Association* b = p.server->connect(kServerPort, kClientPort, {kClientA});
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  uint64_t aid = a->id();
  uint64_t bid = b->id();
  p.net.run_until([&] {
    AppLog* la = p.client->log_of(aid);
    AppLog* lb = p.server->log_of(bid);
    return la->connected && lb->connected;
  });
  EXPECT_EQ(p.client->endpoint().association_count(), 1u);
  EXPECT_EQ(p.server->endpoint().association_count(), 1u);
  a = p.client->endpoint().find(aid);
  b = p.server->endpoint().find(bid);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->state(), AssociationState::kEstablished);
  EXPECT_EQ(b->state(), AssociationState::kEstablished);
  EXPECT_EQ(a->peer_tag(), b->local_tag());
  EXPECT_EQ(b->peer_tag(), a->local_tag());
  ASSERT_TRUE(send_message(*a, SentMessage{1, 0, false, 300}));
  p.client->poke();
  p.net.run_until([&] { return !p.server->log_of(bid)->messages.empty(); });
  EXPECT_EQ(check_delivery({{1, 0, false, 300}}, p.server->log_of(bid)->messages), "");
}

TEST(Lifecycle, PeerRestartIsReportedAndTheAssociationGoesOn) {
  Established e(7);
  ASSERT_TRUE(e.ok);
  // The client host crashes and comes back: it knows nothing of the old
  // association and connects again from the same port.
  e.p.client->restart(fast_config(), 1234);
  sctp::Association* again = e.p.client->connect(kClientPort, kServerPort, {kServerA});
  ASSERT_NE(again, nullptr);
  uint64_t again_id = again->id();
  e.p.net.run_until([&] { return e.p.client->log_of(again_id)->connected; });
  EXPECT_TRUE(e.p.client->log_of(again_id)->connected);
  EXPECT_EQ(e.server_log().restarts, 1u);
  EXPECT_FALSE(e.server_log().closed.has_value());
  sctp::Association* s = e.p.server->endpoint().find(e.server_id);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->peer_tag(), e.p.client->endpoint().find(again_id)->local_tag());
  ASSERT_TRUE(send_message(*s, SentMessage{2, 0, false, 100}));
  e.p.server->poke();
  e.p.net.run_until([&] { return !e.p.client->log_of(again_id)->messages.empty(); });
  EXPECT_EQ(check_delivery({{2, 0, false, 100}}, e.p.client->log_of(again_id)->messages), "");
}

TEST(Lifecycle, StaleCookieStartsOverWithAPreservative) {
  sctp::EndpointConfig config = fast_config();
  config.cookie.lifetime = std::chrono::milliseconds(5);
  sim::LinkConfig slow;
  slow.delay = std::chrono::milliseconds(10);  // the cookie ages 20 ms in transit
  SimPair p(9, slow, false, config);
  ASSERT_TRUE(p.connect());
  EXPECT_GE(p.server->endpoint().stats().stale_cookies, 1u);
  EXPECT_EQ(p.client->endpoint().find(p.client_id)->state(), AssociationState::kEstablished);
}

TEST(Lifecycle, NoListenerAnswersInitWithAbort) {
  SimPair p(11, sim::LinkConfig{});
  sctp::Association* a = p.client->connect(kClientPort, kServerPort + 1, {kServerA});
  ASSERT_NE(a, nullptr);
  uint64_t id = a->id();
  p.net.run_until([&] { return p.client->log_of(id)->closed.has_value(); });
  ASSERT_TRUE(p.client->log_of(id)->closed);
  EXPECT_EQ(p.client->log_of(id)->closed->reason, CloseReason::kAbortedByPeer);
}

TEST(Lifecycle, UnreachablePeerFailsTheHandshakeInBoundedTime) {
  SimPair p(13, sim::LinkConfig{});
  p.net.cut(kClientA, kServerA);
  sctp::Association* a = p.client->connect(kClientPort, kServerPort, {kServerA});
  ASSERT_NE(a, nullptr);
  uint64_t id = a->id();
  p.net.run_until([&] { return p.client->log_of(id)->closed.has_value(); },
                  {std::chrono::minutes(10), 100000});
  ASSERT_TRUE(p.client->log_of(id)->closed);
  EXPECT_EQ(p.client->log_of(id)->closed->reason, CloseReason::kUnreachable);
  // 41 INITs with RTO doubling up to 500 ms: about 20 s.
  EXPECT_LT(p.net.now() - TimePoint{}, std::chrono::seconds(60));
}

TEST(Lifecycle, PeerLostMidTransferClosesAndReturnsTheData) {
  Established e(15);
  ASSERT_TRUE(e.ok);
  e.p.net.cut(kClientA, kServerA);
  ASSERT_TRUE(send_message(*e.client, SentMessage{1, 0, false, 2000}));
  e.p.client->poke();
  e.p.net.run_until([&] { return e.client_log().closed.has_value(); },
                    {std::chrono::minutes(10), 1000000});
  ASSERT_TRUE(e.client_log().closed);
  EXPECT_EQ(e.client_log().closed->reason, CloseReason::kUnreachable);
  ASSERT_EQ(e.client_log().failed.size(), 1u);
  EXPECT_EQ(e.client_log().failed[0].bytes.size(), 2000u);
}

// A packet from the client's address to the server's port, built by hand.
std::vector<std::byte> sack_packet(uint16_t source_port, uint16_t destination_port,
                                   sctp::VerificationTag tag) {
  std::vector<std::byte> buffer(64);
  sctp::wire::CommonHeader h;
  h.source_port = source_port;
  h.destination_port = destination_port;
  h.verification_tag = tag;
  sctp::wire::PacketBuilder b(buffer, h);
  sctp::wire::SackChunk sack;
  sack.cumulative_tsn_ack = sctp::Tsn(5);
  sack.a_rwnd = 1000;
  EXPECT_TRUE(b.add(sack));
  auto bytes = b.finish();
  return {bytes.begin(), bytes.end()};
}

TEST(Lifecycle, OutOfTheBlueGetsAbortWithTheTagReflected) {
  SimPair p(17, sim::LinkConfig{});
  std::vector<std::string> log;
  p.server->set_packet_log(&log);
  auto packet = sack_packet(kClientPort, kServerPort, sctp::VerificationTag(0x1234));
  p.net.send(p.client->node(), kClientA, kServerA, packet);
  p.net.run_until_idle({std::chrono::seconds(1), 1000});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("ABORT"), std::string::npos);
  EXPECT_EQ(p.server->endpoint().stats().out_of_the_blue, 1u);
  EXPECT_EQ(p.server->endpoint().stats().aborts_sent, 1u);
}

TEST(Lifecycle, WrongVerificationTagIsDroppedSilently) {
  Established e(19);
  ASSERT_TRUE(e.ok);
  std::vector<std::string> log;
  e.p.server->set_packet_log(&log);
  uint32_t wrong = e.server->local_tag().value() ^ 1;
  auto packet = sack_packet(kClientPort, kServerPort, sctp::VerificationTag(wrong));
  uint64_t dropped = e.p.server->endpoint().stats().dropped_bad_tag;
  e.p.net.send(e.p.client->node(), kClientA, kServerA, packet);
  e.p.net.run_until_idle({std::chrono::milliseconds(5), 1000});
  EXPECT_EQ(e.p.server->endpoint().stats().dropped_bad_tag, dropped + 1);
  EXPECT_EQ(e.server->state(), AssociationState::kEstablished);
  for (const std::string& l : log) EXPECT_EQ(l.find("ABORT"), std::string::npos) << l;
}

TEST(Lifecycle, SendBufferLimitAndWritableThreshold) {
  sctp::EndpointConfig config = fast_config();
  config.association.send.max_buffered_bytes = 64 * 1024;
  Established e(21, sim::LinkConfig{}, config);
  ASSERT_TRUE(e.ok);
  e.client->set_writable_threshold(32 * 1024);
  EXPECT_EQ(e.client->send(sctp::StreamId(0), sctp::Ppid(0), message_bytes(0, 70 * 1024)),
            SendStatus::kTooLarge);
  std::vector<SentMessage> sent;
  for (uint32_t i = 0;; ++i) {
    SentMessage m{i, 0, false, 4000};
    if (!send_message(*e.client, m)) break;
    sent.push_back(m);
  }
  EXPECT_EQ(sent.size(), 16u);  // 16 * 4000 fits in 64 KiB, 17 does not
  EXPECT_LT(e.client->send_buffer_free(), 4000u);
  e.p.client->poke();
  e.p.net.run_until([&] {
    return e.server_log().messages.size() == sent.size() &&
           e.client->send_buffer_free() == 64u * 1024;
  });
  EXPECT_EQ(check_delivery(sent, e.server_log().messages), "");
  EXPECT_GE(e.client_log().writable, 1u);
  EXPECT_EQ(e.client->send_buffer_free(), 64u * 1024);
}

TEST(Lifecycle, InvalidStreamAndEmptyMessagesAreRefused) {
  sctp::EndpointConfig server_config = fast_config();
  Established e(23);
  ASSERT_TRUE(e.ok);
  EXPECT_EQ(e.client->send(sctp::StreamId(16), sctp::Ppid(0), message_bytes(0, 10)),
            SendStatus::kInvalidStream);
  EXPECT_EQ(e.client->send(sctp::StreamId(0), sctp::Ppid(0), {}), SendStatus::kEmpty);
}

TEST(Lifecycle, NegotiatedStreamsAreTheMinimumOfBothSides) {
  sctp::EndpointConfig config = fast_config();
  SimPair p(25, sim::LinkConfig{}, false, config);
  sctp::EndpointConfig small = fast_config();
  small.association.outbound_streams = 3;
  small.association.max_inbound_streams = 5;
  p.server->restart(small, 99);
  p.server->listen(kServerPort);
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  EXPECT_EQ(c->outbound_streams(), 5);
  EXPECT_EQ(c->inbound_streams(), 3);
  EXPECT_EQ(c->send(sctp::StreamId(5), sctp::Ppid(0), message_bytes(0, 10)),
            SendStatus::kInvalidStream);
}

}  // namespace
}  // namespace dsctp::test
