// The responding side's half of the association's birth, and what happens
// when an INIT or COOKIE ECHO meets an association that already exists
// (RFC 9260 5.2): collisions, restarts and duplicates.
#include "sctp/association/association.h"
#include "sctp/wire/chunks/cookie.h"
#include "sctp/wire/chunks/shutdown.h"

namespace dsctp::sctp {

void Association::establish_from(TimePoint now, PeerInit peer) {
  std::unique_ptr<Tcb> t = make_tcb(now, std::move(peer));
  for (const auto& slot : t->paths) host_.on_peer_address(*this, slot->address);
  state_ = state::Established{std::move(t)};
  Tcb& tt = *tcb();
  for (PathIndex i = 0; i < tt.paths.size(); ++i) arm_heartbeat(now, tt, i);
  // RFC 9260 5.1 D: COOKIE ACK, which may be bundled with DATA and SACK.
  queue_chunk(wire::CookieAckChunk{});
}

void Association::start_from_cookie(TimePoint now, PeerInit peer) {
  establish_from(now, std::move(peer));
  if (callbacks_.connected != nullptr) callbacks_.connected(context_, *this);
}

std::optional<Association::CollisionReply> Association::on_colliding_init(TimePoint now) {
  switch (state()) {
    case AssociationState::kCookieWait: {
      // RFC 9260 5.2.1: answer with our own INIT's parameters, Initiate Tag
      // unchanged; no TCB yet, so no tie-tags.
      auto& s = std::get<state::CookieWait>(state_);
      return CollisionReply{{}, true, s.initial_tsn};
    }
    case AssociationState::kCookieEchoed: {
      // 5.2.1: "it MUST populate its Tie-Tags within both the association
      // TCB and inside the State Cookie".
      Tcb& t = *tcb();
      return CollisionReply{{local_tag_, t.peer_tag}, true, t.local_initial_tsn};
    }
    case AssociationState::kShutdownAckSent: {
      // RFC 9260 9.2: "discard the INIT chunk and retransmit the SHUTDOWN
      // ACK chunk".
      send_shutdown_ack(now);
      return std::nullopt;
    }
    case AssociationState::kClosed:
      return std::nullopt;
    default: {
      // 5.2.2: a new Initiate Tag, and the current tags as tie-tags, so a
      // COOKIE ECHO built from this INIT ACK shows a restart (5.2.4 A).
      Tcb& t = *tcb();
      return CollisionReply{{local_tag_, t.peer_tag}, false, Tsn(0)};
    }
  }
}

void Association::on_peer_restart(TimePoint now, VerificationTag new_local_tag, PeerInit peer) {
  // RFC 9260 5.2.4 A: the peer restarted. Data of the old incarnation will
  // never be acknowledged: it is reported as failed. The association goes
  // on under new tags.
  control_timer_.cancel();
  t5_timer_.cancel();
  std::unique_ptr<Tcb> old = take_tcb();
  if (old != nullptr) fail_pending_messages(*old);
  old.reset();
  control_.clear();
  control_bytes_.clear();
  local_tag_ = new_local_tag;
  establish_from(now, std::move(peer));
  if (callbacks_.peer_restart != nullptr) callbacks_.peer_restart(context_, *this);
}

void Association::on_cookie_for_us(TimePoint now, std::optional<PeerInit> peer) {
  AssociationState s = state();
  if (s == AssociationState::kClosed) return;
  if (peer) {
    // 5.2.4 B: the INITs crossed; the cookie holds the peer's side as it
    // now stands.
    if (Tcb* t = tcb(); t != nullptr && s != AssociationState::kCookieEchoed) {
      t->peer_tag = peer->peer_tag;
    } else {
      std::unique_ptr<Tcb> t2 = make_tcb(now, std::move(*peer));
      for (const auto& slot : t2->paths) host_.on_peer_address(*this, slot->address);
      state_ = state::CookieEchoed{std::move(t2), {}, {}};
    }
  }
  queue_chunk(wire::CookieAckChunk{});
  // 5.2.4 B and D: "enter the ESTABLISHED state (if it has not already done
  // so)".
  if (state() == AssociationState::kCookieEchoed) enter_established(now);
}

}  // namespace dsctp::sctp
