// Bringing up a DPDK port for its engines: an RX and a TX queue each, the
// SCTP checksum offloads the port advertises (crc/offload.h decides which
// to trust), started, with its MAC address read back.
#pragma once

#include <rte_mempool.h>

#include <cstdint>
#include <string>

#include "crc/offload.h"
#include "net/ethernet.h"

namespace dsctp::rt {

struct PortSettings {
  // RX and TX queue pairs: one per engine.
  uint16_t queues = 1;
  uint16_t rx_descriptors = 1024;
  uint16_t tx_descriptors = 1024;
  crc::OffloadPolicy offload;
};

struct PortInfo {
  net::MacAddress mac;
  crc::OffloadPlan offload;
  // The port sends frames held in chained mbufs (and was asked to).
  bool multi_segment_tx = false;
  std::string driver;
};

// Configures and starts `port_id`. On failure returns false and says why
// in `error`, for the user's message.
bool start_port(uint16_t port_id, rte_mempool* pool, const PortSettings& settings,
                PortInfo& info, std::string& error);

void stop_port(uint16_t port_id);

}  // namespace dsctp::rt
