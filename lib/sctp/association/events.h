// What an association tells the application, through plain function
// pointers and the application's own context pointer: the callback API of
// doc/api.md. Each callback is optional (null: not interested).
//
// Rules, for an application calling back into the stack:
//  - Callbacks run on the thread that called into the endpoint
//    (handle_packet, advance, flush, or an API call), never from elsewhere.
//  - From any callback the application may call send(), shutdown() and
//    abort() on any association of the same endpoint, and connect(). What
//    they send leaves at the end of the endpoint call that is running.
//  - An association stays valid until its `closed` callback returns; the
//    endpoint frees it afterwards, never during a callback.
//  - A received message is the application's: it may move it elsewhere
//    and keep it (a zero-copy payload then keeps its packet buffer).
#pragma once

#include <cstdint>
#include <span>

#include "sctp/address.h"
#include "sctp/association/rx/reassembly_queue.h"
#include "sctp/association/tx/send_queue.h"

namespace dsctp::sctp {

class Association;

// Why an association ended.
enum class CloseReason : uint8_t {
  kShutdown,            // graceful shutdown completed (either side began it)
  kAbortedByPeer,       // the peer sent ABORT
  kAbortedLocally,      // the application called abort()
  kUnreachable,         // Association.Max.Retrans exceeded, or the
                        // handshake ran out of retransmissions
  kProtocolViolation,   // the peer broke a rule we abort for
  kRestarted,           // replaced by the peer's restart (RFC 9260 5.2.4 A)
};

const char* to_string(CloseReason r);

struct CloseInfo {
  CloseReason reason = CloseReason::kShutdown;
  // The first error cause code of the ABORT (ours or the peer's), 0 if none.
  uint16_t cause_code = 0;
};

enum class PathEvent : uint8_t { kActive, kInactive, kConfirmed };

// How a stream reconfiguration (RFC 6525) ended.
enum class ReconfigOutcome : uint8_t {
  kPerformed,
  kDenied,  // the peer refused ("Denied")
  kFailed,  // the peer answered with an error
};

const char* to_string(ReconfigOutcome o);

struct StreamResetEvent {
  // Incoming: the peer's streams toward us start over at SSN 0 (it reset
  // them, or refused our request to). Outgoing: ours.
  bool incoming = false;
  ReconfigOutcome outcome = ReconfigOutcome::kPerformed;
  // The streams; empty means every stream. Valid during the callback.
  std::span<const StreamId> streams;
};

struct StreamChangeEvent {
  // Which direction was asked to grow, and what came of it.
  bool incoming = false;
  ReconfigOutcome outcome = ReconfigOutcome::kPerformed;
  uint16_t outbound_streams = 0;  // the counts now
  uint16_t inbound_streams = 0;
};

// Where a piece of a partially delivered message stands.
struct MessagePart {
  bool first = false;  // its first bytes
  bool last = false;   // its last bytes: the message is complete
};

struct Callbacks {
  // The association reached ESTABLISHED.
  void (*connected)(void* context, Association& a) = nullptr;
  // A whole message arrived.
  void (*message)(void* context, Association& a, ReceivedMessage& m) = nullptr;
  // Partial delivery (RFC 6458 8.1.21), used only when this is set: a
  // message bigger than the partial delivery point
  // (AssociationConfig::receive.partial_delivery_point), or one that can
  // move when the receive buffer is full, comes in pieces, in order, first
  // to last, each as a ReceivedMessage of its bytes (stream, ppid and
  // unordered as the message's). Smaller messages still come whole through
  // `message`. With DATA no other message is delivered between the first
  // and the last piece; with I-DATA (RFC 8260) pieces of messages on other
  // streams (or the other U flag) may come in between, so the application
  // tells them apart by stream and unordered. An association configured to
  // interleave needs this callback (Endpoint::listen() and connect()
  // refuse it otherwise): interleaved messages larger than the buffer
  // could not complete without it.
  void (*message_part)(void* context, Association& a, ReceivedMessage& piece,
                       MessagePart part) = nullptr;
  // The message being delivered in pieces on `stream` (and U flag) will
  // not be completed: the peer gave it up (FORWARD-TSN, I-FORWARD-TSN) or
  // the association closed. Its pieces so far are all there is.
  void (*partial_delivery_aborted)(void* context, Association& a, StreamId stream,
                                   bool unordered) = nullptr;
  // Free send buffer rose to at least the association's writable threshold
  // (the send-side threshold of the userspace SCTP paper): once per
  // crossing, after a send() found the buffer short or below threshold.
  void (*writable)(void* context, Association& a, size_t free_bytes) = nullptr;
  // A message accepted by send() will not be delivered: the association
  // closed before the peer acknowledged it. Its bytes come back.
  void (*send_failed)(void* context, Association& a, OutgoingMessage& m) = nullptr;
  // A message accepted by send() was given up under its partial
  // reliability policy (RFC 3758, SendOptions::pr): it will not be sent
  // again. Its bytes come back. A copy already on its way when it was given
  // up may still reach the peer and be delivered.
  void (*abandoned)(void* context, Association& a, OutgoingMessage& m) = nullptr;
  void (*path_change)(void* context, Association& a, const IpAddress& peer,
                      PathEvent event) = nullptr;
  // The peer restarted (RFC 9260 5.2.4 A): the association goes on with new
  // tags; data in flight on the old one was reported by send_failed.
  void (*peer_restart)(void* context, Association& a) = nullptr;
  // A stream reset (RFC 6525) completed or was refused: ours when the
  // application asked (Association::reset_streams and friends), or the
  // peer's.
  void (*stream_reset)(void* context, Association& a, const StreamResetEvent& e) = nullptr;
  // The stream counts changed, or a request to change them was refused.
  void (*streams_changed)(void* context, Association& a, const StreamChangeEvent& e) = nullptr;
  // An SSN/TSN reset (RFC 6525 5.1.4) completed, ours or the peer's, or
  // ours was refused: every stream both ways starts over at SSN 0.
  void (*association_reset)(void* context, Association& a, ReconfigOutcome outcome) = nullptr;
  // The peer sent SHUTDOWN: it will send nothing more.
  void (*shutdown_received)(void* context, Association& a) = nullptr;
  // The last callback: the association is gone after this returns.
  void (*closed)(void* context, Association& a, const CloseInfo& info) = nullptr;
};

}  // namespace dsctp::sctp
