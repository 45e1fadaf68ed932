#include "rt/telemetry.h"

#include <rte_lcore.h>
#include <rte_spinlock.h>
#include <rte_telemetry.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "rt/log.h"

namespace dsctp::rt {
namespace {

template <class S>
struct Field {
  const char* name;
  uint64_t S::*member;
};

// The name is the field's own, so that the printed and the telemetry
// names are the ones a reader finds in the code.
#define DSCTP_FIELD(S, f) Field<S>{#f, &S::f}

constexpr Field<EngineCounters> kEngineFields[] = {
    DSCTP_FIELD(EngineCounters, polls),        DSCTP_FIELD(EngineCounters, rx_packets),
    DSCTP_FIELD(EngineCounters, tx_packets),   DSCTP_FIELD(EngineCounters, tx_dropped),
    DSCTP_FIELD(EngineCounters, alloc_failed),
    DSCTP_FIELD(EngineCounters, tx_chained), DSCTP_FIELD(EngineCounters, tx_too_large), DSCTP_FIELD(EngineCounters, rx_multi_segment),
    DSCTP_FIELD(EngineCounters, steered_out), DSCTP_FIELD(EngineCounters, steered_in),
    DSCTP_FIELD(EngineCounters, steer_dropped), DSCTP_FIELD(EngineCounters, rx_bad_crc_by_nic),
};

constexpr Field<net::NetCounters> kNetFields[] = {
    DSCTP_FIELD(net::NetCounters, frames_in),
    DSCTP_FIELD(net::NetCounters, frames_out),
    DSCTP_FIELD(net::NetCounters, sctp_in),
    DSCTP_FIELD(net::NetCounters, sctp_out),
    DSCTP_FIELD(net::NetCounters, arp_requests_sent),
    DSCTP_FIELD(net::NetCounters, arp_replies_sent),
    DSCTP_FIELD(net::NetCounters, echo_replies_sent),
    DSCTP_FIELD(net::NetCounters, icmp_errors_reported),
    DSCTP_FIELD(net::NetCounters, ipv4_options_skipped),
    DSCTP_FIELD(net::NetCounters, truncated),
    DSCTP_FIELD(net::NetCounters, vlan_tagged),
    DSCTP_FIELD(net::NetCounters, not_our_mac),
    DSCTP_FIELD(net::NetCounters, unknown_ether_type),
    DSCTP_FIELD(net::NetCounters, bad_arp),
    DSCTP_FIELD(net::NetCounters, arp_conflicts),
    DSCTP_FIELD(net::NetCounters, bad_ip_version),
    DSCTP_FIELD(net::NetCounters, bad_ip_header_length),
    DSCTP_FIELD(net::NetCounters, bad_ip_total_length),
    DSCTP_FIELD(net::NetCounters, bad_ip_checksum),
    DSCTP_FIELD(net::NetCounters, bad_ip_source),
    DSCTP_FIELD(net::NetCounters, not_our_ip),
    DSCTP_FIELD(net::NetCounters, fragments),
    DSCTP_FIELD(net::NetCounters, unknown_protocol),
    DSCTP_FIELD(net::NetCounters, bad_icmp_checksum),
    DSCTP_FIELD(net::NetCounters, icmp_ignored),
    DSCTP_FIELD(net::NetCounters, echo_rate_limited),
    DSCTP_FIELD(net::NetCounters, bad_udp_header),
    DSCTP_FIELD(net::NetCounters, bad_udp_checksum),
    DSCTP_FIELD(net::NetCounters, udp_port_closed),
    DSCTP_FIELD(net::NetCounters, no_route),
    DSCTP_FIELD(net::NetCounters, too_big),
    DSCTP_FIELD(net::NetCounters, not_encapsulating),
    DSCTP_FIELD(net::NetCounters, arp_queue_overflow),
    DSCTP_FIELD(net::NetCounters, unresolved_next_hop),
    DSCTP_FIELD(net::NetCounters, arp_table_full),
};

constexpr Field<sctp::EndpointStats> kSctpFields[] = {
    DSCTP_FIELD(sctp::EndpointStats, packets_received),
    DSCTP_FIELD(sctp::EndpointStats, dropped_malformed),
    DSCTP_FIELD(sctp::EndpointStats, dropped_bad_checksum),
    DSCTP_FIELD(sctp::EndpointStats, zero_checksum_accepted),
    DSCTP_FIELD(sctp::EndpointStats, dropped_bad_tag),
    DSCTP_FIELD(sctp::EndpointStats, dropped_no_chunk),
    DSCTP_FIELD(sctp::EndpointStats, dropped_bad_cookie),
    DSCTP_FIELD(sctp::EndpointStats, out_of_the_blue),
    DSCTP_FIELD(sctp::EndpointStats, inits_answered),
    DSCTP_FIELD(sctp::EndpointStats, stale_cookies),
    DSCTP_FIELD(sctp::EndpointStats, aborts_sent),
    DSCTP_FIELD(sctp::EndpointStats, associations_created),
    DSCTP_FIELD(sctp::EndpointStats, restarts),
};

#undef DSCTP_FIELD

// The structs hold nothing but counters: a field added to one and not
// here would silently never be shown.
static_assert(sizeof(EngineCounters) == std::size(kEngineFields) * sizeof(uint64_t),
              "a field of EngineCounters is missing from kEngineFields");
static_assert(sizeof(net::NetCounters) == std::size(kNetFields) * sizeof(uint64_t),
              "a field of NetCounters is missing from kNetFields");
static_assert(sizeof(sctp::EndpointStats) == std::size(kSctpFields) * sizeof(uint64_t),
              "a field of EndpointStats is missing from kSctpFields");

// The engine's thread writes its counters with plain increments while the
// telemetry thread reads them. An aligned 64-bit load or store is one
// instruction on x86-64, so a read is never torn, only a little stale;
// the relaxed atomic load keeps the compiler from splitting or caching
// the read on this side. No counter is read together with another as a
// consistent set.
uint64_t read_counter(const uint64_t& counter) { return __atomic_load_n(&counter, __ATOMIC_RELAXED); }

template <class S, size_t N>
void append(std::vector<NamedCounter>& out, const char* group, const S& s,
            const Field<S> (&fields)[N]) {
  for (const Field<S>& f : fields) out.push_back({group, f.name, read_counter(s.*f.member)});
}

struct Slot {
  const Engine* engine = nullptr;
  unsigned lcore = LCORE_ID_ANY;
};

// Taken by registration and by the telemetry thread for a whole reply,
// never by a polling engine: an engine is not withdrawn while a reply
// reads it.
rte_spinlock_t registry_lock = RTE_SPINLOCK_INITIALIZER;
std::array<Slot, kMaxTelemetryEngines> registry;

class RegistryGuard {
 public:
  RegistryGuard() { rte_spinlock_lock(&registry_lock); }
  ~RegistryGuard() { rte_spinlock_unlock(&registry_lock); }
  RegistryGuard(const RegistryGuard&) = delete;
  RegistryGuard& operator=(const RegistryGuard&) = delete;
};

int list_engines(const char*, const char*, rte_tel_data* d) {
  rte_tel_data_start_array(d, RTE_TEL_INT_VAL);
  RegistryGuard guard;
  for (size_t i = 0; i < registry.size(); ++i) {
    if (registry[i].engine != nullptr) rte_tel_data_add_array_int(d, static_cast<int>(i));
  }
  return 0;
}

// One dict per group of engine_counters(), in the order they come.
void add_counters(rte_tel_data* d, const std::vector<NamedCounter>& counters) {
  size_t i = 0;
  while (i < counters.size()) {
    const char* group = counters[i].group;
    rte_tel_data* c = rte_tel_data_alloc();
    if (c == nullptr) return;
    rte_tel_data_start_dict(c);
    for (; i < counters.size() && std::strcmp(counters[i].group, group) == 0; ++i) {
      rte_tel_data_add_dict_u64(c, counters[i].name, counters[i].value);
    }
    rte_tel_data_add_dict_container(d, group, c, /*keep=*/0);
  }
}

int engine_info(const char*, const char* params, rte_tel_data* d) {
  if (params == nullptr) return -EINVAL;
  size_t index = 0;
  const char* end = params + std::strlen(params);
  auto [at, ec] = std::from_chars(params, end, index);
  if (ec != std::errc() || at != end || at == params || index >= registry.size()) return -EINVAL;
  RegistryGuard guard;
  const Slot& slot = registry[index];
  if (slot.engine == nullptr) return -EINVAL;
  rte_tel_data_start_dict(d);
  rte_tel_data_add_dict_int(d, "lcore",
                            slot.lcore == LCORE_ID_ANY ? -1 : static_cast<int>(slot.lcore));
  add_counters(d, engine_counters(*slot.engine));
  return 0;
}

bool register_commands() {
  int a = rte_telemetry_register_cmd("/dsctp/engines", list_engines,
                                     "Indices of the SCTP engines. Takes no parameters");
  int b = rte_telemetry_register_cmd("/dsctp/engine", engine_info,
                                     "An SCTP engine's lcore and counters. Parameters: int index");
  if (a != 0 || b != 0) DSCTP_LOG(WARNING, kRt, "telemetry commands not registered");
  return a == 0 && b == 0;
}

}  // namespace

std::vector<NamedCounter> engine_counters(const Engine& engine) {
  // Engine gives its endpoint only to its own thread, as a mutable
  // reference; nothing here writes through it.
  const sctp::Endpoint& endpoint = engine.endpoint();
  std::vector<NamedCounter> out;
  out.reserve(std::size(kEngineFields) + std::size(kNetFields) + std::size(kSctpFields) + 1);
  append(out, "engine", engine.counters(), kEngineFields);
  append(out, "net", engine.net().counters(), kNetFields);
  append(out, "sctp", endpoint.stats(), kSctpFields);
  // A size read while the engine's thread may change the table: like a
  // counter, a whole word, possibly stale.
  out.push_back({"sctp", "associations", endpoint.association_count()});
  return out;
}

int register_engine_telemetry(const Engine& engine) {
  [[maybe_unused]] static const bool commands = register_commands();
  RegistryGuard guard;
  for (size_t i = 0; i < registry.size(); ++i) {
    if (registry[i].engine == nullptr) {
      registry[i] = Slot{&engine, rte_lcore_id()};
      return static_cast<int>(i);
    }
  }
  return -1;
}

void unregister_engine_telemetry(int index) {
  if (index < 0 || static_cast<size_t>(index) >= registry.size()) return;
  RegistryGuard guard;
  registry[static_cast<size_t>(index)] = Slot{};
}

}  // namespace dsctp::rt
