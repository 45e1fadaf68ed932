// Timers and paths: T3-rtx (RFC 9260 6.3.3), delayed SACK (6.2),
// heartbeats (8.3), the error counters (8.1, 8.2) and the choice of the
// path that carries data (6.4, failover and return to the primary).
#include <algorithm>

#include "sctp/association/association.h"
#include "sctp/association/timer_context.h"
#include "sctp/wire/chunks/heartbeat.h"

namespace dsctp::sctp {

void TimerContext::control_expired(void* a, TimePoint now) {
  auto& self = *static_cast<Association*>(a);
  self.note_time(now);
  switch (self.state()) {
    case AssociationState::kCookieWait:
    case AssociationState::kCookieEchoed:
      self.on_t1_expired(now);
      break;
    case AssociationState::kShutdownSent:
    case AssociationState::kShutdownAckSent:
      self.on_t2_expired(now);
      break;
    default:
      break;
  }
  self.host_.request_flush(self);
}

void TimerContext::t5_expired(void* a, TimePoint now) {
  static_cast<Association*>(a)->on_t5_expired(now);
}

void TimerContext::delayed_sack(void* a, TimePoint now) {
  static_cast<Association*>(a)->on_delayed_sack(now);
}

void TimerContext::t3_expired(void* s, TimePoint now) {
  auto& slot = *static_cast<PathSlot*>(s);
  slot.owner.note_time(now);
  slot.owner.on_t3_expired(now, slot.index);
}

void TimerContext::heartbeat_due(void* s, TimePoint now) {
  auto& slot = *static_cast<PathSlot*>(s);
  slot.owner.on_heartbeat_timer(now, slot.index);
}

PathIndex Association::data_path(const Tcb& t) const {
  // RFC 9260 6.4: the primary path while it is active; else another
  // active, confirmed one (6.4.1), and back to the primary as soon as it is
  // well again. "Well" is stricter than active: a path whose last T3-rtx
  // or HEARTBEAT went unanswered is left at once for one with no errors,
  // as RFC 7829 does for a "potentially failed" path (with PFMR 0), so a
  // cut primary costs one RTO instead of Path.Max.Retrans of them.
  auto usable = [](const PathSlot& p) {
    return p.path.state().active() && p.path.state().confirmed();
  };
  const PathSlot& primary = *t.paths[t.primary];
  if (usable(primary) && primary.path.state().error_count() == 0) return t.primary;
  const PathSlot* best = usable(primary) ? &primary : nullptr;
  for (const auto& p : t.paths) {
    if (!usable(*p)) continue;
    if (best == nullptr || p->path.state().error_count() < best->path.state().error_count()) {
      best = p.get();
    }
  }
  return best != nullptr ? best->index : t.primary;
}

void Association::arm_t3(TimePoint now, Tcb& t, PathIndex path) {
  PathSlot& slot = *t.paths[path];
  host_.timers().arm(slot.t3, now + slot.path.rto().rto());
}

void Association::arm_heartbeat(TimePoint now, Tcb& t, PathIndex path) {
  // Once SHUTDOWN or SHUTDOWN ACK is out, T2 watches the peer; a HEARTBEAT
  // then would only reach a peer that has closed and draw its ABORT.
  AssociationState s = state();
  if (!config_.heartbeats || s == AssociationState::kShutdownSent ||
      s == AssociationState::kShutdownAckSent) {
    t.paths[path]->heartbeat.cancel();
    return;
  }
  PathSlot& slot = *t.paths[path];
  slot.awaiting_heartbeat_ack = false;
  TimePoint due = slot.path.schedule_heartbeat(now, host_.random().next_u32());
  host_.timers().arm(slot.heartbeat, due);
}

void Association::report_path_change(Tcb& t, PathIndex path, const PathChange& change) {
  if (!change.any() || callbacks_.path_change == nullptr) return;
  const IpAddress address = t.paths[path]->address;
  if (change.became_confirmed) callbacks_.path_change(context_, *this, address, PathEvent::kConfirmed);
  if (change.became_active) callbacks_.path_change(context_, *this, address, PathEvent::kActive);
  if (change.became_inactive) callbacks_.path_change(context_, *this, address, PathEvent::kInactive);
}

void Association::count_association_error(TimePoint) {
  Tcb* t = tcb();
  if (t == nullptr) return;
  // RFC 9260 8.1: past Association.Max.Retrans the peer is unreachable.
  // The ABORT is a courtesy to a peer that may yet hear it.
  if (t->errors.increment()) abort_with(CloseReason::kUnreachable, {}, 0);
}

void Association::on_t3_expired(TimePoint now, PathIndex path) {
  Tcb* t = tcb();
  if (t == nullptr) return;
  ++stats_.t3_expirations;
  PathSlot& slot = *t->paths[path];
  // RFC 9260 6.3.3 E1-E3 and 8.2.
  uint32_t bytes = t->retransmissions.mark_t3_expired(path);
  slot.path.congestion().on_removed_from_flight(bytes);
  // RFC 3758 3.5 A5: "Any time the T3-rtx timer expires, on any
  // destination, the sender SHOULD try to advance the
  // Advanced.Peer.Ack.Point".
  abandon_due(now, *t);
  PathChange change = slot.path.on_t3_expired();
  t->fast_recovery.reset();
  report_path_change(*t, path, change);
  if (closed()) return;
  count_association_error(now);
  if (closed()) return;
  request_flush();
}

void Association::on_delayed_sack(TimePoint now) {
  Tcb* t = tcb();
  if (t == nullptr) return;
  t->tracker.handle_timeout(now);
  if (t->tracker.should_send_sack_now()) {
    request_flush();
  } else if (auto deadline = t->tracker.sack_deadline()) {
    host_.timers().arm(t->delayed_sack, *deadline);
  }
}

void Association::on_heartbeat_timer(TimePoint now, PathIndex path) {
  Tcb* t = tcb();
  if (t == nullptr) return;
  PathSlot& slot = *t->paths[path];
  AssociationState s = state();
  if (s == AssociationState::kShutdownSent || s == AssociationState::kShutdownAckSent) return;
  if (slot.awaiting_heartbeat_ack) {
    slot.awaiting_heartbeat_ack = false;
    PathChange change = slot.path.on_heartbeat_timeout();
    report_path_change(*t, path, change);
    if (closed()) return;
    // RFC 9260 8.1 counts an unanswered HEARTBEAT against the association
    // only while the path is the one in use.
    if (path == data_path(*t)) {
      count_association_error(now);
      if (closed()) return;
    }
  }
  // RFC 9260 8.3: heartbeats probe idle paths; a path with data in flight
  // is watched by its T3-rtx timer.
  if (t->retransmissions.has_in_flight(path) && slot.path.state().active()) {
    arm_heartbeat(now, *t, path);
    return;
  }
  send_heartbeat(now, *t, path);
  slot.awaiting_heartbeat_ack = true;
  host_.timers().arm(slot.heartbeat, now + slot.path.rto().rto());
}

void Association::handle_heartbeat_ack(TimePoint now, const wire::RawChunk& raw) {
  Tcb* t = tcb();
  if (t == nullptr) return;
  auto parsed = wire::HeartbeatAckChunk::parse(raw);
  if (!parsed) return;
  auto info = parsed.value().info();
  if (!info || info.value().value.size() != 12) return;
  std::array<std::byte, 12> scratch{};
  const std::byte* v = info.value().value.read(0, 12, scratch.data());
  uint32_t path = load_be32(v);
  uint64_t nonce = (uint64_t{load_be32(v + 4)} << 32) | load_be32(v + 8);
  if (path >= t->paths.size()) return;
  PathSlot& slot = *t->paths[path];
  HeartbeatAck ack = slot.path.on_heartbeat_ack(now, nonce);
  if (!ack.accepted) return;
  // RFC 9260 8.3: clear the path's error count (done by the path) "and
  // SHOULD also clear the association overall error count".
  t->errors.reset();
  report_path_change(*t, static_cast<PathIndex>(path), ack.change);
  if (closed()) return;
  arm_heartbeat(now, *t, static_cast<PathIndex>(path));
  request_flush();  // a path back up may carry data again
}

void Association::handle_too_big(TimePoint, const IpAddress& peer, uint32_t mtu) {
  Tcb* t = tcb();
  if (t == nullptr) return;
  if (auto p = path_of(*t, peer)) {
    // RFC 9260 Appendix C / 7.3: chunks already cut for the larger MTU are
    // sent as they are (IP may fragment them); new ones are cut smaller.
    t->paths[*p]->path.on_icmp_too_big(mtu);
  }
}

}  // namespace dsctp::sctp
