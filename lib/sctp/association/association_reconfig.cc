// Stream reconfiguration (RFC 6525), our side: the application's
// requests, the RE-CONFIG chunk that carries each, its retransmission, and
// what the peer's answer does to the queues. The peer's requests are in
// association_reconfig_peer.cc; the sequence numbers and the outstanding
// request live in StreamReset (reconfig/).
#include <algorithm>
#include <utility>

#include "sctp/association/association.h"
#include "sctp/association/reconfig/reconfig_builder.h"
#include "sctp/association/timer_context.h"

namespace dsctp::sctp {
namespace {

using wire::ReconfigResult;

bool performed(ReconfigResult r) {
  return r == ReconfigResult::kSuccessPerformed || r == ReconfigResult::kSuccessNothingToDo;
}

ReconfigOutcome outcome_of(ReconfigResult r) {
  if (performed(r)) return ReconfigOutcome::kPerformed;
  return r == ReconfigResult::kDenied ? ReconfigOutcome::kDenied : ReconfigOutcome::kFailed;
}

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
