// Shared pieces of the simulator tests: numbered packets, and an endpoint
// that records everything it is handed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <vector>

#include "base/byte_range.h"
#include "base/time.h"
#include "sim/endpoint.h"
#include "sim/network.h"

namespace dsctp {

// Time in nanoseconds rather than the bytes of a time_point.
inline void PrintTo(TimePoint t, std::ostream* os) {
  *os << t.time_since_epoch().count() << "ns";
}

}  // namespace dsctp

namespace dsctp::sim {

// Readable gtest failure messages (found by argument-dependent lookup).
inline void PrintTo(const LinkCounters& k, std::ostream* os) {
  *os << "{sent " << k.sent << ", delivered " << k.delivered << ", lost " << k.lost
      << ", duplicated " << k.duplicated << ", reordered " << k.reordered << ", corrupted "
      << k.corrupted << ", dropped_mtu " << k.dropped_mtu << ", dropped_cut " << k.dropped_cut
      << "}";
}
inline void PrintTo(const TraceEvent& e, std::ostream* os) { *os << to_string(e); }
inline void PrintTo(Address a, std::ostream* os) { *os << to_string(a); }

}  // namespace dsctp::sim

namespace dsctp::sim::test {

using Bytes = std::vector<std::byte>;

// `size` bytes (at least 4) that start with `id`, big-endian, and carry a
// fixed pattern after it, so a test can tell packets apart and spot damage.
inline Bytes numbered(uint32_t id, size_t size = 64) {
  Bytes b(size < 4 ? 4 : size);
  for (size_t i = 0; i < 4; ++i) b[i] = std::byte(id >> (24 - 8 * i));
  for (size_t i = 4; i < b.size(); ++i) b[i] = std::byte(i * 7 + 3);
  return b;
}

inline uint32_t number_of(const Bytes& b) {
  uint32_t id = 0;
  for (size_t i = 0; i < 4; ++i) id = (id << 8) | static_cast<uint8_t>(b[i]);
  return id;
}

struct Received {
  TimePoint at;
  Address from;
  Address to;
  Bytes bytes;
};

struct TooBig {
  TimePoint at;
  Address local;
  Address remote;
  uint32_t mtu;
};

class Recorder : public Endpoint {
 public:
  void on_packet(TimePoint now, Address from, Address to, ByteRange packet) override {
    Bytes copy(packet.size());
    packet.copy_to(copy.data());
    packets.push_back({now, from, to, std::move(copy)});
    if (on_receive) on_receive(packets.back());
  }
  void on_wakeup(TimePoint now) override {
    wakeups.push_back(now);
    if (on_wake) on_wake(now);
  }
  void on_too_big(TimePoint now, Address local, Address remote, uint32_t mtu) override {
    too_big.push_back({now, local, remote, mtu});
  }

  std::vector<uint32_t> numbers() const {
    std::vector<uint32_t> out;
    for (const Received& r : packets) out.push_back(number_of(r.bytes));
    return out;
  }

  std::vector<Received> packets;
  std::vector<TimePoint> wakeups;
  std::vector<TooBig> too_big;
  std::function<void(const Received&)> on_receive;
  std::function<void(TimePoint)> on_wake;
};

inline constexpr TimePoint kEpoch{std::chrono::seconds(1000)};

// Two nodes, A and Z, one address each, joined both ways by links alike.
struct Pair {
  explicit Pair(const LinkConfig& config, uint64_t seed = 1) : net(kEpoch, seed) {
    a = net.add_node(&a_rx);
    z = net.add_node(&z_rx);
    net.add_address(a, a_addr);
    net.add_address(z, z_addr);
    net.connect(a_addr, z_addr, config);
  }

  Fate send_az(uint32_t id, size_t size = 64) {
    return net.send(a, a_addr, z_addr, numbered(id, size));
  }
  Fate send_za(uint32_t id, size_t size = 64) {
    return net.send(z, z_addr, a_addr, numbered(id, size));
  }
  Link& az() { return net.link(a_addr, z_addr); }

  SimNetwork net;
  Recorder a_rx;
  Recorder z_rx;
  NodeId a{};
  NodeId z{};
  Address a_addr = ipv4(10, 0, 0, 1);
  Address z_addr = ipv4(10, 0, 0, 2);
};

}  // namespace dsctp::sim::test
