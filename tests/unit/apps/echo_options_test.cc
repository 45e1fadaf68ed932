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
       }) {
    std::string error;
    EXPECT_FALSE(parse(c.args, error));
    EXPECT_NE(error.find(c.message), std::string::npos) << "got: " << error;
  }
}

}  // namespace
}  // namespace dsctp::apps
