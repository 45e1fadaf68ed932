#include "dpdk_port.h"

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <algorithm>

namespace dsctp::apps {

std::unique_ptr<DpdkPort> DpdkPort::open(uint16_t port_id, uint16_t mtu, std::string& error) {
  // A whole frame in one mbuf, so that frames are built where they leave
  // from and received payload is one view.
  constexpr uint32_t kEthernetOverhead = 14 + 4;
  uint32_t room = std::max<uint32_t>(RTE_MBUF_DEFAULT_BUF_SIZE,
                                     RTE_PKTMBUF_HEADROOM + mtu + kEthernetOverhead);
  // Enough for a full RX ring, a full TX ring, the frames of a burst and the
  // received payload a 1 MiB receive window can hold in 1500-byte frames;
  // jumbo frames need fewer.
  unsigned mbufs = mtu <= 1500 ? 16383 : 4095;
  rte_mempool* pool = rte_pktmbuf_pool_create("perf_mbufs", mbufs, 256, 0,
                                              static_cast<uint16_t>(room),
                                              static_cast<int>(rte_socket_id()));
  if (pool == nullptr) {
    error = std::string("no mbuf pool: ") + rte_strerror(rte_errno);
    return nullptr;
  }
  std::unique_ptr<DpdkPort> port(new DpdkPort(port_id, pool));
  if (!rt::start_port(port_id, pool, {}, port->info_, error)) {
    error = "port " + std::to_string(port_id) + ": " + error;
    return nullptr;
  }
  port->started_ = true;
  return port;
}

DpdkPort::~DpdkPort() {
  if (started_) rt::stop_port(port_id_);
  rte_mempool_free(pool_);
}

}  // namespace dsctp::apps
