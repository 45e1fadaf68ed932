#include "net/route.h"

namespace dsctp::net {

RouteTable::RouteTable(std::span<const LocalAddress> addresses,
                       std::optional<Ipv4Address> gateway, std::span<const Route> routes)
    : addresses_(addresses.begin(), addresses.end()) {
  for (const LocalAddress& a : addresses_) routes_.push_back(Route{a.address, a.prefix_length, {}});
  routes_.insert(routes_.end(), routes.begin(), routes.end());
  if (gateway && !gateway->is_unspecified()) routes_.push_back(Route{Ipv4Address(), 0, *gateway});
}

bool RouteTable::is_local(Ipv4Address a) const {
  for (const LocalAddress& l : addresses_) {
    if (l.address == a) return true;
  }
  return false;
}

Ipv4Address RouteTable::source_for(Ipv4Address neighbour) const {
  for (const LocalAddress& l : addresses_) {
    if (neighbour.in_prefix(l.address, l.prefix_length)) return l.address;
  }
  return addresses_.empty() ? Ipv4Address() : addresses_.front().address;
}

std::optional<NextHop> RouteTable::lookup(Ipv4Address destination) const {
  if (destination.is_unspecified() || destination.is_limited_broadcast() ||
      destination.is_multicast() || destination.is_loopback() || is_local(destination)) {
    return std::nullopt;
  }
  const Route* best = nullptr;
  for (const Route& r : routes_) {
    if (!destination.in_prefix(r.prefix, r.prefix_length)) continue;
    if (best == nullptr || r.prefix_length > best->prefix_length) best = &r;
  }
  if (best == nullptr) return std::nullopt;
  Ipv4Address hop = best->gateway.is_unspecified() ? destination : best->gateway;
  return NextHop{hop, source_for(hop)};
}

}  // namespace dsctp::net
