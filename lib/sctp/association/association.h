// One SCTP association (RFC 9260): its state machine, the TCB once the
// peer is known, and the glue between the receive side (rx/), the send side
// (tx/) and the paths (path/).
//
// Sans-IO. It is driven by its Endpoint, which owns it: packets in
// (already demultiplexed to it and checked against the verification-tag
// rules), timer expiries from the endpoint's wheel, and the application's
// calls; packets go out through the endpoint's AssociationHost, events to
// the application's Callbacks. Nothing here reads a clock.
//
// The states are a std::variant, so that each carries exactly what it
// needs: COOKIE-WAIT keeps the INIT it retransmits and has no TCB (the peer
// is unknown); every later state holds the TCB; CLOSED holds only why.
//
// send() queues; packets leave when the endpoint flushes, at the end of
// the endpoint call that is running (see Endpoint::flush()).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "base/random.h"
#include "base/time.h"
#include "sctp/address.h"
#include "sctp/association/association_config.h"
#include "sctp/association/events.h"
#include "sctp/association/reconfig/stream_reset.h"
#include "sctp/association/tcb.h"
#include "sctp/types.h"
#include "sctp/wire/chunks/forward_tsn.h"
#include "sctp/wire/reconfig/parameters.h"
#include "sctp/wire/chunks/sack.h"
#include "sctp/wire/packet.h"
#include "timer/timer.h"
#include "timer/timer_wheel.h"

namespace dsctp::sctp {

class Association;

// What an association needs from its endpoint.
class AssociationHost {
 public:
  virtual timer::TimerWheel& timers() = 0;
  virtual RandomSource& random() = 0;
  // Sends a whole SCTP packet to `destination`; the bytes live for the call.
  virtual void transmit(const IpAddress& destination, std::span<const std::byte> packet) = 0;
  // The association has packets to send: flush it before returning.
  virtual void request_flush(Association& a) = 0;
  // The association reached CLOSED: free it once no callback runs.
  virtual void on_closed(Association& a) = 0;
  // The association learned a peer address (a path): index it.
  virtual void on_peer_address(Association& a, const IpAddress& address) = 0;

 protected:
  ~AssociationHost() = default;
};

enum class AssociationState : uint8_t {
  kCookieWait,
  kCookieEchoed,
  kEstablished,
  kShutdownPending,
  kShutdownSent,
  kShutdownReceived,
  kShutdownAckSent,
  kClosed,
};

const char* to_string(AssociationState s);

enum class SendStatus : uint8_t {
  kOk,
  kNoSpace,        // the send buffer is full now: wait for `writable`
  kTooLarge,       // larger than the whole send buffer
  kInvalidStream,  // not below the negotiated outbound stream count
  kEmpty,          // no bytes (RFC 9260 6.2: DATA must carry user data)
  kNotConnected,   // not ESTABLISHED yet
  kShuttingDown,   // shutdown() was called, or the peer shut down
};

const char* to_string(SendStatus s);

// What a stream reconfiguration request (RFC 6525) found when asked.
enum class ReconfigStatus : uint8_t {
  kOk,             // sent, or queued to be sent; the callback tells the end
  kNotConnected,   // not ESTABLISHED
  kNotNegotiated,  // the peer did not offer RE-CONFIG
  kBusy,           // a request is outstanding (RFC 6525 5.1.1: one at a time)
  kInvalidStream,  // a stream beyond the negotiated count
  kTooMany,        // too many streams listed, or beyond the stream limit
};

const char* to_string(ReconfigStatus s);

struct SendOptions {
  bool unordered = false;
  // RFC 3758 partial reliability. Used only when the association
  // negotiated PR-SCTP; otherwise the message is sent reliably. A lifetime
  // counts from the last time the endpoint passed in (send() takes none: a
  // sans-IO core reads no clock), which is the current time when send() is
  // called from a callback or between endpoint calls that pass it on.
  PartialReliability pr{};
};

// Counters an application or the runtime's telemetry reads.
struct AssociationStats {
  uint64_t packets_sent = 0;
  uint64_t packets_received = 0;
  // DATA and I-DATA chunks; the I-DATA ones are counted again below.
  uint64_t data_chunks_sent = 0;
  uint64_t data_chunks_received = 0;
  uint64_t idata_chunks_sent = 0;
  uint64_t idata_chunks_received = 0;
  uint64_t retransmissions = 0;
  uint64_t fast_retransmissions = 0;
  uint64_t t3_expirations = 0;
  uint64_t messages_delivered = 0;
  uint64_t messages_sent = 0;
  uint64_t sacks_sent = 0;
  uint64_t sacks_received = 0;
  uint64_t duplicate_tsns = 0;
  uint64_t data_dropped_no_buffer = 0;
  // RFC 3758: messages given up under their partial reliability policy
  // (each reported once by the `abandoned` callback), and FORWARD-TSN
  // chunks sent and received.
  uint64_t messages_abandoned = 0;
  uint64_t forward_tsns_sent = 0;
  uint64_t forward_tsns_received = 0;
  // RFC 6525: reconfiguration requests we sent (first transmissions) and
  // sent again, the peer's requests, stream resets performed (ours and the
  // peer's), and requests denied (by either side).
  uint64_t reconfig_requests_sent = 0;
  uint64_t reconfig_retransmissions = 0;
  uint64_t reconfig_requests_received = 0;
  uint64_t stream_resets_performed = 0;
  uint64_t reconfig_denied = 0;
};

namespace state {
struct CookieWait {
  std::vector<std::byte> init;  // the INIT chunk, retransmitted on T1
  std::vector<IpAddress> peer_addresses;
  Tsn initial_tsn;
};
struct CookieEchoed {
  std::unique_ptr<Tcb> tcb;
  std::vector<std::byte> cookie_echo;  // COOKIE ECHO (+ ERROR), resent on T1
  std::vector<IpAddress> peer_addresses;  // to start over after a stale cookie
};
struct Established {
  std::unique_ptr<Tcb> tcb;
};
struct ShutdownPending {
  std::unique_ptr<Tcb> tcb;
};
struct ShutdownSent {
  std::unique_ptr<Tcb> tcb;
};
struct ShutdownReceived {
  std::unique_ptr<Tcb> tcb;
};
struct ShutdownAckSent {
  std::unique_ptr<Tcb> tcb;
};
struct Closed {
  CloseInfo info;
};
}  // namespace state

// The peer parameters the handshake negotiated, for a new TCB.
struct PeerInit {
  VerificationTag peer_tag;
  Tsn peer_initial_tsn;
  uint32_t peer_a_rwnd = 0;
  uint16_t outbound_streams = 0;  // negotiated
  uint16_t inbound_streams = 0;   // negotiated
  Tsn local_initial_tsn;
  // The extensions both sides offered.
  Extensions extensions;
  // The address the handshake ran over (confirmed) first, then the others
  // the peer listed.
  std::vector<IpAddress> peer_addresses;
};

class Association {
 public:
  Association(AssociationHost& host, uint64_t id, const AssociationConfig& config,
              uint16_t local_port, uint16_t peer_port, VerificationTag local_tag,
              const Callbacks& callbacks, void* context);
  ~Association();
  Association(const Association&) = delete;
  Association& operator=(const Association&) = delete;

  // --- The application's interface.

  SendStatus send(StreamId stream, Ppid ppid, std::span<const std::byte> bytes,
                  SendOptions options = {});
  // Zero-copy: the message's bytes are shared, not copied.
  SendStatus send(OutgoingMessage message);
  // Graceful shutdown (RFC 9260 9.2): queued data is sent first.
  void shutdown(TimePoint now);
  // Sends ABORT with a User-Initiated Abort cause and closes at once.
  void abort(TimePoint now, std::span<const std::byte> reason = {});

  // The stream scheduler (RFC 8260 3), from now on; messages already
  // queued keep their per-stream order. Before the association exists it
  // replaces the configured one.
  void set_scheduler(SchedulerKind kind);
  SchedulerKind scheduler() const;
  // Per outbound stream, for the priority (RFC 8260 3.4: lower first) and
  // weighted fair queueing (3.6) schedulers. False before the handshake
  // has negotiated the streams, or for a stream beyond their count.
  bool set_stream_priority(StreamId stream, uint16_t priority);
  bool set_stream_weight(StreamId stream, uint16_t weight);

  // Stream reconfiguration (RFC 6525), when the peer offered RE-CONFIG.
  // One request at a time; the `stream_reset` or `streams_changed`
  // callback reports how it ended.
  //
  // Resets our outgoing streams (empty: all of them): their SSNs (MIDs
  // with I-DATA) start over at 0. Messages already sent go first; new ones
  // on those streams wait until the peer has answered (5.1.2).
  ReconfigStatus reset_streams(std::span<const StreamId> streams);
  // Asks the peer to reset its outgoing streams toward us (5.1.3).
  ReconfigStatus reset_incoming_streams(std::span<const StreamId> streams);
  // Asks for more outbound streams (5.1.5), or for the peer to open more
  // toward us (5.1.6).
  ReconfigStatus add_outgoing_streams(uint16_t count);
  ReconfigStatus add_incoming_streams(uint16_t count);
  // Resets every stream and the TSNs both ways (SSN/TSN Reset, 5.1.4):
  // sent once everything sent so far is acknowledged; new messages wait.
  ReconfigStatus reset_association();
  // The most streams one reset request lists.
  static constexpr size_t kMaxResetStreams = 256;

  // Send buffer bytes free: the limit less what is queued and in flight.
  size_t send_buffer_free() const;
  size_t send_buffer_used() const;
  // `writable` fires after a SACK frees send buffer, when at least this
  // many bytes are free (0: after every SACK that freed any).
  void set_writable_threshold(size_t bytes) { writable_threshold_ = bytes; }

  // The application pushes back on receive. While paused, complete
  // messages wait in the reassembly buffer instead of reaching `message`;
  // that buffer is what the association advertises as its window, so the
  // peer slows down and stops (RFC 9260 6.2). Resuming delivers what waits
  // (from resume_receive() itself) and sends a SACK with the reopened
  // window. May be called from a callback; a pause there stops delivery
  // after the message being delivered.
  void pause_receive() { receive_paused_ = true; }
  void resume_receive();
  bool receive_paused() const { return receive_paused_; }

  uint64_t id() const { return id_; }
  void* context() const { return context_; }
  void set_context(void* context) { context_ = context; }
  // Setting or clearing `message_part` turns partial delivery on or off
  // from then on; clear it only while no message is delivered in pieces.
  void set_callbacks(const Callbacks& callbacks);

  AssociationState state() const;
  uint16_t local_port() const { return local_port_; }
  uint16_t peer_port() const { return peer_port_; }
  VerificationTag local_tag() const { return local_tag_; }
  // Zero before the peer's tag is known.
  VerificationTag peer_tag() const;
  uint16_t outbound_streams() const;
  uint16_t inbound_streams() const;
  // The extensions in use: what both sides offered (none before the
  // handshake got that far).
  Extensions extensions() const;
  const AssociationStats& stats() const { return stats_; }
  // Paths, for inspection: the peer's addresses and their state.
  size_t path_count() const;
  const IpAddress* path_address(size_t i) const;
  const Path* path(size_t i) const;
  size_t primary_path() const;
  // Makes another confirmed path the primary (RFC 9260 6.4).
  bool set_primary_path(size_t i);

  // --- Driven by the endpoint.

  // Begins the handshake (client): sends INIT and arms T1-init.
  void start_connect(TimePoint now, Tsn initial_tsn, std::vector<IpAddress> peer_addresses,
                     std::span<const IpAddress> local_addresses);
  // Creates the TCB from an accepted COOKIE ECHO (server), ESTABLISHED.
  void start_from_cookie(TimePoint now, PeerInit peer);

  // The chunks of one packet whose verification tag the endpoint has
  // accepted for this association. `skip_first` when the endpoint already
  // handled the first chunk (a COOKIE ECHO).
  void handle_packet(TimePoint now, const IpAddress& source, const wire::PacketView& packet,
                     const PayloadHold* hold, bool skip_first);
  // ICMP "fragmentation needed" for a packet we sent to `peer`.
  void handle_too_big(TimePoint now, const IpAddress& peer, uint32_t mtu);

  // 5.2.1, 5.2.2 and 5.2.4, asked by the endpoint.
  struct TieTags {
    VerificationTag local;
    VerificationTag peer;
  };
  // For an INIT that collides with this association: the tie-tags to seal
  // into the INIT ACK's cookie and whether to keep our tag (COOKIE-WAIT or
  // COOKIE-ECHOED, 5.2.1) or draw a new one (5.2.2). Empty when the INIT
  // must be discarded (SHUTDOWN-ACK-SENT re-sends its SHUTDOWN ACK, 9.2).
  struct CollisionReply {
    TieTags tie_tags;
    bool keep_local_tag = false;
    Tsn initial_tsn;  // ours, when keep_local_tag
  };
  std::optional<CollisionReply> on_colliding_init(TimePoint now);
  // A COOKIE ECHO matched this association (5.2.4); the endpoint decided
  // which case. The peer restarted (A):
  void on_peer_restart(TimePoint now, VerificationTag new_local_tag, PeerInit peer);
  // Both sides initiated (B) or our own cookie came back (D).
  void on_cookie_for_us(TimePoint now, std::optional<PeerInit> peer);

  // Sends what is due: control chunks, SACK, retransmissions, new data.
  void flush(TimePoint now);

  bool closed() const { return std::holds_alternative<state::Closed>(state_); }

 private:
  friend struct TimerContext;

  using State = std::variant<state::CookieWait, state::CookieEchoed, state::Established,
                             state::ShutdownPending, state::ShutdownSent,
                             state::ShutdownReceived, state::ShutdownAckSent, state::Closed>;

  Tcb* tcb();
  const Tcb* tcb() const;
  std::unique_ptr<Tcb> take_tcb();
  std::unique_ptr<Tcb> make_tcb(TimePoint now, PeerInit peer);

  // association_handshake.cc
  void handle_init_ack(TimePoint now, const IpAddress& source, const wire::RawChunk& raw);
  void handle_cookie_ack(TimePoint now);
  std::vector<std::byte> build_init(Tsn initial_tsn, uint32_t cookie_preservative_ms) const;
  void send_init(TimePoint now);
  void send_cookie_echo(TimePoint now);
  void restart_handshake(TimePoint now, uint32_t staleness_us);
  void on_t1_expired(TimePoint now);
  void enter_established(TimePoint now);
  // association_collision.cc: a fresh TCB from `peer`, ESTABLISHED, COOKIE
  // ACK queued.
  void establish_from(TimePoint now, PeerInit peer);

  // association_rx.cc
  bool handle_chunk(TimePoint now, const IpAddress& source, const wire::RawChunk& raw,
                    const PayloadHold* hold);
  void handle_data(TimePoint now, const IpAddress& source, const wire::RawChunk& raw,
                   const PayloadHold* hold);
  void handle_idata(TimePoint now, const IpAddress& source, const wire::RawChunk& raw,
                    const PayloadHold* hold);
  // What DATA and I-DATA share once parsed (Chunk: wire::DataChunk or
  // wire::IDataChunk).
  template <class Chunk>
  void receive_user_data(Tcb& t, const IpAddress& source, const Chunk& chunk,
                         const PayloadHold* hold);
  // RFC 8260 2.2.1: DATA on an association that negotiated I-DATA, or
  // I-DATA on one that did not.
  void abort_wrong_data_chunk(bool idata);
  void handle_sack(TimePoint now, const wire::RawChunk& raw);
  bool handle_forward_tsn(const wire::RawChunk& raw);
  bool handle_iforward_tsn(const wire::RawChunk& raw);
  // RFC 8260 2.3.1: FORWARD-TSN on an association that uses I-DATA, or
  // I-FORWARD-TSN on one that uses DATA.
  void abort_wrong_forward_tsn(bool iforward);
  void apply_sack(TimePoint now, const wire::SackChunk& sack);
  void handle_heartbeat(const IpAddress& source, const wire::RawChunk& raw);
  void handle_heartbeat_ack(TimePoint now, const wire::RawChunk& raw);
  void handle_abort(const wire::RawChunk& raw);
  void handle_error(TimePoint now, const wire::RawChunk& raw);
  bool handle_unknown(const wire::RawChunk& raw);
  void deliver_messages();
  void deliver_one(ReceivedMessage& m, Piece piece);
  // The application was told of the close: partial deliveries left open
  // end with partial_delivery_aborted.
  void abort_open_parts();
  // association_tx.cc: RFC 9653 zero checksum on this packet.
  bool zero_checksum_allowed() const;
  void after_packet(TimePoint now);

  // association_partial_reliability.cc (RFC 3758)
  AbandonRule abandon_rule(const Tcb& t, const PartialReliability& pr) const;
  // Gives up kBuffer messages, oldest first, until `bytes` of send buffer
  // are free (or none is left to give up).
  void make_room(Tcb& t, size_t bytes);
  // Gives up in-flight messages whose rule says so (A2), and asks for a
  // FORWARD-TSN when the Advanced.Peer.Ack.Point got ahead (C2, C3).
  void abandon_due(TimePoint now, Tcb& t);
  void apply_abandon(Tcb& t, AbandonOutcome& out);
  void queue_abandoned(OutgoingMessage m);
  void report_abandoned();
  // F2: a due FORWARD-TSN goes into `b`, ahead of the DATA that follows.
  void add_forward_tsn(TimePoint now, Tcb& t, PathIndex path, wire::PacketBuilder& b);
  // FORWARD-TSN or I-FORWARD-TSN into `b`, or into a new packet when `b`
  // is too full for it.
  template <class Chunk>
  bool add_skip_chunk(Tcb& t, PathIndex path, const Chunk& chunk, wire::PacketBuilder& b);
  void note_time(TimePoint now) { last_now_ = std::max(last_now_, now); }

  // association_reconfig.cc (RFC 6525)
  bool handle_reconfig(const wire::RawChunk& raw);
  ReconfigStatus start_reconfig(ReconfigRequest request);
  SendStatus hold_message(Tcb& t, OutgoingMessage m, AbandonRule rule);
  void release_held(Tcb& t);
  bool reconfig_ready(const Tcb& t) const;
  // Our request, when due, goes into `b`.
  void add_reconfig(TimePoint now, Tcb& t, PathIndex path, wire::PacketBuilder& b);
  void on_reconfig_timer(TimePoint now);
  void finish_reconfig(Tcb& t, ReconfigOutcome outcome);
  void on_reconfig_response(Tcb& t, const wire::ReconfigurationResponseParameter& p);
  wire::ReconfigResult on_outgoing_reset_request(Tcb& t,
                                                 const wire::OutgoingSsnResetRequestParameter& p);
  wire::ReconfigResult on_incoming_reset_request(Tcb& t,
                                                 const wire::IncomingSsnResetRequestParameter& p);
  wire::ReconfigResult on_add_outgoing_request(Tcb& t,
                                               const wire::AddOutgoingStreamsRequestParameter& p);
  wire::ReconfigResult on_add_incoming_request(Tcb& t,
                                               const wire::AddIncomingStreamsRequestParameter& p);
  void respond(const Tcb& t, wire::ReconfigRequestSn sn, wire::ReconfigResult result,
               bool with_tsns);
  void reset_incoming(Tcb& t, std::span<const StreamId> streams);
  wire::ReconfigResult on_association_reset_request(Tcb& t);
  // The peer's TSNs start at `peer_next`; what was received is delivered
  // or dropped, and every incoming stream starts over.
  void restart_receive(Tcb& t, Tsn peer_next);
  void reset_all_outgoing(Tcb& t);
  void report_association_reset(ReconfigOutcome outcome);
  // 5.2.2: DATA beyond a deferred reset's TSN waits; true when `tsn` on
  // `stream` must.
  bool defers(const Tcb& t, Tsn tsn, StreamId stream) const;
  void finish_deferred_reset(Tcb& t);
  uint32_t receive_window(const Tcb& t) const;
  void report_stream_reset(bool incoming, ReconfigOutcome outcome,
                           std::span<const StreamId> streams);
  void report_streams_changed(const Tcb& t, bool incoming, ReconfigOutcome outcome);

  // association_tx.cc
  void flush_tcb(TimePoint now, Tcb& t);
  bool fill_data(TimePoint now, Tcb& t, PathIndex path, wire::PacketBuilder& builder);
  void send_packet(const IpAddress& destination, wire::PacketBuilder& builder);
  wire::PacketBuilder start_packet(VerificationTag tag, uint32_t budget);
  uint32_t packet_budget(const Tcb& t, PathIndex path) const;
  void send_heartbeat(TimePoint now, Tcb& t, PathIndex path);
  std::optional<PathIndex> path_of(const Tcb& t, const IpAddress& address) const;
  // Queues a control chunk for the next flush; a peer cannot make the
  // queue grow without bound (kMaxControlBytes), so beyond it chunks are
  // dropped, as a lost packet would drop them.
  template <class Chunk>
  void queue_chunk(const Chunk& chunk, const IpAddress& destination = {}) {
    uint32_t len = chunk.serialized_size();
    if (control_bytes_.size() + len > kMaxControlBytes) return;
    size_t offset = control_bytes_.size();
    control_bytes_.resize(offset + len);
    chunk.serialize(control_bytes_.data() + offset);
    control_.push_back({static_cast<uint32_t>(offset), len, destination});
    request_flush();
  }
  void request_flush();
  // Sends one chunk in a packet of its own, now (ABORT, SHUTDOWN COMPLETE,
  // and the handshake's chunks, which may not wait for a flush).
  void send_now(std::span<const std::byte> chunk, const IpAddress& destination,
                VerificationTag tag);
  template <class Chunk>
  void send_chunk_now(const Chunk& chunk, const IpAddress& destination, VerificationTag tag) {
    std::vector<std::byte> bytes(chunk.serialized_size());
    chunk.serialize(bytes.data());
    send_now(bytes, destination, tag);
  }
  // ABORT to the peer with `causes` (serialized, padded) and the peer's tag.
  void send_abort(std::span<const std::byte> causes);
  void abort_with(CloseReason reason, std::span<const std::byte> causes, uint16_t cause_code);
  static constexpr size_t kMaxControlBytes = 64 * 1024;

  // association_timers.cc
  void on_t3_expired(TimePoint now, PathIndex path);
  void on_delayed_sack(TimePoint now);
  void on_heartbeat_timer(TimePoint now, PathIndex path);
  void on_t2_expired(TimePoint now);
  void on_t5_expired(TimePoint now);
  void arm_t3(TimePoint now, Tcb& t, PathIndex path);
  void arm_heartbeat(TimePoint now, Tcb& t, PathIndex path);
  void count_association_error(TimePoint now);
  void report_path_change(Tcb& t, PathIndex path, const PathChange& change);
  PathIndex data_path(const Tcb& t) const;

  // association_shutdown.cc
  void handle_shutdown(TimePoint now, const wire::RawChunk& raw);
  void handle_shutdown_ack(TimePoint now);
  void handle_shutdown_complete();
  void maybe_progress_shutdown(TimePoint now);
  void send_shutdown(TimePoint now);
  void send_shutdown_ack(TimePoint now);
  void close(CloseInfo info);
  void fail_pending_messages(Tcb& t);

  AssociationHost& host_;
  uint64_t id_;
  AssociationConfig config_;
  uint16_t local_port_;
  uint16_t peer_port_;
  VerificationTag local_tag_;
  Callbacks callbacks_;
  void* context_;
  size_t writable_threshold_ = 0;
  bool receive_paused_ = false;
  // A message was accepted under PR-SCTP's buffer policy: only then can
  // make_room() find anything to give up.
  bool buffer_policy_used_ = false;

  State state_;
  // The TCB of a closed association, kept until the association is freed
  // (close() may run inside one of the TCB's own loops).
  std::unique_ptr<Tcb> retired_tcb_;
  AssociationStats stats_;

  // T1-init / T1-cookie, then T2-shutdown: never both at once.
  timer::Timer control_timer_;
  Duration control_rto_{};
  uint32_t control_retransmits_ = 0;
  timer::Timer t5_timer_;

  // Control chunks waiting for the next flush, each with where it goes
  // (unspecified: the data path).
  struct PendingControl {
    uint32_t offset = 0;
    uint32_t length = 0;
    IpAddress destination;
  };
  std::vector<std::byte> control_bytes_;
  std::vector<PendingControl> control_;
  bool flush_requested_ = false;
  // During handle_packet: the packet held DATA (a SHUTDOWN-SENT endpoint
  // answers each such packet with a SHUTDOWN, 9.2).
  bool data_in_packet_ = false;
  // Deliveries and writable checks wait for the end of the packet.
  bool send_space_freed_ = false;

  // The latest time an endpoint call passed in, for send() (see
  // SendOptions::pr).
  TimePoint last_now_{};
  // Messages given up, waiting for the `abandoned` callback (the end of the
  // running flush reports them, so that no callback runs inside the
  // queues' loops).
  std::vector<OutgoingMessage> abandoned_;
  // Scratch for a received FORWARD-TSN's valid stream entries.
  std::vector<wire::ForwardTsnStream> skipped_streams_;
  std::vector<wire::IForwardTsnStream> skipped_messages_;
  // Messages the application has had a first piece of and not the last,
  // as stream << 1 | unordered.
  std::vector<uint32_t> open_parts_;

  std::vector<IpAddress> local_addresses_;
  wire::CommonHeader header_;
  std::vector<std::byte> tx_buffer_;
};

}  // namespace dsctp::sctp
