// Where an IPv4 datagram goes next: the subnets of our own addresses are
// on-link, static routes and a default gateway cover the rest, and the
// longest matching prefix wins (RFC 1812 5.2.4.3 for routers; a host that
// has several routes needs the same rule). The table is a short list
// scanned in full, which beats a trie at the handful of routes one
// interface carries.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "net/ipv4.h"

namespace dsctp::net {

// One of our addresses and the length of its subnet's prefix.
struct LocalAddress {
  Ipv4Address address;
  uint8_t prefix_length = 24;
};

struct Route {
  Ipv4Address prefix;
  uint8_t prefix_length = 0;
  Ipv4Address gateway;  // unspecified: the prefix is on-link
};

struct NextHop {
  Ipv4Address next_hop;  // whose MAC the frame goes to
  Ipv4Address source;    // the local address to send from
};

class RouteTable {
 public:
  RouteTable(std::span<const LocalAddress> addresses, std::optional<Ipv4Address> gateway,
             std::span<const Route> routes);

  // Empty when no route covers the destination, and for destinations no
  // host may send to: unspecified, limited broadcast, multicast, loopback
  // and our own addresses (there is no loopback interface here).
  std::optional<NextHop> lookup(Ipv4Address destination) const;

  // The local address to use towards a neighbour: the one whose subnet
  // holds it, else the first.
  Ipv4Address source_for(Ipv4Address neighbour) const;

  bool is_local(Ipv4Address a) const;

 private:
  std::vector<LocalAddress> addresses_;
  std::vector<Route> routes_;  // on-link subnets first, so they win ties
};

}  // namespace dsctp::net
