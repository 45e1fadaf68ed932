#include "sim_fixture.h"

namespace dsctp::test {

sctp::EndpointConfig fast_config() {
  sctp::EndpointConfig c;
  c.association.path.rto.initial = std::chrono::milliseconds(50);
  c.association.path.rto.min = std::chrono::milliseconds(20);
  c.association.path.rto.max = std::chrono::milliseconds(500);
  c.association.path.path.heartbeat_interval = std::chrono::milliseconds(200);
  c.association.acknowledgement.delayed_sack_timeout = std::chrono::milliseconds(20);
  // Loss up to 30 % costs many retransmissions of the same chunk.
  c.association.max_retrans = 40;
  c.association.path.path.max_retrans = 20;
  c.association.max_init_retransmits = 40;
  c.association.shutdown_guard = std::chrono::seconds(30);
  return c;
}

SimPair::SimPair(uint64_t seed, const sim::LinkConfig& link, bool multihomed,
                 const sctp::EndpointConfig& config)
    : net(TimePoint{}, seed) {
  std::vector<sim::Address> client_addresses{kClientA};
  std::vector<sim::Address> server_addresses{kServerA};
  if (multihomed) {
    client_addresses.push_back(kClientB);
    server_addresses.push_back(kServerB);
  }
  client = std::make_unique<SimStack>(net, client_addresses, config, seed * 2 + 1);
  server = std::make_unique<SimStack>(net, server_addresses, config, seed * 2 + 2);
  net.connect(kClientA, kServerA, link);
  if (multihomed) net.connect(kClientB, kServerB, link);
  server->listen(kServerPort);
}

bool SimPair::connect(sim::RunLimit limit) {
  std::vector<sim::Address> peers{kServerA};
  if (server->addresses().size() > 1) peers.push_back(kServerB);
  sctp::Association* a = client->connect(kClientPort, kServerPort, peers);
  if (a == nullptr) return false;
  client_id = a->id();
  net.run_until(
      [&] {
        AppLog* c = client->log_of(client_id);
        return c != nullptr && c->connected && server->newest() != nullptr &&
               server->log(*server->newest()).connected;
      },
      limit);
  AppLog* c = client->log_of(client_id);
  return c != nullptr && c->connected && server->newest() != nullptr;
}

}  // namespace dsctp::test
