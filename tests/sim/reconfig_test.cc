// Stream reconfiguration (RFC 6525) between two of our stacks: resets of
// outgoing and incoming streams while data flows over lossy links, for
// many seeds (every message delivered exactly once and in order, the
// streams' SSNs starting over at 0 on the wire, no stall), a request lost
// and sent again, a request denied, and streams added and used.
//   DSCTP_SIM_SEEDS (default 300), DSCTP_SIM_FIRST_SEED (default 1).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "crc/crc32c.h"
#include "delivery_check.h"
#include "support/packet_decoder.h"
#include "sctp/wire/constants.h"
#include "sctp/wire/reconfig/parameters.h"
#include "sim/rng.h"
#include "sim_fixture.h"

namespace dsctp::test {
namespace {

using sctp::ReconfigOutcome;
using sctp::ReconfigStatus;
using sctp::StreamId;

uint64_t env_or(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

sim::LinkConfig lossy(double loss) {
  sim::LinkConfig l;
  l.delay = std::chrono::milliseconds(2);
  l.jitter = std::chrono::milliseconds(1);
  l.loss = loss;
  return l;
}

sim::LinkConfig everything() {
  sim::LinkConfig l = lossy(0.1);
  l.duplicate = 0.05;
  l.reorder = 0.1;
  l.corrupt = 0.05;
  l.corrupt_max_bits = 3;
  return l;
}

bool has_chunk(ByteRange packet, sctp::wire::ChunkType type) {
  DecodedPacket d = decode_packet(packet);
  return std::find(d.chunk_types.begin(), d.chunk_types.end(), type) != d.chunk_types.end();
}

// The SSN each ordered message (by its PPID, the test's index) carried on
// the wire the first time it was sent.
class SsnRecorder {
 public:
  void observe(ByteRange packet) {
    DecodedPacket d = decode_packet(packet);
    for (uint32_t r : d.reconfig_results) {
      if (r == static_cast<uint32_t>(sctp::wire::ReconfigResult::kInProgress)) ++in_progress;
    }
    for (const UserChunk& c : d.user_chunks) {
      if ((c.flags & sctp::wire::DataFlags::kBeginning) == 0) continue;
      if ((c.flags & sctp::wire::DataFlags::kUnordered) != 0) continue;
      ssn_by_index_.try_emplace(c.ppid, c.ssn_or_mid);
    }
  }
  std::optional<uint32_t> ssn_of(uint32_t index) const {
    auto it = ssn_by_index_.find(index);
    return it == ssn_by_index_.end() ? std::nullopt : std::optional<uint32_t>(it->second);
  }
  // "In progress" responses sent: resets that had to wait for data.
  uint32_t in_progress = 0;

 private:
  std::map<uint32_t, uint32_t> ssn_by_index_;
};

std::vector<SentMessage> send_batch(sctp::Association& a, sim::Rng& rng, uint32_t first,
                                    uint32_t count) {
  std::vector<SentMessage> sent;
  for (uint32_t i = 0; i < count; ++i) {
    SentMessage m;
    m.index = first + i;
    m.stream = static_cast<uint16_t>(rng.below(4));
    m.unordered = rng.below(6) == 0;
    m.size = rng.below(4) == 0 ? 4 + static_cast<uint32_t>(rng.below(3000))
                               : 4 + static_cast<uint32_t>(rng.below(200));
    if (send_message(a, m)) sent.push_back(m);
  }
  return sent;
}

struct Connected {
  SimPair pair;
  sctp::Association* client = nullptr;
  sctp::Association* server = nullptr;
  AppLog* client_log = nullptr;
  AppLog* server_log = nullptr;

  Connected(uint64_t seed, const sim::LinkConfig& link,
            const sctp::EndpointConfig& config = fast_config())
      : pair(seed, link, false, config) {}

  bool connect() {
    if (!pair.connect({std::chrono::seconds(120), 2'000'000})) return false;
    client = pair.client->endpoint().find(pair.client_id);
    server = pair.server->newest();
    if (client == nullptr || server == nullptr) return false;
    client_log = pair.client->log_of(pair.client_id);
    server_log = pair.server->log_of(server->id());
    return client_log != nullptr && server_log != nullptr;
  }
  void poke() {
    pair.client->poke();
    pair.server->poke();
  }
  bool run_until(const std::function<bool()>& done, std::chrono::seconds limit = std::chrono::seconds(120)) {
    pair.net.run_until(done, {limit, 5'000'000});
    return done();
  }
};

// Messages on a stream sent after its reset must number from 0 again:
// the first ordered one sent after the reset on each reset stream carries
// SSN 0.
std::string check_restart(const std::vector<SentMessage>& after, const std::vector<uint16_t>& reset,
                          const SsnRecorder& wire) {
  std::map<uint16_t, uint32_t> next;  // per reset stream, the SSN expected
  for (const SentMessage& m : after) {
    if (m.unordered || std::find(reset.begin(), reset.end(), m.stream) == reset.end()) continue;
    std::optional<uint32_t> ssn = wire.ssn_of(m.index);
    if (!ssn) return "message " + std::to_string(m.index) + " never seen on the wire";
    uint32_t expected = next[m.stream]++;
    if (*ssn != expected) {
      return "message " + std::to_string(m.index) + " on reset stream " + std::to_string(m.stream) +
             " carried SSN " + std::to_string(*ssn) + ", expected " + std::to_string(expected);
    }
  }
  return {};
}

// One seed: data both ways, the client resets streams 0 and 1 while its
// first batch is in flight, then sends a second batch; the server resets
// all its streams toward the client at the same time.
std::string run_reset_seed(const sim::LinkConfig& link, bool idata, uint64_t seed,
                           uint32_t& deferred) {
  sctp::EndpointConfig config = fast_config();
  config.association.extensions.interleaving = idata;
  Connected c(seed, link, config);
  if (!c.connect()) return "no connection";
  if (!c.client->extensions().stream_reconfig) return "RE-CONFIG not negotiated";
  if (c.client->extensions().interleaving != idata) return "I-DATA negotiation";
  SsnRecorder client_wire;
  SsnRecorder server_wire;
  c.pair.client->set_outgoing_filter([&](ByteRange p) {
    client_wire.observe(p);
    return true;
  });
  c.pair.server->set_outgoing_filter([&](ByteRange p) {
    server_wire.observe(p);
    return true;
  });
  sim::Rng rng(seed * 7919 + 5);
  std::vector<SentMessage> to_server = send_batch(*c.client, rng, 0, 30);
  std::vector<SentMessage> to_client = send_batch(*c.server, rng, 1'000'000, 30);
  const std::vector<StreamId> client_reset{StreamId(0), StreamId(1)};
  if (c.client->reset_streams(client_reset) != ReconfigStatus::kOk) return "client reset refused";
  if (c.server->reset_streams({}) != ReconfigStatus::kOk) return "server reset refused";
  if (c.client->reset_streams(client_reset) != ReconfigStatus::kBusy) return "second request accepted";
  std::vector<SentMessage> after_client = send_batch(*c.client, rng, 100, 30);
  std::vector<SentMessage> after_server = send_batch(*c.server, rng, 1'000'100, 30);
  if (after_client.size() != 30 || after_server.size() != 30) return "send refused";
  to_server.insert(to_server.end(), after_client.begin(), after_client.end());
  to_client.insert(to_client.end(), after_server.begin(), after_server.end());
  c.poke();
  bool done = c.run_until([&] {
    return c.server_log->messages.size() >= to_server.size() &&
           c.client_log->messages.size() >= to_client.size() &&
           c.client->send_buffer_used() == 0 && c.server->send_buffer_used() == 0 &&
           c.client_log->stream_resets.size() == 2 && c.server_log->stream_resets.size() == 2;
  });
  if (!done) {
    return "stalled: server got " + std::to_string(c.server_log->messages.size()) + "/" +
           std::to_string(to_server.size()) + ", client got " +
           std::to_string(c.client_log->messages.size()) + "/" + std::to_string(to_client.size()) +
           ", reset events " + std::to_string(c.client_log->stream_resets.size()) + " and " +
           std::to_string(c.server_log->stream_resets.size());
  }
  std::string problems = check_delivery(to_server, c.server_log->messages);
  if (!problems.empty()) return "to server: " + problems;
  problems = check_delivery(to_client, c.client_log->messages);
  if (!problems.empty()) return "to client: " + problems;
  // Each side saw its own outgoing reset performed and the peer's incoming
  // one, whichever came first.
  for (const AppLog* log : {c.client_log, c.server_log}) {
    int outgoing = 0;
    int incoming = 0;
    for (const StreamResetRecord& r : log->stream_resets) {
      if (r.outcome != ReconfigOutcome::kPerformed) return "a reset not performed";
      (r.incoming ? incoming : outgoing) += 1;
    }
    if (outgoing != 1 || incoming != 1) return "reset events do not match";
  }
  problems = check_restart(after_client, {0, 1}, client_wire);
  if (!problems.empty()) return "client: " + problems;
  problems = check_restart(after_server, {0, 1, 2, 3}, server_wire);
  if (!problems.empty()) return "server: " + problems;
  if (c.client->stats().stream_resets_performed != 2) return "client stats";
  deferred += client_wire.in_progress + server_wire.in_progress;
  return {};
}

struct Profile {
  const char* name;
  sim::LinkConfig link;
  bool idata = false;  // MIDs rather than SSNs restart
};

class StreamResetUnderLoss : public ::testing::TestWithParam<Profile> {};

TEST_P(StreamResetUnderLoss, EveryMessageOnceInOrderAndSsnsRestart) {
  const uint64_t first = env_or("DSCTP_SIM_FIRST_SEED", 1);
  const uint64_t count = env_or("DSCTP_SIM_SEEDS", 300);
  uint32_t failures = 0;
  uint32_t deferred = 0;
  for (uint64_t seed = first; seed < first + count; ++seed) {
    std::string problem = run_reset_seed(GetParam().link, GetParam().idata, seed, deferred);
    if (!problem.empty()) {
      ADD_FAILURE() << GetParam().name << " seed " << seed << ": " << problem;
      if (++failures == 5) break;
    }
  }
  std::printf("%s: %u resets deferred until their data arrived\n", GetParam().name, deferred);
  // The requests leave right behind the data they follow, so some arrive
  // first and must wait (RFC 6525 5.2.2).
  EXPECT_GT(deferred, 0u);
}

INSTANTIATE_TEST_SUITE_P(Profiles, StreamResetUnderLoss,
                         ::testing::Values(Profile{"clean", lossy(0)},
                                           Profile{"loss10", lossy(0.10)},
                                           Profile{"loss30", lossy(0.30)},
                                           Profile{"everything", everything()},
                                           Profile{"idata_loss10", lossy(0.10), true}),
                         [](const auto& info) { return std::string(info.param.name); });

// A graceful shutdown called while messages wait for a reset sends them
// first.
TEST(StreamReset, ShutdownWaitsForHeldMessages) {
  Connected c(8, lossy(0.1));
  ASSERT_TRUE(c.connect());
  std::vector<SentMessage> sent{{0, 0, false, 100}, {1, 0, false, 100}, {2, 1, false, 100}};
  ASSERT_TRUE(send_message(*c.client, sent[0]));
  ASSERT_EQ(c.client->reset_streams({}), ReconfigStatus::kOk);
  ASSERT_TRUE(send_message(*c.client, sent[1]));
  ASSERT_TRUE(send_message(*c.client, sent[2]));
  c.client->shutdown(c.pair.net.now());
  c.poke();
  ASSERT_TRUE(c.run_until([&] { return c.client_log->closed && c.server_log->closed; }));
  EXPECT_EQ(c.client_log->closed->reason, sctp::CloseReason::kShutdown);
  EXPECT_EQ(check_delivery(sent, c.server_log->messages), "");
  EXPECT_TRUE(c.client_log->failed.empty());
  ASSERT_EQ(c.client_log->stream_resets.size(), 1u);
}

// The first RE-CONFIG is lost: the request goes again after an RTO with
// the same outcome, and the messages held meanwhile follow.
TEST(StreamReset, LostRequestIsRetransmitted) {
  Connected c(1, lossy(0));
  ASSERT_TRUE(c.connect());
  int dropped = 0;
  c.pair.client->set_outgoing_filter([&](ByteRange p) {
    if (dropped == 0 && has_chunk(p, sctp::wire::ChunkType::kReconfig)) {
      ++dropped;
      return false;
    }
    return true;
  });
  std::vector<SentMessage> sent{{0, 0, false, 100}, {1, 0, false, 100}};
  ASSERT_TRUE(send_message(*c.client, sent[0]));
  ASSERT_EQ(c.client->reset_streams(std::vector<StreamId>{StreamId(0)}), ReconfigStatus::kOk);
  ASSERT_TRUE(send_message(*c.client, sent[1]));
  c.poke();
  ASSERT_TRUE(c.run_until([&] { return c.server_log->messages.size() == 2; }));
  EXPECT_EQ(dropped, 1);
  EXPECT_EQ(c.client->stats().reconfig_requests_sent, 1u);
  EXPECT_GE(c.client->stats().reconfig_retransmissions, 1u);
  EXPECT_EQ(check_delivery(sent, c.server_log->messages), "");
  ASSERT_EQ(c.client_log->stream_resets.size(), 1u);
  EXPECT_EQ(c.client_log->stream_resets[0].outcome, ReconfigOutcome::kPerformed);
  EXPECT_EQ(c.client_log->stream_resets[0].streams, std::vector<uint16_t>{0});
  ASSERT_EQ(c.server_log->stream_resets.size(), 1u);
  EXPECT_TRUE(c.server_log->stream_resets[0].incoming);
  // The retransmission was a repeat to the server only if the first
  // arrived; it did not, so the server saw one request.
  EXPECT_EQ(c.server->stats().reconfig_requests_received, 1u);
}

// The response is lost instead: the server gets the request twice and
// answers the repeat with the same result, without resetting again.
TEST(StreamReset, RepeatedRequestGetsTheSameAnswer) {
  Connected c(2, lossy(0));
  ASSERT_TRUE(c.connect());
  int dropped = 0;
  c.pair.server->set_outgoing_filter([&](ByteRange p) {
    if (dropped == 0 && has_chunk(p, sctp::wire::ChunkType::kReconfig)) {
      ++dropped;
      return false;
    }
    return true;
  });
  ASSERT_EQ(c.client->reset_streams({}), ReconfigStatus::kOk);
  c.poke();
  ASSERT_TRUE(c.run_until([&] { return !c.client_log->stream_resets.empty(); }));
  EXPECT_EQ(dropped, 1);
  EXPECT_EQ(c.server->stats().reconfig_requests_received, 2u);
  EXPECT_EQ(c.server->stats().stream_resets_performed, 1u);
  EXPECT_EQ(c.server_log->stream_resets.size(), 1u);
  EXPECT_EQ(c.client_log->stream_resets[0].outcome, ReconfigOutcome::kPerformed);
}

// A peer that does not accept resets denies them: the application hears
// so, the held messages go on with the old numbering, and nothing is lost.
TEST(StreamReset, DeniedRequestIsReported) {
  sctp::EndpointConfig config = fast_config();
  config.association.reconfig.accept_stream_reset = false;
  Connected c(3, lossy(0), config);
  ASSERT_TRUE(c.connect());
  std::vector<SentMessage> sent{{0, 2, false, 10}, {1, 2, false, 10}, {2, 2, false, 10}};
  ASSERT_TRUE(send_message(*c.client, sent[0]));
  ASSERT_EQ(c.client->reset_streams(std::vector<StreamId>{StreamId(2)}), ReconfigStatus::kOk);
  ASSERT_TRUE(send_message(*c.client, sent[1]));
  ASSERT_TRUE(send_message(*c.client, sent[2]));
  c.poke();
  ASSERT_TRUE(c.run_until([&] { return c.server_log->messages.size() == 3; }));
  EXPECT_EQ(check_delivery(sent, c.server_log->messages), "");
  ASSERT_EQ(c.client_log->stream_resets.size(), 1u);
  EXPECT_EQ(c.client_log->stream_resets[0].outcome, ReconfigOutcome::kDenied);
  EXPECT_FALSE(c.client_log->stream_resets[0].incoming);
  EXPECT_TRUE(c.server_log->stream_resets.empty());
  EXPECT_EQ(c.client->stats().reconfig_denied, 1u);
  EXPECT_EQ(c.server->stats().reconfig_denied, 1u);
  // Incoming resets and additions are refused alike, additions only when
  // configured so.
  ASSERT_EQ(c.client->reset_incoming_streams({}), ReconfigStatus::kOk);
  c.poke();
  ASSERT_TRUE(c.run_until([&] { return c.client_log->stream_resets.size() == 2; }));
  EXPECT_TRUE(c.client_log->stream_resets[1].incoming);
  EXPECT_EQ(c.client_log->stream_resets[1].outcome, ReconfigOutcome::kDenied);
}

// The client asks the server to reset the server's streams toward it;
// the server does so with its own request, and both ends report it.
TEST(StreamReset, IncomingResetMakesThePeerResetItsOutgoingStreams) {
  Connected c(4, lossy(0.1));
  ASSERT_TRUE(c.connect());
  std::vector<SentMessage> sent{{0, 1, false, 10}, {1, 1, false, 10}};
  ASSERT_TRUE(send_message(*c.server, sent[0]));
  ASSERT_EQ(c.client->reset_incoming_streams(std::vector<StreamId>{StreamId(1)}),
            ReconfigStatus::kOk);
  c.poke();
  ASSERT_TRUE(c.run_until([&] {
    return c.server_log->stream_resets.size() == 1 && c.client_log->stream_resets.size() == 1;
  }));
  EXPECT_FALSE(c.server_log->stream_resets[0].incoming);
  EXPECT_EQ(c.server_log->stream_resets[0].streams, std::vector<uint16_t>{1});
  EXPECT_TRUE(c.client_log->stream_resets[0].incoming);
  EXPECT_EQ(c.client_log->stream_resets[0].outcome, ReconfigOutcome::kPerformed);
  ASSERT_TRUE(send_message(*c.server, sent[1]));
  c.poke();
  ASSERT_TRUE(c.run_until([&] { return c.client_log->messages.size() == 2; }));
  EXPECT_EQ(check_delivery(sent, c.client_log->messages), "");
}

// Streams added both ways carry data; beyond the configured limit the
// request is refused before it is sent, and a peer's limit denies it.
TEST(StreamReset, AddedStreamsCarryData) {
  Connected c(5, lossy(0.1));
  ASSERT_TRUE(c.connect());
  ASSERT_EQ(c.client->outbound_streams(), 16);
  ASSERT_EQ(c.client->add_outgoing_streams(4), ReconfigStatus::kOk);
  c.poke();
  ASSERT_TRUE(c.run_until([&] { return c.client_log->stream_changes.size() == 1; }));
  EXPECT_EQ(c.client_log->stream_changes[0].outcome, ReconfigOutcome::kPerformed);
  EXPECT_EQ(c.client->outbound_streams(), 20);
  EXPECT_EQ(c.server->inbound_streams(), 20);
  ASSERT_EQ(c.server_log->stream_changes.size(), 1u);
  EXPECT_TRUE(c.server_log->stream_changes[0].incoming);

  ASSERT_EQ(c.client->add_incoming_streams(2), ReconfigStatus::kOk);
  c.poke();
  // The server adds them with an Add Outgoing Streams Request of its own.
  ASSERT_TRUE(c.run_until([&] {
    return c.client_log->stream_changes.size() == 2 && c.server_log->stream_changes.size() == 2;
  }));
  EXPECT_TRUE(c.client_log->stream_changes[1].incoming);
  EXPECT_FALSE(c.server_log->stream_changes[1].incoming);
  EXPECT_EQ(c.client->inbound_streams(), 18);
  EXPECT_EQ(c.server->outbound_streams(), 18);

  std::vector<SentMessage> up{{0, 19, false, 500}};
  std::vector<SentMessage> down{{1, 17, false, 500}};
  ASSERT_TRUE(send_message(*c.client, up[0]));
  ASSERT_TRUE(send_message(*c.server, down[0]));
  c.poke();
  ASSERT_TRUE(c.run_until([&] {
    return c.server_log->messages.size() == 1 && c.client_log->messages.size() == 1;
  }));
  EXPECT_EQ(check_delivery(up, c.server_log->messages), "");
  EXPECT_EQ(check_delivery(down, c.client_log->messages), "");
  EXPECT_EQ(c.client->add_outgoing_streams(2000), ReconfigStatus::kTooMany);
}

TEST(StreamReset, AdditionBeyondThePeersLimitIsDenied) {
  sctp::EndpointConfig config = fast_config();
  config.association.reconfig.max_inbound_streams = 18;
  Connected c(6, lossy(0), config);
  ASSERT_TRUE(c.connect());
  ASSERT_EQ(c.client->add_outgoing_streams(4), ReconfigStatus::kOk);
  c.poke();
  ASSERT_TRUE(c.run_until([&] { return c.client_log->stream_changes.size() == 1; }));
  EXPECT_EQ(c.client_log->stream_changes[0].outcome, ReconfigOutcome::kDenied);
  EXPECT_EQ(c.client->outbound_streams(), 16);
  EXPECT_EQ(c.server->inbound_streams(), 16);
  EXPECT_EQ(send_message(*c.client, SentMessage{0, 17, false, 10}), false);
}

// The peer did not offer RE-CONFIG: nothing is sent, the call says why.
TEST(StreamReset, NotNegotiated) {
  sctp::EndpointConfig config = fast_config();
  config.association.extensions.stream_reconfig = false;
  Connected c(7, lossy(0), config);
  ASSERT_TRUE(c.connect());
  EXPECT_EQ(c.client->reset_streams({}), ReconfigStatus::kNotNegotiated);
  EXPECT_EQ(c.client->add_outgoing_streams(1), ReconfigStatus::kNotNegotiated);
  EXPECT_EQ(c.client->reset_streams(std::vector<StreamId>{StreamId(16)}),
            ReconfigStatus::kInvalidStream);
}

// SSN/TSN reset (5.1.4, 5.2.4) with data before and after, both ways,
// over a lossy link: the request waits for the client's data to be
// acknowledged, the server answers "In progress" while its own is not,
// and afterwards both directions carry data again from SSN 0.
TEST(StreamReset, AssociationResetWithDataBothWays) {
  sctp::EndpointConfig config = fast_config();
  config.association.reconfig.accept_association_reset = true;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    Connected c(seed, lossy(0.1), config);
    ASSERT_TRUE(c.connect());
    SsnRecorder client_wire;
    SsnRecorder server_wire;
    c.pair.client->set_outgoing_filter([&](ByteRange p) {
      client_wire.observe(p);
      return true;
    });
    c.pair.server->set_outgoing_filter([&](ByteRange p) {
      server_wire.observe(p);
      return true;
    });
    sim::Rng rng(seed);
    std::vector<SentMessage> up = send_batch(*c.client, rng, 0, 20);
    std::vector<SentMessage> down = send_batch(*c.server, rng, 1'000'000, 20);
    ASSERT_EQ(c.client->reset_association(), ReconfigStatus::kOk);
    std::vector<SentMessage> up_after = send_batch(*c.client, rng, 100, 20);
    c.poke();
    ASSERT_TRUE(c.run_until([&] {
      return !c.client_log->association_resets.empty() &&
             c.server_log->messages.size() == up.size() + up_after.size() &&
             c.client_log->messages.size() == down.size();
    })) << "seed " << seed;
    EXPECT_EQ(c.client_log->association_resets[0], ReconfigOutcome::kPerformed);
    ASSERT_EQ(c.server_log->association_resets.size(), 1u);
    std::vector<SentMessage> down_after = send_batch(*c.server, rng, 1'000'100, 20);
    c.poke();
    ASSERT_TRUE(c.run_until([&] {
      return c.client_log->messages.size() == down.size() + down_after.size() &&
             c.client->send_buffer_used() == 0 && c.server->send_buffer_used() == 0;
    })) << "seed " << seed;
    up.insert(up.end(), up_after.begin(), up_after.end());
    down.insert(down.end(), down_after.begin(), down_after.end());
    EXPECT_EQ(check_delivery(up, c.server_log->messages), "") << "seed " << seed;
    EXPECT_EQ(check_delivery(down, c.client_log->messages), "") << "seed " << seed;
    EXPECT_EQ(check_restart(up_after, {0, 1, 2, 3}, client_wire), "") << "seed " << seed;
    EXPECT_EQ(check_restart(down_after, {0, 1, 2, 3}, server_wire), "") << "seed " << seed;
  }
}

TEST(StreamReset, AssociationResetDeniedByDefault) {
  Connected c(10, lossy(0));
  ASSERT_TRUE(c.connect());
  ASSERT_EQ(c.client->reset_association(), ReconfigStatus::kOk);
  std::vector<SentMessage> sent{{0, 0, false, 10}};
  ASSERT_TRUE(send_message(*c.client, sent[0]));
  c.poke();
  ASSERT_TRUE(c.run_until([&] {
    return !c.client_log->association_resets.empty() && c.server_log->messages.size() == 1;
  }));
  EXPECT_EQ(c.client_log->association_resets[0], ReconfigOutcome::kDenied);
  EXPECT_TRUE(c.server_log->association_resets.empty());
  EXPECT_EQ(check_delivery(sent, c.server_log->messages), "");
}

// A RE-CONFIG chunk from a peer that writes its own requests: a packet
// from the client's address and port to the server's association.
class CraftedReconfig {
 public:
  explicit CraftedReconfig(uint32_t verification_tag) : tag_(verification_tag) {}

  CraftedReconfig& parameter(uint16_t type, std::vector<uint32_t> words,
                             std::vector<uint16_t> streams = {}) {
    std::vector<std::byte> p(4);
    for (uint32_t w : words) append32(p, w);
    for (uint16_t s : streams) append16(p, s);
    store_be16(p.data(), type);
    store_be16(p.data() + 2, static_cast<uint16_t>(p.size()));
    p.resize((p.size() + 3) & ~size_t{3});
    params_.insert(params_.end(), p.begin(), p.end());
    return *this;
  }

  std::vector<std::byte> packet() const {
    std::vector<std::byte> out(12 + 4);
    store_be16(out.data(), kClientPort);
    store_be16(out.data() + 2, kServerPort);
    store_be32(out.data() + 4, tag_);
    out[12] = std::byte{130};
    store_be16(out.data() + 14, static_cast<uint16_t>(4 + params_.size()));
    out.insert(out.end(), params_.begin(), params_.end());
    crc::write_sctp_checksum(std::span<std::byte>(out));
    return out;
  }

 private:
  static void append16(std::vector<std::byte>& v, uint16_t x) {
    v.push_back(std::byte(x >> 8));
    v.push_back(std::byte(x & 0xff));
  }
  static void append32(std::vector<std::byte>& v, uint32_t x) {
    append16(v, static_cast<uint16_t>(x >> 16));
    append16(v, static_cast<uint16_t>(x & 0xffff));
  }

  uint32_t tag_;
  std::vector<std::byte> params_;
};

// The peer's requests are checked before anything is done: a sequence
// number out of turn, a stream that does not exist, an SSN/TSN reset and
// a stream addition beyond the limit are refused, a repeat gets the same
// answer, and a good request after them still works.
TEST(StreamReset, PeerRequestsAreCheckedAndAnsweredInTurn) {
  Connected c(9, lossy(0));
  ASSERT_TRUE(c.connect());
  // The client's first TSN, which its request sequence numbers start at.
  std::optional<uint32_t> first_tsn;
  c.pair.client->set_outgoing_filter([&](ByteRange p) {
    for (const UserChunk& u : decode_packet(p).user_chunks) {
      if (!first_tsn) first_tsn = u.tsn;
    }
    return true;
  });
  std::vector<uint32_t> results;
  c.pair.server->set_outgoing_filter([&](ByteRange p) {
    for (uint32_t r : decode_packet(p).reconfig_results) results.push_back(r);
    return true;
  });
  ASSERT_TRUE(send_message(*c.client, SentMessage{0, 0, false, 10}));
  c.poke();
  ASSERT_TRUE(c.run_until([&] { return c.server_log->messages.size() == 1; }));
  ASSERT_TRUE(first_tsn.has_value());
  const uint32_t sn = *first_tsn;
  const uint32_t tag = c.server->local_tag().value();
  auto deliver = [&](const CraftedReconfig& r) {
    std::vector<std::byte> bytes = r.packet();
    c.pair.server->on_packet(c.pair.net.now(), kClientA, kServerA,
                             ByteRange(std::span<const std::byte>(bytes)));
    c.run_until([] { return false; }, std::chrono::seconds(1));
  };
  constexpr uint16_t kOutgoing = 13, kIncoming = 14, kSsnTsn = 15, kAddOutgoing = 17;
  deliver(CraftedReconfig(tag).parameter(kIncoming, {sn + 5}));
  deliver(CraftedReconfig(tag).parameter(kOutgoing, {sn, 0, sn}, {40}));
  deliver(CraftedReconfig(tag).parameter(kSsnTsn, {sn + 1}));
  deliver(CraftedReconfig(tag).parameter(kAddOutgoing, {sn + 2, 2000u << 16}));
  deliver(CraftedReconfig(tag).parameter(kAddOutgoing, {sn + 2, 2000u << 16}));
  deliver(CraftedReconfig(tag).parameter(kAddOutgoing, {sn + 3, 4u << 16}));
  using R = sctp::wire::ReconfigResult;
  auto code = [](R r) { return static_cast<uint32_t>(r); };
  EXPECT_EQ(results, (std::vector<uint32_t>{code(R::kErrorBadSequenceNumber), code(R::kDenied),
                                            code(R::kDenied), code(R::kDenied), code(R::kDenied),
                                            code(R::kSuccessPerformed)}));
  EXPECT_EQ(c.server->inbound_streams(), 20);
  EXPECT_EQ(c.server->stats().reconfig_requests_received, 6u);
  EXPECT_EQ(c.server->stats().reconfig_denied, 3u);
  EXPECT_TRUE(c.server_log->stream_resets.empty());
  EXPECT_FALSE(c.server_log->closed.has_value());
}

}  // namespace
}  // namespace dsctp::test
