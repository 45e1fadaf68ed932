// Partial reliability, the sender's half (RFC 3758 3.5): which messages a
// policy gives up, what that does to the queues and the flight, and the
// FORWARD-TSN (or, with I-DATA, I-FORWARD-TSN, RFC 8260 2.3) that tells the
// peer to skip them. The receiver's half is handle_forward_tsn() in
// association_rx.cc.
#include "sctp/association/association.h"
#include "sctp/wire/chunks/forward_tsn.h"

namespace dsctp::sctp {

AbandonRule Association::abandon_rule(const Tcb& t, const PartialReliability& pr) const {
  // RFC 3758 3.3.2: without the peer's Forward-TSN-Supported the sender
  // "MUST NOT send a FORWARD TSN chunk", so nothing can be skipped and
  // every message is sent reliably.
  if (!t.extensions.partial_reliability) return {};
  AbandonRule rule;
  rule.policy = pr.policy;
  rule.max_retransmissions = pr.max_retransmissions;
  if (pr.policy == PrPolicy::kLifetime) rule.deadline = last_now_ + pr.lifetime;
  return rule;
}

void Association::make_room(Tcb& t, size_t bytes) {
  // The scans below cost as much as the chunks in flight: a sender that
  // fills its buffer (and so finds it short on every send) must not pay
  // them unless some message can be given up for room.
  if (!buffer_policy_used_ || bytes <= send_buffer_free()) return;
  // Oldest first: what is in flight was sent before anything still queued.
  AbandonOutcome out;
  t.retransmissions.abandon_for_space(bytes - send_buffer_free(), out);
  apply_abandon(t, out);
  if (bytes <= send_buffer_free()) return;
  std::vector<OutgoingMessage> dropped;
  t.send_queue.drop_buffer_policy(bytes - send_buffer_free(), dropped);
  for (OutgoingMessage& m : dropped) queue_abandoned(std::move(m));
}

void Association::abandon_due(TimePoint now, Tcb& t) {
  if (!t.extensions.partial_reliability) return;
  AbandonOutcome out;
  t.retransmissions.abandon_due(now, out);
  apply_abandon(t, out);
  // RFC 3758 3.5 C3 (after a SACK) and A5 (after a T3-rtx expiry): once the
  // Advanced.Peer.Ack.Point is ahead of the peer's Cumulative TSN Ack, the
  // peer is told to skip.
  if (t.retransmissions.needs_forward_tsn()) t.forward_tsn_due = true;
}

void Association::apply_abandon(Tcb& t, AbandonOutcome& out) {
  for (PathIndex p = 0; p < t.paths.size(); ++p) {
    // RFC 3758 3.5 A2: out of the flight, with no credit to cwnd.
    if (out.bytes_out_of_flight[p] > 0) {
      t.paths[p]->path.congestion().on_removed_from_flight(out.bytes_out_of_flight[p]);
    }
  }
  // A3: the fragments not yet cut are abandoned with the rest.
  for (const MessageBytes& m : out.unsent_rest) t.send_queue.discard_started(m);
  for (OutgoingMessage& m : out.messages) queue_abandoned(std::move(m));
  if (out.any()) send_space_freed_ = true;
}

void Association::queue_abandoned(OutgoingMessage m) {
  ++stats_.messages_abandoned;
  abandoned_.push_back(std::move(m));
  request_flush();
}

void Association::report_abandoned() {
  // A callback may send (and queue more) or abort (and close): take the
  // list first, and stop reporting if the association went away, since
  // close() reports what is left.
  while (!abandoned_.empty() && !closed()) {
    std::vector<OutgoingMessage> batch = std::move(abandoned_);
    abandoned_.clear();
    for (size_t i = 0; i < batch.size(); ++i) {
      if (closed()) {
        abandoned_.insert(abandoned_.end(), std::make_move_iterator(batch.begin() + i),
                          std::make_move_iterator(batch.end()));
        return;
      }
      if (callbacks_.abandoned != nullptr) callbacks_.abandoned(context_, *this, batch[i]);
    }
  }
}

template <class Chunk>
bool Association::add_skip_chunk(Tcb& t, PathIndex path, const Chunk& chunk,
                                 wire::PacketBuilder& b) {
  if (chunk.serialized_size() > b.remaining() && b.chunk_count() > 0) {
    send_packet(t.paths[path]->address, b);
    b = start_packet(t.peer_tag, packet_budget(t, path));
  }
  return b.add(chunk);
}

void Association::add_forward_tsn(TimePoint now, Tcb& t, PathIndex path, wire::PacketBuilder& b) {
  if (!t.forward_tsn_due) return;
  t.forward_tsn_due = false;
  if (!t.extensions.partial_reliability || !t.retransmissions.needs_forward_tsn()) return;
  // C4: at most what one packet holds.
  uint32_t room = packet_budget(t, path) - wire::kCommonHeaderSize;
  // RFC 8260 2.3.1: with I-DATA the peer is told by I-FORWARD-TSN.
  if (t.extensions.interleaving) {
    wire::IForwardTsnChunk chunk = t.retransmissions.make_iforward_tsn(room);
    if (chunk.new_cumulative_tsn == t.retransmissions.cumulative_tsn_ack()) {
      // Nothing wholly skipped yet: the abandoned message's fragments
      // straddle one still outstanding. A timer must run until that one is
      // acknowledged (it may be a chunk the peer reneged on, which only a
      // T3-rtx expiry sends again), as C5 asks while a skip is pending.
      if (!t.paths[path]->t3.armed()) arm_t3(now, t, path);
      return;
    }
    if (!add_skip_chunk(t, path, chunk, b)) return;
  } else {
    if (!add_skip_chunk(t, path, t.retransmissions.make_forward_tsn(room), b)) return;
  }
  ++stats_.forward_tsns_sent;
  // C5: "If a FORWARD TSN is sent, the sender MUST assure that at least
  // one T3-rtx timer is running": a lost one is sent again on its expiry
  // (A5).
  if (!t.paths[path]->t3.armed()) arm_t3(now, t, path);
}

}  // namespace dsctp::sctp
