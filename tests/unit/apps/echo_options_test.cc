// dpdk-sctp-echo's arguments: what parses, and a clear message for what
// does not.
#include <gtest/gtest.h>

#include "options.h"

namespace dsctp::apps {
namespace {

std::optional<EchoOptions> parse(std::vector<std::string> args, std::string& error) {
  return parse_echo_options(args, error);
}

TEST(EchoOptions, ServerDefaults) {
  std::string error;
  auto o = parse({"--ip", "10.0.0.1"}, error);
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->role, EchoOptions::Role::kServer);
  EXPECT_EQ(o->ip, net::Ipv4Address::from_octets(10, 0, 0, 1));
  EXPECT_EQ(o->prefix_length, 24);
  EXPECT_EQ(o->sctp_port, 5001);
  EXPECT_EQ(o->encap, net::Encapsulation::kNone);
  EXPECT_EQ(o->duration_s, 0u);
  EXPECT_EQ(o->stats_interval_s, 0u);
}

TEST(EchoOptions, StatsIntervalForBothRoles) {
  std::string error;
  auto server = parse({"--ip", "10.0.0.1", "--stats-interval", "5", "--duration", "60"}, error);
  ASSERT_TRUE(server) << error;
  EXPECT_EQ(server->stats_interval_s, 5u);
  EXPECT_EQ(server->duration_s, 60u);
  auto client = parse({"--role", "client", "--ip", "10.0.0.2", "--peer", "10.0.0.1",
                       "--stats-interval", "1"},
                      error);
  ASSERT_TRUE(client) << error;
  EXPECT_EQ(client->stats_interval_s, 1u);
  EXPECT_EQ(client->count, 10u);  // the default count still holds
}

TEST(EchoOptions, ClientSendsForADurationInsteadOfACount) {
  std::string error;
  for (auto args : std::vector<std::vector<std::string>>{
           {"--duration", "30"}, {"--count", "0", "--duration", "30"},
           {"--duration", "30", "--count", "0"}}) {
    std::vector<std::string> all = {"--role", "client", "--ip", "10.0.0.2", "--peer", "10.0.0.1"};
    all.insert(all.end(), args.begin(), args.end());
    auto o = parse(all, error);
    ASSERT_TRUE(o) << error;
    EXPECT_EQ(o->count, 0u);
    EXPECT_EQ(o->duration_s, 30u);
  }
}

TEST(EchoOptions, ClientWithEverything) {
  std::string error;
  auto o = parse({"--role", "client", "--ip", "192.168.1.5/16", "--peer", "192.168.2.1",
                  "--gateway", "192.168.0.1", "--port", "7000", "--encap", "udp", "--udp-port",
                  "10000", "--os", "64", "--mis", "32", "--cookie-life", "5000", "--count", "7",
                  "--size", "1452", "--streams", "4", "--unordered", "--timeout", "300"},
                 error);
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->role, EchoOptions::Role::kClient);
  EXPECT_EQ(o->prefix_length, 16);
  EXPECT_EQ(*o->peer, net::Ipv4Address::from_octets(192, 168, 2, 1));
  EXPECT_EQ(*o->gateway, net::Ipv4Address::from_octets(192, 168, 0, 1));
  EXPECT_EQ(o->sctp_port, 7000);
  EXPECT_EQ(o->encap, net::Encapsulation::kUdp);
  EXPECT_EQ(o->udp_port, 10000);
  EXPECT_EQ(o->outbound_streams, 64);
  EXPECT_EQ(o->inbound_streams, 32);
  EXPECT_EQ(o->cookie_life_ms, 5000u);
  EXPECT_EQ(o->count, 7u);
  EXPECT_EQ(o->size, 1452u);
  EXPECT_EQ(o->streams, 4);
  EXPECT_TRUE(o->unordered);
  EXPECT_EQ(o->timeout_ms, 300u);
}

TEST(EchoOptions, BadArgumentsSayWhatIsWrong) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{}, "--ip is required"},
           {{"--ip", "10.0.0.256"}, "not A.B.C.D"},
           {{"--ip", "10.0.0.1/33"}, "not A.B.C.D"},
           {{"--ip", "10.0.0.1", "--port", "0"}, "not a number from 1 to 65535"},
           {{"--ip", "10.0.0.1", "--port", "70000"}, "not a number from 1 to 65535"},
           {{"--ip", "10.0.0.1", "--port"}, "needs a value"},
           {{"--ip", "10.0.0.1", "--role", "both"}, "server or client"},
           {{"--ip", "10.0.0.1", "--encap", "gre"}, "udp or none"},
           {{"--ip", "10.0.0.1", "--role", "client"}, "needs --peer"},
           {{"--ip", "10.0.0.1", "--streams", "20"}, "more than --os"},
           {{"--ip", "10.0.0.1", "--frobnicate"}, "unknown option"},
           {{"--ip", "10.0.0.1", "--stats-interval", "-1"}, "not a number from 0 to 86400"},
           {{"--ip", "10.0.0.1", "--stats-interval"}, "needs a value"},
           {{"--role", "client", "--ip", "10.0.0.2", "--peer", "10.0.0.1", "--count", "5",
             "--duration", "3"},
            "--count N or --duration S, not both"},
           {{"--role", "client", "--ip", "10.0.0.2", "--peer", "10.0.0.1", "--count", "0"},
            "--count 0 needs --duration"},
       }) {
    std::string error;
    EXPECT_FALSE(parse(c.args, error));
    EXPECT_NE(error.find(c.message), std::string::npos) << "got: " << error;
  }
}

}  // namespace
}  // namespace dsctp::apps
