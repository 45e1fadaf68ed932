// dpdk-sctp-echo: the SCTP echo server and client on any DPDK port.
//
//   dpdk-sctp-echo -l 0 --vdev=net_af_packet0,iface=veth0 -- --ip 10.0.0.1
//   dpdk-sctp-echo -l 0 ... -- --role client --ip 10.0.0.2 --peer 10.0.0.1
//
// The server echoes every message on the association and stream it came
// on, with the same PPID and the same ordered/unordered flag. The client
// sends --count messages one at a time, checks each echo byte for byte,
// prints round-trip times and shuts down; it exits 0 only if every
// message came back intact.
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "options.h"
#include "rt/engine.h"
#include "rt/port.h"
#include "rt/system_random.h"
#include "rt/tsc_clock.h"

namespace dsctp::apps {
namespace {

std::atomic<bool> stop_requested{false};

// The client's PPIDs: a range IANA has not assigned, so that a dissector
// reading a capture does not take the test payload for M3UA or Diameter.
constexpr uint32_t kPpidBase = 100000;

void on_signal(int) { stop_requested.store(true); }

struct Echo {
  std::vector<uint64_t> associations;  // ids, for the clean stop
  uint64_t messages = 0;
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
  return c;
}

// Polls until `done` holds, a stop is requested or `timeout` passes.
template <class F>
bool poll_until(rt::Engine& engine, F done, std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (stop_requested.load() || std::chrono::steady_clock::now() > end) return false;
    engine.poll();
  }
  return true;
}

// What the engine saw, for the user and for diagnosing a silent peer.
void print_counters(const rt::Engine& engine) {
  const net::NetCounters& n = engine.net().counters();
  const sctp::EndpointStats& e = const_cast<rt::Engine&>(engine).endpoint().stats();
  std::printf("frames in %llu out %llu; sctp in %llu out %llu; dropped: truncated %llu, "
              "bad IP checksum %llu, fragments %llu, not for us %llu, bad UDP checksum %llu, "
              "UDP port closed %llu; sctp bad checksum %llu, bad tag %llu, out of the blue %llu\n",
              static_cast<unsigned long long>(n.frames_in),
              static_cast<unsigned long long>(n.frames_out),
              static_cast<unsigned long long>(n.sctp_in),
              static_cast<unsigned long long>(n.sctp_out),
              static_cast<unsigned long long>(n.truncated),
              static_cast<unsigned long long>(n.bad_ip_checksum),
              static_cast<unsigned long long>(n.fragments),
              static_cast<unsigned long long>(n.not_our_mac + n.not_our_ip),
              static_cast<unsigned long long>(n.bad_udp_checksum),
              static_cast<unsigned long long>(n.udp_port_closed),
              static_cast<unsigned long long>(e.dropped_bad_checksum),
              static_cast<unsigned long long>(e.dropped_bad_tag),
              static_cast<unsigned long long>(e.out_of_the_blue));
}

int run_server(rt::Engine& engine, const EchoOptions& o) {
  Echo echo;
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
    engine.poll();
  }
  // A clean stop: shut every association down, give them a second, abort
  // what is left.
  for (uint64_t id : echo.associations) {
    if (sctp::Association* a = engine.endpoint().find(id)) a->shutdown(engine.now());
  }
  stop_requested.store(false);
  poll_until(engine, [&] { return echo.associations.empty(); }, std::chrono::seconds(1));
  for (uint64_t id : std::vector<uint64_t>(echo.associations)) {
    if (sctp::Association* a = engine.endpoint().find(id)) a->abort(engine.now());
  }
  engine.poll();
  std::printf("echoed %llu messages\n", static_cast<unsigned long long>(echo.messages));
  print_counters(engine);
  return 0;
}

int run_client(rt::Engine& engine, const EchoOptions& o) {
  Echo echo;
  const auto timeout = std::chrono::milliseconds(o.timeout_ms);
  sctp::Association* a = engine.endpoint().connect(
      engine.now(), 0, o.sctp_port, {sctp::IpAddress::ipv4(o.peer->value())}, client_callbacks(),
      &echo);
  if (a == nullptr) {
    std::fprintf(stderr, "dpdk-sctp-echo: cannot start an association\n");
    return 1;
  }
  uint64_t id = a->id();
  if (!poll_until(engine, [&] { return echo.connected || echo.closed; }, timeout) ||
      !echo.connected) {
    std::fprintf(stderr, "dpdk-sctp-echo: no association with %s:%u within %u ms%s%s\n",
                 o.peer->to_string().c_str(), o.sctp_port, o.timeout_ms,
                 echo.closed ? ": " : "", echo.closed ? sctp::to_string(echo.close_info.reason) : "");
    return 1;
  }
  std::vector<double> rtt_us;
  rt::TscClock clock;
  uint32_t good = 0;
  for (uint32_t i = 0; i < o.count && !stop_requested.load(); ++i) {
    a = engine.endpoint().find(id);
    if (a == nullptr) break;
    std::vector<std::byte> msg(o.size);
    for (uint32_t k = 0; k < o.size; ++k) msg[k] = static_cast<std::byte>(i * 131 + k);
    echo.have_echo = false;
    TimePoint start = clock.now();
    sctp::SendStatus s = a->send(sctp::StreamId(static_cast<uint16_t>(i % o.streams)),
                                 sctp::Ppid(kPpidBase + i), msg, sctp::SendOptions{o.unordered});
    if (s != sctp::SendStatus::kOk) {
      std::fprintf(stderr, "dpdk-sctp-echo: send failed: %s\n", sctp::to_string(s));
      break;
    }
    if (!poll_until(engine, [&] { return echo.have_echo || echo.closed; }, timeout) ||
        !echo.have_echo) {
      std::fprintf(stderr, "dpdk-sctp-echo: no echo of message %u within %u ms\n", i,
                   o.timeout_ms);
      break;
    }
    rtt_us.push_back(std::chrono::duration<double, std::micro>(clock.now() - start).count());
    if (echo.last_echo == msg) ++good;
  }
  if (sctp::Association* left = engine.endpoint().find(id)) left->shutdown(engine.now());
  stop_requested.store(false);
  poll_until(engine, [&] { return echo.closed; }, timeout);
  std::sort(rtt_us.begin(), rtt_us.end());
  auto pct = [&](double p) {
    return rtt_us.empty() ? 0.0 : rtt_us[static_cast<size_t>(p * (rtt_us.size() - 1))];
  };
  std::printf("echoed %u of %u messages of %u bytes intact; round trip p50 %.1f us, p99 %.1f us, "
              "max %.1f us; closed: %s\n",
              good, o.count, o.size, pct(0.5), pct(0.99), rtt_us.empty() ? 0.0 : rtt_us.back(),
              echo.closed ? sctp::to_string(echo.close_info.reason) : "no");
  return good == o.count && echo.closed ? 0 : 1;
}

int run(int argc, char** argv) {
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
    engine.start();
    rc = options->role == EchoOptions::Role::kServer ? run_server(engine, *options)
                                                     : run_client(engine, *options);
  }
  rt::stop_port(options->port_id);
  rte_mempool_free(pool);
  rte_eal_cleanup();
  return rc;
}

}  // namespace
}  // namespace dsctp::apps

int main(int argc, char** argv) { return dsctp::apps::run(argc, argv); }
