// For every seed: messages both ways over an impaired link, each delivered
// exactly once, intact, in order per stream when ordered, within a bounded
// time, and then a graceful shutdown. Seeds come from the environment so
// that CI runs a thousand per profile and scripts/sim-seeds as many as asked:
//   DSCTP_SIM_SEEDS (default 1000), DSCTP_SIM_FIRST_SEED (default 1).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "delivery_check.h"
#include "sim/rng.h"
#include "sim_fixture.h"

namespace dsctp::test {
namespace {

uint64_t env_or(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

struct Profile {
  const char* name;
  sim::LinkConfig link;
  uint32_t messages;      // each way
  uint32_t max_size;
};

sim::LinkConfig lossy(double loss) {
  sim::LinkConfig l;
  l.delay = std::chrono::milliseconds(2);
  l.jitter = std::chrono::milliseconds(1);
  l.loss = loss;
  return l;
}

sim::LinkConfig everything() {
  sim::LinkConfig l;
  l.delay = std::chrono::milliseconds(3);
  l.jitter = std::chrono::milliseconds(2);
  l.loss = 0.1;
  l.duplicate = 0.05;
  l.reorder = 0.1;
  l.corrupt = 0.05;
  l.corrupt_max_bits = 3;
  return l;
}

// Sends `count` messages from `from` with sizes, streams and ordering drawn
// from `rng`; indexes start at `first`.
std::vector<SentMessage> send_batch(sctp::Association& a, sim::Rng& rng, uint32_t first,
                                    uint32_t count, uint32_t max_size) {
  std::vector<SentMessage> sent;
  for (uint32_t i = 0; i < count; ++i) {
    SentMessage m;
    m.index = first + i;
    m.stream = static_cast<uint16_t>(rng.below(8));
    m.unordered = rng.below(5) == 0;
    // Mostly small, some spanning several packets.
    m.size = rng.below(4) == 0 ? 4 + static_cast<uint32_t>(rng.below(max_size))
                               : 4 + static_cast<uint32_t>(rng.below(200));
    if (send_message(a, m)) sent.push_back(m);
  }
  return sent;
}

// Empty on success, else what went wrong for this seed.
std::string run_seed(const Profile& profile, uint64_t seed) {
  SimPair p(seed, profile.link);
  std::vector<std::string> packets;
  if (env_or("DSCTP_SIM_TRACE", 0) == seed) {
    p.client->set_packet_log(&packets);
    p.server->set_packet_log(&packets);
  }
  struct Dump {
    std::vector<std::string>& lines;
    ~Dump() {
      for (const std::string& l : lines) std::printf("%s\n", l.c_str());
    }
  } dump{packets};
  if (!p.connect({std::chrono::seconds(120), 2'000'000})) return "no connection";
  sctp::Association* c = p.client->endpoint().find(p.client_id);
  sctp::Association* s = p.server->newest();
  if (c == nullptr || s == nullptr) return "association missing";
  const uint64_t sid = s->id();
  sim::Rng rng(seed * 7919 + 17);
  std::vector<SentMessage> to_server = send_batch(*c, rng, 0, profile.messages, profile.max_size);
  std::vector<SentMessage> to_client =
      send_batch(*s, rng, 1'000'000, profile.messages, profile.max_size);
  if (to_server.size() != profile.messages || to_client.size() != profile.messages) {
    return "send refused";
  }
  p.client->poke();
  p.server->poke();
  const TimePoint start = p.net.now();
  p.net.run_until(
      [&] {
        return p.server->log_of(sid)->messages.size() >= to_server.size() &&
               p.client->log_of(p.client_id)->messages.size() >= to_client.size();
      },
      {std::chrono::seconds(300), 5'000'000});
  std::string problems = check_delivery(to_server, p.server->log_of(sid)->messages) +
                         check_delivery(to_client, p.client->log_of(p.client_id)->messages);
  if (!problems.empty()) return problems;
  // Bounded time: generous for 30 % loss with RTO.Max 500 ms.
  if (p.net.now() - start > std::chrono::seconds(120)) return "delivery took too long";

  c->shutdown(p.net.now());
  p.client->poke();
  const AppLog& cl = *p.client->log_of(p.client_id);
  const AppLog& sl = *p.server->log_of(sid);
  p.net.run_until([&] { return cl.closed && sl.closed; }, {std::chrono::seconds(300), 5'000'000});
  if (!cl.closed || !sl.closed) return "shutdown did not complete";
  // Under loss the last SHUTDOWN COMPLETE may be lost: the server then
  // retransmits SHUTDOWN ACK until its client answers from no association
  // (8.4 step 5), which still closes it gracefully.
  if (cl.closed->reason != sctp::CloseReason::kShutdown) {
    return std::string("client closed: ") + sctp::to_string(cl.closed->reason);
  }
  if (sl.closed->reason != sctp::CloseReason::kShutdown) {
    return std::string("server closed: ") + sctp::to_string(sl.closed->reason);
  }
  return {};
}

class Impairment : public ::testing::TestWithParam<Profile> {};

TEST_P(Impairment, EveryMessageExactlyOnceInOrderForEverySeed) {
  const uint64_t first = env_or("DSCTP_SIM_FIRST_SEED", 1);
  const uint64_t count = env_or("DSCTP_SIM_SEEDS", 1000);
  uint32_t failures = 0;
  for (uint64_t seed = first; seed < first + count; ++seed) {
    std::string problem = run_seed(GetParam(), seed);
    if (!problem.empty()) {
      ADD_FAILURE() << GetParam().name << " seed " << seed << ": " << problem;
      if (++failures == 5) break;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Profiles, Impairment,
    ::testing::Values(Profile{"clean", sim::LinkConfig{}, 40, 6000},
                      Profile{"loss10", lossy(0.10), 30, 6000},
                      Profile{"loss30", lossy(0.30), 20, 4000},
                      Profile{"everything", everything(), 30, 6000}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace dsctp::test
