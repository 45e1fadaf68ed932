// One SCTP endpoint of ours as a node of the simulated network, and an
// application on top that records what it sees. The node feeds every packet
// and deadline to the endpoint and keeps the network's wakeup at the
// endpoint's next deadline.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/random.h"
#include "sctp/endpoint/endpoint.h"
#include "sim/network.h"

namespace dsctp::test {

inline sctp::IpAddress ip_of(sim::Address a) { return sctp::IpAddress::ipv4(sim::value_of(a)); }
inline sim::Address sim_of(const sctp::IpAddress& a) { return sim::Address{a.ipv4_value()}; }

// A message as the application saw it arrive.
struct Delivered {
  uint16_t stream = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  std::vector<std::byte> bytes;
};

// A stream reset (RFC 6525) as the application was told of it.
struct StreamResetRecord {
  bool incoming = false;
  sctp::ReconfigOutcome outcome = sctp::ReconfigOutcome::kPerformed;
  std::vector<uint16_t> streams;
};

// What one association's application saw, in order.
struct AppLog {
  bool connected = false;
  std::optional<sctp::CloseInfo> closed;
  std::vector<Delivered> messages;
  std::vector<sctp::OutgoingMessage> failed;
  std::vector<sctp::OutgoingMessage> abandoned;
  uint32_t writable = 0;
  uint32_t restarts = 0;
  uint32_t shutdowns_received = 0;
  std::vector<std::pair<std::string, sctp::PathEvent>> path_events;
  std::vector<StreamResetRecord> stream_resets;
  std::vector<sctp::StreamChangeEvent> stream_changes;
  std::vector<sctp::ReconfigOutcome> association_resets;
  // Partial delivery: messages being put together from their pieces, by
  // stream << 1 | unordered; each joins `messages` with its last piece.
  std::map<uint32_t, Delivered> parts;
  uint64_t pieces = 0;
  uint64_t partial_aborts = 0;
  // The most messages in pieces at once.
  size_t most_parts_open = 0;
  // Pieces out of order (a first piece while one is open, or another
  // without one), or an abort with none open: empty when none.
  std::string part_errors;
};

class SimStack final : public sim::Endpoint, public sctp::PacketSink {
 public:
  SimStack(sim::SimNetwork& net, std::vector<sim::Address> addresses,
           const sctp::EndpointConfig& config, uint64_t seed);

  sim::NodeId node() const { return node_; }
  sctp::Endpoint& endpoint() { return *endpoint_; }
  const std::vector<sim::Address>& addresses() const { return addresses_; }

  // Listen / connect with the recording callbacks. Logs are per
  // association, in creation order.
  void listen(uint16_t port);
  sctp::Association* connect(uint16_t local_port, uint16_t peer_port,
                             std::vector<sim::Address> peers);
  // Replaces the endpoint with a fresh one (a crash and restart of the
  // host): every association is forgotten without a word to the peer.
  void restart(const sctp::EndpointConfig& config, uint64_t seed);

  // Call after acting on the endpoint from outside a network event (a
  // send() from the test): sends what was queued and re-arms the wakeup.
  void poke();

  AppLog& log(const sctp::Association& a) { return logs_[a.id()]; }
  AppLog* log_of(uint64_t id);
  std::map<uint64_t, AppLog>& logs() { return logs_; }
  // The newest association of this endpoint, if it is still alive.
  sctp::Association* newest();
  uint64_t newest_id() const { return newest_id_; }

  // sim::Endpoint
  void on_packet(TimePoint now, sim::Address from, sim::Address to, ByteRange packet) override;
  void on_wakeup(TimePoint now) override;
  void on_too_big(TimePoint now, sim::Address local, sim::Address remote, uint32_t mtu) override;
  // The application aborts the association from inside its message
  // callback, on the first message: the case where the stack's receive
  // loop must survive its association closing under it.
  void set_abort_on_message(bool on) { abort_on_message_ = on; }

  // When set, every packet sent is described here (time, addresses,
  // chunk types): the story a failing seed tells.
  void set_packet_log(std::vector<std::string>* log) { packet_log_ = log; }

  // When set, every packet this stack sends is shown to it first, and
  // dropped when it returns false (a loss a test chooses).
  void set_outgoing_filter(std::function<bool(ByteRange packet)> filter) {
    outgoing_filter_ = std::move(filter);
  }

  // sctp::PacketSink
  void send_packet(const sctp::IpAddress& destination, std::span<const std::byte> packet) override;

 private:
  static sctp::Callbacks callbacks();
  void rearm();
  sim::Address source_for(sim::Address destination) const;

  sim::SimNetwork& net_;
  sim::NodeId node_;
  std::vector<sim::Address> addresses_;
  SeededRandom random_;
  std::unique_ptr<sctp::Endpoint> endpoint_;
  std::map<uint64_t, AppLog> logs_;
  uint64_t newest_id_ = 0;
  // Bytes of the last packet sent, for on_too_big's quoted header.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<std::byte>> last_sent_;
  std::vector<std::string>* packet_log_ = nullptr;
  bool abort_on_message_ = false;
  std::function<bool(ByteRange packet)> outgoing_filter_;
};

// A deterministic payload for message `index` of `size` bytes, so the
// receiver can check it arrived intact.
std::vector<std::byte> pattern(uint32_t index, uint32_t size);

}  // namespace dsctp::test
