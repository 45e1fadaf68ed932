#include <algorithm>

#include "net/ipv4.h"
#include "sctp_perf.h"

namespace dsctp::apps {

rt::EngineConfig perf_engine_config(const PerfOptions& o, const rt::PortInfo& port) {
  rt::EngineConfig c;
  c.port_id = o.port_id;
  c.net.mac = port.mac;
  // The options were checked when parsed.
  c.net.addresses.push_back({*net::Ipv4Address::parse(o.ip), 24});
  if (!o.gateway.empty()) c.net.gateway = net::Ipv4Address::parse(o.gateway);
  c.net.encapsulation = o.udp_encap ? net::Encapsulation::kUdp : net::Encapsulation::kNone;
  c.net.local_udp_port = o.udp_port;
  sctp::AssociationConfig& a = c.sctp.association;
  // The server does not know its clients' --streams: it accepts plenty.
  a.outbound_streams = std::max<uint16_t>(o.streams, 1024);
  a.max_inbound_streams = std::max<uint16_t>(o.streams, 1024);
  if (o.udp_encap) a.lower_layer_overhead = 28;
  a.extensions.zero_checksum_edmid = o.zero_checksum_edmid;
  a.extensions.interleaving = o.interleave;
  c.net.mtu = o.mtu;
  a.path.path.mtu = o.mtu;
  c.offload = port.offload;
  c.multi_segment_tx = port.multi_segment_tx;
  return c;
}

}  // namespace dsctp::apps
