// An echo server on the installed API: every SCTP message to port 5001 of
// 10.0.0.1/24 goes back on its stream with its PPID, over DPDK port 0
// (whatever EAL brings up: a NIC, or a --vdev), until SIGINT or SIGTERM.
//
//   echo_server -l 0 --no-huge --no-pci --vdev=net_memif0,role=server
//
// and from another process, dpdk-sctp-echo as the client:
//
//   dpdk-sctp-echo -l 1 --no-huge --no-pci --vdev=net_memif0,role=client
//     -- --role client --ip 10.0.0.2 --peer 10.0.0.1
#include <dpdk_sctp.h>

#include <csignal>
#include <cstdio>
#include <vector>

using namespace dsctp;

static volatile std::sig_atomic_t stop = 0;

static void serve(rte_mempool* pool, const rt::PortInfo& port) {
  rt::EngineConfig config;
  config.net.mac = port.mac;
  config.net.addresses.push_back({net::Ipv4Address::from_octets(10, 0, 0, 1), 24});
  config.offload = port.offload;
  config.multi_segment_tx = port.multi_segment_tx;
  rt::SystemRandom random;
  rt::Engine engine(config, pool, random);

  sctp::Callbacks callbacks;
  callbacks.message = [](void*, sctp::Association& a, sctp::ReceivedMessage& m) {
    std::vector<std::byte> bytes(m.size());  // the payload is a view into mbufs
    size_t at = 0;
    m.for_each_fragment([&](const ByteRange& r) { r.copy_to(bytes.data() + at); at += r.size(); });
    a.send(m.stream(), m.ppid(), bytes, sctp::SendOptions{m.unordered()});
  };
  engine.endpoint().listen(5001, callbacks, /*context=*/nullptr);
  engine.start();
  std::printf("echo server on 10.0.0.1 port 5001\n");
  std::fflush(stdout);
  while (stop == 0) engine.poll();
}  // the engine lets go of its mbufs here, before the pool is freed

int main(int argc, char** argv) {
  if (rte_eal_init(argc, argv) < 0) return 1;
  std::signal(SIGINT, [](int) { stop = 1; });
  std::signal(SIGTERM, [](int) { stop = 1; });
  rte_mempool* pool =
      rte_pktmbuf_pool_create("mbufs", 8191, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
  rt::PortInfo port;
  std::string error;
  if (pool == nullptr || !rt::start_port(0, pool, {}, port, error)) {
    std::fprintf(stderr, "echo_server: port 0: %s\n", pool ? error.c_str() : "no mbuf pool");
    return 1;
  }
  serve(pool, port);
  rt::stop_port(0);
  rte_mempool_free(pool);
  rte_eal_cleanup();
  return 0;
}
