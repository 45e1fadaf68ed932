// Two of our endpoints on a simulated network: a client at 10.0.0.1 and a
// server at 10.0.1.1 (and, for multihoming, .2 on each side), joined by
// links configured per test.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "sim_stack.h"

namespace dsctp::test {

inline constexpr sim::Address kClientA = sim::ipv4(10, 0, 0, 1);
inline constexpr sim::Address kClientB = sim::ipv4(10, 0, 0, 2);
inline constexpr sim::Address kServerA = sim::ipv4(10, 0, 1, 1);
inline constexpr sim::Address kServerB = sim::ipv4(10, 0, 1, 2);
inline constexpr uint16_t kClientPort = 40000;
inline constexpr uint16_t kServerPort = 5001;

// A configuration with short timers, so that simulated runs stay short
// (the RFC's 1 s RTO.Min and 30 s heartbeat interval work too; they only
// cost more events).
sctp::EndpointConfig fast_config();

struct SimPair {
  SimPair(uint64_t seed, const sim::LinkConfig& link, bool multihomed = false,
          const sctp::EndpointConfig& config = fast_config());

  // Runs until both sides are connected; false if they are not within
  // `limit`.
  bool connect(sim::RunLimit limit = {std::chrono::seconds(60), 1'000'000});

  sim::SimNetwork net;
  std::unique_ptr<SimStack> client;
  std::unique_ptr<SimStack> server;
  uint64_t client_id = 0;
};

}  // namespace dsctp::test
