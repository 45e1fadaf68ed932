// The DPDK side of a perf process: an mbuf pool and one started port,
// released in the right order when it goes out of scope.
#pragma once

#include <rte_mempool.h>

#include <cstdint>
#include <memory>
#include <string>

#include "rt/port.h"

namespace dsctp::apps {

class DpdkPort {
 public:
  // Nothing, with `error` set, when the pool or the port cannot be had.
  // Its mbufs hold a whole frame of `mtu` bytes of IP packet.
  static std::unique_ptr<DpdkPort> open(uint16_t port_id, uint16_t mtu, std::string& error);
  ~DpdkPort();
  DpdkPort(const DpdkPort&) = delete;
  DpdkPort& operator=(const DpdkPort&) = delete;

  uint16_t id() const { return port_id_; }
  rte_mempool* pool() const { return pool_; }
  const rt::PortInfo& info() const { return info_; }

 private:
  DpdkPort(uint16_t port_id, rte_mempool* pool) : port_id_(port_id), pool_(pool) {}

  uint16_t port_id_;
  rte_mempool* pool_;
  rt::PortInfo info_;
  bool started_ = false;
};

}  // namespace dsctp::apps
