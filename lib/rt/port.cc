#include "rt/port.h"

#include <rte_ethdev.h>

#include <cstring>

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

  rte_eth_conf conf{};
  conf.txmode.offloads = info.offload.port_tx_offloads;
  conf.rxmode.offloads = info.offload.port_rx_offloads;
  if (int rc = rte_eth_dev_configure(port_id, 1, 1, &conf); rc != 0) {
    return fail(error, "rte_eth_dev_configure", rc);
  }
  uint16_t rxd = settings.rx_descriptors;
  uint16_t txd = settings.tx_descriptors;
  if (int rc = rte_eth_dev_adjust_nb_rx_tx_desc(port_id, &rxd, &txd); rc != 0) {
    return fail(error, "descriptor counts", rc);
  }
  int socket = rte_eth_dev_socket_id(port_id);
  unsigned sock = socket < 0 ? 0 : static_cast<unsigned>(socket);
  if (int rc = rte_eth_rx_queue_setup(port_id, 0, rxd, sock, nullptr, pool); rc != 0) {
    return fail(error, "RX queue setup", rc);
  }
  rte_eth_txconf txconf = dev.default_txconf;
  txconf.offloads = conf.txmode.offloads;
  if (int rc = rte_eth_tx_queue_setup(port_id, 0, txd, sock, &txconf); rc != 0) {
    return fail(error, "TX queue setup", rc);
  }
  if (int rc = rte_eth_dev_start(port_id); rc != 0) return fail(error, "rte_eth_dev_start", rc);
  rte_ether_addr mac{};
  if (int rc = rte_eth_macaddr_get(port_id, &mac); rc != 0) return fail(error, "MAC address", rc);
  std::memcpy(info.mac.bytes.data(), mac.addr_bytes, 6);
  return true;
}

void stop_port(uint16_t port_id) {
  rte_eth_dev_stop(port_id);
  rte_eth_dev_close(port_id);
}

}  // namespace dsctp::rt
