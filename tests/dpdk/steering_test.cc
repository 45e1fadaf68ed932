// Two engines per side, each polled by its own thread, as on two lcores:
// between the sides a "switch" (this test's main thread) puts every frame
// on a randomly chosen queue of the receiving port, so about half of all
// packets land on the engine that does not own their association, as with
// a NIC that hashes SCTP on the IP pair only. The engines must hand those
// to the owner (by the tag's owner bits) and lose or reorder nothing.
#include <gtest/gtest.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "base/random.h"
#include "rt/engine.h"
#include "rt/port.h"
#include "rt/steering.h"

namespace dsctp::rt {
namespace {

constexpr uint16_t kQueues = 2;
constexpr uint16_t kServerPort = 5001;
constexpr int kAssociationsPerEngine = 3;
constexpr int kMessages = 200;
constexpr uint16_t kStreams = 4;

// One side's port: its own rings per queue, both directions.
struct Side {
  std::array<rte_ring*, kQueues> rx{};
  std::array<rte_ring*, kQueues> tx{};
  uint16_t port = 0;
  PortInfo info;
};

std::vector<std::byte> payload(int association, int index) {
  std::vector<std::byte> b(1 + (association * 977 + index * 131) % 1500);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::byte>(association + index + i);
  return b;
}

// What one client engine's thread did; touched only by that thread until
// it finishes.
struct ClientLog {
  int connected = 0;
  int closed_gracefully = 0;
  // Echoes per association, in arrival order, keyed by association index.
  std::map<int, std::vector<std::vector<std::byte>>> echoes;
  std::map<int, std::vector<uint32_t>> echo_ppids;
};

struct Link {
  ClientLog* log;
  int index;
};

sctp::Callbacks client_callbacks() {
  sctp::Callbacks cb;
  cb.connected = [](void* ctx, sctp::Association&) { ++static_cast<Link*>(ctx)->log->connected; };
  cb.message = [](void* ctx, sctp::Association&, sctp::ReceivedMessage& m) {
    auto* l = static_cast<Link*>(ctx);
    std::vector<std::byte> bytes(m.size());
    size_t at = 0;
    m.for_each_fragment([&](const ByteRange& r) {
      r.copy_to(bytes.data() + at);
      at += r.size();
    });
    l->log->echoes[l->index].push_back(std::move(bytes));
    l->log->echo_ppids[l->index].push_back(m.ppid().value());
  };
  cb.closed = [](void* ctx, sctp::Association&, const sctp::CloseInfo& info) {
    if (info.reason == sctp::CloseReason::kShutdown) ++static_cast<Link*>(ctx)->log->closed_gracefully;
  };
  return cb;
}

sctp::Callbacks echo_callbacks() {
  sctp::Callbacks cb;
  cb.message = [](void*, sctp::Association& a, sctp::ReceivedMessage& m) {
    std::vector<std::byte> bytes(m.size());
    size_t at = 0;
    m.for_each_fragment([&](const ByteRange& r) {
      r.copy_to(bytes.data() + at);
      at += r.size();
    });
    a.send(m.stream(), m.ppid(), bytes, sctp::SendOptions{m.unordered()});
  };
  return cb;
}

class Steered : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = rte_pktmbuf_pool_create("dsctp_steer_pool", 8191, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
    ASSERT_NE(pool_, nullptr) << rte_strerror(rte_errno);
    make_side("c", client_);
    make_side("s", server_);
    std::string error;
    client_steering_ = Steering::create(kQueues, error);
    server_steering_ = Steering::create(kQueues, error);
    ASSERT_TRUE(client_steering_ && server_steering_) << error;
  }

  void make_side(const std::string& name, Side& side) {
    for (uint16_t q = 0; q < kQueues; ++q) {
      std::string n = "dsctp_st_" + name + std::to_string(q);
      // The switch thread and the engine's thread share each ring.
      side.rx[q] = rte_ring_create((n + "r").c_str(), 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
      side.tx[q] = rte_ring_create((n + "t").c_str(), 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
      ASSERT_TRUE(side.rx[q] && side.tx[q]);
    }
    int port = rte_eth_from_rings(("dsctp_st_" + name).c_str(), side.rx.data(), kQueues,
                                  side.tx.data(), kQueues, 0);
    ASSERT_GE(port, 0);
    side.port = static_cast<uint16_t>(port);
    std::string error;
    PortSettings settings;
    settings.queues = kQueues;
    ASSERT_TRUE(start_port(side.port, pool_, settings, side.info, error)) << error;
  }

  void TearDown() override {
    engines_.clear();
    client_steering_.reset();
    server_steering_.reset();
    for (Side* side : {&client_, &server_}) {
      stop_port(side->port);
      for (uint16_t q = 0; q < kQueues; ++q) {
        for (rte_ring* r : {side->rx[q], side->tx[q]}) {
          void* m = nullptr;
          while (rte_ring_dequeue(r, &m) == 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
          rte_ring_free(r);
        }
      }
    }
    EXPECT_EQ(rte_mempool_in_use_count(pool_), 0u) << "mbufs leaked";
    rte_mempool_free(pool_);
  }

  EngineConfig config(const Side& side, Steering* steering, uint16_t queue, uint8_t host) {
    EngineConfig c;
    c.port_id = side.port;
    c.queue_id = queue;
    // Ring ports have MAC zero; the engines of one side share the port's.
    c.net.mac.bytes = {0x02, 0, 0, 0, 0, host};
    c.net.addresses.push_back({net::Ipv4Address::from_octets(10, 0, 0, host), 24});
    c.sctp.association.path.rto.initial = std::chrono::milliseconds(100);
    c.sctp.association.path.rto.min = std::chrono::milliseconds(20);
    c.offload = side.info.offload;
    c.multi_segment_tx = side.info.multi_segment_tx;
    c.steering = steering;
    c.engine_index = queue;
    return c;
  }

  // Moves frames from one side's TX rings to a random RX ring of the other.
  static unsigned forward(Side& from, Side& to, SeededRandom& random) {
    unsigned moved = 0;
    for (uint16_t q = 0; q < kQueues; ++q) {
      void* m = nullptr;
      while (rte_ring_dequeue(from.tx[q], &m) == 0) {
        uint16_t target = static_cast<uint16_t>(random.next_u32() % kQueues);
        if (rte_ring_enqueue(to.rx[target], m) != 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
        ++moved;
      }
    }
    return moved;
  }

  rte_mempool* pool_ = nullptr;
  Side client_;
  Side server_;
  std::unique_ptr<Steering> client_steering_;
  std::unique_ptr<Steering> server_steering_;
  std::vector<std::unique_ptr<Engine>> engines_;
};

TEST_F(Steered, PacketsOnTheWrongEngineReachTheOwner) {
  std::array<SeededRandom, 4> randoms{SeededRandom(11), SeededRandom(12), SeededRandom(13),
                                      SeededRandom(14)};
  std::atomic<bool> stop{false};
  std::atomic<int> clients_done{0};
  std::array<ClientLog, kQueues> logs;
  std::vector<std::thread> threads;
  // Each engine is made, started and polled by its own thread only.
  for (uint16_t q = 0; q < kQueues; ++q) {
    engines_.push_back(std::make_unique<Engine>(config(server_, server_steering_.get(), q, 1),
                                                pool_, randoms[q]));
    engines_.push_back(std::make_unique<Engine>(config(client_, client_steering_.get(), q, 2),
                                                pool_, randoms[2 + q]));
  }
  for (uint16_t q = 0; q < kQueues; ++q) {
    Engine* server = engines_[2 * q].get();
    ASSERT_TRUE(server->endpoint().listen(kServerPort, echo_callbacks(), nullptr));
    threads.emplace_back([server, &stop] {
      server->start();
      while (!stop.load()) server->poll();
    });
  }
  for (uint16_t q = 0; q < kQueues; ++q) {
    Engine* client = engines_[2 * q + 1].get();
    ClientLog* log = &logs[q];
    threads.emplace_back([client, log, q, &stop, &clients_done] {
      client->start();
      std::array<Link, kAssociationsPerEngine> links;
      std::array<uint64_t, kAssociationsPerEngine> ids{};
      for (int i = 0; i < kAssociationsPerEngine; ++i) {
        links[i] = Link{log, q * 100 + i};
        sctp::Association* a = client->endpoint().connect(
            client->now(), 0, kServerPort, {sctp::IpAddress::ipv4(0x0a000001)},
            client_callbacks(), &links[i]);
        ids[i] = a != nullptr ? a->id() : 0;
      }
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      auto poll_until = [&](auto done) {
        while (!done() && !stop.load() && std::chrono::steady_clock::now() < deadline) {
          client->poll();
        }
      };
      poll_until([&] { return log->connected == kAssociationsPerEngine; });
      for (int n = 0; n < kMessages; ++n) {
        for (int i = 0; i < kAssociationsPerEngine; ++i) {
          if (sctp::Association* a = client->endpoint().find(ids[i])) {
            auto bytes = payload(links[i].index, n);
            a->send(sctp::StreamId(static_cast<uint16_t>(n % kStreams)), sctp::Ppid(n), bytes);
          }
        }
        client->poll();
      }
      poll_until([&] {
        for (int i = 0; i < kAssociationsPerEngine; ++i) {
          if (log->echoes[links[i].index].size() < kMessages) return false;
        }
        return true;
      });
      for (int i = 0; i < kAssociationsPerEngine; ++i) {
        if (sctp::Association* a = client->endpoint().find(ids[i])) a->shutdown(client->now());
      }
      poll_until([&] { return log->closed_gracefully == kAssociationsPerEngine; });
      ++clients_done;
      while (!stop.load()) client->poll();  // still hand over what arrives
    });
  }
  SeededRandom switch_random(99);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  while (clients_done.load() < kQueues && std::chrono::steady_clock::now() < deadline) {
    forward(client_, server_, switch_random);
    forward(server_, client_, switch_random);
  }
  stop.store(true);
  for (std::thread& t : threads) t.join();

  for (uint16_t q = 0; q < kQueues; ++q) {
    const ClientLog& log = logs[q];
    EXPECT_EQ(log.connected, kAssociationsPerEngine) << "client engine " << q;
    EXPECT_EQ(log.closed_gracefully, kAssociationsPerEngine) << "client engine " << q;
    for (int i = 0; i < kAssociationsPerEngine; ++i) {
      int index = q * 100 + i;
      auto it = log.echoes.find(index);
      ASSERT_NE(it, log.echoes.end()) << "association " << index;
      ASSERT_EQ(it->second.size(), static_cast<size_t>(kMessages)) << "association " << index;
      // Ordered streams: within a stream, echoes come back in send order.
      std::array<int, kStreams> next{};
      for (size_t k = 0; k < it->second.size(); ++k) {
        uint32_t ppid = log.echo_ppids.at(index)[k];
        int stream = static_cast<int>(ppid % kStreams);
        EXPECT_EQ(static_cast<int>(ppid), next[stream] * kStreams + stream);
        EXPECT_EQ(it->second[k], payload(index, static_cast<int>(ppid)));
        ++next[stream];
      }
    }
  }
  // Engines alternate server, client. An engine may own no association
  // (every INIT it could answer went elsewhere) and so never see a foreign
  // packet, but each side as a whole must have handed packets over.
  uint64_t steered = 0;
  std::array<uint64_t, 2> per_side{};
  for (size_t i = 0; i < engines_.size(); ++i) {
    const EngineCounters& c = engines_[i]->counters();
    EXPECT_EQ(c.steer_dropped, 0u);
    per_side[i % 2] += c.steered_out;
    steered += c.steered_out;
  }
  EXPECT_GT(per_side[0], 0u) << "server side";
  EXPECT_GT(per_side[1], 0u) << "client side";
  std::printf("packets handed to their owner: %llu\n", static_cast<unsigned long long>(steered));
}

}  // namespace
}  // namespace dsctp::rt
