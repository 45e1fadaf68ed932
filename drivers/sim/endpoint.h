// What a node on the simulated network implements: the stack under test,
// or a probe. The network calls these from step(); each may call back into
// the network (send, set_wakeup, cut, ...) but must not destroy it.
#pragma once

#include <cstdint>

#include "base/byte_range.h"
#include "base/time.h"
#include "sim/address.h"

namespace dsctp::sim {

class Endpoint {
 public:
  virtual ~Endpoint() = default;

  // A packet from `from` arrived on this node's address `to`. The bytes
  // live only for the duration of the call: copy what must outlive it.
  virtual void on_packet(TimePoint now, Address from, Address to, ByteRange packet) = 0;

  // The deadline given to SimNetwork::set_wakeup() was reached. It is
  // cleared before the call, so the node re-arms it here if it needs to.
  virtual void on_wakeup(TimePoint /*now*/) {}

  // A packet this node sent from `local` to `remote` exceeded the link's
  // MTU (and the link reports such drops): the simulated ICMP
  // "fragmentation needed" with the MTU of the link.
  virtual void on_too_big(TimePoint /*now*/, Address /*local*/, Address /*remote*/,
                          uint32_t /*mtu*/) {}
};

}  // namespace dsctp::sim
