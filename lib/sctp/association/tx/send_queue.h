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
// Schedulers (RFC 8260 3): first come first served keeps one FIFO over
// all streams, in send() order; the others keep one FIFO per stream and
// let a StreamScheduler (stream_scheduler.h) choose the stream.
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
#include "sctp/association/tx/stream_scheduler.h"
#include "sctp/types.h"

namespace dsctp::sctp {

struct SendQueueConfig {
  size_t max_buffered_bytes = 4u << 20;
  SchedulerKind scheduler = SchedulerKind::kFirstComeFirstServed;
  // I-DATA (RFC 8260) was negotiated: MIDs and FSNs, interleaving allowed.
  bool interleaving = false;
  // With interleaving: the most bytes of messages begun and not finished.
  // The receiver holds every fragment of a message until its last one, so
  // messages begun together that exceed its buffer could fill it with
  // parts none of which can complete. A message that would go beyond this
  // waits while another is unfinished (0: no limit). An association
  // configured with 0 uses the peer's initial a_rwnd; one whose peer is
  // known to deliver partially may set SIZE_MAX.
  size_t max_started_bytes = 0;
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

  // RFC 6525: whether a message of `stream` is queued (begun or not).
  bool has_queued(StreamId stream) const;
  // RFC 6525 5.1.2: the stream's SSN and MIDs start over at 0. Only for a
  // stream with nothing queued.
  void reset_stream(StreamId stream);
  // RFC 6525 5.1.5: more outbound streams.
  void set_stream_count(uint16_t outbound_streams) { outbound_streams_ = outbound_streams; }

  // Removes every queued message (abort or shutdown): what remains of each,
  // for the application's "send failed" callback. A partly produced
  // message is returned whole (its bytes are shared).
  std::vector<OutgoingMessage> take_all();

  // Changes the scheduler; queued messages keep their per-stream order.
  void set_scheduler(SchedulerKind kind);
  SchedulerKind scheduler() const { return config_.scheduler; }
  // RFC 8260 3.4 and 3.6; kept whichever scheduler runs.
  void set_stream_priority(StreamId stream, uint16_t priority);
  void set_stream_weight(StreamId stream, uint16_t weight);
  uint16_t stream_priority(StreamId stream) const;
  uint16_t stream_weight(StreamId stream) const;
  // The association starts filling a new packet (round robin per packet
  // gives each packet to one stream). Until the next call, produce() may
  // have nothing for this packet while other streams still hold messages:
  // empty() tells the two apart.
  void start_packet() { scheduler_.start_packet(); }

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

  bool per_stream() const { return config_.scheduler != SchedulerKind::kFirstComeFirstServed; }
  std::optional<uint16_t> next_stream() const;
  bool may_start(const Item& item) const;
  std::optional<uint16_t> stream_with_started_message() const;
  Item* next_item();
  const Item* next_item() const;
  // Cuts one fragment off `item`; `done` tells whether it was the last.
  void cut(Item& item, uint32_t max_payload, bool& done, OutgoingFragment& out);
  // Hands every queued item out, started ones first, then in send()
  // order, and empties the queues.
  std::vector<Item> drain_in_order();
  void enqueue(Item item);
  // Takes a begun item's bytes out of the counts.
  void discard(const Item& item);
  // Removes the item next_item() returns, passing the turn on.
  void pop_next();
  // Queues items drained by drain_in_order(), in that order.
  void refill(std::vector<Item> items);

  SendQueueConfig config_;
  uint16_t outbound_streams_;
  size_t buffered_bytes_ = 0;
  // Whole sizes of the messages begun and not finished.
  size_t started_bytes_ = 0;
  uint64_t next_order_ = 0;
  // Grown to the highest stream used, so that 65535 negotiated streams
  // cost nothing until used.
  std::vector<StreamCounters> counters_;
  // Messages queued per stream (begun ones included), sized with counters_.
  std::vector<uint32_t> queued_;
  void count_removed(StreamId stream);

  // First come first served: every queued message, in send() order. A
  // fragmented message stays at the front until its last fragment.
  Ring<Item> fifo_;
  // Every other scheduler: one queue per stream, the scheduler choosing
  // among them. Without I-DATA the stream of a started message keeps
  // sending until its E fragment (RFC 9260 6.9).
  std::vector<Ring<Item>> stream_queues_;
  size_t queued_messages_ = 0;
  std::optional<uint16_t> unfinished_stream_;
  StreamScheduler scheduler_;
};

}  // namespace dsctp::sctp
