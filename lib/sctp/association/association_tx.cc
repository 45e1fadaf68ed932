// Packets out: bundling control chunks, the SACK, retransmissions and new
// DATA into packets up to the path MTU (RFC 9260 6.10), within each path's
// congestion window and the peer's receive window (6.1), at most Max.Burst
// packets of new data per flush.
#include <algorithm>
#include <array>
#include <cstring>

#include "sctp/association/association.h"
#include "sctp/wire/causes/quoting_causes.h"
#include "sctp/wire/chunks/abort_error.h"
#include "sctp/wire/chunks/data.h"
#include "sctp/wire/chunks/heartbeat.h"
#include "sctp/wire/chunks/sack.h"
#include "sctp/wire/parameters/init_params.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp {
namespace {

// A chunk already in wire form, for PacketBuilder::add().
struct SerializedChunk {
  std::span<const std::byte> bytes;
  uint32_t serialized_size() const { return static_cast<uint32_t>(bytes.size()); }
  void serialize(std::byte* out) const { std::memcpy(out, bytes.data(), bytes.size()); }
};

wire::DataChunk data_chunk(Tsn tsn, const OutgoingFragment& f) {
  wire::DataChunk d;
  d.flags = f.flags;
  d.tsn = tsn;
  d.stream = f.stream;
  d.ssn = f.ssn;
  d.ppid = f.ppid;
  d.payload = f.payload();
  return d;
}

// RFC 8260 2.1: the PPID rides on the first fragment only; the others
// carry their FSN in its place.
wire::IDataChunk idata_chunk(Tsn tsn, const OutgoingFragment& f) {
  wire::IDataChunk d;
  d.flags = f.flags;
  d.tsn = tsn;
  d.stream = f.stream;
  d.mid = f.mid;
  d.ppid = f.ppid;
  d.fsn = Fsn(f.fsn);
  d.payload = f.payload();
  return d;
}

// Adds a DATA or, when I-DATA was negotiated, an I-DATA chunk (RFC 8260
// 2.2.1: one association uses one of them for every user message).
void add_user_data(wire::PacketBuilder& b, bool idata, Tsn tsn, const OutgoingFragment& f,
                   uint8_t extra_flags = 0) {
  if (idata) {
    wire::IDataChunk d = idata_chunk(tsn, f);
    d.flags |= extra_flags;
    b.add(d);
  } else {
    wire::DataChunk d = data_chunk(tsn, f);
    d.flags |= extra_flags;
    b.add(d);
  }
}

}  // namespace

void Association::request_flush() {
  if (flush_requested_ || closed()) return;
  flush_requested_ = true;
  host_.request_flush(*this);
}

uint32_t Association::packet_budget(const Tcb& t, PathIndex path) const {
  uint32_t mtu = t.paths[path]->path.state().mtu();
  uint32_t budget = mtu > config_.lower_layer_overhead ? mtu - config_.lower_layer_overhead : 0;
  return std::min<uint32_t>(budget, static_cast<uint32_t>(tx_buffer_.size()));
}

wire::PacketBuilder Association::start_packet(VerificationTag tag, uint32_t budget) {
  // The header is the same for nearly every packet: kept in the
  // association rather than assembled field by field on the stack, which
  // costs a store-forwarding stall per packet when the builder copies it.
  if (header_.verification_tag != tag || header_.source_port != local_port_) {
    header_.source_port = local_port_;
    header_.destination_port = peer_port_;
    header_.verification_tag = tag;
  }
  return wire::PacketBuilder(std::span<std::byte>(tx_buffer_).first(budget), header_);
}

void Association::send_packet(const IpAddress& destination, wire::PacketBuilder& builder) {
  bool leave_zero = config_.checksum_offload || zero_checksum_allowed();
  std::span<const std::byte> bytes =
      builder.finish(leave_zero ? wire::ChecksumMode::kLeaveZero : wire::ChecksumMode::kCompute);
  ++stats_.packets_sent;
  host_.transmit(destination, bytes);
}

bool Association::zero_checksum_allowed() const {
  // RFC 9653 5.2: only towards a peer that offered it, for the method we
  // offered too. Not before ESTABLISHED: INIT must carry a correct CRC32c,
  // and COOKIE ECHO keeps one too, so that a peer whose state is gone by
  // then (a restart, a stale cookie) still reads it.
  const Tcb* t = tcb();
  if (t == nullptr || !t->extensions.zero_checksum()) return false;
  AssociationState s = state();
  return s != AssociationState::kCookieWait && s != AssociationState::kCookieEchoed;
}

void Association::send_now(std::span<const std::byte> chunk, const IpAddress& destination,
                           VerificationTag tag) {
  wire::PacketBuilder b = start_packet(tag, static_cast<uint32_t>(tx_buffer_.size()));
  if (!b.add(SerializedChunk{chunk})) return;  // larger than any packet: not sent
  send_packet(destination, b);
}

void Association::send_abort(std::span<const std::byte> causes) {
  Tcb* t = tcb();
  if (t == nullptr) return;
  wire::AbortChunk chunk;
  chunk.cause_bytes = ByteRange(causes);
  send_chunk_now(chunk, t->paths[data_path(*t)]->address, t->peer_tag);
}

void Association::abort_with(CloseReason reason, std::span<const std::byte> causes,
                             uint16_t cause_code) {
  send_abort(causes);
  close(CloseInfo{reason, cause_code});
}

void Association::abort(TimePoint, std::span<const std::byte> reason) {
  if (closed()) return;
  std::vector<std::byte> cause(pad4(4 + static_cast<uint32_t>(std::min<size_t>(reason.size(), 512))));
  wire::UserInitiatedAbortCause{ByteRange(reason.first(std::min<size_t>(reason.size(), 512)))}
      .serialize(cause.data());
  abort_with(CloseReason::kAbortedLocally, cause,
             static_cast<uint16_t>(wire::CauseCode::kUserInitiatedAbort));
}

void Association::flush(TimePoint now) {
  note_time(now);
  flush_requested_ = false;
  Tcb* t = tcb();
  if (t == nullptr) return;
  flush_tcb(now, *t);
  report_abandoned();
}

void Association::flush_tcb(TimePoint now, Tcb& t) {
  PathIndex dp = data_path(t);
  const IpAddress& dp_address = t.paths[dp]->address;
  uint32_t budget = packet_budget(t, dp);

  // Control chunks for other destinations (HEARTBEAT and its ACK) go alone.
  for (const PendingControl& c : control_) {
    if (c.destination.is_unspecified() || c.destination == dp_address) continue;
    uint32_t b = budget;
    if (auto p = path_of(t, c.destination)) b = packet_budget(t, *p);
    wire::PacketBuilder single = start_packet(t.peer_tag, b);
    if (single.add(SerializedChunk{std::span(control_bytes_).subspan(c.offset, c.length)})) {
      send_packet(c.destination, single);
    }
  }

  // RFC 9260 6.4: the SACK goes where the DATA came from.
  bool sack_due = t.tracker.should_send_sack_now();
  if (sack_due && t.last_data_source != dp && t.last_data_source < t.paths.size()) {
    PathIndex sp = t.last_data_source;
    wire::PacketBuilder b = start_packet(t.peer_tag, packet_budget(t, sp));
    b.add(t.tracker.make_sack_within(
        receive_window(t), b.remaining()));
    ++stats_.sacks_sent;
    send_packet(t.paths[sp]->address, b);
    sack_due = false;
  }

  wire::PacketBuilder b = start_packet(t.peer_tag, budget);
  for (const PendingControl& c : control_) {
    if (!(c.destination.is_unspecified() || c.destination == dp_address)) continue;
    SerializedChunk chunk{std::span(control_bytes_).subspan(c.offset, c.length)};
    if (!b.add(chunk)) {
      if (b.chunk_count() > 0) send_packet(dp_address, b);
      b = start_packet(t.peer_tag, budget);
      b.add(chunk);
    }
  }
  control_.clear();
  control_bytes_.clear();
  if (sack_due) {
    if (b.remaining() < wire::SackChunk::kHeaderSize) {
      send_packet(dp_address, b);
      b = start_packet(t.peer_tag, budget);
    }
    b.add(t.tracker.make_sack_within(receive_window(t),
                                     b.remaining()));
    ++stats_.sacks_sent;
  }

  AssociationState s = state();
  bool may_send_data = s == AssociationState::kEstablished ||
                       s == AssociationState::kShutdownPending ||
                       s == AssociationState::kShutdownReceived;
  if (may_send_data) {
    // A lifetime may have run out while chunks waited to be retransmitted.
    if (t.retransmissions.has_retransmissions()) abandon_due(now, t);
    add_forward_tsn(now, t, dp, b);
    add_reconfig(now, t, dp, b);
  }
  uint32_t bursts = 0;
  while (may_send_data) {
    bool more = fill_data(now, t, dp, b);
    if (b.chunk_count() == 0) break;
    send_packet(dp_address, b);
    b = start_packet(t.peer_tag, budget);
    if (!more || ++bursts >= config_.max_burst) break;
  }
  // An Outgoing SSN Reset Request whose streams the data just sent has
  // drained goes now rather than with the next flush.
  if (may_send_data) add_reconfig(now, t, dp, b);
  if (b.chunk_count() > 0) send_packet(dp_address, b);
}

bool Association::fill_data(TimePoint now, Tcb& t, PathIndex path, wire::PacketBuilder& b) {
  PathSlot& slot = *t.paths[path];
  CongestionControl& cc = slot.path.congestion();
  // RFC 9260 6.1: retransmissions go before new data. A fast retransmit
  // sends one packet of them whatever cwnd says (7.2.4 step 3).
  const bool idata = t.extensions.interleaving;
  bool fast = t.fast_retransmit_pending;
  t.fast_retransmit_pending = false;
  while (t.retransmissions.has_retransmissions()) {
    uint32_t size = t.retransmissions.next_retransmission_size();
    if (pad4(size) > b.remaining()) return true;
    if (!fast && !cc.can_send(size)) return false;
    std::optional<ChunkToSend> c = t.retransmissions.next_retransmission(path, now);
    if (!c) break;
    add_user_data(b, idata, c->tsn, *c->fragment);
    cc.on_sent(size, now);
    ++stats_.retransmissions;
    if (!slot.t3.armed()) arm_t3(now, t, path);
  }
  if (fast) return false;

  const uint32_t header = idata ? wire::IDataChunk::kHeaderSize : wire::DataChunk::kHeaderSize;
  const uint32_t max_payload = packet_budget(t, path) - wire::kCommonHeaderSize - header;
  t.send_queue.start_packet();
  while (!t.send_queue.empty()) {
    // RFC 3758 4.1: a message whose lifetime ran out before it got a TSN
    // is dropped; the peer never hears of it.
    if (std::optional<OutgoingMessage> expired = t.send_queue.take_expired_next(now)) {
      queue_abandoned(std::move(*expired));
      continue;
    }
    uint32_t next = t.send_queue.peek_size(max_payload);
    // Round robin per packet (RFC 8260 3.3): this packet's stream has
    // nothing more, the next packet goes to another.
    if (next == 0) return true;
    if (pad4(header + next) > b.remaining()) return true;
    // RFC 9260 6.1 A: nothing new beyond the peer's window, except one
    // chunk when nothing is in flight (the zero window probe).
    if (t.retransmissions.peer_rwnd() < next && t.retransmissions.outstanding_bytes() > 0) {
      return false;
    }
    if (!cc.can_send(header + next)) return false;
    std::optional<ChunkToSend> c = t.retransmissions.add_next(t.send_queue, max_payload, path, now);
    if (!c) break;
    // RFC 7053 4.1: the last DATA before a SHUTDOWN asks for its SACK at
    // once, so the shutdown does not wait out the peer's delayed SACK.
    uint8_t extra = t.send_queue.empty() && state() == AssociationState::kShutdownPending
                        ? wire::DataFlags::kImmediate
                        : 0;
    add_user_data(b, idata, c->tsn, *c->fragment, extra);
    cc.on_sent(header + next, now);
    ++stats_.data_chunks_sent;
    if (idata) ++stats_.idata_chunks_sent;
    if (!slot.t3.armed()) arm_t3(now, t, path);
  }
  return false;
}

void Association::send_heartbeat(TimePoint now, Tcb& t, PathIndex path) {
  PathSlot& slot = *t.paths[path];
  uint64_t nonce = host_.random().next_u64();
  // Our Heartbeat Information: the path and the nonce. The peer echoes it;
  // the send time stays on our side (PathState), where it cannot be forged.
  std::array<std::byte, 12> info{};
  store_be32(info.data(), path);
  store_be32(info.data() + 4, static_cast<uint32_t>(nonce >> 32));
  store_be32(info.data() + 8, static_cast<uint32_t>(nonce));
  std::array<std::byte, 16> param{};
  wire::TlvWriter w(param);
  w.add(wire::HeartbeatInfoParameter{ByteRange(std::span<const std::byte>(info))});
  slot.path.on_heartbeat_sent(now, nonce);
  queue_chunk(wire::HeartbeatChunk{w.range()}, slot.address);
}

}  // namespace dsctp::sctp
