// Engines seen from outside their threads. Every counter of an engine by
// name, for DPDK's telemetry socket and for applications that print them;
// and a registry of running engines that the telemetry commands read:
//
//   /dsctp/engines            the indices of the registered engines
//   /dsctp/engine,<index>     its lcore, association count and counters
//
// (dpdk-telemetry.py -f <file prefix> is one client.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "rt/engine.h"

namespace dsctp::rt {

struct NamedCounter {
  const char* group;  // "engine", "net" or "sctp"
  const char* name;   // the field's name in its counter struct
  uint64_t value;
};

// A snapshot of every counter of `engine`. Safe from another thread than
// the engine's (see telemetry.cc for why).
std::vector<NamedCounter> engine_counters(const Engine& engine);

inline constexpr size_t kMaxTelemetryEngines = 64;

// Publishes `engine`, owned by the calling lcore, to the telemetry
// commands (registered with DPDK on the first call). Call from the
// engine's thread, before it polls. Returns the engine's index, or -1
// when kMaxTelemetryEngines are registered already.
int register_engine_telemetry(const Engine& engine);

// Withdraws the engine at `index`. Once it returns, no telemetry read of
// that engine is running or will start: the engine may be destroyed.
void unregister_engine_telemetry(int index);

// Registration for the lifetime of a scope: declare it after the engine,
// so that it is withdrawn before the engine dies.
class EngineTelemetry {
 public:
  explicit EngineTelemetry(const Engine& engine) : index_(register_engine_telemetry(engine)) {}
  ~EngineTelemetry() { unregister_engine_telemetry(index_); }
  EngineTelemetry(const EngineTelemetry&) = delete;
  EngineTelemetry& operator=(const EngineTelemetry&) = delete;

  int index() const { return index_; }

 private:
  int index_;
};

}  // namespace dsctp::rt
