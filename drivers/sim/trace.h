// A record of everything the network did, in order, for debugging a failed
// test and for checking determinism: two runs with the same seeds must
// produce equal traces. Packets appear as a digest of their bytes, so a
// trace catches a changed byte without holding every packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "base/time.h"
#include "sim/address.h"

namespace dsctp::sim {

enum class TraceKind : uint8_t {
  kSent,
  kNoRoute,
  kDroppedCut,  // at send, or on arrival after a cut
  kDroppedMtu,
  kLost,
  kDuplicated,  // the extra copy, with its own arrival time
  kReordered,
  kCorrupted,  // digest of the bytes as corrupted
  kDelivered,
  kTooBig,  // the report of an MTU drop reaching the sender
  kWakeup,
};

const char* to_string(TraceKind k);

struct TraceEvent {
  TimePoint time;
  TraceKind kind = TraceKind::kSent;
  uint64_t packet = 0;  // id given at send; copies share it. 0 for wakeups
  NodeId node{};  // the node acted on: receiver, reported sender, woken node
  Address from{};
  Address to{};
  uint32_t size = 0;
  uint64_t digest = 0;
  // For kDuplicated, kReordered: when the copy will arrive.
  TimePoint arrival{};

  bool operator==(const TraceEvent&) const = default;
};

// FNV-1a, 64 bits: stable across platforms, which std::hash is not.
uint64_t digest_of(std::span<const std::byte> bytes);

// One line, e.g. "t=1000200ns delivered #3 10.0.0.1->10.0.0.2 node 1 48B".
std::string to_string(const TraceEvent& e);

}  // namespace dsctp::sim
