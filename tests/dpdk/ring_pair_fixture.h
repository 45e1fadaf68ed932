// Two engines in one process joined by an rte_eth_from_rings() pair: the
// whole data path (mbufs, Ethernet, ARP, IPv4, SCTP, callbacks) without
// hugepages, a NIC or another process. TearDown checks that every mbuf
// came back to the pool.
#pragma once

#include <gtest/gtest.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include <chrono>
#include <memory>
#include <string>

#include "base/random.h"
#include "rt/engine.h"
#include "rt/port.h"

namespace dsctp::rt {

inline constexpr uint16_t kServerPort = 5001;

class RingPair : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tag = std::to_string(counter_++);
    pool_ = rte_pktmbuf_pool_create(("dsctp_pool" + tag).c_str(), 4095, 256, 0, data_room_, 0);
    ASSERT_NE(pool_, nullptr) << rte_strerror(rte_errno);
    ab_ = rte_ring_create(("dsctp_ab" + tag).c_str(), 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
    ba_ = rte_ring_create(("dsctp_ba" + tag).c_str(), 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
    ASSERT_NE(ab_, nullptr);
    ASSERT_NE(ba_, nullptr);
    int a = rte_eth_from_rings(("dsctp_a" + tag).c_str(), &ba_, 1, &ab_, 1, 0);
    int b = rte_eth_from_rings(("dsctp_b" + tag).c_str(), &ab_, 1, &ba_, 1, 0);
    ASSERT_GE(a, 0);
    ASSERT_GE(b, 0);
    port_a_ = static_cast<uint16_t>(a);
    port_b_ = static_cast<uint16_t>(b);
    std::string error;
    ASSERT_TRUE(start_port(port_a_, pool_, {}, info_a_, error)) << error;
    ASSERT_TRUE(start_port(port_b_, pool_, {}, info_b_, error)) << error;
    client_ = std::make_unique<Engine>(config(port_a_, info_a_, 1), pool_, random_a_);
    server_ = std::make_unique<Engine>(config(port_b_, info_b_, 2), pool_, random_b_);
    client_->start();
    server_->start();
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    stop_port(port_a_);
    stop_port(port_b_);
    // Frames still in the rings (the last ones sent) go back to the pool.
    void* m = nullptr;
    while (rte_ring_dequeue(ab_, &m) == 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
    while (rte_ring_dequeue(ba_, &m) == 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
    if (pool_ != nullptr) {
      EXPECT_EQ(rte_mempool_in_use_count(pool_), 0u) << "mbufs leaked";
      rte_mempool_free(pool_);
    }
    rte_ring_free(ab_);
    rte_ring_free(ba_);
  }

  static EngineConfig config(uint16_t port, const PortInfo& info, uint8_t host) {
    EngineConfig c;
    c.port_id = port;
    // Ring ports all report MAC 00:00:00:00:00:00, which ARP would take
    // for our own address coming back; rings do not filter by MAC, so
    // each side gets a locally administered one of its own.
    c.net.mac = info.mac;
    c.net.mac.bytes = {0x02, 0, 0, 0, 0, host};
    c.net.addresses.push_back({net::Ipv4Address::from_octets(10, 0, 0, host), 24});
    c.sctp.association.path.rto.initial = std::chrono::milliseconds(100);
    c.sctp.association.path.rto.min = std::chrono::milliseconds(20);
    c.offload = info.offload;
    c.multi_segment_tx = info.multi_segment_tx;
    return c;
  }

  // The server listens, the client connects, both with `cb`: the client's
  // association once ESTABLISHED (the server's is by then), else null.
  sctp::Association* connect_pair(const sctp::Callbacks& cb, void* client_context,
                                  void* server_context) {
    if (!server_->endpoint().listen(kServerPort, cb, server_context)) return nullptr;
    sctp::Association* a = client_->endpoint().connect(
        client_->now(), 0, kServerPort, {sctp::IpAddress::ipv4(0x0a000002)}, cb, client_context);
    if (a == nullptr) return nullptr;
    const uint64_t id = a->id();
    bool up = run_until([&] {
      sctp::Association* c = client_->endpoint().find(id);
      return c != nullptr && c->state() == sctp::AssociationState::kEstablished;
    });
    return up ? a : nullptr;
  }

  // Polls both engines until `done` or a wall-clock limit.
  template <class F>
  bool run_until(F done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      client_->poll();
      server_->poll();
      if (done()) return true;
    }
    return false;
  }

  static inline int counter_ = 0;
  // A fixture may make mbufs smaller than a frame, before SetUp().
  uint16_t data_room_ = RTE_MBUF_DEFAULT_BUF_SIZE;
  rte_mempool* pool_ = nullptr;
  rte_ring* ab_ = nullptr;
  rte_ring* ba_ = nullptr;
  uint16_t port_a_ = 0;
  uint16_t port_b_ = 0;
  PortInfo info_a_;
  PortInfo info_b_;
  SeededRandom random_a_{11};
  SeededRandom random_b_{22};
  std::unique_ptr<Engine> client_;
  std::unique_ptr<Engine> server_;
};

}  // namespace dsctp::rt
