// Messages the application has handed to send() and that have not yet been
// cut into DATA / I-DATA chunks, one FIFO per outbound stream, and the
// stream scheduler that chooses which stream's message goes next.
//
// RFC 9260 6.6 and 6.9: an ordered message gets the next Stream Sequence
// Number of its stream when its first fragment is produced; unordered
// messages get none (SSN 0 on the wire). A message larger than the room in
// a packet is fragmented; with DATA its fragments must take consecutive
// TSNs, so once a message is started produce() finishes it before any
// other. With I-DATA (RFC 8260) each message gets a Message Identifier,
// counted per stream separately for ordered and unordered messages, and
// fragments carry a Fragment Sequence Number from 0, so the scheduler may
// switch streams between fragments (interleaving).
//
// Schedulers (RFC 8260 3): first come first served (one FIFO over all
// streams, in send() order) and round robin (one message per stream in
// turn; with interleaving, one fragment per stream in turn).
//
// Memory is bounded: push() refuses a message that would take the bytes
// queued above max_buffered_bytes. The association adds the bytes still in
// flight (RetransmissionQueue) to tell the application how much send
// buffer is free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "base/time.h"
#include "sctp/association/tx/message_bytes.h"
#include "sctp/association/tx/ring.h"
#include "sctp/types.h"

namespace dsctp::sctp {

enum class SchedulerKind : uint8_t {
  kFirstComeFirstServed,
  kRoundRobin,
};

struct SendQueueConfig {
  size_t max_buffered_bytes = 4u << 20;
  SchedulerKind scheduler = SchedulerKind::kFirstComeFirstServed;
  // I-DATA (RFC 8260) was negotiated: MIDs and FSNs, interleaving allowed.
  bool interleaving = false;
};

// Partial reliability (RFC 3758): when the sender may give a message up.
// It applies only when the peer negotiated PR-SCTP; otherwise every message
// is sent reliably, whatever it asks for.
enum class PrPolicy : uint8_t {
  kNone,             // reliable
  kLifetime,         // RFC 3758 4.1 timed reliability: given up once
                     // `lifetime` has passed since send() and it still
                     // needs sending or retransmitting
  kRetransmissions,  // given up rather than retransmitted a
                     // (max_retransmissions + 1)th time (as usrsctp's RTX)
  kBuffer,           // given up, oldest first, when a new message would not
                     // fit the send buffer (as usrsctp's BUF)
};

struct PartialReliability {
  PrPolicy policy = PrPolicy::kNone;
  Duration lifetime{};
  uint32_t max_retransmissions = 0;
};

// A message's policy as the queues apply it: the lifetime turned into a
// deadline when the message was accepted.
struct AbandonRule {
  PrPolicy policy = PrPolicy::kNone;
  uint32_t max_retransmissions = 0;
  TimePoint deadline{};

  bool expired(TimePoint now) const { return policy == PrPolicy::kLifetime && now >= deadline; }
  bool reliable() const { return policy == PrPolicy::kNone; }
};

struct OutgoingMessage {
  StreamId stream;
  Ppid ppid;
  bool unordered = false;
  MessageBytes bytes;
  PartialReliability pr{};
};

// One fragment, ready for a TSN. Its bytes are [offset, offset + length) of
// the message, which it keeps alive.
struct OutgoingFragment {
  StreamId stream;
  Ssn ssn;       // DATA, ordered only (0 for unordered)
  Mid mid;       // I-DATA only
  uint32_t fsn = 0;  // I-DATA only: 0 for the first fragment
  Ppid ppid;
  uint8_t flags = 0;  // wire::DataFlags: B, E, U
  MessageBytes message;
  uint32_t offset = 0;
  uint32_t length = 0;
  AbandonRule rule;

  ByteRange payload() const { return message.bytes().subrange(offset, length); }
  bool beginning() const;
  bool ending() const;
  bool unordered() const;
};

class SendQueue {
 public:
  enum class PushResult : uint8_t {
    kQueued,
    kNoSpace,        // would exceed max_buffered_bytes now: try again later
    kTooLarge,       // larger than max_buffered_bytes: can never be queued
    kInvalidStream,  // at or above the outbound stream count
    kEmpty,          // RFC 9260 6.2: a DATA chunk must carry user data
  };

  SendQueue(const SendQueueConfig& config, uint16_t outbound_streams);

  PushResult push(OutgoingMessage message, AbandonRule rule = {});

  // Whether a fragment is waiting.
  bool empty() const;
  // Cuts the next fragment, of at most `max_payload` (> 0) bytes, as the
  // scheduler chooses. Empty when nothing is queued.
  std::optional<OutgoingFragment> produce(uint32_t max_payload);
  // The same, written into `out` (whatever it held is replaced): lets the
  // retransmission queue take the fragment in place, without a copy.
  bool produce_into(uint32_t max_payload, OutgoingFragment& out);
  // The size produce() would give the next fragment if asked for `max_payload`
  // bytes, without cutting it (to see whether it fits the room left in a
  // packet). 0 when empty.
  uint32_t peek_size(uint32_t max_payload) const;

  // Bytes of messages not yet wholly produced (what remains of them).
  size_t buffered_bytes() const;
  size_t max_buffered_bytes() const;
  uint16_t stream_count() const;

  // RFC 3758 4.1: the next message to be cut, when it is not started and
  // its lifetime has passed, leaves the queue without using a TSN or an
  // SSN; it comes back for the application's report. Empty otherwise.
  std::optional<OutgoingMessage> take_expired_next(TimePoint now);
  // RFC 3758 3.5 A3: the message being cut (`message`, partly given TSNs)
  // was abandoned, so its remaining fragments are never sent. False when
  // it is not the one being cut.
  bool discard_started(const MessageBytes& message);
  // Makes room for `bytes` by removing unstarted kBuffer messages, oldest
  // first, into `removed`. Returns the bytes freed.
  size_t drop_buffer_policy(size_t bytes, std::vector<OutgoingMessage>& removed);

  // Removes every queued message (abort or shutdown): what remains of each,
  // for the application's "send failed" callback. A partly produced
  // message is returned whole (its bytes are shared).
  std::vector<OutgoingMessage> take_all();

  // Changes the scheduler; queued messages keep their per-stream order.
  void set_scheduler(SchedulerKind kind);

 private:
  // A message waiting, or being cut into fragments.
  struct Item {
    OutgoingMessage message;
    uint64_t order = 0;   // send() order, to restore FCFS after round robin
    uint32_t offset = 0;  // bytes already produced
    uint32_t fsn = 0;     // the next fragment's FSN
    Ssn ssn;              // assigned with the first fragment
    Mid mid;
    AbandonRule rule;

    bool started() const { return offset != 0; }
    uint32_t remaining() const { return message.bytes.size() - offset; }
  };

  // Sequence numbers of one outbound stream, kept for the association's
  // life.
  struct StreamCounters {
    Ssn next_ssn;
    Mid next_ordered_mid;
    Mid next_unordered_mid;
  };

  bool round_robin() const { return config_.scheduler == SchedulerKind::kRoundRobin; }
  Item* next_item();
  const Item* next_item() const;
  // Cuts one fragment off `item`; `done` tells whether it was the last.
  void cut(Item& item, uint32_t max_payload, bool& done, OutgoingFragment& out);
  // Removes the item next_item() returns, passing the turn on.
  void pop_next();
  // Hands every queued item out in send() order and empties the queues.
  std::vector<Item> drain_in_order();
  // Queues items drained by drain_in_order(), in that order.
  void refill(std::vector<Item> items);

  SendQueueConfig config_;
  uint16_t outbound_streams_;
  size_t buffered_bytes_ = 0;
  uint64_t next_order_ = 0;
  // Grown to the highest stream used, so that 65535 negotiated streams
  // cost nothing until used.
  std::vector<StreamCounters> counters_;

  // First come first served: every queued message, in send() order. A
  // fragmented message stays at the front until its last fragment.
  Ring<Item> fifo_;
  // Round robin: one queue per stream, and the streams holding messages in
  // turn order (each at most once). The front stream keeps its turn until
  // its message is done (DATA) or for one fragment (I-DATA).
  std::vector<Ring<Item>> stream_queues_;
  Ring<uint16_t> turns_;
};

}  // namespace dsctp::sctp
