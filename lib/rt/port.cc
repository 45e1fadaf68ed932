#include "rt/port.h"

#include <rte_ethdev.h>

#include <algorithm>
#include <cstring>

#include "rt/log.h"

namespace dsctp::rt {
namespace {

bool fail(std::string& error, const char* what, int rc) {
  error = std::string(what) + ": " + (rc < 0 ? std::strerror(-rc) : "failed");
  return false;
}

}  // namespace

bool start_port(uint16_t port_id, rte_mempool* pool, const PortSettings& settings,
                PortInfo& info, std::string& error) {
  if (!rte_eth_dev_is_valid_port(port_id)) {
    error = "no DPDK port " + std::to_string(port_id) + " (check --vdev / -a)";
    return false;
  }
  rte_eth_dev_info dev{};
  if (int rc = rte_eth_dev_info_get(port_id, &dev); rc != 0) return fail(error, "device info", rc);
  info.driver = dev.driver_name != nullptr ? dev.driver_name : "";
  info.offload = crc::plan_offload({dev.tx_offload_capa, dev.rx_offload_capa}, settings.offload);

  const uint16_t queues = settings.queues;
  if (queues == 0 || queues > dev.max_rx_queues || queues > dev.max_tx_queues) {
    error = "the port has at most " + std::to_string(std::min(dev.max_rx_queues, dev.max_tx_queues)) +
            " queues, " + std::to_string(queues) + " asked for";
    return false;
  }
  rte_eth_conf conf{};
  conf.txmode.offloads = info.offload.port_tx_offloads;
  info.multi_segment_tx = (dev.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS) != 0;
  if (info.multi_segment_tx) conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
  conf.rxmode.offloads = info.offload.port_rx_offloads;
  // RSS over whatever the port hashes (with the SCTP ports where it has
  // that hash type); where it hashes nothing, packets land where the port
  // puts them and the engines steer them by tag (rt/steering.h).
  uint64_t rss = dev.flow_type_rss_offloads &
                 (RTE_ETH_RSS_IP | RTE_ETH_RSS_NONFRAG_IPV4_SCTP | RTE_ETH_RSS_NONFRAG_IPV4_UDP);
  if (queues > 1 && rss != 0) {
    conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
    conf.rx_adv_conf.rss_conf.rss_hf = rss;
  }
  if (int rc = rte_eth_dev_configure(port_id, queues, queues, &conf); rc != 0) {
    return fail(error, "rte_eth_dev_configure", rc);
  }
  uint16_t rxd = settings.rx_descriptors;
  uint16_t txd = settings.tx_descriptors;
  if (int rc = rte_eth_dev_adjust_nb_rx_tx_desc(port_id, &rxd, &txd); rc != 0) {
    return fail(error, "descriptor counts", rc);
  }
  int socket = rte_eth_dev_socket_id(port_id);
  unsigned sock = socket < 0 ? 0 : static_cast<unsigned>(socket);
  rte_eth_txconf txconf = dev.default_txconf;
  txconf.offloads = conf.txmode.offloads;
  for (uint16_t q = 0; q < queues; ++q) {
    if (int rc = rte_eth_rx_queue_setup(port_id, q, rxd, sock, nullptr, pool); rc != 0) {
      return fail(error, "RX queue setup", rc);
    }
    if (int rc = rte_eth_tx_queue_setup(port_id, q, txd, sock, &txconf); rc != 0) {
      return fail(error, "TX queue setup", rc);
    }
  }
  if (int rc = rte_eth_dev_start(port_id); rc != 0) return fail(error, "rte_eth_dev_start", rc);
  rte_ether_addr mac{};
  if (int rc = rte_eth_macaddr_get(port_id, &mac); rc != 0) return fail(error, "MAC address", rc);
  std::memcpy(info.mac.bytes.data(), mac.addr_bytes, 6);
  // What a run actually got: the offloads depend on the driver, and a
  // software CRC on a NIC that could do it is a performance question.
  DSCTP_LOG(INFO, kRt,
            "port %u (%s) started: MAC %s, %u queue pairs of %u RX / %u TX descriptors, "
            "SCTP CRC32c on TX %s, on RX %s",
            port_id, info.driver.c_str(), info.mac.to_string().c_str(), queues, rxd, txd,
            info.offload.tx_offload ? "by the NIC" : "in software",
            info.offload.rx_trusted ? "by the NIC" : "in software");
  return true;
}

void stop_port(uint16_t port_id) {
  DSCTP_LOG(DEBUG, kRt, "port %u stopped", port_id);
  rte_eth_dev_stop(port_id);
  rte_eth_dev_close(port_id);
}

}  // namespace dsctp::rt
