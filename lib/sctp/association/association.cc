#include "sctp/association/association.h"

#include <algorithm>
#include <utility>

#include "sctp/association/timer_context.h"
#include "sctp/wire/chunks/data.h"

namespace dsctp::sctp {

const char* to_string(AssociationState s) {
  switch (s) {
    case AssociationState::kCookieWait: return "COOKIE-WAIT";
    case AssociationState::kCookieEchoed: return "COOKIE-ECHOED";
    case AssociationState::kEstablished: return "ESTABLISHED";
    case AssociationState::kShutdownPending: return "SHUTDOWN-PENDING";
    case AssociationState::kShutdownSent: return "SHUTDOWN-SENT";
    case AssociationState::kShutdownReceived: return "SHUTDOWN-RECEIVED";
    case AssociationState::kShutdownAckSent: return "SHUTDOWN-ACK-SENT";
    case AssociationState::kClosed: return "CLOSED";
  }
  return "?";
}

const char* to_string(SendStatus s) {
  switch (s) {
    case SendStatus::kOk: return "ok";
    case SendStatus::kNoSpace: return "send buffer full";
    case SendStatus::kTooLarge: return "message larger than the send buffer";
    case SendStatus::kInvalidStream: return "invalid stream";
    case SendStatus::kEmpty: return "empty message";
    case SendStatus::kNotConnected: return "not connected";
    case SendStatus::kShuttingDown: return "shutting down";
  }
  return "?";
}

const char* to_string(CloseReason r) {
  switch (r) {
    case CloseReason::kShutdown: return "shutdown";
    case CloseReason::kAbortedByPeer: return "aborted by peer";
    case CloseReason::kAbortedLocally: return "aborted locally";
    case CloseReason::kUnreachable: return "peer unreachable";
    case CloseReason::kProtocolViolation: return "protocol violation";
    case CloseReason::kRestarted: return "restarted";
  }
  return "?";
}

std::string_view AssociationConfig::error() const {
  if (outbound_streams == 0) return "outbound stream count must be at least 1";
  if (max_inbound_streams == 0) return "inbound stream count must be at least 1";
  if (receive.max_buffered_bytes < 1500) return "receive buffer must hold at least 1500 bytes";
  if (receive.max_buffered_bytes > 0x7fffffff) return "receive buffer must be below 2 GiB";
  if (send.max_buffered_bytes == 0) return "send buffer must not be empty";
  if (auto e = path.error(); !e.empty()) return e;
  if (lower_layer_overhead + 12 + 20 + 4 > path.path.min_mtu) {
    return "lower-layer overhead leaves no room for data at the minimum MTU";
  }
  if (max_burst == 0) return "max burst must be at least 1";
  return {};
}

PathSlot::PathSlot(Association& o, PathIndex i, const IpAddress& a, const PathSettings& settings,
                   uint32_t peer_rwnd, bool confirmed, TimePoint now)
    : owner(o), index(i), address(a), path(settings, peer_rwnd, confirmed, now),
      t3(&TimerContext::t3_expired, this), heartbeat(&TimerContext::heartbeat_due, this) {}

namespace {

// RFC 8260 2.2.1: with I-DATA negotiated every user message goes in
// I-DATA chunks, which carry MIDs and FSNs and a 20-byte header.
SendQueueConfig send_config(const AssociationConfig& config, const Extensions& extensions,
                            uint32_t peer_rwnd) {
  SendQueueConfig c = config.send;
  c.interleaving = extensions.interleaving;
  // The peer's buffer as its INIT or INIT ACK announced it, unless
  // configured: messages begun together must fit in it, or their parts
  // could fill it for good at a peer without partial delivery.
  if (c.max_started_bytes == 0) c.max_started_bytes = peer_rwnd;
  return c;
}

}  // namespace

RetransmissionConfig retransmission_config(const Extensions& extensions) {
  RetransmissionConfig c;
  c.chunk_header_size =
      extensions.interleaving ? wire::IDataChunk::kHeaderSize : wire::DataChunk::kHeaderSize;
  c.interleaving = extensions.interleaving;
  return c;
}

Tcb::Tcb(Association& owner, const AssociationConfig& config, VerificationTag peer,
         Tsn local_tsn, Tsn peer_tsn, uint32_t peer_rwnd, uint16_t os, uint16_t is,
         const Extensions& negotiated)
    : peer_tag(peer), local_initial_tsn(local_tsn), peer_initial_tsn(peer_tsn),
      outbound_streams(os), inbound_streams(is), extensions(negotiated),
      tracker(peer_tsn, config.acknowledgement), reassembly(config.receive),
      send_queue(send_config(config, negotiated, peer_rwnd), os),
      retransmissions(retransmission_config(negotiated), local_tsn, peer_rwnd),
      errors(config.max_retrans), delayed_sack(&TimerContext::delayed_sack, &owner),
      reconfig(local_tsn, peer_tsn), reconfig_timer(&TimerContext::reconfig_expired, &owner) {}

Association::Association(AssociationHost& host, uint64_t id, const AssociationConfig& config,
                         uint16_t local_port, uint16_t peer_port, VerificationTag local_tag,
                         const Callbacks& callbacks, void* context)
    : host_(host), id_(id), config_(config), local_port_(local_port), peer_port_(peer_port),
      local_tag_(local_tag), callbacks_(callbacks), context_(context),
      state_(state::Closed{}), control_timer_(&TimerContext::control_expired, this),
      t5_timer_(&TimerContext::t5_expired, this),
      tx_buffer_(config.path.path.mtu > config.lower_layer_overhead
                     ? config.path.path.mtu - config.lower_layer_overhead
                     : 0) {}

Association::~Association() = default;

void Association::set_callbacks(const Callbacks& callbacks) {
  callbacks_ = callbacks;
  if (Tcb* t = tcb()) t->reassembly.set_partial_delivery(callbacks_.message_part != nullptr);
}

Tcb* Association::tcb() {
  return std::visit(
      [](auto& s) -> Tcb* {
        if constexpr (requires { s.tcb; }) {
          return s.tcb.get();
        } else {
          return nullptr;
        }
      },
      state_);
}

const Tcb* Association::tcb() const { return const_cast<Association*>(this)->tcb(); }

std::unique_ptr<Tcb> Association::take_tcb() {
  return std::visit(
      [](auto& s) -> std::unique_ptr<Tcb> {
        if constexpr (requires { s.tcb; }) {
          return std::move(s.tcb);
        } else {
          return nullptr;
        }
      },
      state_);
}

std::unique_ptr<Tcb> Association::make_tcb(TimePoint now, PeerInit peer) {
  auto t = std::make_unique<Tcb>(*this, config_, peer.peer_tag, peer.local_initial_tsn,
                                 peer.peer_initial_tsn, peer.peer_a_rwnd, peer.outbound_streams,
                                 peer.inbound_streams, peer.extensions);
  t->reassembly.set_partial_delivery(callbacks_.message_part != nullptr);
  for (const IpAddress& a : peer.peer_addresses) {
    if (t->paths.size() == kMaxPaths) break;
    bool known = std::any_of(t->paths.begin(), t->paths.end(),
                             [&](const auto& p) { return p->address == a; });
    if (known || a.is_unspecified()) continue;
    // RFC 9260 5.4: only the address the handshake used is confirmed.
    bool confirmed = t->paths.empty();
    t->paths.push_back(std::make_unique<PathSlot>(*this, static_cast<PathIndex>(t->paths.size()),
                                                  a, config_.path, peer.peer_a_rwnd, confirmed,
                                                  now));
  }
  return t;
}

AssociationState Association::state() const {
  return static_cast<AssociationState>(state_.index());
}

VerificationTag Association::peer_tag() const {
  const Tcb* t = tcb();
  return t != nullptr ? t->peer_tag : VerificationTag(0);
}

uint16_t Association::outbound_streams() const {
  const Tcb* t = tcb();
  return t != nullptr ? t->outbound_streams : 0;
}

uint16_t Association::inbound_streams() const {
  const Tcb* t = tcb();
  return t != nullptr ? t->inbound_streams : 0;
}

Extensions Association::extensions() const {
  const Tcb* t = tcb();
  return t != nullptr ? t->extensions : Extensions{};
}

size_t Association::path_count() const {
  const Tcb* t = tcb();
  return t != nullptr ? t->paths.size() : 0;
}

const IpAddress* Association::path_address(size_t i) const {
  const Tcb* t = tcb();
  return t != nullptr && i < t->paths.size() ? &t->paths[i]->address : nullptr;
}

const Path* Association::path(size_t i) const {
  const Tcb* t = tcb();
  return t != nullptr && i < t->paths.size() ? &t->paths[i]->path : nullptr;
}

size_t Association::primary_path() const {
  const Tcb* t = tcb();
  return t != nullptr ? t->primary : 0;
}

bool Association::set_primary_path(size_t i) {
  Tcb* t = tcb();
  if (t == nullptr || i >= t->paths.size() || !t->paths[i]->path.state().confirmed()) {
    return false;
  }
  t->primary = static_cast<PathIndex>(i);
  return true;
}

void Association::set_scheduler(SchedulerKind kind) {
  config_.send.scheduler = kind;
  if (Tcb* t = tcb()) t->send_queue.set_scheduler(kind);
}

SchedulerKind Association::scheduler() const { return config_.send.scheduler; }

bool Association::set_stream_priority(StreamId stream, uint16_t priority) {
  Tcb* t = tcb();
  if (t == nullptr || stream.value() >= t->outbound_streams) return false;
  t->send_queue.set_stream_priority(stream, priority);
  return true;
}

bool Association::set_stream_weight(StreamId stream, uint16_t weight) {
  Tcb* t = tcb();
  if (t == nullptr || stream.value() >= t->outbound_streams) return false;
  t->send_queue.set_stream_weight(stream, weight);
  return true;
}

size_t Association::send_buffer_used() const {
  const Tcb* t = tcb();
  if (t == nullptr) return 0;
  return t->send_queue.buffered_bytes() + t->retransmissions.buffered_payload_bytes() +
         t->held_bytes;
}

size_t Association::send_buffer_free() const {
  size_t used = send_buffer_used();
  return used < config_.send.max_buffered_bytes ? config_.send.max_buffered_bytes - used : 0;
}

SendStatus Association::send(StreamId stream, Ppid ppid, std::span<const std::byte> bytes,
                             SendOptions options) {
  if (bytes.empty()) return SendStatus::kEmpty;
  // Check before copying, so that a refused message costs no allocation.
  Tcb* t = tcb();
  if (t != nullptr && stream.value() >= t->outbound_streams) return SendStatus::kInvalidStream;
  // Only messages sent under the buffer policy can make room (make_room()).
  bool may_make_room = t != nullptr && buffer_policy_used_;
  if (bytes.size() > send_buffer_free() && state() == AssociationState::kEstablished &&
      (!may_make_room || bytes.size() > config_.send.max_buffered_bytes)) {
    return bytes.size() > config_.send.max_buffered_bytes ? SendStatus::kTooLarge
                                                          : SendStatus::kNoSpace;
  }
  return send(OutgoingMessage{stream, ppid, options.unordered, MessageBytes::copy_of(bytes),
                              options.pr});
}

SendStatus Association::send(OutgoingMessage message) {
  switch (state()) {
    case AssociationState::kCookieWait:
    case AssociationState::kCookieEchoed:
      return SendStatus::kNotConnected;
    case AssociationState::kEstablished:
      break;
    default:
      // RFC 9260 9.2: after SHUTDOWN, "the endpoint ... MUST NOT accept new
      // data from its SCTP user".
      return SendStatus::kShuttingDown;
  }
  Tcb& t = *tcb();
  if (message.bytes.empty()) return SendStatus::kEmpty;
  size_t size = message.bytes.size();
  if (size > config_.send.max_buffered_bytes) return SendStatus::kTooLarge;
  if (size > send_buffer_free()) {
    make_room(t, size);
    if (size > send_buffer_free()) return SendStatus::kNoSpace;
  }
  AbandonRule rule = abandon_rule(t, message.pr);
  if (t.reconfig.holds(message.stream)) return hold_message(t, std::move(message), rule);
  switch (t.send_queue.push(std::move(message), rule)) {
    case SendQueue::PushResult::kQueued:
      if (rule.policy == PrPolicy::kBuffer) buffer_policy_used_ = true;
      break;
    case SendQueue::PushResult::kNoSpace: return SendStatus::kNoSpace;
    case SendQueue::PushResult::kTooLarge: return SendStatus::kTooLarge;
    case SendQueue::PushResult::kInvalidStream: return SendStatus::kInvalidStream;
    case SendQueue::PushResult::kEmpty: return SendStatus::kEmpty;
  }
  ++stats_.messages_sent;
  if (!flush_requested_) {
    flush_requested_ = true;
    host_.request_flush(*this);
  }
  return SendStatus::kOk;
}

void Association::fail_pending_messages(Tcb& t) {
  std::vector<OutgoingMessage> failed = t.retransmissions.take_all();
  std::vector<OutgoingMessage> queued = t.send_queue.take_all();
  for (auto& [m, rule] : t.held) queued.push_back(std::move(m));
  t.held.clear();
  t.held_bytes = 0;
  if (callbacks_.send_failed == nullptr) return;
  for (OutgoingMessage& m : failed) {
    // A message partly in flight and partly queued is reported once.
    queued.erase(std::remove_if(queued.begin(), queued.end(),
                                [&](const OutgoingMessage& q) { return q.bytes.same_as(m.bytes); }),
                 queued.end());
    callbacks_.send_failed(context_, *this, m);
  }
  for (OutgoingMessage& m : queued) callbacks_.send_failed(context_, *this, m);
}

void Association::close(CloseInfo info) {
  if (closed()) return;
  control_timer_.cancel();
  t5_timer_.cancel();
  std::unique_ptr<Tcb> t = take_tcb();
  state_ = state::Closed{info};
  if (t != nullptr) {
    // Messages already given up are reported as such, whatever ends the
    // association.
    std::vector<OutgoingMessage> abandoned = std::move(abandoned_);
    abandoned_.clear();
    if (callbacks_.abandoned != nullptr) {
      for (OutgoingMessage& m : abandoned) callbacks_.abandoned(context_, *this, m);
    }
    fail_pending_messages(*t);
    abort_open_parts();
    // The TCB may be in use below this call (a message callback that
    // aborted runs inside the receive queue's delivery), so it is not
    // freed here: its timers stop now, its memory goes with the
    // association, which the endpoint frees when no callback runs.
    t->delayed_sack.cancel();
    t->reconfig_timer.cancel();
    for (auto& slot : t->paths) {
      slot->t3.cancel();
      slot->heartbeat.cancel();
    }
    retired_tcb_ = std::move(t);
  }
  control_.clear();
  control_bytes_.clear();
  if (callbacks_.closed != nullptr) callbacks_.closed(context_, *this, info);
  host_.on_closed(*this);
}

}  // namespace dsctp::sctp
