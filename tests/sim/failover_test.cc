// Multihoming (RFC 9260 6.4, 8.2, 8.3): both ends with two addresses; the
// primary path is cut in the middle of a transfer and restored later.
// Nothing is lost, data moves to the other path within an RTO or so, and
// returns to the primary once heartbeats find it well again.
#include <gtest/gtest.h>

#include "delivery_check.h"
#include "sim_fixture.h"

namespace dsctp::test {
namespace {

TEST(Failover, PrimaryCutMidTransferLosesNothing) {
  sim::LinkConfig link;
  link.delay = std::chrono::milliseconds(2);
  link.bits_per_second = 100'000'000;
  SimPair p(31, link, /*multihomed=*/true);
  ASSERT_TRUE(p.connect());
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  ASSERT_EQ(c->path_count(), 2u);
  ASSERT_EQ(s->path_count(), 2u);
  uint64_t sid = s->id();
  // Let heartbeats confirm the second path (RFC 9260 5.4).
  p.net.advance_by(std::chrono::seconds(1));
  ASSERT_TRUE(c->path(1)->state().confirmed());

  std::vector<SentMessage> sent;
  for (uint32_t i = 0; i < 400; ++i) {
    sent.push_back({i, static_cast<uint16_t>(i % 3), i % 7 == 0, 1200});
    ASSERT_TRUE(send_message(*c, sent.back()));
  }
  p.client->poke();
  const AppLog& sl = *p.server->log_of(sid);
  p.net.run_until([&] { return sl.messages.size() >= 100; });
  ASSERT_LT(sl.messages.size(), sent.size()) << "the transfer ended before the cut";
  const uint64_t backup_before = p.net.link(kClientB, kServerB).counters().sent;
  p.net.cut(kClientA, kServerA);
  const TimePoint cut_at = p.net.now();
  p.net.run_until([&] { return sl.messages.size() == sent.size(); },
                  {std::chrono::seconds(60), 1'000'000});
  EXPECT_EQ(check_delivery(sent, sl.messages), "");
  EXPECT_LT(p.net.now() - cut_at, std::chrono::seconds(5));
  EXPECT_GT(p.net.link(kClientB, kServerB).counters().sent, backup_before + 100)
      << "the data did not move to the second path";

  // Back on the primary once it is restored and heartbeats find it.
  p.net.restore(kClientA, kServerA);
  p.net.advance_by(std::chrono::seconds(3));
  EXPECT_EQ(c->primary_path(), 0u);
  EXPECT_TRUE(c->path(0)->state().active());
  const uint64_t primary_before = p.net.link(kClientA, kServerA).counters().sent;
  std::vector<SentMessage> more;
  for (uint32_t i = 1000; i < 1050; ++i) {
    more.push_back({i, 0, false, 800});
    ASSERT_TRUE(send_message(*c, more.back()));
  }
  p.client->poke();
  p.net.run_until([&] { return sl.messages.size() == sent.size() + more.size(); });
  EXPECT_GE(p.net.link(kClientA, kServerA).counters().sent, primary_before + 20);
  EXPECT_EQ(c->state(), sctp::AssociationState::kEstablished);
}

TEST(Failover, LosingEveryPathClosesTheAssociation) {
  SimPair p(33, sim::LinkConfig{}, /*multihomed=*/true);
  ASSERT_TRUE(p.connect());
  p.net.advance_by(std::chrono::seconds(1));
  p.net.cut(kClientA, kServerA);
  p.net.cut(kClientB, kServerB);
  const AppLog& cl = *p.client->log_of(p.client_id);
  p.net.run_until([&] { return cl.closed.has_value(); }, {std::chrono::minutes(30), 1'000'000});
  ASSERT_TRUE(cl.closed);
  EXPECT_EQ(cl.closed->reason, sctp::CloseReason::kUnreachable);
  bool reported_inactive = false;
  for (const auto& [address, event] : cl.path_events) {
    reported_inactive = reported_inactive || event == sctp::PathEvent::kInactive;
  }
  EXPECT_TRUE(reported_inactive);
}

}  // namespace
}  // namespace dsctp::test
