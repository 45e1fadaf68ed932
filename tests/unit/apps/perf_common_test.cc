// What the perf tools share: the histogram's error bound, the command
// line, the wire format and the results files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "histogram.h"
#include "perf_options.h"
#include "perf_protocol.h"
#include "report.h"

namespace dsctp::apps {
namespace {

// Log-uniform from 1 ns to 10 s, so that every range of the histogram
// gets samples.
std::vector<uint64_t> random_latencies(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> exponent(0, std::log(1e10));
  std::vector<uint64_t> v(n);
  for (uint64_t& x : v) x = static_cast<uint64_t>(std::exp(exponent(rng)));
  return v;
}

constexpr double kFractions[] = {0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999};

TEST(LatencyHistogram, PercentilesWithinOneSubBucketOfTheExactValue) {
  std::vector<uint64_t> values = random_latencies(200000, 42);
  LatencyHistogram h;
  for (uint64_t v : values) h.record(v);
  std::sort(values.begin(), values.end());
  for (double f : kFractions) {
    const size_t rank = std::max<size_t>(1, static_cast<size_t>(std::ceil(f * values.size())));
    const uint64_t exact = values[rank - 1];
    const uint64_t got = h.percentile(f);
    EXPECT_GE(got, exact) << "fraction " << f;
    EXPECT_LE(static_cast<double>(got - exact), static_cast<double>(exact) / 64)
        << "fraction " << f << " exact " << exact << " got " << got;
  }
  EXPECT_EQ(h.percentile(1.0), values.back());
  EXPECT_EQ(h.count(), values.size());
}

TEST(LatencyHistogram, SmallValuesAreExact) {
  LatencyHistogram h;
  for (uint64_t v = 0; v < 64; ++v) h.record(v);
  EXPECT_EQ(h.percentile(0.5), 31u);
  EXPECT_EQ(h.percentile(1.0 / 64), 0u);
  EXPECT_EQ(h.percentile(63.0 / 64), 62u);
}

TEST(LatencyHistogram, MinMaxMeanAreExact) {
  LatencyHistogram h;
  for (uint64_t v : {1001u, 5003u, 17u, 123456789u}) h.record(v);
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.min(), 17u);
  EXPECT_EQ(h.max(), 123456789u);
  EXPECT_DOUBLE_EQ(h.mean(), (1001.0 + 5003 + 17 + 123456789) / 4);
  // Beyond the last range a value still counts and max() knows it.
  const uint64_t minute = 60'000'000'000;
  h.record(minute);
  EXPECT_EQ(h.max(), minute);
  EXPECT_EQ(h.percentile(1.0), minute);
  EXPECT_LE(h.percentile(0.99), minute);
  EXPECT_GE(h.percentile(0.99), uint64_t{1} << 34);
}

TEST(LatencyHistogram, EmptyAndReset) {
  LatencyHistogram h;
  EXPECT_EQ(h.percentile(0.5), 0u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.mean(), 0);
  h.record(77);
  h.reset();
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.percentile(0.99), 0u);
}

TEST(LatencyHistogram, MergeEqualsRecordingEverything) {
  const std::vector<uint64_t> a = random_latencies(5000, 1);
  const std::vector<uint64_t> b = random_latencies(7000, 2);
  LatencyHistogram ha, hb, all;
  for (uint64_t v : a) ha.record(v), all.record(v);
  for (uint64_t v : b) hb.record(v), all.record(v);
  ha.merge(hb);
  EXPECT_EQ(ha.count(), all.count());
  EXPECT_EQ(ha.min(), all.min());
  EXPECT_EQ(ha.max(), all.max());
  EXPECT_DOUBLE_EQ(ha.mean(), all.mean());
  for (double f : kFractions) EXPECT_EQ(ha.percentile(f), all.percentile(f)) << f;
  LatencyHistogram empty;
  empty.merge(ha);
  EXPECT_EQ(empty.min(), all.min());
  EXPECT_EQ(empty.percentile(0.5), all.percentile(0.5));
}

std::optional<PerfOptions> parse(PerfTool tool, std::vector<std::string> args,
                                 std::string& error) {
  return parse_perf_options(tool, args, error);
}

TEST(PerfOptions, PaperSweepSizes) {
  const std::vector<uint32_t> s = paper_sweep_sizes();
  ASSERT_EQ(s.size(), 150u + 6u);
  EXPECT_EQ(s.front(), 10u);
  EXPECT_EQ(s[1], 20u);
  EXPECT_EQ(s[149], 1500u);
  EXPECT_EQ(s[150], 2048u);
  EXPECT_EQ(s.back(), 65536u);
}

TEST(PerfOptions, TcpClientDefaults) {
  std::string error;
  auto o = parse(PerfTool::kTcp, {"--role", "client", "--peer", "127.0.0.1"}, error);
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->role, PerfRole::kClient);
  EXPECT_EQ(o->peer, "127.0.0.1");
  EXPECT_EQ(o->mode, PerfMode::kLatency);
  EXPECT_EQ(o->port, 5001);
  EXPECT_EQ(o->size, 30u);
  EXPECT_EQ(o->assocs, 1);
  EXPECT_EQ(o->duration_s, 5);
  EXPECT_EQ(o->warmup_s, 1);
  EXPECT_EQ(o->timeout_ms, 5000u);
  EXPECT_EQ(o->busy_poll_us, 0u);
  EXPECT_EQ(o->sizes, paper_sweep_sizes());
  EXPECT_FALSE(o->quit_server);
  EXPECT_TRUE(o->csv_path.empty());
}

TEST(PerfOptions, TcpEverythingInBothSpellings) {
  std::string error;
  auto o = parse(PerfTool::kTcp,
                 {"--role=server", "--mode", "throughput", "--port=6000", "--size", "65536",
                  "--assocs=4", "--duration", "0.5", "--warmup=0", "--busy-poll", "50",
                  "--timeout", "200", "--csv", "out.csv", "--json=out.json", "--quit-server"},
                 error);
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->role, PerfRole::kServer);
  EXPECT_EQ(o->mode, PerfMode::kThroughput);
  EXPECT_EQ(o->port, 6000);
  EXPECT_EQ(o->size, 65536u);
  EXPECT_EQ(o->assocs, 4);
  EXPECT_EQ(o->duration_s, 0.5);
  EXPECT_EQ(o->warmup_s, 0);
  EXPECT_EQ(o->busy_poll_us, 50u);
  EXPECT_EQ(o->timeout_ms, 200u);
  EXPECT_EQ(o->csv_path, "out.csv");
  EXPECT_EQ(o->json_path, "out.json");
  EXPECT_TRUE(o->quit_server);
}

TEST(PerfOptions, DpdkSctpOptions) {
  std::string error;
  auto o = parse(PerfTool::kDpdkSctp,
                 {"--role", "client", "--ip", "10.0.0.2/16", "--peer", "10.0.0.1", "--gateway",
                  "10.0.0.254", "--port-id", "1", "--encap", "udp", "--udp-port", "10000",
                  "--streams", "8", "--unordered", "--send-threshold", "65536", "--mode", "sweep",
                  "--sizes", "100,200", "--mtu", "9000"},
                 error);
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->mtu, 9000);
  EXPECT_EQ(o->ip, "10.0.0.2/16");
  EXPECT_EQ(o->gateway, "10.0.0.254");
  EXPECT_EQ(o->port_id, 1);
  EXPECT_TRUE(o->udp_encap);
  EXPECT_EQ(o->udp_port, 10000);
  EXPECT_EQ(o->streams, 8);
  EXPECT_TRUE(o->unordered);
  EXPECT_EQ(o->send_threshold, 65536u);
  EXPECT_EQ(o->mode, PerfMode::kSweep);
  EXPECT_EQ(o->sizes, (std::vector<uint32_t>{100, 200}));
  // Without --role it runs its built-in pair and needs no address.
  o = parse(PerfTool::kDpdkSctp, {}, error);
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->role, PerfRole::kNone);
  EXPECT_EQ(o->mtu, 0);  // the tool picks 1500 or 9000 by where it runs
  EXPECT_FALSE(parse(PerfTool::kDpdkSctp, {"--mtu", "9001"}, error));
  EXPECT_FALSE(parse(PerfTool::kDpdkSctp, {"--mtu", "575"}, error));
  EXPECT_FALSE(parse(PerfTool::kTcp, {"--role", "server", "--mtu", "9000"}, error));
}

TEST(PerfOptions, DpdkSctpExtensionKnobs) {
  std::string error;
  const std::vector<std::string> client = {"--role", "client", "--ip", "10.0.0.2", "--peer",
                                           "10.0.0.1"};
  auto with = [&](std::vector<std::string> more) {
    more.insert(more.begin(), client.begin(), client.end());
    return parse(PerfTool::kDpdkSctp, more, error);
  };
  auto o = with({"--pr", "ttl:250", "--scheduler", "wfq", "--zero-checksum", "1"});
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->pr_policy, PerfPrPolicy::kLifetime);
  EXPECT_EQ(o->pr_value, 250u);
  EXPECT_EQ(o->scheduler, "wfq");
  EXPECT_EQ(o->zero_checksum_edmid, 1u);
  o = with({"--pr", "rtx:0"});
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->pr_policy, PerfPrPolicy::kRetransmissions);
  EXPECT_EQ(o->pr_value, 0u);
  o = with({"--pr=buf"});
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->pr_policy, PerfPrPolicy::kBuffer);
  o = with({});
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->pr_policy, PerfPrPolicy::kNone);
  EXPECT_TRUE(o->scheduler.empty());
  EXPECT_EQ(o->zero_checksum_edmid, 0u);
  // The schedulers' names follow SchedulerKind's order.
  EXPECT_EQ(perf_scheduler_names(),
            (std::vector<std::string>{"fcfs", "rr", "rr-packet", "priority", "fair", "wfq"}));
  // A server takes zero checksum (both ends offer it) but not the client's
  // send policies.
  o = parse(PerfTool::kDpdkSctp,
            {"--role", "server", "--ip", "10.0.0.1", "--zero-checksum", "1"}, error);
  ASSERT_TRUE(o) << error;
}

TEST(PerfOptions, UsrsctpOptions) {
  std::string error;
  auto o = parse(PerfTool::kUsrsctp,
                 {"--role", "server", "--udp-port", "9900", "--streams", "2", "--unordered",
                  "--send-threshold", "0"},
                 error);
  ASSERT_TRUE(o) << error;
  EXPECT_EQ(o->udp_port, 9900);
  EXPECT_EQ(o->streams, 2);
  EXPECT_TRUE(o->unordered);
}

TEST(PerfOptions, SizeLists) {
  struct Case {
    std::string text;
    std::vector<uint32_t> sizes;
  };
  std::vector<uint32_t> paper_start;
  for (uint32_t s = 10; s <= 1500; s += 10) paper_start.push_back(s);
  paper_start.push_back(2048);
  paper_start.push_back(4096);
  for (const Case& c : std::vector<Case>{
           {"5", {5}},
           {"1:10:3", {1, 4, 7, 10}},
           {"1:11:3", {1, 4, 7, 10}},
           {"7:7:1", {7}},
           {"65536", {65536}},
           {"64,1452", {64, 1452}},
           {"10:1500:10,2048,4096", paper_start},
       }) {
    std::string error;
    auto o = parse(PerfTool::kTcp, {"--role", "server", "--sizes", c.text}, error);
    ASSERT_TRUE(o) << c.text << ": " << error;
    EXPECT_EQ(o->sizes, c.sizes) << c.text;
  }
}

TEST(PerfOptions, HelpIsNotAnError) {
  for (const char* h : {"-h", "--help"}) {
    std::string error;
    EXPECT_FALSE(parse(PerfTool::kTcp, {"--role", "client", h}, error));
    EXPECT_EQ(error, "help");
  }
}

struct BadCase {
  PerfTool tool;
  std::vector<std::string> args;
  std::string message;
};

void expect_rejected(const std::vector<BadCase>& cases) {
  for (const BadCase& c : cases) {
    std::string error;
    std::string joined;
    for (const std::string& a : c.args) joined += a + " ";
    EXPECT_FALSE(parse(c.tool, c.args, error)) << joined;
    EXPECT_NE(error.find(c.message), std::string::npos)
        << joined << "\n  expected: " << c.message << "\n  got: " << error;
  }
}

TEST(PerfOptions, BadArgumentsSayWhatIsWrong) {
  constexpr PerfTool kTcp = PerfTool::kTcp;
  const std::vector<std::string> s = {"--role", "server"};
  auto with = [&](std::vector<std::string> more) {
    more.insert(more.begin(), s.begin(), s.end());
    return more;
  };
  expect_rejected({
      {kTcp, {}, "--role server|client is required"},
      {PerfTool::kUsrsctp, {"--mode", "latency"}, "--role server|client is required"},
      {kTcp, {"--role", "client"}, "a client needs --peer"},
      {PerfTool::kUsrsctp, {"--role", "client"}, "a client needs --peer"},
      {PerfTool::kDpdkSctp, {"--role", "server"}, "--ip is required"},
      {PerfTool::kDpdkSctp, {"--role", "client", "--peer", "10.0.0.1"}, "--ip is required"},
      {kTcp, with({"--size", "x"}), "--size: expected a number from 1 to 65536, got 'x'"},
      {kTcp, with({"--size", "0"}), "--size: expected a number from 1 to 65536, got '0'"},
      {kTcp, with({"--size", "65537"}), "from 1 to 65536, got '65537'"},
      {kTcp, with({"--size", "12abc"}), "got '12abc'"},
      {kTcp, with({"--size"}), "--size needs a value"},
      {kTcp, with({"--size="}), "--size: expected a number from 1 to 65536, got ''"},
      {kTcp, with({"--assocs", "65"}), "--assocs: expected a number from 1 to 64, got '65'"},
      {kTcp, with({"--assocs", "0"}), "from 1 to 64"},
      {kTcp, with({"--port", "0"}), "--port: expected a number from 1 to 65535"},
      {kTcp, with({"--timeout", "0"}), "--timeout: expected a number from 1"},
      {PerfTool::kUsrsctp, with({"--streams", "0"}), "--streams: expected a number from 1 to"},
      {PerfTool::kUsrsctp, with({"--streams", "65536"}), "from 1 to 65535, got '65536'"},
      {kTcp, with({"--duration", "0"}), "--duration: expected seconds greater than 0"},
      {kTcp, with({"--duration", "-1"}), "--duration: expected seconds"},
      {kTcp, with({"--duration", "abc"}), "got 'abc'"},
      {kTcp, with({"--duration", "nan"}), "got 'nan'"},
      {kTcp, with({"--duration", "inf"}), "got 'inf'"},
      {kTcp, with({"--warmup", "-0.5"}), "--warmup: expected seconds from 0"},
      {kTcp, with({"--mode", "fast"}), "--mode: expected throughput, latency or sweep, got 'fast'"},
      {kTcp, {"--role", "both"}, "--role: expected server or client, got 'both'"},
      {PerfTool::kDpdkSctp, {"--encap", "gre"}, "--encap: expected udp or none, got 'gre'"},
      {kTcp, {"--role", "client", "--peer", "10.0.0"}, "--peer: expected an IPv4 address"},
      {kTcp, {"--role", "client", "--peer", "host.example"}, "got 'host.example'"},
      {PerfTool::kDpdkSctp, {"--ip", "10.0.0.1/33"}, "--ip: expected A.B.C.D or A.B.C.D/LEN"},
      {PerfTool::kDpdkSctp, {"--ip", "10.0.0.300"}, "--ip: expected A.B.C.D"},
      {PerfTool::kDpdkSctp, {"--gateway", "x"}, "--gateway: expected an IPv4 address"},
      {kTcp, with({"--frobnicate"}), "unknown option '--frobnicate'"},
      {kTcp, with({"--frobnicate=3"}), "unknown option '--frobnicate'"},
      {kTcp, with({"stray"}), "unexpected argument 'stray'"},
      {kTcp, with({"--quit-server=yes"}), "--quit-server takes no value"},
      {kTcp, with({"--csv", ""}), "--csv needs a file name"},
      {PerfTool::kDpdkSctp, {"--pr", "ttl"}, "--pr: expected ttl:MS (1 to 3600000), rtx:N"},
      {PerfTool::kDpdkSctp, {"--pr", "ttl:0"}, "got 'ttl:0'"},
      {PerfTool::kDpdkSctp, {"--pr", "rtx:1001"}, "got 'rtx:1001'"},
      {PerfTool::kDpdkSctp, {"--pr", "buf:3"}, "got 'buf:3'"},
      {PerfTool::kDpdkSctp, {"--scheduler", "lifo"}, "--scheduler: expected fcfs, rr"},
      {PerfTool::kDpdkSctp, {"--zero-checksum", "0"}, "--zero-checksum: expected a number from 1"},
      {PerfTool::kDpdkSctp, {"--role", "server", "--ip", "10.0.0.1", "--pr", "buf"},
       "--pr and --scheduler apply to the messages a client sends"},
      {PerfTool::kDpdkSctp, {"--role", "server", "--ip", "10.0.0.1", "--scheduler", "rr"},
       "--pr and --scheduler apply to the messages a client sends"},
      {kTcp, with({"--pr", "buf"}), "--pr is only for dpdk-sctp-perf"},
  });
}

TEST(PerfOptions, BadSizeLists) {
  std::vector<BadCase> cases;
  for (const char* text : {"", "0", "65537", "10:5:1", "1:2", "1:2:3:4", "1:10:0", "1:70000:1",
                           "a", "10,,20", "10,", ",10", "1:10:x", " 5"}) {
    cases.push_back({PerfTool::kTcp,
                     {"--role", "server", "--sizes", text},
                     "--sizes: expected N or A:B:STEP"});
  }
  expect_rejected(cases);
  expect_rejected({{PerfTool::kTcp, {"--role", "server", "--sizes", "64,10:5:1"}, "got '10:5:1'"}});
}

TEST(PerfOptions, OptionsOfOtherToolsAreRejected) {
  std::vector<BadCase> cases;
  const std::string sctp_only = "is only for dpdk-sctp-perf and usrsctp-perf";
  const std::string dpdk_only = "is only for dpdk-sctp-perf";
  for (const char* o : {"--streams", "--send-threshold", "--udp-port"}) {
    cases.push_back(
        {PerfTool::kTcp, {"--role", "server", o, "1"}, std::string(o) + " " + sctp_only});
  }
  cases.push_back(
      {PerfTool::kTcp, {"--role", "server", "--unordered"}, "--unordered " + sctp_only});
  for (const char* o : {"--ip", "--gateway", "--port-id", "--encap"}) {
    for (PerfTool t : {PerfTool::kTcp, PerfTool::kUsrsctp}) {
      cases.push_back({t, {"--role", "server", o, "1"}, std::string(o) + " " + dpdk_only});
    }
  }
  for (PerfTool t : {PerfTool::kDpdkSctp, PerfTool::kUsrsctp}) {
    cases.push_back({t, {"--busy-poll", "50"}, "--busy-poll is only for tcp-perf"});
  }
  expect_rejected(cases);
}

TEST(PerfOptions, UsageListsOnlyTheToolsOptions) {
  const std::string tcp = perf_usage(PerfTool::kTcp);
  const std::string dpdk = perf_usage(PerfTool::kDpdkSctp);
  const std::string usr = perf_usage(PerfTool::kUsrsctp);
  for (const std::string* u : {&tcp, &dpdk, &usr}) {
    ASSERT_FALSE(u->empty());
    EXPECT_EQ(u->back(), '\n');
    for (const char* common : {"--role", "--mode", "--peer", "--port", "--size", "--sizes",
                               "--assocs", "--duration", "--warmup", "--timeout", "--csv",
                               "--json", "--quit-server", "(default 5001)", "(default 30)"}) {
      EXPECT_NE(u->find(common), std::string::npos) << common << " in\n" << *u;
    }
  }
  EXPECT_EQ(tcp.find("usage: tcp-perf"), 0u);
  EXPECT_NE(tcp.find("--busy-poll"), std::string::npos);
  for (const char* other : {"--streams", "--unordered", "--encap", "--ip ", "--udp-port",
                            "--send-threshold", "--gateway", "--port-id"}) {
    EXPECT_EQ(tcp.find(other), std::string::npos) << other;
  }
  EXPECT_EQ(dpdk.find("usage: dpdk-sctp-perf"), 0u);
  for (const char* own : {"--ip ", "--gateway", "--port-id", "--encap", "--udp-port",
                          "--streams", "--unordered", "--send-threshold", "(default 9899)"}) {
    EXPECT_NE(dpdk.find(own), std::string::npos) << own;
  }
  EXPECT_EQ(dpdk.find("--busy-poll"), std::string::npos);
  EXPECT_EQ(usr.find("usage: usrsctp-perf"), 0u);
  EXPECT_NE(usr.find("--udp-port"), std::string::npos);
  EXPECT_EQ(usr.find("--encap"), std::string::npos);
  EXPECT_EQ(usr.find("--busy-poll"), std::string::npos);
}

TEST(PerfOptions, ModeNames) {
  EXPECT_STREQ(to_string(PerfMode::kThroughput), "throughput");
  EXPECT_STREQ(to_string(PerfMode::kLatency), "latency");
  EXPECT_STREQ(to_string(PerfMode::kSweep), "sweep");
}

std::vector<std::byte> bytes(std::initializer_list<unsigned> v) {
  std::vector<std::byte> out;
  for (unsigned b : v) out.push_back(static_cast<std::byte>(b));
  return out;
}

TEST(PerfProtocol, HelloIsBigEndianMagicModeSize) {
  const auto wire = encode(Hello{WireMode::kLatency, 1452});
  EXPECT_EQ(std::vector<std::byte>(wire.begin(), wire.end()),
            bytes({0x44, 0x53, 0x50, 0x46, 0, 0, 0, 2, 0, 0, 0x05, 0xac}));
}

TEST(PerfProtocol, HelloRoundTrip) {
  for (WireMode m : {WireMode::kThroughput, WireMode::kLatency}) {
    for (uint32_t size : {1u, 30u, 1452u, 65536u}) {
      std::optional<Hello> h = decode_hello(encode(Hello{m, size}));
      ASSERT_TRUE(h);
      EXPECT_EQ(h->mode, m);
      EXPECT_EQ(h->size, size);
    }
  }
  std::optional<Hello> quit = decode_hello(encode(Hello{WireMode::kQuit, 0}));
  ASSERT_TRUE(quit);
  EXPECT_EQ(quit->mode, WireMode::kQuit);
  // Whatever follows the Hello in the buffer is not its business.
  std::vector<std::byte> longer = bytes({0x44, 0x53, 0x50, 0x46, 0, 0, 0, 1, 0, 0, 0, 30, 9, 9});
  ASSERT_TRUE(decode_hello(longer));
  EXPECT_EQ(decode_hello(longer)->size, 30u);
}

TEST(PerfProtocol, BadHellosAreRejected) {
  const auto good = encode(Hello{WireMode::kLatency, 30});
  EXPECT_FALSE(decode_hello(std::span(good).first(kHelloSize - 1)));
  EXPECT_FALSE(decode_hello({}));
  for (size_t i = 0; i < 4; ++i) {
    auto bad_magic = good;
    bad_magic[i] ^= std::byte{0x20};
    EXPECT_FALSE(decode_hello(bad_magic)) << i;
  }
  EXPECT_FALSE(decode_hello(bytes({0x44, 0x53, 0x50, 0x46, 0, 0, 0, 0, 0, 0, 0, 30})));
  EXPECT_FALSE(decode_hello(bytes({0x44, 0x53, 0x50, 0x46, 0, 0, 0, 4, 0, 0, 0, 30})));
  EXPECT_FALSE(decode_hello(bytes({0x44, 0x53, 0x50, 0x46, 1, 0, 0, 2, 0, 0, 0, 30})));
  EXPECT_FALSE(decode_hello(encode(Hello{WireMode::kLatency, 0})));
  EXPECT_FALSE(decode_hello(encode(Hello{WireMode::kThroughput, kMaxMessageSize + 1})));
}

TEST(PerfProtocol, ReportRoundTripAndLayout) {
  const Report r{(uint64_t{1} << 40) + 5, UINT64_MAX - 1};
  const auto wire = encode(r);
  EXPECT_EQ(std::vector<std::byte>(wire.begin(), wire.end()),
            bytes({0, 0, 1, 0, 0, 0, 0, 5, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}));
  std::optional<Report> back = decode_report(wire);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->bytes, r.bytes);
  EXPECT_EQ(back->messages, r.messages);
  EXPECT_FALSE(decode_report(std::span(wire).first(kReportSize - 1)));
}

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "dsctp_perf_common_" + std::to_string(::getpid()) + "_" + name;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<PerfRow> sample_rows() {
  PerfRow a;
  a.tool = "kernel-tcp";
  a.mode = PerfMode::kThroughput;
  a.size = 1452;
  a.seconds = 5.000123;
  a.messages = 1089910;
  a.bytes = a.messages * a.size;
  a.gbit_per_s = a.bytes * 8.0 / a.seconds / 1e9;
  a.messages_per_s = a.messages / a.seconds;
  a.retransmissions = 8;
  a.cycles_per_message = 1.0 / 3;
  PerfRow b;
  b.tool = "dpdk-sctp";
  b.mode = PerfMode::kLatency;
  b.size = 30;
  b.streams = 16;
  b.assocs = 64;
  b.unordered = true;
  b.seconds = 0.1;
  b.messages = UINT64_MAX;
  b.bytes = 0;
  b.rtt_p50_us = 3.123;
  b.rtt_p90_us = 4.5;
  b.rtt_p99_us = 1e-7;
  b.rtt_p999_us = 12345678.9;
  b.rtt_max_us = 2e300;
  b.cycles_per_message = 123;
  return {a, b};
}

void expect_same(const PerfRow& x, const PerfRow& y) {
  EXPECT_EQ(x.tool, y.tool);
  EXPECT_EQ(x.mode, y.mode);
  EXPECT_EQ(x.size, y.size);
  EXPECT_EQ(x.streams, y.streams);
  EXPECT_EQ(x.assocs, y.assocs);
  EXPECT_EQ(x.unordered, y.unordered);
  EXPECT_EQ(x.seconds, y.seconds);
  EXPECT_EQ(x.messages, y.messages);
  EXPECT_EQ(x.bytes, y.bytes);
  EXPECT_EQ(x.gbit_per_s, y.gbit_per_s);
  EXPECT_EQ(x.messages_per_s, y.messages_per_s);
  EXPECT_EQ(x.rtt_p50_us, y.rtt_p50_us);
  EXPECT_EQ(x.rtt_p90_us, y.rtt_p90_us);
  EXPECT_EQ(x.rtt_p99_us, y.rtt_p99_us);
  EXPECT_EQ(x.rtt_p999_us, y.rtt_p999_us);
  EXPECT_EQ(x.rtt_max_us, y.rtt_max_us);
  EXPECT_EQ(x.retransmissions, y.retransmissions);
  EXPECT_EQ(x.cycles_per_message, y.cycles_per_message);
}

TEST(PerfReport, CsvHeaderIsTheStableColumnOrder) {
  EXPECT_EQ(csv_header(),
            "tool,mode,size,streams,assocs,unordered,seconds,messages,bytes,gbit_per_s,"
            "messages_per_s,rtt_p50_us,rtt_p90_us,rtt_p99_us,rtt_p999_us,rtt_max_us,"
            "retransmissions,cycles_per_message");
  PerfRow r = sample_rows()[0];
  EXPECT_EQ(csv_line(r).substr(0, 36), "kernel-tcp,throughput,1452,1,1,0,5.0");
}

TEST(PerfReport, CsvWriteReadRoundTrip) {
  const std::string path = temp_path("round_trip.csv");
  const std::vector<PerfRow> rows = sample_rows();
  std::string error;
  ASSERT_TRUE(write_csv(path, rows, error)) << error;
  std::optional<std::vector<PerfRow>> back = read_csv(path, error);
  ASSERT_TRUE(back) << error;
  ASSERT_EQ(back->size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) expect_same((*back)[i], rows[i]);
  ASSERT_TRUE(write_csv(path, {}, error)) << error;
  back = read_csv(path, error);
  ASSERT_TRUE(back) << error;
  EXPECT_TRUE(back->empty());
  std::remove(path.c_str());
}

TEST(PerfReport, ReadCsvRejectsOtherFiles) {
  const std::string json = temp_path("rows.json");
  std::string error;
  ASSERT_TRUE(write_json(json, sample_rows(), error)) << error;
  EXPECT_FALSE(read_csv(json, error));
  EXPECT_NE(error.find("is not a perf results CSV file"), std::string::npos) << error;
  std::remove(json.c_str());

  EXPECT_FALSE(read_csv(temp_path("missing.csv"), error));
  EXPECT_NE(error.find("cannot read"), std::string::npos) << error;

  const std::string csv = temp_path("broken.csv");
  const std::string good = csv_line(sample_rows()[0]);
  for (const auto& [line, message] : std::vector<std::pair<std::string, std::string>>{
           {good + ",1", "expected 18 columns, found 19"},
           {"kernel-tcp,throughput,1452", "expected 18 columns, found 3"},
           {"kernel-tcp,fast" + good.substr(good.find(",1452")), "bad mode 'fast'"},
           {"kernel-tcp,throughput,x" + good.substr(good.find(",1,1,0")), "bad size 'x'"},
           {"kernel-tcp,throughput,1452,1,1,2" + good.substr(good.find(",5.0")),
            "bad unordered '2'"},
       }) {
    std::ofstream(csv) << csv_header() << "\n" << good << "\n" << line << "\n";
    EXPECT_FALSE(read_csv(csv, error)) << line;
    EXPECT_NE(error.find(":3: " + message), std::string::npos) << error;
  }
  std::remove(csv.c_str());
}

TEST(PerfReport, WriteFailsWithAMessage) {
  std::string error;
  EXPECT_FALSE(write_csv("/nonexistent-dir/x.csv", sample_rows(), error));
  EXPECT_NE(error.find("cannot write /nonexistent-dir/x.csv"), std::string::npos) << error;
  EXPECT_FALSE(write_json("/nonexistent-dir/x.json", sample_rows(), error));
  EXPECT_NE(error.find("cannot write"), std::string::npos) << error;
}

TEST(PerfReport, JsonIsAnArrayOfTypedObjects) {
  const std::string path = temp_path("rows.json");
  std::string error;
  ASSERT_TRUE(write_json(path, sample_rows(), error)) << error;
  const std::string text = slurp(path);
  EXPECT_EQ(text.front(), '[');
  EXPECT_EQ(text.substr(text.size() - 4), "}\n]\n") << text;
  for (const char* expected :
       {"{\"tool\": \"kernel-tcp\", \"mode\": \"throughput\", \"size\": 1452, \"streams\": 1, "
        "\"assocs\": 1, \"unordered\": false, \"seconds\": 5.000123, \"messages\": 1089910, ",
        "\"retransmissions\": 8, ", "\"unordered\": true", "\"rtt_p50_us\": 3.123",
        "\"messages\": 18446744073709551615", "\"cycles_per_message\": 123}"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " in\n" << text;
  }
  ASSERT_TRUE(write_json(path, {}, error)) << error;
  EXPECT_EQ(slurp(path), "[]\n");
  std::remove(path.c_str());
}

TEST(PerfReport, ToRowTakesRatesAndPercentiles) {
  PerfResult r;
  r.tool = "usrsctp";
  r.mode = PerfMode::kLatency;
  r.size = 100;
  r.seconds = 2;
  r.messages = 1000;
  r.bytes = 125'000'000;
  for (uint64_t ns = 1; ns <= 1000; ++ns) r.rtt.record(ns * 10);  // 10 ns .. 10 us
  const PerfRow row = to_row(r);
  EXPECT_EQ(row.tool, "usrsctp");
  EXPECT_DOUBLE_EQ(row.gbit_per_s, 0.5);
  EXPECT_DOUBLE_EQ(row.messages_per_s, 500);
  EXPECT_NEAR(row.rtt_p50_us, 5.0, 5.0 / 64);
  EXPECT_NEAR(row.rtt_p90_us, 9.0, 9.0 / 64);
  EXPECT_NEAR(row.rtt_p99_us, 9.9, 9.9 / 64);
  EXPECT_NEAR(row.rtt_p999_us, 9.99, 9.99 / 64);
  EXPECT_DOUBLE_EQ(row.rtt_max_us, 10.0);
  EXPECT_EQ(to_row(PerfResult{}).gbit_per_s, 0);  // no time, no rate
}

std::string summary(const PerfRow& row) {
  std::FILE* f = std::tmpfile();
  print_summary(f, row);
  std::rewind(f);
  std::string text;
  for (int c; (c = std::fgetc(f)) != EOF;) text += static_cast<char>(c);
  std::fclose(f);
  return text;
}

TEST(PerfReport, SummaryFitsTheMode) {
  const std::vector<PerfRow> rows = sample_rows();
  const std::string throughput = summary(rows[0]);
  EXPECT_NE(throughput.find("Gbit/s"), std::string::npos) << throughput;
  EXPECT_NE(throughput.find("retransmissions     8"), std::string::npos) << throughput;
  EXPECT_NE(throughput.find("cycles per message"), std::string::npos) << throughput;
  EXPECT_EQ(throughput.find("p99.9"), std::string::npos) << throughput;
  PerfRow latency = rows[1];
  latency.rtt_max_us = 50;
  const std::string text = summary(latency);
  EXPECT_NE(text.find("p50 3.12  p90 4.50"), std::string::npos) << text;
  EXPECT_NE(text.find("p99.9"), std::string::npos) << text;
  EXPECT_NE(text.find("max 50.00 us"), std::string::npos) << text;
  EXPECT_NE(text.find("one way             p50 1.56 us"), std::string::npos) << text;
  EXPECT_NE(text.find("cycles per message  123"), std::string::npos) << text;
  EXPECT_EQ(text.find("Gbit/s"), std::string::npos) << text;
}

}  // namespace
}  // namespace dsctp::apps
