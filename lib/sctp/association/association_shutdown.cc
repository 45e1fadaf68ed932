// Graceful shutdown (RFC 9260 9.2) from either side, with T2-shutdown and
// T5-shutdown-guard.
#include <algorithm>

#include "sctp/association/association.h"
#include "sctp/wire/causes/decoded_causes.h"
#include "sctp/wire/chunks/shutdown.h"

namespace dsctp::sctp {

void Association::shutdown(TimePoint now) {
  switch (state()) {
    case AssociationState::kCookieWait:
    case AssociationState::kCookieEchoed:
      // RFC 9260 9.2 covers established associations; before that there is
      // nothing to drain, and the peer may hold a TCB: tell it.
      abort(now);
      return;
    case AssociationState::kEstablished: {
      state_ = state::ShutdownPending{take_tcb()};
      maybe_progress_shutdown(now);
      return;
    }
    default:
      return;  // already shutting down, or closed
  }
}

void Association::maybe_progress_shutdown(TimePoint now) {
  Tcb* t = tcb();
  if (t == nullptr || !t->send_queue.empty() || !t->retransmissions.empty()) return;
  // Messages held for a stream reset (RFC 6525 5.1.2) are still to be sent.
  if (!t->held.empty()) return;
  AssociationState s = state();
  if (s == AssociationState::kShutdownPending) {
    state_ = state::ShutdownSent{take_tcb()};
    control_retransmits_ = 0;
    Tcb& tt = *tcb();
    control_rto_ = tt.paths[data_path(tt)]->path.rto().rto();
    send_shutdown(now);
    // RFC 9260 9.2: T5-shutdown-guard, "suggested ... 5 times RTO.Max".
    Duration guard = config_.shutdown_guard > Duration::zero() ? config_.shutdown_guard
                                                               : config_.path.rto.max * 5;
    host_.timers().arm(t5_timer_, now + guard);
  } else if (s == AssociationState::kShutdownReceived) {
    state_ = state::ShutdownAckSent{take_tcb()};
    control_retransmits_ = 0;
    Tcb& tt = *tcb();
    control_rto_ = tt.paths[data_path(tt)]->path.rto().rto();
    send_shutdown_ack(now);
  }
}

void Association::send_shutdown(TimePoint now) {
  Tcb& t = *tcb();
  // The SHUTDOWN acknowledges what we received; it replaces a pending SACK.
  queue_chunk(wire::ShutdownChunk{t.tracker.cumulative_tsn_ack()});
  host_.timers().arm(control_timer_, now + control_rto_);
}

void Association::send_shutdown_ack(TimePoint now) {
  queue_chunk(wire::ShutdownAckChunk{});
  host_.timers().arm(control_timer_, now + control_rto_);
}

void Association::on_t2_expired(TimePoint now) {
  // RFC 9260 9.2: T2 expiry counts against Association.Max.Retrans.
  count_association_error(now);
  if (closed()) return;
  control_rto_ = std::min(control_rto_ * 2, config_.path.rto.max);
  if (state() == AssociationState::kShutdownSent) {
    send_shutdown(now);
  } else {
    send_shutdown_ack(now);
  }
}

void Association::on_t5_expired(TimePoint) {
  // RFC 9260 9.2: "If the timer expires, the endpoint MUST send an ABORT
  // ... and then delete the TCB".
  abort_with(CloseReason::kUnreachable, {}, 0);
}

void Association::handle_shutdown(TimePoint now, const wire::RawChunk& raw) {
  Tcb* t = tcb();
  if (t == nullptr || state() == AssociationState::kCookieEchoed) return;
  auto parsed = wire::ShutdownChunk::parse(raw);
  if (!parsed) return;
  // The SHUTDOWN's Cumulative TSN Ack acknowledges like a SACK without gap
  // blocks; an older one changes nothing.
  Tsn cum = parsed.value().cumulative_tsn_ack;
  if (cum > t->retransmissions.cumulative_tsn_ack()) {
    wire::SackChunk sack;
    sack.cumulative_tsn_ack = cum;
    sack.a_rwnd = t->retransmissions.peer_rwnd() +
                  static_cast<uint32_t>(t->retransmissions.outstanding_bytes());
    apply_sack(now, sack);
    if (closed()) return;
    t = tcb();
  }
  t->peer_shut_down = true;
  switch (state()) {
    case AssociationState::kEstablished:
    case AssociationState::kShutdownPending:
      state_ = state::ShutdownReceived{take_tcb()};
      if (callbacks_.shutdown_received != nullptr) callbacks_.shutdown_received(context_, *this);
      if (closed()) return;
      maybe_progress_shutdown(now);
      return;
    case AssociationState::kShutdownSent:
      // RFC 9260 9.2: both sides shut down at once.
      state_ = state::ShutdownAckSent{take_tcb()};
      control_retransmits_ = 0;
      send_shutdown_ack(now);
      return;
    case AssociationState::kShutdownAckSent:
      // Our SHUTDOWN ACK was lost and the peer asks again: answer at once
      // rather than at the next T2 expiry.
      queue_chunk(wire::ShutdownAckChunk{});
      return;
    default:
      return;
  }
}

void Association::handle_shutdown_ack(TimePoint) {
  AssociationState s = state();
  if (s != AssociationState::kShutdownSent && s != AssociationState::kShutdownAckSent) return;
  Tcb& t = *tcb();
  // RFC 9260 9.2: SHUTDOWN COMPLETE, then the TCB goes.
  send_chunk_now(wire::ShutdownCompleteChunk{}, t.paths[data_path(t)]->address, t.peer_tag);
  close(CloseInfo{CloseReason::kShutdown, 0});
}

void Association::handle_shutdown_complete() {
  if (state() != AssociationState::kShutdownAckSent) return;
  close(CloseInfo{CloseReason::kShutdown, 0});
}

}  // namespace dsctp::sctp
