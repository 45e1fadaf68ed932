// Two engines in one process joined by an rte_eth_from_rings() pair: the
// whole data path (mbufs, Ethernet, ARP, IPv4, SCTP, callbacks) without
// hugepages, a NIC or another process. Payload is delivered as a view into
// the received mbuf; the test checks the mbufs all come back to the pool.
#include <gtest/gtest.h>

#include <vector>

#include "ring_pair_fixture.h"
#include "rt/mbuf_message.h"

namespace dsctp::rt {
namespace {

struct Received {
  uint16_t stream;
  uint32_t ppid;
  bool unordered;
  std::vector<std::byte> bytes;
  bool zero_copy;  // the payload pointed into a received mbuf
};

struct App {
  std::vector<Received> messages;
  bool connected = false;
  bool closed = false;
  bool echo = false;
};

sctp::Callbacks callbacks() {
  sctp::Callbacks cb;
  cb.connected = [](void* ctx, sctp::Association&) { static_cast<App*>(ctx)->connected = true; };
  cb.message = [](void* ctx, sctp::Association& a, sctp::ReceivedMessage& m) {
    auto* app = static_cast<App*>(ctx);
    Received r{m.stream().value(), m.ppid().value(), m.unordered(), {}, false};
    r.bytes.resize(m.size());
    size_t at = 0;
    m.for_each_fragment([&](const ByteRange& b) {
      b.copy_to(r.bytes.data() + at);
      at += b.size();
    });
    r.zero_copy = m.fragment_count() == 1;
    if (app->echo) {
      a.send(m.stream(), m.ppid(), r.bytes, sctp::SendOptions{m.unordered()});
    }
    app->messages.push_back(std::move(r));
  };
  cb.closed = [](void* ctx, sctp::Association&, const sctp::CloseInfo&) {
    static_cast<App*>(ctx)->closed = true;
  };
  return cb;
}


TEST_F(RingPair, HandshakeEchoAndShutdownOverMbufs) {
  App server_app;
  server_app.echo = true;
  App client_app;
  sctp::Association* a = connect_pair(callbacks(), &client_app, &server_app);
  ASSERT_NE(a, nullptr);

  EXPECT_GE(client_->net().counters().arp_requests_sent, 1u);

  std::vector<std::vector<std::byte>> sent;
  for (uint32_t i = 0; i < 200; ++i) {
    std::vector<std::byte> b(1 + (i * 37) % 3000);
    for (size_t k = 0; k < b.size(); ++k) b[k] = static_cast<std::byte>(i + k);
    ASSERT_EQ(a->send(sctp::StreamId(static_cast<uint16_t>(i % 4)), sctp::Ppid(i), b,
                      sctp::SendOptions{i % 5 == 0}),
              sctp::SendStatus::kOk);
    sent.push_back(std::move(b));
  }
  ASSERT_TRUE(run_until([&] { return client_app.messages.size() == sent.size(); }));
  ASSERT_EQ(server_app.messages.size(), sent.size());
  size_t zero_copy = 0;
  for (const Received& r : client_app.messages) {
    ASSERT_LT(r.ppid, sent.size());
    EXPECT_EQ(r.bytes, sent[r.ppid]) << "message " << r.ppid;
    EXPECT_EQ(r.stream, r.ppid % 4);
    EXPECT_EQ(r.unordered, r.ppid % 5 == 0);
  }
  for (const Received& r : server_app.messages) zero_copy += r.zero_copy ? 1 : 0;
  EXPECT_GT(zero_copy, 0u) << "no message was delivered as a view into its mbuf";

  a->shutdown(client_->now());
  ASSERT_TRUE(run_until([&] { return client_app.closed && server_app.closed; }));
  EXPECT_EQ(client_->endpoint().association_count(), 0u);
  EXPECT_EQ(server_->endpoint().association_count(), 0u);
}

// Messages the application gives away in mbufs, one segment and a chain
// of three: sent without a copy, echoed intact, and every mbuf (the
// application's included) back in the pool at the end (TearDown checks).
TEST_F(RingPair, SendsMessagesHeldInMbufs) {
  App server_app;
  server_app.echo = true;
  App client_app;
  sctp::Association* a = connect_pair(callbacks(), &client_app, &server_app);
  ASSERT_NE(a, nullptr);

  auto filled = [&](uint16_t size, uint8_t seed) {
    rte_mbuf* m = rte_pktmbuf_alloc(pool_);
    EXPECT_NE(m, nullptr);
    auto* d = reinterpret_cast<uint8_t*>(rte_pktmbuf_append(m, size));
    for (uint16_t k = 0; k < size; ++k) d[k] = static_cast<uint8_t>(seed + k * 3);
    return m;
  };
  auto bytes_of = [](rte_mbuf* m) {
    std::vector<std::byte> b(rte_pktmbuf_pkt_len(m));
    // Points into the mbuf when the bytes are contiguous, copies otherwise.
    const void* p = rte_pktmbuf_read(m, 0, static_cast<uint32_t>(b.size()), b.data());
    if (p != b.data()) std::memcpy(b.data(), p, b.size());
    return b;
  };
  rte_mbuf* single = filled(1000, 1);
  rte_mbuf* chain = filled(1800, 2);
  ASSERT_EQ(rte_pktmbuf_chain(chain, filled(1700, 3)), 0);
  ASSERT_EQ(rte_pktmbuf_chain(chain, filled(1500, 4)), 0);
  std::vector<std::vector<std::byte>> expected{bytes_of(single), bytes_of(chain)};
  ASSERT_EQ(expected[1].size(), 5000u);
  ASSERT_EQ(a->send(mbuf_message(single, sctp::StreamId(1), sctp::Ppid(0))), sctp::SendStatus::kOk);
  ASSERT_EQ(a->send(mbuf_message(chain, sctp::StreamId(2), sctp::Ppid(1), true)),
            sctp::SendStatus::kOk);
  ASSERT_TRUE(run_until([&] { return client_app.messages.size() == 2; }));
  for (const Received& r : client_app.messages) {
    ASSERT_LT(r.ppid, 2u);
    EXPECT_EQ(r.bytes, expected[r.ppid]) << "message " << r.ppid;
    EXPECT_EQ(r.unordered, r.ppid == 1);
  }
  a->shutdown(client_->now());
  ASSERT_TRUE(run_until([&] { return client_app.closed && server_app.closed; }));
}

TEST_F(RingPair, BadFramesAreDroppedAndCounted) {
  // Frames straight into the server's RX ring: too short, not IPv4, and an
  // IPv4 header with a broken checksum. None may stall the engine.
  auto inject = [&](std::vector<uint8_t> bytes) {
    rte_mbuf* m = rte_pktmbuf_alloc(pool_);
    ASSERT_NE(m, nullptr);
    char* d = rte_pktmbuf_append(m, static_cast<uint16_t>(bytes.size()));
    std::memcpy(d, bytes.data(), bytes.size());
    ASSERT_EQ(rte_ring_enqueue(ab_, m), 0);
  };
  inject({0x00, 0x01, 0x02});
  const std::vector<uint8_t> server_mac{0x02, 0, 0, 0, 0, 2};
  std::vector<uint8_t> ip(60, 0);
  std::copy(server_mac.begin(), server_mac.end(), ip.begin());
  ip[12] = 0x08;  // IPv4
  ip[14] = 0x45;
  ip[17] = 46;  // total length
  ip[22] = 64;
  ip[23] = 132;
  ip[24] = 0xde;  // wrong checksum
  ip[30] = 10;
  ip[33] = 2;
  inject(ip);
  std::vector<uint8_t> other(60, 0);
  std::copy(server_mac.begin(), server_mac.end(), other.begin());
  other[12] = 0x86;
  other[13] = 0xdd;  // IPv6: not handled yet
  inject(other);
  for (int i = 0; i < 10; ++i) server_->poll();
  const net::NetCounters& c = server_->net().counters();
  EXPECT_EQ(c.truncated, 1u);
  EXPECT_EQ(c.bad_ip_checksum, 1u);
  EXPECT_EQ(c.unknown_ether_type, 1u);
  // The three frames and the client's gratuitous ARP from start().
  EXPECT_EQ(server_->counters().rx_packets, 4u);
}


// Mbufs smaller than a frame: frames leave as mbuf chains (the ring port
// takes them) and arrive as chains, which the receiver linearizes.
class SmallMbufRingPair : public RingPair {
 protected:
  SmallMbufRingPair() { data_room_ = RTE_PKTMBUF_HEADROOM + 1024; }
};

TEST_F(SmallMbufRingPair, FramesLargerThanAnMbufLeaveAsChains) {
  ASSERT_TRUE(info_a_.multi_segment_tx) << "the ring port should send chained mbufs";
  App server_app;
  server_app.echo = true;
  App client_app;
  sctp::Association* a = connect_pair(callbacks(), &client_app, &server_app);
  ASSERT_NE(a, nullptr);
  std::vector<std::vector<std::byte>> sent;
  for (uint32_t i = 0; i < 100; ++i) {
    std::vector<std::byte> b(1200 + i * 7);
    for (size_t k = 0; k < b.size(); ++k) b[k] = static_cast<std::byte>(i ^ k);
    ASSERT_EQ(a->send(sctp::StreamId(0), sctp::Ppid(i), b), sctp::SendStatus::kOk);
    sent.push_back(std::move(b));
  }
  ASSERT_TRUE(run_until([&] { return client_app.messages.size() == sent.size(); }));
  for (size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(client_app.messages[i].ppid, i);
    EXPECT_EQ(client_app.messages[i].bytes, sent[i]) << "message " << i;
  }
  EXPECT_GT(client_->counters().tx_chained, 0u);
  EXPECT_GT(server_->counters().rx_multi_segment, 0u);
  EXPECT_EQ(client_->counters().tx_too_large, 0u);
  a->shutdown(client_->now());
  ASSERT_TRUE(run_until([&] { return client_app.closed && server_app.closed; }));
}

}  // namespace
}  // namespace dsctp::rt
