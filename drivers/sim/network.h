// A deterministic simulated network: nodes with addresses, directed links
// with seeded impairments, one fake clock, and nothing else. It plays the
// part of the wire and the event loop for sans-IO stacks under test, after
// quinn-proto's tests/util.rs Pair and dcSCTP's emulated-network tests:
// step() jumps the clock to the next event (a packet arriving, a node's
// deadline) and runs it, so an hour of protocol time costs only the events
// in it, and every run with the same seeds is the same run.
//
// Ordering: events run in time order. At one instant, packets arrive before
// deadlines fire (as a poll loop reads its RX queue before it advances its
// timers); packets arrive in the order they were sent and deadlines fire in
// NodeId order. A packet sent with zero delay during an event arrives at
// the same instant, after the events already due.
//
// Every run loop is bounded in simulated time and in events, so a test of
// a stack that ping-pongs forever fails instead of hanging.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "base/byte_range.h"
#include "base/time.h"
#include "sim/address.h"
#include "sim/endpoint.h"
#include "sim/link.h"
#include "sim/trace.h"

namespace dsctp::sim {

// How long a run loop may go on.
struct RunLimit {
  Duration time = std::chrono::hours(24);  // of simulated time
  uint64_t events = 1'000'000;
};

enum class RunStatus : uint8_t {
  kDone,  // the predicate holds
  kIdle,  // no packet in flight and no deadline set
  kTimeLimit,  // the next event lies past the limit; the clock is at it
  kEventLimit,
};

const char* to_string(RunStatus s);

class SimNetwork {
 public:
  // `seed` seeds every link that is not given its own.
  explicit SimNetwork(TimePoint epoch = TimePoint{}, uint64_t seed = 1);
  SimNetwork(const SimNetwork&) = delete;
  SimNetwork& operator=(const SimNetwork&) = delete;

  TimePoint now() const { return now_; }

  // --- Topology.

  // A node, with the endpoint that receives its packets (it must outlive
  // the network, or be replaced). Without one, arriving packets are counted
  // on their link and then discarded.
  NodeId add_node(Endpoint* endpoint = nullptr);
  void set_endpoint(NodeId node, Endpoint* endpoint);
  // Gives `node` one more address (interface). An address has one owner.
  void add_address(NodeId node, Address address);
  const std::vector<Address>& addresses(NodeId node) const;
  std::optional<NodeId> owner(Address address) const;

  // A directed link. Its generator is seeded with `seed`, or else with one
  // derived from the network's seed and the two addresses, so adding other
  // links never changes what this one does.
  Link& add_link(Address from, Address to, const LinkConfig& config,
                 std::optional<uint64_t> seed = std::nullopt);
  // Both directions, alike.
  void connect(Address a, Address b, const LinkConfig& config);
  Link& link(Address from, Address to);
  const Link* find_link(Address from, Address to) const;
  // Cut or restore both directions between two addresses.
  void cut(Address a, Address b);
  void restore(Address a, Address b);

  // --- Traffic and deadlines.

  // Copies `packet` onto the link from `from` to `to`; `from` must belong
  // to `node`. Returns what happened at send time (the sender of a real
  // network would not know; tests may like to).
  Fate send(NodeId node, Address from, Address to, std::span<const std::byte> packet);
  // The same for a packet that may lie in segments, as a stack's builder
  // may hand it out.
  Fate send(NodeId node, Address from, Address to, const ByteRange& packet);

  // The node's one deadline: when to call its on_wakeup(). Setting it again
  // replaces it; one in the past fires at the next step.
  void set_wakeup(NodeId node, TimePoint at);
  void clear_wakeup(NodeId node);
  std::optional<TimePoint> wakeup(NodeId node) const;

  // --- Running.

  // When the next event is due: a packet arrival or a deadline.
  std::optional<TimePoint> next_event_time() const;
  // Runs the next event, jumping the clock to it. False when there is none.
  bool step();
  // Runs every event due by `t` and leaves the clock at `t` (it never goes
  // back). False if it stopped at `max_events` first.
  bool advance_to(TimePoint t, uint64_t max_events = RunLimit{}.events);
  bool advance_by(Duration d, uint64_t max_events = RunLimit{}.events);
  // Runs until nothing is left to do, or a limit is reached.
  RunStatus run_until_idle(RunLimit limit = {});
  // Runs until `done()` holds (checked before every event), nothing is left
  // to do, or a limit is reached.
  RunStatus run_until(const std::function<bool()>& done, RunLimit limit = {});

  // --- Observation.

  size_t in_flight() const { return queue_.size(); }
  // Sends to an address pair with no link.
  uint64_t no_route() const { return no_route_; }
  void set_tracing(bool on) { tracing_ = on; }
  const std::vector<TraceEvent>& trace() const { return trace_; }
  void clear_trace() { trace_.clear(); }

 private:
  struct Node {
    Endpoint* endpoint = nullptr;
    std::vector<Address> addresses;
    std::optional<TimePoint> wakeup;
  };

  // A packet copy or an MTU report on its way. Ordered by (at, seq): the
  // sequence number breaks ties in the order events were queued.
  struct Event {
    TimePoint at;
    uint64_t seq = 0;
    uint64_t packet = 0;
    Link* link = nullptr;
    bool too_big = false;  // an MTU report to the link's sender
    Transit transit;
  };
  static bool later(const Event& a, const Event& b);

  Node& node(NodeId id);
  const Node& node(NodeId id) const;
  void push(Event event);
  Event pop();
  std::optional<std::pair<TimePoint, NodeId>> next_wakeup() const;
  void deliver(Event& event);
  void report_too_big(Event& event);
  void fire_wakeup(NodeId id);
  void record_fate(Fate fate, uint64_t packet, NodeId node, const Link& link, uint32_t size);
  void record_transit(const Transit& t, uint64_t packet, const Link& link);
  void record(TraceKind kind, uint64_t packet, NodeId node, Address from, Address to,
              std::span<const std::byte> bytes, TimePoint arrival = TimePoint{});

  TimePoint now_;
  uint64_t seed_;
  std::vector<Node> nodes_;
  std::map<Address, NodeId> owners_;
  // std::map keeps each Link at one address, which queued events point to.
  std::map<std::pair<Address, Address>, Link> links_;
  // A binary min-heap on later(); std::priority_queue cannot move out.
  std::vector<Event> queue_;
  uint64_t next_seq_ = 0;
  uint64_t next_packet_ = 1;
  uint64_t no_route_ = 0;
  bool tracing_ = false;
  std::vector<TraceEvent> trace_;
};

}  // namespace dsctp::sim
