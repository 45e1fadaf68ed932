#include "sim/trace.h"

#include <cinttypes>
#include <cstdio>

namespace dsctp::sim {

const char* to_string(TraceKind k) {
  switch (k) {
    case TraceKind::kSent: return "sent";
    case TraceKind::kNoRoute: return "no-route";
    case TraceKind::kDroppedCut: return "dropped-cut";
    case TraceKind::kDroppedMtu: return "dropped-mtu";
    case TraceKind::kLost: return "lost";
    case TraceKind::kDuplicated: return "duplicated";
    case TraceKind::kReordered: return "reordered";
    case TraceKind::kCorrupted: return "corrupted";
    case TraceKind::kDelivered: return "delivered";
    case TraceKind::kTooBig: return "too-big";
    case TraceKind::kWakeup: return "wakeup";
  }
  return "?";
}

uint64_t digest_of(std::span<const std::byte> bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (std::byte b : bytes) {
    h ^= static_cast<uint8_t>(b);
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string to_string(const TraceEvent& e) {
  char line[160];
  std::snprintf(line, sizeof line,
                "t=%" PRId64 "ns %s #%" PRIu64 " %s->%s node %" PRIu32 " %" PRIu32 "B",
                static_cast<int64_t>(e.time.time_since_epoch().count()), to_string(e.kind),
                e.packet, to_string(e.from).c_str(), to_string(e.to).c_str(), value_of(e.node),
                e.size);
  return line;
}

}  // namespace dsctp::sim
