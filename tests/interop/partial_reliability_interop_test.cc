// PR-SCTP (RFC 3758) between our association and usrsctp's, with the wire
// in the test's hands: every packet carrying a chosen message's DATA is
// dropped, so that message can only be given up.
//  - Ours sends, with a retransmission limit of 0 or a lifetime on the
//    chosen messages: we abandon them, usrsctp accepts our FORWARD-TSN,
//    delivers everything else in order and goes on receiving.
//  - usrsctp sends with SCTP_PR_SCTP_RTX or SCTP_PR_SCTP_TTL: we process
//    its FORWARD-TSN, deliver the rest in order, never the dropped ones.
// Both end with a graceful shutdown.
#include <gtest/gtest.h>
#include <usrsctp.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "interop/our_endpoint_driver.h"

namespace dsctp::interop {
namespace {

constexpr uint8_t kDataChunk = 0;
constexpr uint8_t kForwardTsnChunk = 192;

// Whether an SCTP packet holds a chunk of `type`; for DATA, one whose
// PPID is in `ppids`.
bool carries(const std::vector<std::byte>& packet, uint8_t type, const std::set<uint32_t>& ppids) {
  size_t at = 12;  // the common header
  while (at + 4 <= packet.size()) {
    auto chunk_type = static_cast<uint8_t>(packet[at]);
    uint16_t length = load_be16(packet.data() + at + 2);
    if (length < 4) return false;
    if (chunk_type == type) {
      if (type != kDataChunk) return true;
      if (at + 16 <= packet.size() && ppids.count(load_be32(packet.data() + at + 12)) != 0) {
        return true;
      }
    }
    at += (length + 3u) & ~3u;
  }
  return false;
}

std::vector<std::byte> payload_of(uint32_t ppid, size_t size) {
  std::vector<std::byte> b(size);
  for (size_t i = 0; i < size; ++i) b[i] = static_cast<std::byte>((ppid * 31 + i) & 0xff);
  return b;
}

// Messages `first`.. on stream 0 (ordered) and 1 (every third, unordered).
std::vector<UserMessage> messages(uint32_t first, uint32_t count) {
  std::vector<UserMessage> out;
  for (uint32_t i = 0; i < count; ++i) {
    UserMessage m;
    m.ppid = first + i;
    m.unordered = i % 3 == 2;
    m.stream = m.unordered ? 1 : 0;
    // Every fourth spans several packets.
    m.payload = payload_of(m.ppid, i % 4 == 1 ? 3000 : 200);
    out.push_back(std::move(m));
  }
  return out;
}

// Exactly the messages of `sent` not in `skipped` arrived, once each,
// intact, the ordered ones in send order.
testing::AssertionResult delivered_all_but(const std::vector<UserMessage>& sent,
                                           const std::set<uint32_t>& skipped,
                                           const std::vector<UserMessage>& got) {
  std::map<uint32_t, const UserMessage*> by_ppid;
  for (const UserMessage& m : sent) by_ppid[m.ppid] = &m;
  std::set<uint32_t> seen;
  std::vector<uint32_t> ordered;
  for (const UserMessage& m : got) {
    auto it = by_ppid.find(m.ppid);
    if (it == by_ppid.end()) return testing::AssertionFailure() << "unknown ppid " << m.ppid;
    if (skipped.count(m.ppid) != 0) {
      return testing::AssertionFailure() << "abandoned ppid " << m.ppid << " delivered";
    }
    if (!seen.insert(m.ppid).second) return testing::AssertionFailure() << "duplicate " << m.ppid;
    if (!(m == *it->second)) return testing::AssertionFailure() << "ppid " << m.ppid << " differs";
    if (!m.unordered) ordered.push_back(m.ppid);
  }
  for (const UserMessage& m : sent) {
    if (skipped.count(m.ppid) == 0 && seen.count(m.ppid) == 0) {
      return testing::AssertionFailure() << "ppid " << m.ppid << " missing";
    }
  }
  if (!std::is_sorted(ordered.begin(), ordered.end())) {
    return testing::AssertionFailure() << "ordered messages out of order";
  }
  return testing::AssertionSuccess();
}

MixedPairOptions pr_options() {
  MixedPairOptions o = mixed_options(2);
  o.ours.association.extensions.partial_reliability = true;
  o.paced = true;  // usrsctp's retransmissions wait in wall time
  return o;
}

void shut_down(MixedPair& p) {
  ASSERT_NE(p.ours().association(), nullptr);
  p.ours().association()->shutdown(p.now());
  ASSERT_TRUE(p.run_until(
      [&] {
        return p.ours().log().closed.has_value() &&
               p.usrsctp().has_notification(SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP);
      },
      20000, std::chrono::seconds(30)))
      << p.trace();
  EXPECT_EQ(p.ours().log().closed->reason, sctp::CloseReason::kShutdown);
}

struct OurPolicy {
  const char* name;
  sctp::PartialReliability pr;
};

class OursAbandon : public testing::TestWithParam<OurPolicy> {};

TEST_P(OursAbandon, UsrsctpSkipsWhatWeGaveUpAndKeepsReceiving) {
  MixedPair p(pr_options());
  const std::set<uint32_t> doomed{102, 105, 109, 113};
  p.drop = [&](Toward t, const std::vector<std::byte>& packet) {
    return t == Toward::kUsrsctp && carries(packet, kDataChunk, doomed);
  };
  ASSERT_TRUE(p.connect_usrsctp_to_ours()) << p.trace();
  ASSERT_NE(p.ours().association(), nullptr);
  ASSERT_TRUE(p.ours().association()->extensions().partial_reliability);

  std::vector<UserMessage> first = messages(100, 16);
  for (const UserMessage& m : first) {
    p.ours().send(m, doomed.count(m.ppid) != 0 ? GetParam().pr : sctp::PartialReliability{});
  }
  ASSERT_TRUE(p.run_until(
      [&] {
        return p.usrsctp().received().size() + doomed.size() >= first.size() &&
               p.ours().association()->send_buffer_used() == 0;
      },
      30000, std::chrono::seconds(60)))
      << "usrsctp got " << p.usrsctp().received().size() << "\n" << p.trace();
  EXPECT_TRUE(delivered_all_but(first, doomed, p.usrsctp().received()));
  const sctp::AssociationStats& stats = p.ours().association()->stats();
  EXPECT_EQ(stats.messages_abandoned, doomed.size());
  EXPECT_GT(stats.forward_tsns_sent, 0u);
  std::vector<uint32_t> abandoned = p.ours().log().abandoned;
  std::sort(abandoned.begin(), abandoned.end());
  EXPECT_EQ(abandoned, std::vector<uint32_t>(doomed.begin(), doomed.end()));

  // The association goes on: a second batch arrives whole.
  std::vector<UserMessage> second = messages(200, 10);
  for (const UserMessage& m : second) p.ours().send(m);
  ASSERT_TRUE(p.run_until(
      [&] { return p.usrsctp().received().size() + doomed.size() >= first.size() + second.size(); },
      30000, std::chrono::seconds(60)))
      << p.trace();
  std::vector<UserMessage> all = first;
  all.insert(all.end(), second.begin(), second.end());
  EXPECT_TRUE(delivered_all_but(all, doomed, p.usrsctp().received()));
  shut_down(p);
}

sctp::PartialReliability rtx(uint32_t n) {
  sctp::PartialReliability pr;
  pr.policy = sctp::PrPolicy::kRetransmissions;
  pr.max_retransmissions = n;
  return pr;
}

sctp::PartialReliability lifetime(Duration d) {
  sctp::PartialReliability pr;
  pr.policy = sctp::PrPolicy::kLifetime;
  pr.lifetime = d;
  return pr;
}

INSTANTIATE_TEST_SUITE_P(Policies, OursAbandon,
                         testing::Values(OurPolicy{"Rtx0", rtx(0)}, OurPolicy{"Rtx2", rtx(2)},
                                         OurPolicy{"Lifetime300ms",
                                                   lifetime(std::chrono::milliseconds(300))}),
                         [](const auto& info) { return std::string(info.param.name); });

struct UsrsctpPolicy {
  const char* name;
  uint16_t policy;
  uint32_t value;
};

class UsrsctpAbandon : public testing::TestWithParam<UsrsctpPolicy> {};

TEST_P(UsrsctpAbandon, WeSkipWhatUsrsctpGaveUpAndDeliverTheRestInOrder) {
  MixedPair p(pr_options());
  const std::set<uint32_t> doomed{301, 304, 310};
  p.drop = [&](Toward t, const std::vector<std::byte>& packet) {
    return t == Toward::kOurs && carries(packet, kDataChunk, doomed);
  };
  ASSERT_TRUE(p.connect_ours_to_usrsctp()) << p.trace();
  ASSERT_TRUE(p.ours().association()->extensions().partial_reliability);

  std::vector<UserMessage> first = messages(300, 14);
  for (const UserMessage& m : first) {
    if (doomed.count(m.ppid) != 0) {
      p.usrsctp().send(m, GetParam().policy, GetParam().value);
    } else {
      p.usrsctp().send(m);
    }
  }
  ASSERT_TRUE(p.run_until(
      [&] { return p.ours().log().messages.size() + doomed.size() >= first.size(); }, 30000,
      std::chrono::seconds(60)))
      << "ours got " << p.ours().log().messages.size() << "\n" << p.trace();
  EXPECT_TRUE(delivered_all_but(first, doomed, p.ours().log().messages));
  EXPECT_GT(p.ours().association()->stats().forward_tsns_received, 0u);

  std::vector<UserMessage> second = messages(400, 8);
  for (const UserMessage& m : second) p.usrsctp().send(m);
  ASSERT_TRUE(p.run_until(
      [&] {
        return p.ours().log().messages.size() + doomed.size() >= first.size() + second.size();
      },
      30000, std::chrono::seconds(60)))
      << p.trace();
  // Let stray retransmissions arrive: nothing skipped may turn up late.
  p.run_until([] { return false; }, 500);
  std::vector<UserMessage> all = first;
  all.insert(all.end(), second.begin(), second.end());
  EXPECT_TRUE(delivered_all_but(all, doomed, p.ours().log().messages));
  shut_down(p);
}

INSTANTIATE_TEST_SUITE_P(Policies, UsrsctpAbandon,
                         testing::Values(UsrsctpPolicy{"Rtx0", SCTP_PR_SCTP_RTX, 0},
                                         UsrsctpPolicy{"Rtx1", SCTP_PR_SCTP_RTX, 1},
                                         UsrsctpPolicy{"Ttl200ms", SCTP_PR_SCTP_TTL, 200}),
                         [](const auto& info) { return std::string(info.param.name); });

// Without PR-SCTP on our side, a FORWARD-TSN usrsctp never sends; and the
// policies we are asked for change nothing: the message is retransmitted
// until it gets through.
TEST(PartialReliabilityOff, OurPoliciesAreIgnoredWhenNotNegotiated) {
  MixedPairOptions o = mixed_options(2);
  o.ours.association.extensions.partial_reliability = false;
  o.paced = true;
  MixedPair p(o);
  int drops = 0;
  const std::set<uint32_t> target{102};
  p.drop = [&](Toward t, const std::vector<std::byte>& packet) {
    // The first two transmissions of the message are lost.
    return t == Toward::kUsrsctp && carries(packet, kDataChunk, target) && drops++ < 2;
  };
  ASSERT_TRUE(p.connect_usrsctp_to_ours()) << p.trace();
  EXPECT_FALSE(p.ours().association()->extensions().partial_reliability);
  std::vector<UserMessage> batch = messages(100, 6);
  for (const UserMessage& m : batch) p.ours().send(m, rtx(0));
  ASSERT_TRUE(p.run_until([&] { return p.usrsctp().received().size() >= batch.size(); }, 30000,
                          std::chrono::seconds(60)))
      << p.trace();
  EXPECT_TRUE(delivered_all_but(batch, {}, p.usrsctp().received()));
  EXPECT_GE(drops, 3);  // two dropped, then let through
  EXPECT_EQ(p.ours().association()->stats().messages_abandoned, 0u);
}

}  // namespace
}  // namespace dsctp::interop
