// Stream reconfiguration (RFC 6525), the peer's side: its RE-CONFIG
// chunks, the requests in them checked and answered in turn (5.2), the
// deferred reset of incoming streams, and the SSN/TSN reset.
//
// The SSN/TSN Reset (5.1.4, 5.2.4) keeps the responder's sending TSNs
// (its Sender's Next TSN is its next TSN) and has the receiving side of
// each end start where the other says: the requester's next TSN is the
// Receiver's Next TSN of the response.
#include <utility>
#include <variant>

#include "sctp/association/association.h"
#include "sctp/association/reconfig/reconfig_builder.h"

namespace dsctp::sctp {
namespace {

using wire::ReconfigResult;

std::vector<StreamId> streams_of(wire::RecordList<wire::StreamIdRecord> list) {
  std::vector<StreamId> out;
  out.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) out.push_back(list[i]);
  return out;
}

// 5.2.5 / 5.2.6: a peer may grow a direction by at least one stream, up
// to what our configuration allows.
bool may_add_streams(bool allowed, uint16_t have, uint16_t more, uint32_t max) {
  return allowed && more != 0 && uint32_t{have} + more <= max;
}

bool all_below(wire::RecordList<wire::StreamIdRecord> list, uint16_t count) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].stream.value() >= count) return false;
  }
  return true;
}

}  // namespace

// --- The peer's chunk.

bool Association::handle_reconfig(const wire::RawChunk& raw) {
  Tcb* t = tcb();
  if (t == nullptr || state() == AssociationState::kCookieEchoed) return true;
  // RFC 6525 5.1: without negotiation RE-CONFIG is an unknown chunk (its
  // type, 130, says skip it and report it).
  if (!t->extensions.stream_reconfig) return handle_unknown(raw);
  auto parsed = wire::ReconfigChunk::parse(raw);
  if (!parsed) return true;
  wire::ParameterReader params = parsed.value().parameters();
  wire::RawParameter p;
  while (params.next(p) && !closed()) {
    auto any = wire::parse_reconfig_parameter(p);
    // 4: an unknown or malformed parameter ends the chunk's processing.
    if (!any) break;
    t = tcb();
    if (auto* r = std::get_if<wire::ReconfigurationResponseParameter>(&*any)) {
      on_reconfig_response(*t, *r);
      continue;
    }
    ++stats_.reconfig_requests_received;
    // 4.4: the response to an SSN/TSN Reset Request carries the TSNs (and
    // usrsctp ignores one without them, whatever its result).
    const bool tsn_request = std::holds_alternative<wire::SsnTsnResetRequestParameter>(*any);
    wire::ReconfigRequestSn sn = std::visit(
        [](const auto& x) {
          if constexpr (requires { x.request_sn; }) {
            return x.request_sn;
          } else {
            return x.response_sn;
          }
        },
        *any);
    // An Outgoing SSN Reset Request may also answer our Incoming one
    // (5.2.3), whatever becomes of it.
    if (auto* out = std::get_if<wire::OutgoingSsnResetRequestParameter>(&*any)) {
      const auto& ours = t->reconfig.request();
      if (ours && ours->kind == ReconfigKind::kResetIncoming &&
          t->reconfig.answers_ours(out->response_sn)) {
        finish_reconfig(*t, ReconfigOutcome::kPerformed);
        if (closed()) return false;
      }
    }
    switch (t->reconfig.classify(sn)) {
      case StreamReset::PeerSn::kRepeat:
        // An SSN/TSN reset answered "In progress" is tried again.
        if (tsn_request && t->reconfig.result_of(sn) == ReconfigResult::kInProgress) {
          t->reconfig.update_result(sn, on_association_reset_request(*t));
          if (closed()) return false;
        }
        respond(*t, sn, *t->reconfig.result_of(sn), tsn_request);
        continue;
      case StreamReset::PeerSn::kBad:
        respond(*t, sn, ReconfigResult::kErrorBadSequenceNumber, tsn_request);
        continue;
      case StreamReset::PeerSn::kNew:
        break;
    }
    ReconfigResult result = std::visit(
        [&](const auto& x) -> ReconfigResult {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, wire::OutgoingSsnResetRequestParameter>) {
            return on_outgoing_reset_request(*t, x);
          } else if constexpr (std::is_same_v<T, wire::IncomingSsnResetRequestParameter>) {
            return on_incoming_reset_request(*t, x);
          } else if constexpr (std::is_same_v<T, wire::AddOutgoingStreamsRequestParameter>) {
            return on_add_outgoing_request(*t, x);
          } else if constexpr (std::is_same_v<T, wire::AddIncomingStreamsRequestParameter>) {
            return on_add_incoming_request(*t, x);
          } else if constexpr (std::is_same_v<T, wire::SsnTsnResetRequestParameter>) {
            return on_association_reset_request(*t);
          } else {
            return ReconfigResult::kDenied;  // a response: handled above
          }
        },
        *any);
    if (closed()) return false;
    if (result == ReconfigResult::kDenied) ++stats_.reconfig_denied;
    t->reconfig.answered(sn, result);
    respond(*t, sn, result, tsn_request);
  }
  return !closed();
}

void Association::respond(const Tcb& t, wire::ReconfigRequestSn sn, ReconfigResult result,
                          bool with_tsns) {
  std::optional<wire::ReconfigurationResponseParameter::NextTsns> tsns;
  if (with_tsns) {
    tsns = wire::ReconfigurationResponseParameter::NextTsns{
        t.retransmissions.next_tsn(), t.tracker.cumulative_tsn_ack() + 1};
  }
  ReconfigBuilder chunk;
  chunk.add(wire::ReconfigurationResponseParameter{sn, result, tsns});
  queue_chunk(chunk.chunk());
}

void Association::restart_receive(Tcb& t, Tsn peer_next) {
  // Messages complete on the old numbering go to the application first;
  // the rest was in flight and is gone with the old TSNs.
  deliver_messages();
  if (closed()) return;
  t.deferred_reset.reset();
  t.deferred_chunks.clear();
  t.deferred_bytes = 0;
  t.tracker = DataTracker(peer_next, config_.acknowledgement);
  t.reassembly.reset_streams({});
}

// 5.2.4: performed at once when nothing of ours is unacknowledged (the
// peer takes our next TSN as the first it expects); otherwise "In
// progress", and the peer's retransmission tries again.
ReconfigResult Association::on_association_reset_request(Tcb& t) {
  if (!config_.reconfig.accept_association_reset) return ReconfigResult::kDenied;
  if (t.reconfig.busy() || t.deferred_reset) {
    return ReconfigResult::kErrorRequestAlreadyInProgress;
  }
  if (!t.send_queue.empty() || !t.retransmissions.empty()) return ReconfigResult::kInProgress;
  // Everything the peer sent so far counts as received: its next TSN
  // follows the highest one seen.
  restart_receive(t, t.tracker.highest_received_tsn() + 1);
  if (closed()) return ReconfigResult::kSuccessPerformed;
  reset_all_outgoing(t);
  report_association_reset(ReconfigOutcome::kPerformed);
  return ReconfigResult::kSuccessPerformed;
}

// --- The peer's requests (5.2).

ReconfigResult Association::on_outgoing_reset_request(
    Tcb& t, const wire::OutgoingSsnResetRequestParameter& p) {
  if (!config_.reconfig.accept_stream_reset) return ReconfigResult::kDenied;
  if (!all_below(p.streams, t.inbound_streams)) return ReconfigResult::kDenied;
  if (t.deferred_reset) return ReconfigResult::kErrorRequestAlreadyInProgress;
  std::vector<StreamId> streams = streams_of(p.streams);
  // 5.2.2: once every TSN the peer assigned before the reset has arrived,
  // the streams start over; until then the reset waits, and so does DATA
  // beyond that TSN on those streams.
  if (p.sender_last_assigned_tsn <= t.tracker.cumulative_tsn_ack()) {
    reset_incoming(t, streams);
    return ReconfigResult::kSuccessPerformed;
  }
  t.deferred_reset = Tcb::DeferredReset{p.request_sn, p.sender_last_assigned_tsn, std::move(streams)};
  return ReconfigResult::kInProgress;
}

void Association::reset_incoming(Tcb& t, std::span<const StreamId> streams) {
  // What was complete before the reset is delivered first: it was
  // received on the streams' old numbering.
  t.reassembly.reset_streams(streams);
  ++stats_.stream_resets_performed;
  report_stream_reset(true, ReconfigOutcome::kPerformed, streams);
}

bool Association::defers(const Tcb& t, Tsn tsn, StreamId stream) const {
  return t.deferred_reset && tsn > t.deferred_reset->last_assigned &&
         names_stream(t.deferred_reset->streams, stream);
}

namespace {

ReassemblyQueue::AddResult add_deferred(ReassemblyQueue& q, Tcb::DeferredChunk& d) {
  return std::visit(
      [&](const auto& chunk) {
        using T = std::decay_t<decltype(chunk)>;
        if constexpr (std::is_same_v<T, wire::DataChunk>) {
          return q.add_data(chunk, std::move(d.payload));
        } else {
          return q.add_idata(chunk, std::move(d.payload));
        }
      },
      d.chunk);
}

}  // namespace

void Association::finish_deferred_reset(Tcb& t) {
  if (!t.deferred_reset || t.deferred_reset->last_assigned > t.tracker.cumulative_tsn_ack()) {
    return;
  }
  Tcb::DeferredReset reset = std::move(*t.deferred_reset);
  t.deferred_reset.reset();
  std::vector<Tcb::DeferredChunk> chunks = std::move(t.deferred_chunks);
  t.deferred_chunks.clear();
  t.deferred_bytes = 0;
  // Messages complete on the old numbering go to the application first.
  deliver_messages();
  if (closed()) return;
  reset_incoming(t, reset.streams);
  if (closed()) return;
  for (Tcb::DeferredChunk& d : chunks) {
    if (add_deferred(t.reassembly, d) == ReassemblyQueue::AddResult::kWouldExceed) {
      ++stats_.data_dropped_no_buffer;
    }
  }
  // A repeat of the request now gets the final answer; the peer may not
  // wait for it, so it goes now too.
  t.reconfig.update_result(reset.request_sn, ReconfigResult::kSuccessPerformed);
  respond(t, reset.request_sn, ReconfigResult::kSuccessPerformed, false);
}

uint32_t Association::receive_window(const Tcb& t) const {
  size_t free = t.reassembly.available_bytes();
  return static_cast<uint32_t>(free > t.deferred_bytes ? free - t.deferred_bytes : 0);
}

ReconfigResult Association::on_incoming_reset_request(
    Tcb& t, const wire::IncomingSsnResetRequestParameter& p) {
  if (!config_.reconfig.accept_stream_reset) return ReconfigResult::kDenied;
  if (!all_below(p.streams, t.outbound_streams)) return ReconfigResult::kDenied;
  if (p.streams.size() > kMaxResetStreams) return ReconfigResult::kDenied;
  if (t.reconfig.busy()) return ReconfigResult::kErrorRequestAlreadyInProgress;
  // 5.2.3: answered by an Outgoing SSN Reset Request of ours that names
  // this request.
  t.reconfig.start(ReconfigRequest{ReconfigKind::kResetOutgoing, streams_of(p.streams), 0,
                                   p.request_sn});
  t.reconfig_due = true;
  request_flush();
  return ReconfigResult::kSuccessPerformed;
}

ReconfigResult Association::on_add_outgoing_request(
    Tcb& t, const wire::AddOutgoingStreamsRequestParameter& p) {
  // 5.2.5: the peer adds streams toward us.
  if (!may_add_streams(config_.reconfig.accept_add_streams, t.inbound_streams, p.new_streams,
                       config_.reconfig.max_inbound_streams)) {
    return ReconfigResult::kDenied;
  }
  t.inbound_streams = static_cast<uint16_t>(t.inbound_streams + p.new_streams);
  report_streams_changed(t, true, ReconfigOutcome::kPerformed);
  return ReconfigResult::kSuccessPerformed;
}

ReconfigResult Association::on_add_incoming_request(
    Tcb& t, const wire::AddIncomingStreamsRequestParameter& p) {
  // 5.2.6: the peer asks us for more streams toward it; we add them with
  // an Add Outgoing Streams Request of our own.
  if (!may_add_streams(config_.reconfig.accept_add_streams, t.outbound_streams, p.new_streams,
                       config_.reconfig.max_outbound_streams)) {
    return ReconfigResult::kDenied;
  }
  if (t.reconfig.busy()) return ReconfigResult::kErrorRequestAlreadyInProgress;
  t.reconfig.start(ReconfigRequest{ReconfigKind::kAddOutgoing, {}, p.new_streams, std::nullopt});
  t.reconfig_due = true;
  request_flush();
  return ReconfigResult::kSuccessPerformed;
}

}  // namespace dsctp::sctp
