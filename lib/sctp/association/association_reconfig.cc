// Stream reconfiguration (RFC 6525): the application's requests, the
// RE-CONFIG chunks that carry them and their responses, and what a
// request does to the queues once it is answered. The sequence numbers
// and the outstanding request live in StreamReset (reconfig/).
//
// The SSN/TSN Reset (5.1.4, 5.2.4) keeps the responder's sending TSNs
// (its Sender's Next TSN is its next TSN) and has the receiving side of
// each end start where the other says: the requester's next TSN is the
// Receiver's Next TSN of the response.
#include <algorithm>
#include <array>
#include <utility>

#include "sctp/association/association.h"
#include "sctp/association/timer_context.h"
#include "sctp/wire/chunks/reconfig.h"
#include "sctp/wire/reconfig/all.h"

namespace dsctp::sctp {
namespace {

using wire::ReconfigResult;

constexpr uint32_t kMaxReconfigChunk =
    wire::ReconfigChunk::kHeaderSize + wire::OutgoingSsnResetRequestParameter::kFixedSize +
    2 * Association::kMaxResetStreams;

bool performed(ReconfigResult r) {
  return r == ReconfigResult::kSuccessPerformed || r == ReconfigResult::kSuccessNothingToDo;
}

ReconfigOutcome outcome_of(ReconfigResult r) {
  if (performed(r)) return ReconfigOutcome::kPerformed;
  return r == ReconfigResult::kDenied ? ReconfigOutcome::kDenied : ReconfigOutcome::kFailed;
}

std::vector<StreamId> streams_of(wire::RecordList<wire::StreamIdRecord> list) {
  std::vector<StreamId> out;
  out.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) out.push_back(list[i]);
  return out;
}

bool all_below(wire::RecordList<wire::StreamIdRecord> list, uint16_t count) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].stream.value() >= count) return false;
  }
  return true;
}

// One RE-CONFIG chunk of up to two parameters, built in place.
class ReconfigBuilder {
 public:
  bool add(const wire::AnyReconfigParameter& p) { return wire::add_to(writer_, p); }
  bool empty() const { return writer_.range().size() == 0; }
  wire::ReconfigChunk chunk() const { return wire::ReconfigChunk{writer_.range()}; }

 private:
  std::array<std::byte, kMaxReconfigChunk> buffer_{};
  wire::TlvWriter writer_{buffer_};
};

}  // namespace

const char* to_string(ReconfigStatus s) {
  switch (s) {
    case ReconfigStatus::kOk: return "ok";
    case ReconfigStatus::kNotConnected: return "not connected";
    case ReconfigStatus::kNotNegotiated: return "RE-CONFIG not negotiated";
    case ReconfigStatus::kBusy: return "a request is outstanding";
    case ReconfigStatus::kInvalidStream: return "invalid stream";
    case ReconfigStatus::kTooMany: return "too many streams";
  }
  return "?";
}

const char* to_string(ReconfigOutcome o) {
  switch (o) {
    case ReconfigOutcome::kPerformed: return "performed";
    case ReconfigOutcome::kDenied: return "denied";
    case ReconfigOutcome::kFailed: return "failed";
  }
  return "?";
}

void TimerContext::reconfig_expired(void* a, TimePoint now) {
  auto& self = *static_cast<Association*>(a);
  self.note_time(now);
  self.on_reconfig_timer(now);
}

// --- The application's requests.

ReconfigStatus Association::start_reconfig(ReconfigRequest request) {
  if (state() != AssociationState::kEstablished) return ReconfigStatus::kNotConnected;
  Tcb& t = *tcb();
  if (!t.extensions.stream_reconfig) return ReconfigStatus::kNotNegotiated;
  if (t.reconfig.busy()) return ReconfigStatus::kBusy;
  if (request.streams.size() > kMaxResetStreams) return ReconfigStatus::kTooMany;
  t.reconfig.start(std::move(request));
  t.reconfig_due = true;
  request_flush();
  return ReconfigStatus::kOk;
}

ReconfigStatus Association::reset_streams(std::span<const StreamId> streams) {
  for (StreamId s : streams) {
    if (s.value() >= outbound_streams()) return ReconfigStatus::kInvalidStream;
  }
  return start_reconfig(ReconfigRequest{ReconfigKind::kResetOutgoing,
                                        std::vector<StreamId>(streams.begin(), streams.end()),
                                        0, std::nullopt});
}

ReconfigStatus Association::reset_incoming_streams(std::span<const StreamId> streams) {
  for (StreamId s : streams) {
    if (s.value() >= inbound_streams()) return ReconfigStatus::kInvalidStream;
  }
  return start_reconfig(ReconfigRequest{ReconfigKind::kResetIncoming,
                                        std::vector<StreamId>(streams.begin(), streams.end()),
                                        0, std::nullopt});
}

ReconfigStatus Association::add_outgoing_streams(uint16_t count) {
  if (count == 0) return ReconfigStatus::kInvalidStream;
  if (size_t{outbound_streams()} + count > config_.reconfig.max_outbound_streams) {
    return ReconfigStatus::kTooMany;
  }
  return start_reconfig(ReconfigRequest{ReconfigKind::kAddOutgoing, {}, count, std::nullopt});
}

ReconfigStatus Association::reset_association() {
  return start_reconfig(ReconfigRequest{ReconfigKind::kResetAssociation, {}, 0, std::nullopt});
}

ReconfigStatus Association::add_incoming_streams(uint16_t count) {
  if (count == 0) return ReconfigStatus::kInvalidStream;
  if (size_t{inbound_streams()} + count > config_.reconfig.max_inbound_streams) {
    return ReconfigStatus::kTooMany;
  }
  return start_reconfig(ReconfigRequest{ReconfigKind::kAddIncoming, {}, count, std::nullopt});
}

SendStatus Association::hold_message(Tcb& t, OutgoingMessage m, AbandonRule rule) {
  if (m.stream.value() >= t.outbound_streams) return SendStatus::kInvalidStream;
  t.held_bytes += m.bytes.size();
  t.held.emplace_back(std::move(m), rule);
  ++stats_.messages_sent;
  return SendStatus::kOk;
}

void Association::release_held(Tcb& t) {
  std::vector<std::pair<OutgoingMessage, AbandonRule>> held = std::move(t.held);
  t.held.clear();
  t.held_bytes = 0;
  for (auto& [m, rule] : held) {
    // The bytes were counted against the send buffer all along, so the
    // queue has room unless a later reset held them again.
    if (t.reconfig.holds(m.stream)) {
      hold_message(t, std::move(m), rule);
      --stats_.messages_sent;
      continue;
    }
    OutgoingMessage copy = m;
    if (t.send_queue.push(std::move(m), rule) != SendQueue::PushResult::kQueued &&
        callbacks_.send_failed != nullptr) {
      callbacks_.send_failed(context_, *this, copy);
    }
  }
  request_flush();
}

// --- Sending our request.

// 5.1.2: the Outgoing SSN Reset Request goes once every message already
// queued on its streams has its TSNs, so that Sender's Last Assigned TSN
// covers them and the new ones (held) start at SSN 0.
bool Association::reconfig_ready(const Tcb& t) const {
  const std::optional<ReconfigRequest>& r = t.reconfig.request();
  if (!r || !t.reconfig_due) return false;
  if (t.reconfig.sent()) return true;
  // 5.1.4: the peer takes our next TSN as the first it expects, so
  // nothing of ours may still be on its way.
  if (r->kind == ReconfigKind::kResetAssociation) {
    return t.send_queue.empty() && t.retransmissions.empty();
  }
  if (r->kind != ReconfigKind::kResetOutgoing) return true;
  if (r->streams.empty()) return t.send_queue.empty();
  return std::none_of(r->streams.begin(), r->streams.end(),
                      [&](StreamId s) { return t.send_queue.has_queued(s); });
}

void Association::add_reconfig(TimePoint now, Tcb& t, PathIndex path, wire::PacketBuilder& b) {
  if (!reconfig_ready(t)) return;
  const ReconfigRequest& r = *t.reconfig.request();
  bool first = !t.reconfig.sent();
  wire::ReconfigRequestSn sn = t.reconfig.mark_sent();
  std::vector<wire::StreamIdRecord> records;
  for (StreamId s : r.streams) records.push_back({s});
  wire::RecordList<wire::StreamIdRecord> list{std::span<const wire::StreamIdRecord>(records)};
  ReconfigBuilder chunk;
  switch (r.kind) {
    case ReconfigKind::kResetOutgoing: {
      // A retransmission keeps the TSN of the first: nothing was sent on
      // these streams since.
      wire::OutgoingSsnResetRequestParameter p;
      p.request_sn = sn;
      p.response_sn = r.answers.value_or(t.reconfig.peer_last_sn());
      if (first) t.reconfig_last_tsn = t.retransmissions.next_tsn() - 1;
      p.sender_last_assigned_tsn = t.reconfig_last_tsn;
      p.streams = list;
      chunk.add(p);
      break;
    }
    case ReconfigKind::kResetIncoming:
      chunk.add(wire::IncomingSsnResetRequestParameter{sn, list});
      break;
    case ReconfigKind::kAddOutgoing:
      chunk.add(wire::AddOutgoingStreamsRequestParameter{sn, r.new_streams});
      break;
    case ReconfigKind::kAddIncoming:
      chunk.add(wire::AddIncomingStreamsRequestParameter{sn, r.new_streams});
      break;
    case ReconfigKind::kResetAssociation:
      chunk.add(wire::SsnTsnResetRequestParameter{sn});
      break;
  }
  wire::ReconfigChunk c = chunk.chunk();
  if (c.serialized_size() > b.remaining() && b.chunk_count() > 0) {
    send_packet(t.paths[path]->address, b);
    b = start_packet(t.peer_tag, packet_budget(t, path));
  }
  if (!b.add(c)) return;  // larger than a packet: kMaxResetStreams prevents it
  t.reconfig_due = false;
  if (first) {
    ++stats_.reconfig_requests_sent;
    t.reconfig_rto = t.paths[path]->path.rto().rto();
  } else {
    ++stats_.reconfig_retransmissions;
  }
  host_.timers().arm(t.reconfig_timer, now + t.reconfig_rto);
}

// 5.1.1: a request not answered within an RTO is sent again, with the
// same sequence number, the timer backing off as T3-rtx does; each expiry
// counts against Association.Max.Retrans.
void Association::on_reconfig_timer(TimePoint now) {
  Tcb* t = tcb();
  if (t == nullptr || !t->reconfig.sent()) return;
  count_association_error(now);
  if (closed()) return;
  t->reconfig_rto = std::min<Duration>(t->reconfig_rto * 2, config_.path.rto.max);
  t->reconfig_due = true;
  request_flush();
}

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

void Association::on_reconfig_response(Tcb& t, const wire::ReconfigurationResponseParameter& p) {
  if (!t.reconfig.answers_ours(p.response_sn)) return;
  // The peer is there: its answer clears the error count as a SACK would.
  t.errors.reset();
  if (p.result == ReconfigResult::kInProgress) {
    // 5.2.7 (In progress): the peer needs more time; the timer sends the
    // request again, at the path's RTO rather than backed off.
    t.reconfig_rto = t.paths[data_path(t)]->path.rto().rto();
    return;
  }
  ReconfigOutcome outcome = outcome_of(p.result);
  if (outcome == ReconfigOutcome::kDenied) ++stats_.reconfig_denied;
  const ReconfigRequest& ours = *t.reconfig.request();
  if (ours.kind == ReconfigKind::kResetAssociation && outcome == ReconfigOutcome::kPerformed) {
    // 5.1.4: without the TSNs the reset cannot be applied.
    if (!p.next_tsns) {
      outcome = ReconfigOutcome::kFailed;
    } else {
      t.retransmissions = RetransmissionQueue(retransmission_config(t.extensions),
                                              p.next_tsns->receiver_next_tsn,
                                              t.retransmissions.peer_rwnd());
      t.forward_tsn_due = false;
      t.fast_recovery.reset();
      restart_receive(t, p.next_tsns->sender_next_tsn);
      if (closed()) return;
      reset_all_outgoing(t);
    }
  }
  finish_reconfig(t, outcome);
}

void Association::finish_reconfig(Tcb& t, ReconfigOutcome outcome) {
  t.reconfig_timer.cancel();
  t.reconfig_due = false;
  std::optional<ReconfigRequest> r = t.reconfig.finish();
  if (!r) return;
  bool ok = outcome == ReconfigOutcome::kPerformed;
  switch (r->kind) {
    case ReconfigKind::kResetOutgoing:
      if (ok) {
        if (r->streams.empty()) {
          for (uint16_t s = 0; s < t.outbound_streams; ++s) t.send_queue.reset_stream(StreamId(s));
        } else {
          for (StreamId s : r->streams) t.send_queue.reset_stream(s);
        }
        ++stats_.stream_resets_performed;
      }
      release_held(t);
      // A reset the peer asked for (5.2.3) was its request: report it too.
      report_stream_reset(false, outcome, r->streams);
      break;
    case ReconfigKind::kResetIncoming:
      // Performed: the peer's Outgoing SSN Reset Request does the reset,
      // and that is reported when it comes.
      if (!ok) report_stream_reset(true, outcome, r->streams);
      break;
    case ReconfigKind::kAddOutgoing:
      if (ok) {
        t.outbound_streams = static_cast<uint16_t>(
            std::min<uint32_t>(uint32_t{t.outbound_streams} + r->new_streams, 65535));
        t.send_queue.set_stream_count(t.outbound_streams);
      }
      report_streams_changed(t, false, outcome);
      break;
    case ReconfigKind::kAddIncoming:
      // Performed: the peer's Add Outgoing Streams Request adds them.
      if (!ok) report_streams_changed(t, true, outcome);
      break;
    case ReconfigKind::kResetAssociation:
      release_held(t);
      report_association_reset(outcome);
      break;
  }
}

void Association::reset_all_outgoing(Tcb& t) {
  for (uint16_t s = 0; s < t.outbound_streams; ++s) t.send_queue.reset_stream(StreamId(s));
  ++stats_.stream_resets_performed;
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
  uint32_t total = uint32_t{t.inbound_streams} + p.new_streams;
  if (!config_.reconfig.accept_add_streams || p.new_streams == 0 ||
      total > config_.reconfig.max_inbound_streams) {
    return ReconfigResult::kDenied;
  }
  t.inbound_streams = static_cast<uint16_t>(total);
  report_streams_changed(t, true, ReconfigOutcome::kPerformed);
  return ReconfigResult::kSuccessPerformed;
}

ReconfigResult Association::on_add_incoming_request(
    Tcb& t, const wire::AddIncomingStreamsRequestParameter& p) {
  // 5.2.6: the peer asks us for more streams toward it; we add them with
  // an Add Outgoing Streams Request of our own.
  uint32_t total = uint32_t{t.outbound_streams} + p.new_streams;
  if (!config_.reconfig.accept_add_streams || p.new_streams == 0 ||
      total > config_.reconfig.max_outbound_streams) {
    return ReconfigResult::kDenied;
  }
  if (t.reconfig.busy()) return ReconfigResult::kErrorRequestAlreadyInProgress;
  t.reconfig.start(ReconfigRequest{ReconfigKind::kAddOutgoing, {}, p.new_streams, std::nullopt});
  t.reconfig_due = true;
  request_flush();
  return ReconfigResult::kSuccessPerformed;
}

// --- Reports.

void Association::report_stream_reset(bool incoming, ReconfigOutcome outcome,
                                      std::span<const StreamId> streams) {
  if (callbacks_.stream_reset == nullptr) return;
  callbacks_.stream_reset(context_, *this, StreamResetEvent{incoming, outcome, streams});
}

void Association::report_association_reset(ReconfigOutcome outcome) {
  if (callbacks_.association_reset == nullptr) return;
  callbacks_.association_reset(context_, *this, outcome);
}

void Association::report_streams_changed(const Tcb& t, bool incoming, ReconfigOutcome outcome) {
  if (callbacks_.streams_changed == nullptr) return;
  callbacks_.streams_changed(
      context_, *this,
      StreamChangeEvent{incoming, outcome, t.outbound_streams, t.inbound_streams});
}

}  // namespace dsctp::sctp
