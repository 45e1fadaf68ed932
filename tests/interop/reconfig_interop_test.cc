// Stream reconfiguration (RFC 6525) between our association and usrsctp's,
// both ways: outgoing and incoming stream resets asked for by either side
// with data before and after (every message delivered once, in order,
// which the receiver can only do if its expected SSNs started over), stream
// additions used at once, an SSN/TSN reset we deny, and a request usrsctp
// denies. Each side's report of the outcome is checked: our callbacks, and
// usrsctp's SCTP_STREAM_RESET_EVENT, SCTP_STREAM_CHANGE_EVENT and
// SCTP_ASSOC_RESET_EVENT notifications.
#include <gtest/gtest.h>
#include <usrsctp.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "interop/our_endpoint_driver.h"

namespace dsctp::interop {
namespace {

using sctp::ReconfigOutcome;
using sctp::ReconfigStatus;
using sctp::StreamId;

std::vector<std::byte> payload_of(uint32_t ppid, size_t size) {
  std::vector<std::byte> b(size);
  for (size_t i = 0; i < size; ++i) b[i] = static_cast<std::byte>((ppid * 13 + i) & 0xff);
  return b;
}

// `count` ordered messages from PPID `first`, over streams 0..streams-1;
// every fifth spans several packets.
std::vector<UserMessage> batch(uint32_t first, uint32_t count, uint16_t streams = 2) {
  std::vector<UserMessage> out;
  for (uint32_t i = 0; i < count; ++i) {
    UserMessage m;
    m.ppid = first + i;
    m.stream = static_cast<uint16_t>(i % streams);
    m.payload = payload_of(m.ppid, i % 5 == 4 ? 2500 : 100);
    out.push_back(std::move(m));
  }
  return out;
}

// Exactly `sent`, once each, intact, in send order within each stream.
testing::AssertionResult delivered_in_order(const std::vector<UserMessage>& sent,
                                            const std::vector<UserMessage>& got) {
  if (got.size() != sent.size()) {
    return testing::AssertionFailure() << got.size() << " delivered, " << sent.size() << " sent";
  }
  for (uint16_t stream = 0; stream < 64; ++stream) {
    std::vector<const UserMessage*> a;
    std::vector<const UserMessage*> b;
    for (const UserMessage& m : sent) {
      if (m.stream == stream) a.push_back(&m);
    }
    for (const UserMessage& m : got) {
      if (m.stream == stream) b.push_back(&m);
    }
    if (a.size() != b.size()) return testing::AssertionFailure() << "stream " << stream << " count";
    for (size_t i = 0; i < a.size(); ++i) {
      if (!(*a[i] == *b[i])) {
        return testing::AssertionFailure()
               << "stream " << stream << " message " << i << ": ppid " << b[i]->ppid
               << " where " << a[i]->ppid << " was sent";
      }
    }
  }
  return testing::AssertionSuccess();
}

MixedPairOptions reconfig_options(bool usrsctp_accepts = true) {
  MixedPairOptions o = mixed_options(4);
  o.ours.association.extensions.stream_reconfig = true;
  o.usrsctp.stream_reset = usrsctp_accepts;
  o.usrsctp.max_in_streams = 16;
  return o;
}

const PeerNotification* last_of(UsrsctpPeer& peer, uint16_t type) {
  const PeerNotification* found = nullptr;
  for (const PeerNotification& n : peer.notifications()) {
    if (n.type == type) found = &n;
  }
  return found;
}

void send_all(MixedPair& p, bool from_ours, const std::vector<UserMessage>& messages) {
  for (const UserMessage& m : messages) {
    if (from_ours) {
      p.ours().send(m);
    } else {
      p.usrsctp().send(m);
    }
  }
}

TEST(ReconfigInterop, UsrsctpResetsItsOutgoingStreamsTowardUs) {
  MixedPair p(reconfig_options());
  ASSERT_TRUE(p.connect_ours_to_usrsctp()) << p.trace();
  ASSERT_TRUE(p.ours().association()->extensions().stream_reconfig);
  std::vector<UserMessage> before = batch(100, 10);
  send_all(p, false, before);
  ASSERT_TRUE(p.run_until([&] { return p.ours().log().messages.size() == before.size(); }))
      << p.trace();
  ASSERT_TRUE(p.usrsctp().reset_streams(SCTP_STREAM_RESET_OUTGOING, {0}));
  std::vector<UserMessage> after = batch(200, 10);
  send_all(p, false, after);
  std::vector<UserMessage> all = before;
  all.insert(all.end(), after.begin(), after.end());
  ASSERT_TRUE(p.run_until([&] {
    return p.ours().log().messages.size() == all.size() &&
           p.usrsctp().count_notifications(SCTP_STREAM_RESET_EVENT) == 1;
  }))
      << p.trace();
  EXPECT_TRUE(delivered_in_order(all, p.ours().log().messages));
  const OurLog& log = p.ours().log();
  ASSERT_EQ(log.stream_resets.size(), 1u);
  EXPECT_TRUE(log.stream_resets[0].incoming);
  EXPECT_EQ(log.stream_resets[0].outcome, ReconfigOutcome::kPerformed);
  EXPECT_EQ(log.stream_resets[0].streams, std::vector<uint16_t>{0});
  const PeerNotification* n = last_of(p.usrsctp(), SCTP_STREAM_RESET_EVENT);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->detail & (SCTP_STREAM_RESET_DENIED | SCTP_STREAM_RESET_FAILED), 0);
  EXPECT_NE(n->detail & SCTP_STREAM_RESET_OUTGOING_SSN, 0);
}

TEST(ReconfigInterop, WeResetOurOutgoingStreamsWithDataInFlight) {
  MixedPair p(reconfig_options());
  ASSERT_TRUE(p.connect_usrsctp_to_ours()) << p.trace();
  std::vector<UserMessage> before = batch(100, 12);
  send_all(p, true, before);
  p.ours().pump(p.now());
  // Before any of it is acknowledged: usrsctp may have to wait for it.
  ASSERT_EQ(p.ours().association()->reset_streams(std::vector<StreamId>{StreamId(1)}),
            ReconfigStatus::kOk);
  std::vector<UserMessage> after = batch(200, 12);
  send_all(p, true, after);
  std::vector<UserMessage> all = before;
  all.insert(all.end(), after.begin(), after.end());
  ASSERT_TRUE(p.run_until([&] {
    return p.usrsctp().received().size() == all.size() &&
           !p.ours().log().stream_resets.empty();
  }))
      << "usrsctp got " << p.usrsctp().received().size() << "\n" << p.trace();
  EXPECT_TRUE(delivered_in_order(all, p.usrsctp().received()));
  const OurLog& log = p.ours().log();
  ASSERT_EQ(log.stream_resets.size(), 1u);
  EXPECT_FALSE(log.stream_resets[0].incoming);
  EXPECT_EQ(log.stream_resets[0].outcome, ReconfigOutcome::kPerformed);
  EXPECT_EQ(log.stream_resets[0].streams, std::vector<uint16_t>{1});
  ASSERT_TRUE(p.run_until([&] {
    return p.usrsctp().count_notifications(SCTP_STREAM_RESET_EVENT) == 1;
  }));
  const PeerNotification* n = last_of(p.usrsctp(), SCTP_STREAM_RESET_EVENT);
  EXPECT_NE(n->detail & SCTP_STREAM_RESET_INCOMING_SSN, 0);
  EXPECT_EQ(n->detail & (SCTP_STREAM_RESET_DENIED | SCTP_STREAM_RESET_FAILED), 0);
  EXPECT_EQ(n->streams, std::vector<uint16_t>{1});
  EXPECT_EQ(p.ours().association()->stats().stream_resets_performed, 1u);
}

TEST(ReconfigInterop, WeAskUsrsctpToResetItsStreams) {
  MixedPair p(reconfig_options());
  ASSERT_TRUE(p.connect_ours_to_usrsctp()) << p.trace();
  std::vector<UserMessage> before = batch(100, 6);
  send_all(p, false, before);
  ASSERT_TRUE(p.run_until([&] { return p.ours().log().messages.size() == before.size(); }));
  ASSERT_EQ(p.ours().association()->reset_incoming_streams({}), ReconfigStatus::kOk);
  ASSERT_TRUE(p.run_until([&] { return !p.ours().log().stream_resets.empty(); })) << p.trace();
  const OurLog& log = p.ours().log();
  EXPECT_TRUE(log.stream_resets[0].incoming);
  EXPECT_EQ(log.stream_resets[0].outcome, ReconfigOutcome::kPerformed);
  std::vector<UserMessage> after = batch(200, 6);
  send_all(p, false, after);
  std::vector<UserMessage> all = before;
  all.insert(all.end(), after.begin(), after.end());
  ASSERT_TRUE(p.run_until([&] { return p.ours().log().messages.size() == all.size(); }))
      << p.trace();
  EXPECT_TRUE(delivered_in_order(all, p.ours().log().messages));
  EXPECT_TRUE(p.usrsctp().count_notifications(SCTP_STREAM_RESET_EVENT) >= 1);
  // usrsctp may answer with more than one Outgoing SSN Reset Request (it
  // resets streams as their queues drain): each is an incoming reset.
  for (const OurLog::StreamReset& r : log.stream_resets) {
    EXPECT_TRUE(r.incoming);
    EXPECT_EQ(r.outcome, ReconfigOutcome::kPerformed);
  }
}

TEST(ReconfigInterop, UsrsctpAsksUsToResetOurStreams) {
  MixedPair p(reconfig_options());
  ASSERT_TRUE(p.connect_usrsctp_to_ours()) << p.trace();
  std::vector<UserMessage> before = batch(100, 6);
  send_all(p, true, before);
  ASSERT_TRUE(p.run_until([&] { return p.usrsctp().received().size() == before.size(); }));
  ASSERT_TRUE(p.usrsctp().reset_streams(SCTP_STREAM_RESET_INCOMING, {0, 1}));
  ASSERT_TRUE(p.run_until([&] {
    return !p.ours().log().stream_resets.empty() &&
           p.usrsctp().count_notifications(SCTP_STREAM_RESET_EVENT) >= 1;
  }))
      << p.trace();
  const OurLog& log = p.ours().log();
  EXPECT_FALSE(log.stream_resets[0].incoming);
  EXPECT_EQ(log.stream_resets[0].outcome, ReconfigOutcome::kPerformed);
  EXPECT_EQ(log.stream_resets[0].streams, (std::vector<uint16_t>{0, 1}));
  const PeerNotification* n = last_of(p.usrsctp(), SCTP_STREAM_RESET_EVENT);
  EXPECT_EQ(n->detail & (SCTP_STREAM_RESET_DENIED | SCTP_STREAM_RESET_FAILED), 0);
  std::vector<UserMessage> after = batch(200, 6);
  send_all(p, true, after);
  std::vector<UserMessage> all = before;
  all.insert(all.end(), after.begin(), after.end());
  ASSERT_TRUE(p.run_until([&] { return p.usrsctp().received().size() == all.size(); }))
      << p.trace();
  EXPECT_TRUE(delivered_in_order(all, p.usrsctp().received()));
}

TEST(ReconfigInterop, StreamsAddedBothWaysCarryData) {
  MixedPair p(reconfig_options());
  ASSERT_TRUE(p.connect_ours_to_usrsctp()) << p.trace();
  sctp::Association& a = *p.ours().association();
  ASSERT_EQ(a.outbound_streams(), 4);
  // usrsctp adds two streams its way and asks us for two ours.
  ASSERT_TRUE(p.usrsctp().add_streams(2, 2));
  ASSERT_TRUE(p.run_until([&] {
    return a.inbound_streams() == 6 && a.outbound_streams() == 6 &&
           p.usrsctp().count_notifications(SCTP_STREAM_CHANGE_EVENT) >= 1;
  }))
      << p.trace();
  // We add two more ours.
  ASSERT_EQ(a.add_outgoing_streams(2), ReconfigStatus::kOk);
  ASSERT_TRUE(p.run_until([&] { return a.outbound_streams() == 8; })) << p.trace();
  ASSERT_FALSE(p.ours().log().stream_changes.empty());
  EXPECT_EQ(p.ours().log().stream_changes.back().outcome, ReconfigOutcome::kPerformed);
  EXPECT_EQ(p.ours().log().stream_changes.back().outbound_streams, 8);
  ASSERT_TRUE(p.run_until([&] {
    auto [in, out] = p.usrsctp().streams();
    return in == 8 && out == 6;
  }))
      << p.trace();

  std::vector<UserMessage> up{{7, 1, false, payload_of(1, 300)}};
  std::vector<UserMessage> down{{5, 2, false, payload_of(2, 300)}};
  send_all(p, true, up);
  send_all(p, false, down);
  ASSERT_TRUE(p.run_until([&] {
    return p.usrsctp().received().size() == 1 && p.ours().log().messages.size() == 1;
  }))
      << p.trace();
  EXPECT_TRUE(delivered_in_order(up, p.usrsctp().received()));
  EXPECT_TRUE(delivered_in_order(down, p.ours().log().messages));
}

TEST(ReconfigInterop, WeDenyAnSsnTsnReset) {
  MixedPair p(reconfig_options());
  ASSERT_TRUE(p.connect_ours_to_usrsctp()) << p.trace();
  ASSERT_TRUE(p.usrsctp().reset_association());
  ASSERT_TRUE(p.run_until(
      [&] { return p.usrsctp().count_notifications(SCTP_ASSOC_RESET_EVENT) == 1; }))
      << p.trace();
  EXPECT_NE(last_of(p.usrsctp(), SCTP_ASSOC_RESET_EVENT)->detail & SCTP_ASSOC_RESET_DENIED, 0);
  EXPECT_EQ(p.ours().association()->stats().reconfig_denied, 1u);
  // Data goes on as before.
  std::vector<UserMessage> more = batch(300, 4);
  send_all(p, false, more);
  ASSERT_TRUE(p.run_until([&] { return p.ours().log().messages.size() == more.size(); }));
  EXPECT_TRUE(delivered_in_order(more, p.ours().log().messages));
}

// SSN/TSN reset, asked for by either side, with data both ways before and
// after: afterwards each side numbers its TSNs and SSNs as the other
// expects.
void exchange_both_ways(MixedPair& p, uint32_t first, size_t ours_had, size_t usrsctp_had) {
  std::vector<UserMessage> up = batch(first, 6);
  std::vector<UserMessage> down = batch(first + 100, 6);
  send_all(p, true, up);
  send_all(p, false, down);
  ASSERT_TRUE(p.run_until([&] {
    return p.usrsctp().received().size() == usrsctp_had + up.size() &&
           p.ours().log().messages.size() == ours_had + down.size();
  }))
      << p.trace();
  std::vector<UserMessage> got_up(p.usrsctp().received().begin() + static_cast<long>(usrsctp_had),
                                  p.usrsctp().received().end());
  std::vector<UserMessage> got_down(p.ours().log().messages.begin() + static_cast<long>(ours_had),
                                    p.ours().log().messages.end());
  EXPECT_TRUE(delivered_in_order(up, got_up));
  EXPECT_TRUE(delivered_in_order(down, got_down));
}

MixedPairOptions association_reset_options() {
  MixedPairOptions o = reconfig_options();
  o.ours.association.reconfig.accept_association_reset = true;
  return o;
}

TEST(ReconfigInterop, UsrsctpResetsTheAssociation) {
  MixedPair p(association_reset_options());
  ASSERT_TRUE(p.connect_ours_to_usrsctp()) << p.trace();
  exchange_both_ways(p, 100, 0, 0);
  // usrsctp refuses to ask while its data is unacknowledged: let our
  // delayed SACK go.
  p.run_until([] { return false; }, 300);
  ASSERT_TRUE(p.usrsctp().reset_association());
  ASSERT_TRUE(p.run_until([&] {
    return p.usrsctp().count_notifications(SCTP_ASSOC_RESET_EVENT) == 1 &&
           !p.ours().log().association_resets.empty();
  }))
      << p.trace();
  const PeerNotification* n = last_of(p.usrsctp(), SCTP_ASSOC_RESET_EVENT);
  EXPECT_EQ(n->detail & (SCTP_ASSOC_RESET_DENIED | SCTP_ASSOC_RESET_FAILED), 0);
  EXPECT_EQ(p.ours().log().association_resets[0], ReconfigOutcome::kPerformed);
  exchange_both_ways(p, 300, 6, 6);
}

TEST(ReconfigInterop, WeResetTheAssociation) {
  MixedPair p(association_reset_options());
  ASSERT_TRUE(p.connect_usrsctp_to_ours()) << p.trace();
  exchange_both_ways(p, 100, 0, 0);
  ASSERT_EQ(p.ours().association()->reset_association(), ReconfigStatus::kOk);
  ASSERT_TRUE(p.run_until([&] {
    return p.usrsctp().count_notifications(SCTP_ASSOC_RESET_EVENT) == 1 &&
           !p.ours().log().association_resets.empty();
  }))
      << p.trace();
  EXPECT_EQ(p.ours().log().association_resets[0], ReconfigOutcome::kPerformed);
  const PeerNotification* n = last_of(p.usrsctp(), SCTP_ASSOC_RESET_EVENT);
  EXPECT_EQ(n->detail & (SCTP_ASSOC_RESET_DENIED | SCTP_ASSOC_RESET_FAILED), 0);
  exchange_both_ways(p, 300, 6, 6);
}

TEST(ReconfigInterop, UsrsctpDeniesWhenNotEnabled) {
  MixedPair p(reconfig_options(/*usrsctp_accepts=*/false));
  ASSERT_TRUE(p.connect_ours_to_usrsctp()) << p.trace();
  ASSERT_TRUE(p.ours().association()->extensions().stream_reconfig);
  std::vector<UserMessage> sent = batch(100, 4);
  send_all(p, true, sent);
  p.ours().pump(p.now());
  ASSERT_EQ(p.ours().association()->reset_streams({}), ReconfigStatus::kOk);
  std::vector<UserMessage> after = batch(200, 4);
  send_all(p, true, after);
  sent.insert(sent.end(), after.begin(), after.end());
  ASSERT_TRUE(p.run_until([&] {
    return !p.ours().log().stream_resets.empty() && p.usrsctp().received().size() == sent.size();
  }))
      << p.trace();
  EXPECT_EQ(p.ours().log().stream_resets[0].outcome, ReconfigOutcome::kDenied);
  // The held messages went on with the old numbering.
  EXPECT_TRUE(delivered_in_order(sent, p.usrsctp().received()));
}

}  // namespace
}  // namespace dsctp::interop
