// The association's life cycle between two of our endpoints: handshake,
// messages both ways, graceful shutdown from either side, abort.
#include <gtest/gtest.h>

#include "sim_fixture.h"

namespace dsctp::test {
namespace {

using sctp::AssociationState;
using sctp::CloseReason;

std::span<const std::byte> bytes_of(const std::vector<std::byte>& v) { return v; }

TEST(Handshake, ConnectsSendsAndShutsDown) {
  SimPair p(1, sim::LinkConfig{});
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  ASSERT_NE(c, nullptr);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(c->state(), AssociationState::kEstablished);
  EXPECT_EQ(s->state(), AssociationState::kEstablished);
  EXPECT_EQ(c->outbound_streams(), 16);
  EXPECT_EQ(c->peer_tag(), s->local_tag());
  EXPECT_EQ(s->peer_tag(), c->local_tag());

  auto hello = pattern(1, 100);
  ASSERT_EQ(c->send(sctp::StreamId(3), sctp::Ppid(51), hello), sctp::SendStatus::kOk);
  p.client->poke();
  auto reply = pattern(2, 3000);  // fragmented
  ASSERT_EQ(s->send(sctp::StreamId(1), sctp::Ppid(52), reply), sctp::SendStatus::kOk);
  p.server->poke();
  uint64_t sid = s->id();
  p.net.run_until([&] {
    return p.server->log_of(sid)->messages.size() == 1 &&
           p.client->log_of(p.client_id)->messages.size() == 1;
  });
  const AppLog& sl = *p.server->log_of(sid);
  const AppLog& cl = *p.client->log_of(p.client_id);
  ASSERT_EQ(sl.messages.size(), 1u);
  EXPECT_EQ(sl.messages[0].stream, 3);
  EXPECT_EQ(sl.messages[0].ppid, 51u);
  EXPECT_EQ(sl.messages[0].bytes, hello);
  ASSERT_EQ(cl.messages.size(), 1u);
  EXPECT_EQ(cl.messages[0].bytes, reply);

  c->shutdown(p.net.now());
  p.client->poke();
  p.net.run_until([&] { return cl.closed.has_value() && sl.closed.has_value(); });
  ASSERT_TRUE(cl.closed.has_value());
  ASSERT_TRUE(sl.closed.has_value());
  EXPECT_EQ(cl.closed->reason, CloseReason::kShutdown);
  EXPECT_EQ(sl.closed->reason, CloseReason::kShutdown);
  EXPECT_EQ(sl.shutdowns_received, 1u);
  EXPECT_EQ(p.client->endpoint().association_count(), 0u);
  EXPECT_EQ(p.server->endpoint().association_count(), 0u);
  EXPECT_TRUE(cl.failed.empty());
  (void)bytes_of;
}

// The tags each side chooses carry its owner bits (what lib/rt steers
// packets by), the rest stays random, and the association works.
TEST(Handshake, ChosenTagsCarryTheOwner) {
  sctp::EndpointConfig config = fast_config();
  config.tag_owner_bits = 3;
  config.tag_owner = 5;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SimPair p(seed, sim::LinkConfig{}, false, config);
    ASSERT_TRUE(p.connect());
    sctp::Association* c = p.client->endpoint().find(p.client_id);
    sctp::Association* s = p.server->newest();
    ASSERT_NE(c, nullptr);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(c->local_tag().value() & 7u, 5u);
    EXPECT_EQ(s->local_tag().value() & 7u, 5u);
    EXPECT_NE(c->local_tag(), s->local_tag());
    // Its ephemeral ports too, so endpoints sharing an address never meet.
    sctp::Association* e = p.client->endpoint().connect(
        TimePoint{}, 0, 5001, {sctp::IpAddress::ipv4(0x0a000001)}, {}, nullptr);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->local_port() & 7u, 5u);
    EXPECT_GE(e->local_port(), 49152);
  }
  config.tag_owner = 8;
  EXPECT_EQ(config.error(), "tag owner does not fit its bits");
  config.tag_owner_bits = 9;
  EXPECT_EQ(config.error(), "at most 8 tag owner bits");
}

// Both sides offer the same extensions in INIT and INIT ACK (the server's
// come back to it inside the cookie) and both use them.
TEST(Handshake, ExtensionsBothOfferAreUsed) {
  sctp::EndpointConfig config = fast_config();
  EXPECT_EQ(config.association.extensions,
            (sctp::Extensions{.partial_reliability = true, .stream_reconfig = true}));
  config.association.extensions = sctp::Extensions{true, false, true, 0};
  SimPair p(1, sim::LinkConfig{}, false, config);
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  ASSERT_NE(c, nullptr);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(c->extensions(), config.association.extensions);
  EXPECT_EQ(s->extensions(), config.association.extensions);
}

// RFC 9653: both offer zero checksum with the same method: after the
// handshake packets carry a zero checksum and are taken; the INIT and the
// COOKIE ECHO still carry a correct one.
TEST(Handshake, ZeroChecksumWhenBothOfferIt) {
  sctp::EndpointConfig config = fast_config();
  config.association.extensions.zero_checksum_edmid = 1;
  SimPair p(1, sim::LinkConfig{}, false, config);
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(c->extensions().zero_checksum_edmid, 1u);
  const uint64_t server_taken_in_handshake = p.server->endpoint().stats().zero_checksum_accepted;
  EXPECT_EQ(server_taken_in_handshake, 0u);
  ASSERT_EQ(c->send(sctp::StreamId(0), sctp::Ppid(1), pattern(1, 2000)), sctp::SendStatus::kOk);
  p.client->poke();
  p.net.run_until([&] { return p.server->log_of(s->id())->messages.size() == 1; });
  ASSERT_EQ(p.server->log_of(s->id())->messages.size(), 1u);
  EXPECT_EQ(p.server->log_of(s->id())->messages[0].bytes, pattern(1, 2000));
  EXPECT_GT(p.server->endpoint().stats().zero_checksum_accepted, 0u);
  EXPECT_GT(p.client->endpoint().stats().zero_checksum_accepted, 0u);
  EXPECT_EQ(p.server->endpoint().stats().dropped_bad_checksum, 0u);
}

// Offered by one side only, or with different methods: CRC32c everywhere.
TEST(Handshake, NoZeroChecksumWithoutAgreement) {
  for (uint32_t server_edmid : {0u, 2u}) {
    sctp::EndpointConfig config = fast_config();
    config.association.extensions.zero_checksum_edmid = 1;
    SimPair p(2, sim::LinkConfig{}, false, config);
    sctp::EndpointConfig server_config = fast_config();
    server_config.association.extensions.zero_checksum_edmid = server_edmid;
    p.server->restart(server_config, 3);
    p.server->listen(kServerPort);
    ASSERT_TRUE(p.connect());
    sctp::Association* c = p.client->endpoint().find(p.client_id);
    sctp::Association* s = p.server->newest();
    ASSERT_NE(s, nullptr);
    EXPECT_FALSE(c->extensions().zero_checksum());
    EXPECT_FALSE(s->extensions().zero_checksum());
    ASSERT_EQ(s->send(sctp::StreamId(0), sctp::Ppid(1), pattern(2, 500)), sctp::SendStatus::kOk);
    p.server->poke();
    p.net.run_until([&] { return p.client->log_of(p.client_id)->messages.size() == 1; });
    EXPECT_EQ(p.client->log_of(p.client_id)->messages.size(), 1u);
    EXPECT_EQ(p.client->endpoint().stats().zero_checksum_accepted, 0u);
    EXPECT_EQ(p.server->endpoint().stats().zero_checksum_accepted, 0u);
  }
}

}  // namespace
}  // namespace dsctp::test
