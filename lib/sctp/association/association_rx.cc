// Packets in: the chunks of a packet the endpoint has matched to this
// association, in order (RFC 9260 6.10), DATA into the receive side, SACK
// into the send side, and the per-chunk rules for what a state accepts.
#include <algorithm>
#include <array>

#include "sctp/association/association.h"
#include "sctp/wire/causes/decoded_causes.h"
#include "sctp/wire/causes/quoting_causes.h"
#include "sctp/wire/chunks/abort_error.h"
#include "sctp/wire/chunks/data.h"
#include "sctp/wire/chunks/forward_tsn.h"
#include "sctp/wire/chunks/heartbeat.h"
#include "sctp/wire/chunks/sack.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp {
namespace {

// The first cause code of an ABORT or ERROR, 0 when it has none.
uint16_t first_cause(wire::ParameterReader causes) {
  wire::RawParameter p;
  return causes.next(p) ? p.type : 0;
}

}  // namespace

void Association::handle_packet(TimePoint now, const IpAddress& source,
                                const wire::PacketView& packet, const PayloadHold* hold,
                                bool skip_first) {
  note_time(now);
  ++stats_.packets_received;
  data_in_packet_ = false;
  wire::ChunkReader reader = packet.chunk_reader();
  wire::RawChunk chunk;
  bool first = true;
  while (reader.next(chunk)) {
    bool skip = first && skip_first;
    first = false;
    if (skip) continue;
    if (!handle_chunk(now, source, chunk, hold) || closed()) break;
  }
  // A chunk whose framing is broken ends the packet; what came before it
  // stands (RFC 9260 leaves a malformed packet to the receiver; this is
  // what usrsctp and Linux do).
  if (!closed()) after_packet(now);
}

bool Association::handle_chunk(TimePoint now, const IpAddress& source, const wire::RawChunk& c,
                               const PayloadHold* hold) {
  switch (c.chunk_type()) {
    case wire::ChunkType::kData:
      handle_data(now, source, c, hold);
      return true;
    case wire::ChunkType::kIData:
      handle_idata(now, source, c, hold);
      return true;
    case wire::ChunkType::kSack:
      handle_sack(now, c);
      return true;
    case wire::ChunkType::kForwardTsn:
      return handle_forward_tsn(c);
    case wire::ChunkType::kReconfig:
      return handle_reconfig(c);
    case wire::ChunkType::kIForwardTsn:
      return handle_iforward_tsn(c);
    case wire::ChunkType::kInitAck:
      handle_init_ack(now, source, c);
      return false;  // 6.10: INIT ACK is never bundled
    case wire::ChunkType::kCookieAck:
      handle_cookie_ack(now);
      return true;
    case wire::ChunkType::kHeartbeat:
      handle_heartbeat(source, c);
      return true;
    case wire::ChunkType::kHeartbeatAck:
      handle_heartbeat_ack(now, c);
      return true;
    case wire::ChunkType::kAbort:
      handle_abort(c);
      return false;
    case wire::ChunkType::kShutdown:
      handle_shutdown(now, c);
      return true;
    case wire::ChunkType::kShutdownAck:
      handle_shutdown_ack(now);
      return false;
    case wire::ChunkType::kShutdownComplete:
      handle_shutdown_complete();
      return false;
    case wire::ChunkType::kError:
      handle_error(now, c);
      return true;
    case wire::ChunkType::kInit:
    case wire::ChunkType::kCookieEcho:
      // The endpoint handles these when they lead a packet; anywhere else
      // they break 6.10's bundling rules and are discarded.
      return false;
    case wire::ChunkType::kEcne:
    case wire::ChunkType::kCwr:
      return true;  // ECN was not negotiated (we never offer it)
    default:
      // Extensions this association did not negotiate are, to it, unknown
      // chunk types: their action bits decide (RFC 9260 3.2).
      return handle_unknown(c);
  }
}

bool Association::handle_unknown(const wire::RawChunk& c) {
  wire::UnknownAction action = c.unknown_action();
  if (wire::should_report(action) && tcb() != nullptr) {
    // RFC 9260 3.3.10.6: the cause quotes the chunk, header included.
    uint32_t quoted = std::min<uint32_t>(4 + c.value.size(), 1024);
    std::vector<std::byte> chunk(quoted);
    chunk[0] = std::byte{c.type};
    chunk[1] = std::byte{c.flags};
    store_be16(chunk.data() + 2, c.length);
    if (quoted > 4) c.value.subrange(0, quoted - 4).copy_to(chunk.data() + 4);
    std::array<std::byte, 1100> causes{};
    wire::TlvWriter w(causes);
    w.add(wire::UnrecognizedChunkTypeCause{ByteRange(std::span<const std::byte>(chunk))});
    queue_chunk(wire::ErrorChunk{w.range()});
  }
  return wire::should_continue(action);
}

std::optional<PathIndex> Association::path_of(const Tcb& t, const IpAddress& address) const {
  for (const auto& p : t.paths) {
    if (p->address == address) return p->index;
  }
  return std::nullopt;
}

void Association::handle_data(TimePoint, const IpAddress& source, const wire::RawChunk& raw,
                              const PayloadHold* hold) {
  Tcb* t = tcb();
  AssociationState s = state();
  // DATA is accepted until the peer's SHUTDOWN said there is no more.
  if (t == nullptr || s == AssociationState::kCookieEchoed || t->peer_shut_down) return;
  if (t->extensions.interleaving) {
    abort_wrong_data_chunk(false);
    return;
  }
  auto parsed = wire::DataChunk::parse(raw);
  if (!parsed) return;
  receive_user_data(*t, source, parsed.value(), hold);
}

void Association::handle_idata(TimePoint, const IpAddress& source, const wire::RawChunk& raw,
                               const PayloadHold* hold) {
  Tcb* t = tcb();
  AssociationState s = state();
  if (t == nullptr || s == AssociationState::kCookieEchoed || t->peer_shut_down) return;
  if (!t->extensions.interleaving) {
    abort_wrong_data_chunk(true);
    return;
  }
  auto parsed = wire::IDataChunk::parse(raw);
  if (!parsed) return;
  ++stats_.idata_chunks_received;
  receive_user_data(*t, source, parsed.value(), hold);
}

// RFC 8260 2.2.1: once I-DATA is negotiated, DATA chunks must not be sent,
// and without it I-DATA chunks must not be; an endpoint receiving the
// wrong one aborts the association (Protocol Violation).
void Association::abort_wrong_data_chunk(bool idata) {
  static constexpr char kData[] = "DATA chunk received while I-DATA is in use";
  static constexpr char kIData[] = "I-DATA chunk received while I-DATA is not in use";
  std::span<const char> why = idata ? std::span<const char>(kIData, sizeof kIData - 1)
                                    : std::span<const char>(kData, sizeof kData - 1);
  std::array<std::byte, 4 + sizeof kIData> cause{};
  wire::ProtocolViolationCause{ByteRange(std::as_bytes(why))}.serialize(cause.data());
  abort_with(CloseReason::kProtocolViolation,
             std::span<const std::byte>(cause.data(), pad4(4 + static_cast<uint32_t>(why.size()))),
             static_cast<uint16_t>(wire::CauseCode::kProtocolViolation));
}

namespace {

ReassemblyQueue::AddResult add_to(ReassemblyQueue& q, const wire::DataChunk& d, Payload p,
                                  bool next_in_order) {
  return q.add_data(d, std::move(p), next_in_order);
}

ReassemblyQueue::AddResult add_to(ReassemblyQueue& q, const wire::IDataChunk& d, Payload p,
                                  bool next_in_order) {
  return q.add_idata(d, std::move(p), next_in_order);
}

}  // namespace

template <class Chunk>
void Association::receive_user_data(Tcb& t, const IpAddress& source, const Chunk& d,
                                    const PayloadHold* hold) {
  ++stats_.data_chunks_received;
  data_in_packet_ = true;
  if (auto p = path_of(t, source)) t.last_data_source = *p;

  if (d.payload.empty()) {
    // RFC 9260 6.2: "If an endpoint receives a DATA chunk with no user
    // data ..., it MUST send an ABORT with a 'No User Data' error cause."
    // RFC 8260 2.1 applies the same to I-DATA.
    std::array<std::byte, 8> cause{};
    wire::NoUserDataCause{d.tsn}.serialize(cause.data());
    abort_with(CloseReason::kProtocolViolation, cause,
               static_cast<uint16_t>(wire::CauseCode::kNoUserData));
    return;
  }
  if (t.tracker.classify(d.tsn) != DataTracker::TsnClass::kNew) {
    t.tracker.observe(d.tsn, d.immediate());
    ++stats_.duplicate_tsns;
    return;
  }
  if (d.stream.value() >= t.inbound_streams) {
    // RFC 9260 6.5: acknowledge it as usual, report Invalid Stream
    // Identifier in an ERROR, and discard it.
    t.tracker.observe(d.tsn, d.immediate());
    std::array<std::byte, 8> cause{};
    wire::InvalidStreamIdentifierCause{d.stream}.serialize(cause.data());
    queue_chunk(wire::ErrorChunk{ByteRange(std::span<const std::byte>(cause))});
    return;
  }
  // The reassembly buffer is the advertised window: whatever MIDs, FSNs
  // or SSNs the peer sends, no more than it holds is kept. DATA waiting
  // for a stream reset (RFC 6525 5.2.2) counts against it too, so that
  // the buffer has room for it when the reset is done. With partial
  // delivery a full buffer hands out what can move, and the chunk next in
  // TSN order may use a reserve (ReassemblyQueue::can_accept()), unless
  // the application paused: then nothing moves, and the window holds.
  bool deferred = defers(t, d.tsn, d.stream);
  bool next_in_order = !receive_paused_ && d.tsn == t.tracker.cumulative_tsn_ack() + 1;
  bool room = t.reassembly.can_accept(t.deferred_bytes + d.payload.size(), next_in_order) &&
              (!deferred || t.reassembly.buffered_fragments() + t.deferred_chunks.size() <
                                config_.receive.max_buffered_fragments);
  if (!room) {
    t.reassembly.relieve_pressure();
    t.tracker.note_dropped();
    ++stats_.data_dropped_no_buffer;
    return;
  }
  Payload payload;
  if (hold != nullptr && hold->retain != nullptr) {
    hold->retain(hold->context);
    payload = Payload::external(d.payload, hold->release, hold->context);
  } else {
    payload = Payload::copy_of(d.payload);
  }
  if (deferred) {
    Chunk header = d;
    header.payload = {};
    t.deferred_bytes += payload.size();
    t.deferred_chunks.push_back(Tcb::DeferredChunk{header, std::move(payload)});
    t.tracker.observe(d.tsn, d.immediate());
    return;
  }
  if (add_to(t.reassembly, d, std::move(payload), next_in_order) ==
      ReassemblyQueue::AddResult::kWouldExceed) {
    t.tracker.note_dropped();
    ++stats_.data_dropped_no_buffer;
    return;
  }
  // Nearly full: start the partial deliveries that can, before the peer
  // stops for want of window.
  if (t.reassembly.available_bytes() < config_.receive.max_buffered_bytes / 8) {
    t.reassembly.relieve_pressure();
  }
  t.tracker.observe(d.tsn, d.immediate());
  if (t.reassembly.partial_delivery()) {
    t.reassembly.set_cumulative_tsn(t.tracker.cumulative_tsn_ack());
  }
}

void Association::handle_sack(TimePoint now, const wire::RawChunk& raw) {
  Tcb* t = tcb();
  if (t == nullptr || state() == AssociationState::kCookieEchoed) return;
  auto parsed = wire::SackChunk::parse(raw);
  if (!parsed) return;
  ++stats_.sacks_received;
  apply_sack(now, parsed.value());
}

void Association::apply_sack(TimePoint now, const wire::SackChunk& sack) {
  Tcb& t = *tcb();
  SackOutcome out = t.retransmissions.handle_sack(sack, now, t.fast_recovery.active());
  if (out.kind == SackOutcome::Kind::kStale) return;
  if (out.kind == SackOutcome::Kind::kViolation) {
    // RFC 9260 6.2.1 D: a SACK acknowledging a TSN never sent.
    static constexpr char kWhy[] = "SACK acknowledges a TSN not sent";
    std::array<std::byte, 4 + sizeof kWhy> cause{};
    wire::ProtocolViolationCause{ByteRange(std::as_bytes(std::span<const char>(kWhy, sizeof kWhy - 1)))}
        .serialize(cause.data());
    abort_with(CloseReason::kProtocolViolation,
               std::span<const std::byte>(cause.data(), pad4(4 + sizeof kWhy - 1)),
               static_cast<uint16_t>(wire::CauseCode::kProtocolViolation));
    return;
  }
  t.fast_recovery.on_cum_ack(sack.cumulative_tsn_ack);
  bool any_acked = false;
  for (PathIndex p = 0; p < t.paths.size(); ++p) {
    PathSlot& slot = *t.paths[p];
    uint32_t acked = out.bytes_acked[p];
    uint32_t left = out.bytes_out_of_flight[p];
    PathChange change = slot.path.on_sack(PathAck{acked}, t.fast_recovery.active());
    if (left > acked) slot.path.congestion().on_removed_from_flight(left - acked);
    if (acked > 0) any_acked = true;
    report_path_change(t, p, change);
    // RFC 9260 6.3.2 R2 / R3.
    if (!t.retransmissions.has_in_flight(p)) {
      slot.t3.cancel();
    } else if (out.cum_ack_advanced) {
      host_.timers().arm(slot.t3, now + slot.path.rto().rto());
    }
  }
  // RFC 9260 6.2.1 D iii: chunks the peer reneged on are outstanding but
  // neither in flight nor marked; a T3-rtx expiry sends them again, so
  // their path's timer must run.
  for (PathIndex p = 0; p < t.paths.size(); ++p) {
    if (out.reneged_paths[p] && !t.paths[p]->t3.armed()) arm_t3(now, t, p);
  }
  // RFC 9260 8.1: each acknowledged DATA chunk clears the error count.
  if (any_acked) {
    t.errors.reset();
    send_space_freed_ = true;
  }
  if (out.rtt && out.rtt_path < t.paths.size()) {
    t.paths[out.rtt_path]->path.on_rtt_sample(*out.rtt);
  }
  if (out.fast_retransmit_marked > 0) {
    stats_.fast_retransmissions += out.fast_retransmit_marked;
    // RFC 9260 7.2.4: cwnd and ssthresh are cut once per recovery.
    if (t.fast_recovery.enter(out.highest_outstanding)) {
      for (PathIndex p = 0; p < t.paths.size(); ++p) {
        if (out.fast_retransmit_paths[p]) t.paths[p]->path.congestion().on_fast_retransmit();
      }
    }
    t.fast_retransmit_pending = true;
  }
  // RFC 3758 3.5 A4: the normal SACK processing first, then C1-C3 (the
  // SACK's Cumulative TSN Ack is now the queue's, so C1 is done). Chunks
  // just marked for fast retransmit may be given up instead.
  abandon_due(now, t);
  maybe_progress_shutdown(now);
  request_flush();
}

bool Association::handle_forward_tsn(const wire::RawChunk& raw) {
  Tcb* t = tcb();
  if (t == nullptr || state() == AssociationState::kCookieEchoed) return true;
  // RFC 3758 3.3.2: an endpoint that did not negotiate the extension "MUST
  // instead act as if it does NOT support the FORWARD TSN chunk, returning
  // an ERROR to the peer upon receipt of any FORWARD TSN": an unknown
  // chunk, whose type (192, high bits 11) says skip it and report it.
  if (!t->extensions.partial_reliability) return handle_unknown(raw);
  if (t->extensions.interleaving) {
    abort_wrong_forward_tsn(false);
    return false;
  }
  auto parsed = wire::ForwardTsnChunk::parse(raw);
  if (!parsed) return true;
  ++stats_.forward_tsns_received;
  const wire::ForwardTsnChunk& chunk = parsed.value();
  // RFC 3758 3.6: the cumulative TSN point moves (unless the chunk is out
  // of date), and the SACK follows the same rules as for DATA. A New
  // Cumulative TSN beyond anything the peer sent harms only the peer: its
  // later DATA would count as duplicates.
  if (!t->tracker.handle_forward_tsn(chunk.new_cumulative_tsn)) return true;
  // Entries for streams that do not exist are ignored (RFC 9260 6.5 bounds
  // the per-stream state the reassembly queue keeps to the negotiated
  // inbound streams).
  skipped_streams_.clear();
  for (wire::ForwardTsnStream e : chunk.streams) {
    if (e.stream.value() < t->inbound_streams) skipped_streams_.push_back(e);
  }
  wire::ForwardTsnChunk valid = chunk;
  valid.streams = wire::RecordList<wire::ForwardTsnStream>(
      std::span<const wire::ForwardTsnStream>(skipped_streams_));
  // Partial messages skipped are dropped, and ordered ones that waited for
  // the skipped SSNs become deliverable (after_packet() delivers them).
  t->reassembly.handle_forward_tsn(valid);
  if (t->reassembly.partial_delivery()) {
    t->reassembly.set_cumulative_tsn(t->tracker.cumulative_tsn_ack());
  }
  return true;
}

bool Association::handle_iforward_tsn(const wire::RawChunk& raw) {
  Tcb* t = tcb();
  if (t == nullptr || state() == AssociationState::kCookieEchoed) return true;
  // Not negotiated (no PR-SCTP, or no I-DATA and so no I-FORWARD-TSN in
  // our list): an unknown chunk, as for FORWARD-TSN above.
  if (!t->extensions.partial_reliability) return handle_unknown(raw);
  if (!t->extensions.interleaving) {
    abort_wrong_forward_tsn(true);
    return false;
  }
  auto parsed = wire::IForwardTsnChunk::parse(raw);
  if (!parsed) return true;
  ++stats_.forward_tsns_received;
  const wire::IForwardTsnChunk& chunk = parsed.value();
  if (!t->tracker.handle_forward_tsn(chunk.new_cumulative_tsn)) return true;
  skipped_messages_.clear();
  for (wire::IForwardTsnStream e : chunk.streams) {
    if (e.stream.value() < t->inbound_streams) skipped_messages_.push_back(e);
  }
  wire::IForwardTsnChunk valid = chunk;
  valid.streams = wire::RecordList<wire::IForwardTsnStream>(
      std::span<const wire::IForwardTsnStream>(skipped_messages_));
  t->reassembly.handle_iforward_tsn(valid);
  return true;
}

// RFC 8260 2.3.1: with I-DATA in use the skip is I-FORWARD-TSN, with DATA
// FORWARD-TSN; the wrong one is a Protocol Violation.
void Association::abort_wrong_forward_tsn(bool iforward) {
  static constexpr char kForward[] = "FORWARD-TSN chunk received while I-DATA is in use";
  static constexpr char kIForward[] = "I-FORWARD-TSN chunk received while I-DATA is not in use";
  std::span<const char> why = iforward ? std::span<const char>(kIForward, sizeof kIForward - 1)
                                       : std::span<const char>(kForward, sizeof kForward - 1);
  std::array<std::byte, 4 + sizeof kIForward + 3> cause{};
  wire::ProtocolViolationCause{ByteRange(std::as_bytes(why))}.serialize(cause.data());
  abort_with(CloseReason::kProtocolViolation,
             std::span<const std::byte>(cause.data(), pad4(4 + static_cast<uint32_t>(why.size()))),
             static_cast<uint16_t>(wire::CauseCode::kProtocolViolation));
}

void Association::handle_heartbeat(const IpAddress& source, const wire::RawChunk& raw) {
  if (tcb() == nullptr) return;
  auto parsed = wire::HeartbeatChunk::parse(raw);
  if (!parsed) return;
  // RFC 9260 8.3: the ACK returns the Heartbeat Information unchanged, to
  // the address the HEARTBEAT came from.
  queue_chunk(wire::HeartbeatAckChunk{parsed.value().parameter_bytes}, source);
}

void Association::handle_abort(const wire::RawChunk& raw) {
  auto parsed = wire::AbortChunk::parse(raw);
  uint16_t cause = parsed ? first_cause(parsed.value().causes()) : 0;
  // In SHUTDOWN-ACK-SENT everything we sent is acknowledged and the peer
  // has said it sends no more: a bare ABORT there is a peer that already
  // closed (its SHUTDOWN COMPLETE was lost, and a late packet of ours met
  // no association, RFC 9260 8.4 step 8). Nothing was lost: it is the
  // graceful end the SHUTDOWN COMPLETE would have been.
  if (state() == AssociationState::kShutdownAckSent && cause == 0) {
    close(CloseInfo{CloseReason::kShutdown, 0});
    return;
  }
  close(CloseInfo{CloseReason::kAbortedByPeer, cause});
}

void Association::handle_error(TimePoint now, const wire::RawChunk& raw) {
  auto parsed = wire::ErrorChunk::parse(raw);
  if (!parsed) return;
  wire::ParameterReader causes = parsed.value().causes();
  wire::RawParameter p;
  while (causes.next(p)) {
    if (p.cause_code() == wire::CauseCode::kStaleCookie &&
        std::holds_alternative<state::CookieEchoed>(state_)) {
      auto stale = wire::StaleCookieCause::parse(p);
      restart_handshake(now, stale ? stale.value().staleness_us : 0);
      return;
    }
  }
  // Other errors are the peer's report; nothing in them obliges us to act
  // (the ones that do, like Unrecognized Chunk Type for an extension we
  // use, concern extensions this association does not use yet).
}

void Association::deliver_messages() {
  for (Tcb* t = tcb(); t != nullptr && !receive_paused_; t = tcb()) {
    bool delivered =
        t->reassembly.deliver_next([&](ReceivedMessage& m, Piece piece) { deliver_one(m, piece); });
    // The application may have aborted from its callback (tcb() is then
    // gone and the loop ends).
    if (!delivered || closed()) return;
  }
}

void Association::deliver_one(ReceivedMessage& m, Piece piece) {
  uint32_t key = (uint32_t{m.stream().value()} << 1) | (m.unordered() ? 1u : 0u);
  auto open = std::find(open_parts_.begin(), open_parts_.end(), key);
  switch (piece) {
    case Piece::kWhole:
      ++stats_.messages_delivered;
      if (callbacks_.message != nullptr) callbacks_.message(context_, *this, m);
      return;
    case Piece::kAborted:
      if (open == open_parts_.end()) return;
      open_parts_.erase(open);
      if (callbacks_.partial_delivery_aborted != nullptr) {
        callbacks_.partial_delivery_aborted(context_, *this, m.stream(), m.unordered());
      }
      return;
    case Piece::kFirst:
    case Piece::kMiddle:
    case Piece::kLast:
      break;
  }
  MessagePart part{piece == Piece::kFirst, piece == Piece::kLast};
  if (part.first && open == open_parts_.end()) open_parts_.push_back(key);
  if (part.last) {
    ++stats_.messages_delivered;
    if (open != open_parts_.end()) open_parts_.erase(open);
  }
  if (callbacks_.message_part != nullptr) callbacks_.message_part(context_, *this, m, part);
}

void Association::abort_open_parts() {
  std::vector<uint32_t> open = std::move(open_parts_);
  open_parts_.clear();
  if (callbacks_.partial_delivery_aborted == nullptr) return;
  for (uint32_t key : open) {
    callbacks_.partial_delivery_aborted(context_, *this, StreamId(static_cast<uint16_t>(key >> 1)),
                                        (key & 1) != 0);
  }
}

void Association::resume_receive() {
  if (!receive_paused_) return;
  receive_paused_ = false;
  deliver_messages();
  if (Tcb* t = tcb(); t != nullptr && !receive_paused_) {
    // The window the peer last heard of may be zero: it sends nothing new
    // until it hears otherwise (or probes after an RTO).
    t->tracker.request_sack();
    request_flush();
  }
}

void Association::after_packet(TimePoint now) {
  Tcb* t = tcb();
  if (t == nullptr) return;
  t->tracker.observe_packet_end(now);
  finish_deferred_reset(*t);
  if (closed()) return;
  deliver_messages();
  if (closed()) return;
  t = tcb();
  if (send_space_freed_) {
    send_space_freed_ = false;
    size_t free = send_buffer_free();
    if (callbacks_.writable != nullptr && free >= writable_threshold_ && free > 0) {
      callbacks_.writable(context_, *this, free);
      if (closed()) return;
      t = tcb();
    }
  }
  if (data_in_packet_ && state() == AssociationState::kShutdownSent) {
    // RFC 9260 9.2: "respond to each received packet containing one or
    // more DATA chunks with a SHUTDOWN chunk and restart the T2-shutdown
    // timer."
    send_shutdown(now);
  }
  if (t->tracker.should_send_sack_now()) {
    t->delayed_sack.cancel();
    request_flush();
  } else if (auto deadline = t->tracker.sack_deadline()) {
    if (!t->delayed_sack.armed()) host_.timers().arm(t->delayed_sack, *deadline);
  }
}

}  // namespace dsctp::sctp
