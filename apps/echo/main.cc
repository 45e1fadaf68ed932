// dpdk-sctp-echo: the SCTP echo server and client on any DPDK port.
//
//   dpdk-sctp-echo -l 0 --vdev=net_af_packet0,iface=veth0 -- --ip 10.0.0.1
//   dpdk-sctp-echo -l 0 ... -- --role client --ip 10.0.0.2 --peer 10.0.0.1
//
// The server echoes every message on the association and stream it came
// on, with the same PPID and the same ordered/unordered flag. The client
// sends --count messages (or for --duration seconds) one at a time, checks
// each echo byte for byte, prints round-trip times and shuts down; it
// exits 0 only if every message came back intact. Both publish their
// engine to DPDK telemetry and, with --stats-interval, print their memory
// use as they run.
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "options.h"
#include "resource_stats.h"
#include "rt/engine.h"
#include "rt/port.h"
#include "rt/system_random.h"
#include "rt/telemetry.h"
#include "rt/tsc_clock.h"
#include "histogram.h"

namespace dsctp::apps {
namespace {

std::atomic<bool> stop_requested{false};

// The client's PPIDs: a range IANA has not assigned, so that a dissector
// reading a capture does not take the test payload for M3UA or Diameter.
constexpr uint32_t kPpidBase = 100000;

// How long the client keeps its port up after its association closed.
constexpr std::chrono::milliseconds kLinger{100};

void on_signal(int) { stop_requested.store(true); }

struct Echo {
  std::vector<uint64_t> associations;  // ids, for the clean stop
  uint64_t messages = 0;               // received: echoed, or echoes
  // Client side.
  bool connected = false;
  bool closed = false;
  sctp::CloseInfo close_info;
  std::vector<std::byte> last_echo;
  bool have_echo = false;
};

sctp::Callbacks server_callbacks() {
  sctp::Callbacks cb;
  cb.connected = [](void* ctx, sctp::Association& a) {
    static_cast<Echo*>(ctx)->associations.push_back(a.id());
    std::printf("association %llu up\n", static_cast<unsigned long long>(a.id()));
  };
  cb.message = [](void* ctx, sctp::Association& a, sctp::ReceivedMessage& m) {
    ++static_cast<Echo*>(ctx)->messages;
    // The message is a view into received mbufs: copied once into the
    // send queue, which is what send() does.
    std::vector<std::byte> bytes(m.size());
    size_t at = 0;
    m.for_each_fragment([&](const ByteRange& r) {
      r.copy_to(bytes.data() + at);
      at += r.size();
    });
    sctp::SendStatus s = a.send(m.stream(), m.ppid(), bytes, sctp::SendOptions{m.unordered()});
    if (s != sctp::SendStatus::kOk) {
      std::fprintf(stderr, "echo on association %llu failed: %s\n",
                   static_cast<unsigned long long>(a.id()), sctp::to_string(s));
    }
  };
  cb.closed = [](void* ctx, sctp::Association& a, const sctp::CloseInfo& info) {
    auto& ids = static_cast<Echo*>(ctx)->associations;
    ids.erase(std::remove(ids.begin(), ids.end(), a.id()), ids.end());
    std::printf("association %llu closed: %s\n", static_cast<unsigned long long>(a.id()),
                sctp::to_string(info.reason));
  };
  return cb;
}

sctp::Callbacks client_callbacks() {
  sctp::Callbacks cb;
  cb.connected = [](void* ctx, sctp::Association&) { static_cast<Echo*>(ctx)->connected = true; };
  cb.message = [](void* ctx, sctp::Association&, sctp::ReceivedMessage& m) {
    auto* e = static_cast<Echo*>(ctx);
    ++e->messages;
    e->last_echo.resize(m.size());
    size_t at = 0;
    m.for_each_fragment([&](const ByteRange& r) {
      r.copy_to(e->last_echo.data() + at);
      at += r.size();
    });
    e->have_echo = true;
  };
  cb.closed = [](void* ctx, sctp::Association&, const sctp::CloseInfo& info) {
    auto* e = static_cast<Echo*>(ctx);
    e->closed = true;
    e->close_info = info;
  };
  return cb;
}

rt::EngineConfig engine_config(const EchoOptions& o, const rt::PortInfo& port) {
  rt::EngineConfig c;
  c.port_id = o.port_id;
  c.net.mac = port.mac;
  c.net.addresses.push_back({o.ip, o.prefix_length});
  c.net.gateway = o.gateway;
  c.net.encapsulation = o.encap;
  c.net.local_udp_port = o.udp_port;
  c.sctp.association.outbound_streams = o.outbound_streams;
  c.sctp.association.max_inbound_streams = o.inbound_streams;
  c.sctp.cookie.lifetime = std::chrono::milliseconds(o.cookie_life_ms);
  if (o.encap == net::Encapsulation::kUdp) c.sctp.association.lower_layer_overhead = 28;
  c.offload = port.offload;
  c.multi_segment_tx = port.multi_segment_tx;
  return c;
}

// The poll loop and what rides on it: the periodic resource line.
struct Poller {
  rt::Engine& engine;
  ResourceStats& stats;
  const Echo& echo;

  void poll() {
    engine.poll();
    stats.tick(engine.now(), echo.messages);
  }

  // Polls until `done` holds, a stop is requested or `timeout` passes.
  template <class F>
  bool until(F done, std::chrono::milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (stop_requested.load() || std::chrono::steady_clock::now() > end) return false;
      poll();
    }
    return true;
  }
};

// Every nonzero counter as name=value, one line per group: for the user,
// for diagnosing a silent peer, and for tests that count drops by reason.
void print_counters(const rt::Engine& engine) {
  const char* group = nullptr;
  for (const rt::NamedCounter& c : rt::engine_counters(engine)) {
    if (group == nullptr || std::strcmp(group, c.group) != 0) {
      std::printf("%s%s:", group == nullptr ? "" : "\n", c.group);
      group = c.group;
    }
    if (c.value != 0) std::printf(" %s=%llu", c.name, static_cast<unsigned long long>(c.value));
  }
  std::printf("\n");
}

int run_server(rt::Engine& engine, rte_mempool* pool, const EchoOptions& o) {
  Echo echo;
  ResourceStats stats(pool, o.stats_interval_s, engine.now());
  Poller poller{engine, stats, echo};
  if (!engine.endpoint().listen(o.sctp_port, server_callbacks(), &echo)) {
    std::fprintf(stderr, "dpdk-sctp-echo: cannot listen on port %u\n", o.sctp_port);
    return 1;
  }
  std::printf("echo server on %s:%u, port %u\n", o.ip.to_string().c_str(), o.sctp_port,
              o.port_id);
  std::fflush(stdout);
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(o.duration_s);
  while (!stop_requested.load() &&
         (o.duration_s == 0 || std::chrono::steady_clock::now() < end)) {
    poller.poll();
  }
  // A clean stop: shut every association down, give them a second, abort
  // what is left.
  for (uint64_t id : echo.associations) {
    if (sctp::Association* a = engine.endpoint().find(id)) a->shutdown(engine.now());
  }
  stop_requested.store(false);
  poller.until([&] { return echo.associations.empty(); }, std::chrono::seconds(1));
  for (uint64_t id : std::vector<uint64_t>(echo.associations)) {
    if (sctp::Association* a = engine.endpoint().find(id)) a->abort(engine.now());
  }
  engine.poll();
  std::printf("echoed %llu messages\n", static_cast<unsigned long long>(echo.messages));
  print_counters(engine);
  return 0;
}

// What the client measured.
struct ClientRun {
  uint64_t sent = 0;
  uint64_t good = 0;    // echoes equal to what was sent
  bool failed = false;  // stopped before the count or the duration ended
  LatencyHistogram rtt;  // fixed size however long the client runs
};

// Sends message `i` and waits for its echo; false when the association is
// gone, refused the message or did not echo it in time.
bool exchange(Poller& poller, Echo& echo, uint64_t id, uint64_t i, const EchoOptions& o,
              const rt::TscClock& clock, ClientRun& run) {
  sctp::Association* a = poller.engine.endpoint().find(id);
  if (a == nullptr) {
    std::fprintf(stderr, "dpdk-sctp-echo: the association closed after %llu messages\n",
                 static_cast<unsigned long long>(i));
    return false;
  }
  std::vector<std::byte> msg(o.size);
  for (uint32_t k = 0; k < o.size; ++k) msg[k] = static_cast<std::byte>(i * 131 + k);
  echo.have_echo = false;
  TimePoint start = clock.now();
  sctp::SendStatus s =
      a->send(sctp::StreamId(static_cast<uint16_t>(i % o.streams)),
              sctp::Ppid(static_cast<uint32_t>(kPpidBase + i)), msg, sctp::SendOptions{o.unordered});
  if (s != sctp::SendStatus::kOk) {
    std::fprintf(stderr, "dpdk-sctp-echo: send failed: %s\n", sctp::to_string(s));
    return false;
  }
  ++run.sent;
  const auto timeout = std::chrono::milliseconds(o.timeout_ms);
  if (!poller.until([&] { return echo.have_echo || echo.closed; }, timeout) || !echo.have_echo) {
    std::fprintf(stderr, "dpdk-sctp-echo: no echo of message %llu within %u ms\n",
                 static_cast<unsigned long long>(i), o.timeout_ms);
    return false;
  }
  run.rtt.record(static_cast<uint64_t>((clock.now() - start).count()));
  if (echo.last_echo == msg) ++run.good;
  return true;
}

int run_client(rt::Engine& engine, rte_mempool* pool, const EchoOptions& o) {
  Echo echo;
  ResourceStats stats(pool, o.stats_interval_s, engine.now());
  Poller poller{engine, stats, echo};
  const auto timeout = std::chrono::milliseconds(o.timeout_ms);
  sctp::Association* a = engine.endpoint().connect(
      engine.now(), 0, o.sctp_port, {sctp::IpAddress::ipv4(o.peer->value())}, client_callbacks(),
      &echo);
  if (a == nullptr) {
    std::fprintf(stderr, "dpdk-sctp-echo: cannot start an association\n");
    return 1;
  }
  uint64_t id = a->id();
  if (!poller.until([&] { return echo.connected || echo.closed; }, timeout) || !echo.connected) {
    std::fprintf(stderr, "dpdk-sctp-echo: no association with %s:%u within %u ms%s%s\n",
                 o.peer->to_string().c_str(), o.sctp_port, o.timeout_ms,
                 echo.closed ? ": " : "", echo.closed ? sctp::to_string(echo.close_info.reason) : "");
    return 1;
  }
  ClientRun run;
  rt::TscClock clock;
  // --count 0: as many as fit in the duration.
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(o.duration_s);
  for (uint64_t i = 0; o.count != 0 ? i < o.count : std::chrono::steady_clock::now() < end; ++i) {
    if (stop_requested.load() || !exchange(poller, echo, id, i, o, clock, run)) {
      run.failed = true;
      break;
    }
  }
  if (sctp::Association* left = engine.endpoint().find(id)) left->shutdown(engine.now());
  stop_requested.store(false);
  poller.until([&] { return echo.closed; }, timeout);
  // The SHUTDOWN COMPLETE has left, but a port stopped at once can take
  // it back before the peer read it (memif drops its rings on
  // disconnect), and the peer would then abort instead of closing. A
  // descheduled peer needs a few milliseconds; keep the port up longer.
  poller.until([] { return false; }, kLinger);
  std::printf("echoed %llu of %llu messages of %u bytes intact; round trip p50 %.1f us, "
              "p99 %.1f us, max %.1f us; closed: %s\n",
              static_cast<unsigned long long>(run.good),
              static_cast<unsigned long long>(o.count != 0 ? o.count : run.sent), o.size,
              run.rtt.percentile(0.5) / 1e3, run.rtt.percentile(0.99) / 1e3, run.rtt.max() / 1e3,
              echo.closed ? sctp::to_string(echo.close_info.reason) : "no");
  return !run.failed && run.sent > 0 && run.good == run.sent && echo.closed ? 0 : 1;
}

int run(int argc, char** argv) {
  // Whoever follows a redirected output (a test waiting for "association
  // 1 up") sees each line when it happens. Set before anything is printed.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  int used = rte_eal_init(argc, argv);
  if (used < 0) {
    std::fprintf(stderr, "dpdk-sctp-echo: EAL initialisation failed: %s\n%s",
                 rte_strerror(rte_errno), echo_usage());
    return 2;
  }
  std::vector<std::string> args(argv + used + 1, argv + argc);
  std::string error;
  std::optional<EchoOptions> options = parse_echo_options(args, error);
  if (!options) {
    std::fprintf(stderr, "dpdk-sctp-echo: %s\n%s", error.c_str(), echo_usage());
    rte_eal_cleanup();
    return 2;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  rte_mempool* pool =
      rte_pktmbuf_pool_create("echo_mbufs", 8191, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
                              static_cast<int>(rte_socket_id()));
  if (pool == nullptr) {
    std::fprintf(stderr, "dpdk-sctp-echo: no mbuf pool: %s\n", rte_strerror(rte_errno));
    rte_eal_cleanup();
    return 1;
  }
  rt::PortInfo port;
  if (!rt::start_port(options->port_id, pool, {}, port, error)) {
    std::fprintf(stderr, "dpdk-sctp-echo: port %u: %s\n", options->port_id, error.c_str());
    rte_mempool_free(pool);
    rte_eal_cleanup();
    return 1;
  }
  int rc = 0;
  {
    rt::SystemRandom random;
    rt::Engine engine(engine_config(*options, port), pool, random);
    rt::EngineTelemetry telemetry(engine);
    engine.start();
    rc = options->role == EchoOptions::Role::kServer ? run_server(engine, pool, *options)
                                                     : run_client(engine, pool, *options);
  }
  rt::stop_port(options->port_id);
  rte_mempool_free(pool);
  rte_eal_cleanup();
  return rc;
}

}  // namespace
}  // namespace dsctp::apps

int main(int argc, char** argv) { return dsctp::apps::run(argc, argv); }
