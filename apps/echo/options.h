// Command line of dpdk-sctp-echo, after the EAL's arguments and `--`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/ipv4.h"
#include "net/stack.h"

namespace dsctp::apps {

struct EchoOptions {
  enum class Role : uint8_t { kServer, kClient };
  Role role = Role::kServer;
  uint16_t port_id = 0;  // the DPDK port
  net::Ipv4Address ip;
  uint8_t prefix_length = 24;
  std::optional<net::Ipv4Address> gateway;
  uint16_t sctp_port = 5001;       // server: listen; client: the server's
  std::optional<net::Ipv4Address> peer;  // client
  net::Encapsulation encap = net::Encapsulation::kNone;
  uint16_t udp_port = net::kSctpUdpPort;
  uint16_t outbound_streams = 16;
  uint16_t inbound_streams = 16;
  uint32_t cookie_life_ms = 60000;
  // Client: messages to send (0: as many as duration_s allows), their
  // size, over how many streams, ordered or not, and how long to wait for
  // the association and each echo.
  uint32_t count = 10;
  uint32_t size = 100;
  uint16_t streams = 1;
  bool unordered = false;
  uint32_t timeout_ms = 10000;
  // Server: exit after this many seconds (0: run until SIGINT/SIGTERM).
  // Client: send for this many seconds, instead of a count.
  uint32_t duration_s = 0;
  // Both: print the resource line (resource_stats.h) this often; 0: never.
  uint32_t stats_interval_s = 0;
};

// Parses the application's arguments (argv[0] is not one). Returns the
// options, or nothing with `error` set to a message for the user.
std::optional<EchoOptions> parse_echo_options(const std::vector<std::string>& args,
                                              std::string& error);

const char* echo_usage();

}  // namespace dsctp::apps
