#include "sim/network.h"

#include <algorithm>

#include "sim/check.h"
#include "sim/rng.h"

namespace dsctp::sim {

const char* to_string(RunStatus s) {
  switch (s) {
    case RunStatus::kDone: return "done";
    case RunStatus::kIdle: return "idle";
    case RunStatus::kTimeLimit: return "time-limit";
    case RunStatus::kEventLimit: return "event-limit";
  }
  return "?";
}

SimNetwork::SimNetwork(TimePoint epoch, uint64_t seed) : now_(epoch), seed_(seed) {}

// --- Topology.

NodeId SimNetwork::add_node(Endpoint* endpoint) {
  nodes_.push_back(Node{endpoint, {}, std::nullopt});
  return NodeId(static_cast<uint32_t>(nodes_.size() - 1));
}

void SimNetwork::set_endpoint(NodeId id, Endpoint* endpoint) { node(id).endpoint = endpoint; }

void SimNetwork::add_address(NodeId id, Address address) {
  Node& n = node(id);
  DSCTP_SIM_CHECK(!owners_.contains(address), "address already belongs to a node");
  owners_.emplace(address, id);
  n.addresses.push_back(address);
}

const std::vector<Address>& SimNetwork::addresses(NodeId id) const { return node(id).addresses; }

std::optional<NodeId> SimNetwork::owner(Address address) const {
  auto it = owners_.find(address);
  if (it == owners_.end()) return std::nullopt;
  return it->second;
}

Link& SimNetwork::add_link(Address from, Address to, const LinkConfig& config,
                           std::optional<uint64_t> seed) {
  DSCTP_SIM_CHECK(owner(from) && owner(to), "link between addresses no node owns");
  const uint64_t pair = (uint64_t{value_of(from)} << 32) | value_of(to);
  const uint64_t link_seed = seed ? *seed : derive_seed(seed_, pair);
  auto [it, added] = links_.try_emplace({from, to}, from, to, config, link_seed);
  DSCTP_SIM_CHECK(added, "link defined twice");
  return it->second;
}

void SimNetwork::connect(Address a, Address b, const LinkConfig& config) {
  add_link(a, b, config);
  add_link(b, a, config);
}

Link& SimNetwork::link(Address from, Address to) {
  auto it = links_.find({from, to});
  DSCTP_SIM_CHECK(it != links_.end(), "no such link");
  return it->second;
}

const Link* SimNetwork::find_link(Address from, Address to) const {
  auto it = links_.find({from, to});
  return it == links_.end() ? nullptr : &it->second;
}

void SimNetwork::cut(Address a, Address b) {
  link(a, b).cut();
  link(b, a).cut();
}

void SimNetwork::restore(Address a, Address b) {
  link(a, b).restore();
  link(b, a).restore();
}

SimNetwork::Node& SimNetwork::node(NodeId id) {
  DSCTP_SIM_CHECK(value_of(id) < nodes_.size(), "unknown node");
  return nodes_[value_of(id)];
}

const SimNetwork::Node& SimNetwork::node(NodeId id) const {
  DSCTP_SIM_CHECK(value_of(id) < nodes_.size(), "unknown node");
  return nodes_[value_of(id)];
}

// --- Traffic and deadlines.

Fate SimNetwork::send(NodeId id, Address from, Address to, std::span<const std::byte> packet) {
  DSCTP_SIM_CHECK(owner(from) == id, "sending from an address the node does not own");
  const uint64_t packet_id = next_packet_++;
  auto it = links_.find({from, to});
  if (it == links_.end()) {
    ++no_route_;
    record(TraceKind::kNoRoute, packet_id, id, from, to, packet);
    return Fate::kNoRoute;
  }
  Link& l = it->second;
  record(TraceKind::kSent, packet_id, id, from, to, packet);
  Verdict v = l.transmit(now_, packet);
  record_fate(v.fate, packet_id, id, l, static_cast<uint32_t>(packet.size()));
  if (v.fate == Fate::kDroppedMtu && l.config().report_too_big) {
    push(Event{now_ + l.config().delay, 0, packet_id, &l, true, Transit{}});
  }
  for (uint32_t i = 0; i < v.copies; ++i) {
    record_transit(v.transits[i], packet_id, l);
    const TimePoint at = v.transits[i].arrival;
    push(Event{at, 0, packet_id, &l, false, std::move(v.transits[i])});
  }
  return v.fate;
}

Fate SimNetwork::send(NodeId id, Address from, Address to, const ByteRange& packet) {
  if (packet.is_contiguous()) return send(id, from, to, packet.contiguous());
  std::vector<std::byte> flat(packet.size());
  packet.copy_to(flat.data());
  return send(id, from, to, std::span<const std::byte>(flat));
}

void SimNetwork::set_wakeup(NodeId id, TimePoint at) { node(id).wakeup = at; }

void SimNetwork::clear_wakeup(NodeId id) { node(id).wakeup.reset(); }

std::optional<TimePoint> SimNetwork::wakeup(NodeId id) const { return node(id).wakeup; }

// --- The event queue.

bool SimNetwork::later(const Event& a, const Event& b) {
  if (a.at != b.at) return a.at > b.at;
  return a.seq > b.seq;
}

void SimNetwork::push(Event event) {
  event.seq = next_seq_++;
  queue_.push_back(std::move(event));
  std::push_heap(queue_.begin(), queue_.end(), later);
}

SimNetwork::Event SimNetwork::pop() {
  std::pop_heap(queue_.begin(), queue_.end(), later);
  Event e = std::move(queue_.back());
  queue_.pop_back();
  return e;
}

std::optional<std::pair<TimePoint, NodeId>> SimNetwork::next_wakeup() const {
  std::optional<std::pair<TimePoint, NodeId>> best;
  // Strictly earlier wins, so equal deadlines fire in NodeId order.
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const auto& w = nodes_[i].wakeup;
    if (w && (!best || *w < best->first)) best.emplace(*w, NodeId(static_cast<uint32_t>(i)));
  }
  return best;
}

// --- Running.

std::optional<TimePoint> SimNetwork::next_event_time() const {
  std::optional<TimePoint> t;
  if (!queue_.empty()) t = queue_.front().at;
  if (auto w = next_wakeup(); w && (!t || w->first < *t)) t = w->first;
  // A deadline already past is due now: the clock does not go back.
  if (t && *t < now_) t = now_;
  return t;
}

bool SimNetwork::step() {
  const auto wake = next_wakeup();
  // A deadline already past is due now, and at now packets still go first.
  const bool packet_first =
      !queue_.empty() && (!wake || queue_.front().at <= std::max(wake->first, now_));
  if (packet_first) {
    Event e = pop();
    now_ = std::max(now_, e.at);
    if (e.too_big) {
      report_too_big(e);
    } else {
      deliver(e);
    }
    return true;
  }
  if (!wake) return false;
  now_ = std::max(now_, wake->first);
  fire_wakeup(wake->second);
  return true;
}

void SimNetwork::deliver(Event& e) {
  Link& l = *e.link;
  const NodeId to_node = *owner(l.to());
  const auto& bytes = e.transit.bytes;
  if (!l.arrive(e.transit)) {
    record(TraceKind::kDroppedCut, e.packet, to_node, l.from(), l.to(), bytes);
    return;
  }
  record(TraceKind::kDelivered, e.packet, to_node, l.from(), l.to(), bytes);
  Endpoint* endpoint = node(to_node).endpoint;
  if (endpoint != nullptr) endpoint->on_packet(now_, l.from(), l.to(), ByteRange(bytes));
}

void SimNetwork::report_too_big(Event& e) {
  const Link& l = *e.link;
  const NodeId sender = *owner(l.from());
  record(TraceKind::kTooBig, e.packet, sender, l.from(), l.to(), {});
  Endpoint* endpoint = node(sender).endpoint;
  if (endpoint != nullptr) endpoint->on_too_big(now_, l.from(), l.to(), l.config().mtu);
}

void SimNetwork::fire_wakeup(NodeId id) {
  Node& n = node(id);
  n.wakeup.reset();
  record(TraceKind::kWakeup, 0, id, Address{}, Address{}, {});
  if (n.endpoint != nullptr) n.endpoint->on_wakeup(now_);
}

bool SimNetwork::advance_to(TimePoint t, uint64_t max_events) {
  for (uint64_t n = 0;; ++n) {
    const auto next = next_event_time();
    if (!next || *next > t) break;
    if (n == max_events) return false;
    step();
  }
  now_ = std::max(now_, t);
  return true;
}

bool SimNetwork::advance_by(Duration d, uint64_t max_events) {
  return advance_to(now_ + d, max_events);
}

RunStatus SimNetwork::run_until_idle(RunLimit limit) { return run_until(nullptr, limit); }

RunStatus SimNetwork::run_until(const std::function<bool()>& done, RunLimit limit) {
  // Saturate rather than overflow when the limit is "forever".
  const TimePoint end =
      limit.time >= TimePoint::max() - now_ ? TimePoint::max() : now_ + limit.time;
  for (uint64_t n = 0;; ++n) {
    if (done && done()) return RunStatus::kDone;
    const auto next = next_event_time();
    if (!next) return RunStatus::kIdle;
    if (*next > end) {
      now_ = std::max(now_, end);
      return RunStatus::kTimeLimit;
    }
    if (n == limit.events) return RunStatus::kEventLimit;
    step();
  }
}

// --- Trace.

void SimNetwork::record_fate(Fate fate, uint64_t packet, NodeId id, const Link& l,
                             uint32_t size) {
  if (!tracing_) return;
  TraceKind kind;
  switch (fate) {
    case Fate::kLost: kind = TraceKind::kLost; break;
    case Fate::kDroppedMtu: kind = TraceKind::kDroppedMtu; break;
    case Fate::kDroppedCut: kind = TraceKind::kDroppedCut; break;
    default: return;
  }
  trace_.push_back(TraceEvent{now_, kind, packet, id, l.from(), l.to(), size, 0, {}});
}

void SimNetwork::record_transit(const Transit& t, uint64_t packet, const Link& l) {
  if (!tracing_) return;
  const NodeId to_node = *owner(l.to());
  auto note = [&](TraceKind kind) {
    record(kind, packet, to_node, l.from(), l.to(), t.bytes, t.arrival);
  };
  if (t.duplicate) note(TraceKind::kDuplicated);
  if (t.reordered) note(TraceKind::kReordered);
  if (t.corrupted) note(TraceKind::kCorrupted);
}

void SimNetwork::record(TraceKind kind, uint64_t packet, NodeId id, Address from, Address to,
                        std::span<const std::byte> bytes, TimePoint arrival) {
  if (!tracing_) return;
  trace_.push_back(TraceEvent{now_, kind, packet, id, from, to,
                              static_cast<uint32_t>(bytes.size()), digest_of(bytes), arrival});
}

}  // namespace dsctp::sim
