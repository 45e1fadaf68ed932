// DATA / I-DATA chunks sent and not yet acknowledged by the Cumulative TSN
// Ack, in TSN order: the send half of RFC 9260 6.2 (processing a SACK),
// 6.3.3 (T3-rtx expiry: chunks marked for retransmission), 7.2.4 (fast
// retransmit on three miss indications) and the peer's receive window
// (6.2.1).
//
// Paths are small integers chosen by the association (at most kMaxPaths).
// Each chunk remembers the path it was last sent on, so that a SACK tells
// each path's congestion control what it acknowledged, and a T3-rtx expiry
// marks the chunks of its own path.
//
// A chunk is "in flight" from when it is sent until it is acknowledged
// (cumulatively or by a gap block) or marked for retransmission; a marked
// chunk is in flight again once next_retransmission() hands it out. The
// association keeps each path's CongestionControl flight size in step by
// passing on the byte counts reported here.
//
// Partial reliability (RFC 3758 3.5): a message whose rule says so is
// "abandoned" as a whole (A3): its chunks leave the flight and are never
// sent again, and count as acknowledged for everything but congestion
// control (A2). They keep their place, since TSNs are contiguous, until the
// Cumulative TSN Ack passes them; the leading run of them is how far the
// Advanced.Peer.Ack.Point reaches beyond it (C2), which a FORWARD-TSN tells
// the peer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/time.h"
#include "sctp/association/tx/ring.h"
#include "sctp/association/tx/send_queue.h"
#include "sctp/types.h"
#include "sctp/wire/chunks/forward_tsn.h"
#include "sctp/wire/chunks/sack.h"

namespace dsctp::sctp {

inline constexpr size_t kMaxPaths = 8;
using PathIndex = uint8_t;

struct RetransmissionConfig {
  // RFC 9260 7.2.4: "When the third consecutive miss indication is
  // received for a TSN(s), the data sender shall ... mark the DATA chunk(s)
  // with three miss indications for retransmission."
  uint32_t fast_retransmit_threshold = 3;
  // Chunk header size: 16 for DATA, 20 for I-DATA (flight sizes count
  // chunk bytes as RFC 9260 6.1 counts them: the DATA chunk's length).
  uint32_t chunk_header_size = 16;
  // I-DATA (RFC 8260): a message's fragments need not have consecutive
  // TSNs, and PR-SCTP skips by I-FORWARD-TSN.
  bool interleaving = false;
};

// What one SACK did.
struct SackOutcome {
  enum class Kind : uint8_t {
    kApplied,
    kStale,      // Cumulative TSN Ack below the one already seen: ignored
                 // (RFC 9260 6.2.1 D i)
    kViolation,  // acknowledges a TSN never sent: the association aborts
                 // (RFC 9260 6.2.1 D: "Protocol Violation")
  };
  Kind kind = Kind::kApplied;
  bool cum_ack_advanced = false;
  // Chunk bytes newly acknowledged (cumulatively or by gap blocks), by the
  // path each chunk was last sent on: what congestion control is told.
  std::array<uint32_t, kMaxPaths> bytes_acked{};
  // Chunk bytes that left the flight because of this SACK (acked, or marked
  // for fast retransmit), by path, for the flight size.
  std::array<uint32_t, kMaxPaths> bytes_out_of_flight{};
  // RFC 9260 6.3.1 C5 (Karn): the RTT of the newest chunk this SACK newly
  // acknowledged that had been sent only once, and its path.
  std::optional<Duration> rtt;
  PathIndex rtt_path = 0;
  // RFC 9260 7.2.4: chunks that reached the miss threshold in this SACK,
  // now marked for fast retransmit, and the paths they were last sent on.
  uint32_t fast_retransmit_marked = 0;
  std::array<bool, kMaxPaths> fast_retransmit_paths{};
  // The highest TSN outstanding after this SACK (the Fast Recovery exit
  // point when one starts here).
  Tsn highest_outstanding;
  // RFC 9260 6.2.1 D iii: paths that chunks the peer reneged on (gap-acked
  // before, missing from this SACK) were last sent on. Those chunks are no
  // longer in flight, so has_in_flight() may be false: "if no retransmit
  // timer is running for the destination address to which the DATA chunk
  // was originally transmitted, then T3-rtx is started for that
  // destination address."
  std::array<bool, kMaxPaths> reneged_paths{};
};

// What abandoning messages did (RFC 3758 3.5 A2, A3).
struct AbandonOutcome {
  // One entry per message given up, with its bytes, for the application.
  std::vector<OutgoingMessage> messages;
  // Chunk bytes that left the flight, by path. Not acknowledged: A2 says
  // congestion control gets no credit for them.
  std::array<uint32_t, kMaxPaths> bytes_out_of_flight{};
  // Messages given up while fragments of them were still uncut in the
  // SendQueue (SendQueue::discard_started() drops the rest). Each took
  // one TSN more, never sent, that the FORWARD-TSN covers.
  std::vector<MessageBytes> unsent_rest;

  bool any() const { return !messages.empty(); }
};

// A chunk handed out for (re)transmission.
struct ChunkToSend {
  Tsn tsn;
  const OutgoingFragment* fragment = nullptr;  // valid until the next call
  bool retransmission = false;
};

class RetransmissionQueue {
 public:
  // `initial_tsn`: our Initial TSN (the first TSN we send). `peer_rwnd`:
  // the a_rwnd of the peer's INIT or INIT ACK.
  RetransmissionQueue(const RetransmissionConfig& config, Tsn initial_tsn, uint32_t peer_rwnd);

  // The TSN the next new chunk gets.
  Tsn next_tsn() const;
  // The last TSN the peer acknowledged cumulatively (initial TSN - 1 at the
  // start).
  Tsn cumulative_tsn_ack() const;

  // Gives `fragment` the next TSN and records it as in flight on `path`.
  // The peer's window shrinks by its size at once (6.2.1 B).
  ChunkToSend add(OutgoingFragment fragment, PathIndex path, TimePoint now);
  // The same for the next fragment of `queue` (at most `max_payload`
  // bytes), cut straight into this queue's storage. Empty when `queue` is.
  std::optional<ChunkToSend> add_next(SendQueue& queue, uint32_t max_payload, PathIndex path,
                                      TimePoint now);

  // RFC 9260 6.2.1: updates the acknowledged set, the peer's receive window
  // (a_rwnd minus the chunk bytes still outstanding), miss indications.
  // Gap-acknowledged chunks stay until the Cumulative TSN Ack passes them;
  // if a later SACK no longer reports one (the peer reneged), it is
  // outstanding again but not in flight, and goes out again on the next
  // T3-rtx expiry.
  SackOutcome handle_sack(const wire::SackChunk& sack, TimePoint now);
  // The same, told whether the association is in Fast Recovery when the
  // SACK arrives. RFC 9260 7.2.4: "If an endpoint is in Fast Recovery and a
  // SACK chunk arrives that advances the Cumulative TSN Ack Point, the miss
  // indications are incremented for all TSNs reported missing in the SACK
  // chunk", not only those below the highest TSN newly acknowledged.
  SackOutcome handle_sack(const wire::SackChunk& sack, TimePoint now, bool in_fast_recovery);

  // RFC 9260 6.3.3 E3: the T3-rtx timer of `path` expired: every chunk in
  // flight on it is marked for retransmission. Returns the chunk bytes that
  // left the flight.
  uint32_t mark_t3_expired(PathIndex path);

  // Whether chunks are marked for retransmission (RFC 9260 6.1: they go
  // before new data).
  bool has_retransmissions() const;
  // Chunk bytes (header included) of the lowest-TSN chunk marked for
  // retransmission, 0 when none: to check it fits the room left.
  uint32_t next_retransmission_size() const;
  // Hands out the lowest-TSN marked chunk; it is in flight again on `path`
  // (RFC 9260 6.4: retransmissions may go to another destination). Its RTT
  // will not be sampled (Karn).
  std::optional<ChunkToSend> next_retransmission(PathIndex path, TimePoint now);

  // The peer's receive window as we estimate it (6.2.1).
  uint32_t peer_rwnd() const;
  // Chunk bytes sent and not cumulatively acknowledged.
  size_t outstanding_bytes() const;
  // Payload bytes held (for the send buffer accounting the API sees).
  size_t buffered_payload_bytes() const;
  // Chunk bytes in flight on `path`.
  uint32_t in_flight_bytes(PathIndex path) const;
  bool has_in_flight(PathIndex path) const { return in_flight_bytes(path) > 0; }
  // Whether any chunk is not yet cumulatively acknowledged.
  bool empty() const;
  size_t size() const;

  // RFC 3758 3.5 A2: gives up every message with a chunk marked for
  // retransmission whose rule says not to send it again (its lifetime has
  // passed, or it was retransmitted as often as allowed).
  void abandon_due(TimePoint now, AbandonOutcome& out);
  // The kBuffer rule: gives up such messages, oldest first, until at least
  // `bytes` of payload are freed or none is left. Returns the bytes freed,
  // counting the uncut rest of a message the SendQueue still holds.
  size_t abandon_for_space(size_t bytes, AbandonOutcome& out);
  // RFC 3758 3.5 A1, C1, C2: the Cumulative TSN Ack moved up past the
  // abandoned chunks that directly follow it.
  Tsn advanced_peer_ack_point() const;
  // Whether the peer must be told to skip abandoned chunks (C3).
  bool needs_forward_tsn() const { return !chunks_.empty() && chunks_.front().state == ChunkState::kAbandoned; }
  // C3, C4: the FORWARD-TSN for the Advanced.Peer.Ack.Point, listing the
  // highest SSN skipped on each ordered stream, within `max_bytes` (at
  // least 12): when the entries do not fit, the point is lowered to the
  // last TSN whose entries do. Valid until the next call.
  wire::ForwardTsnChunk make_forward_tsn(uint32_t max_bytes);
  // RFC 8260 2.3.1: the same for I-DATA, listing the highest MID skipped
  // per stream and U flag. The point is also lowered so that every message
  // listed has all its TSNs at or below it: a late copy of one of its
  // fragments is then a duplicate TSN to the peer, never a new message.
  wire::IForwardTsnChunk make_iforward_tsn(uint32_t max_bytes);

  // Gives up every outstanding chunk (abort): the messages they belong to,
  // one entry per message, in TSN order, for "send failed".
  std::vector<OutgoingMessage> take_all();

 private:
  enum class ChunkState : uint8_t {
    kInFlight,  // sent, not acknowledged, counted in its path's flight
    kMarked,    // waiting in line for next_retransmission()
    kAcked,     // acknowledged by a gap block (renegable until cum-acked)
    kReneged,   // was gap-acked, then missing from a SACK: waits for T3-rtx
                // or fast retransmit, out of the flight
    kAbandoned,  // RFC 3758: never sent again, counted as acknowledged
  };

  struct Chunk {
    OutgoingFragment fragment;
    TimePoint sent_at{};
    // The SACK (by count) whose gap blocks last covered this chunk, to tell
    // a renege from a chunk acked again.
    uint32_t sack_seen = 0;
    uint32_t bytes = 0;  // chunk header + payload, unpadded
    uint16_t transmissions = 0;
    uint8_t misses = 0;
    PathIndex path = 0;
    ChunkState state = ChunkState::kInFlight;
    // RFC 9260 7.2.4 5: once fast retransmitted, "ineligible for a
    // subsequent Fast Retransmit".
    bool fast_retransmitted = false;
  };

  // What one SACK newly acknowledged, as positions (TSN minus the
  // Cumulative TSN Ack point before the SACK, so always > 0).
  struct AckScan {
    uint32_t highest_newly_acked = 0;
    uint32_t rtt_position = 0;
  };

  bool sack_is_valid(const wire::SackChunk& sack, uint32_t advance) const;
  void acknowledge(Chunk& chunk, uint32_t position, TimePoint now, AckScan& scan,
                   SackOutcome& out);
  void leave_flight(Chunk& chunk);
  void enter_flight(Chunk& chunk, PathIndex path, TimePoint now);
  ChunkToSend record_new(Chunk& chunk, PathIndex path, TimePoint now);
  void mark(Chunk& chunk, uint32_t index);
  void count_miss(Chunk& chunk, uint32_t index, SackOutcome& out);
  void find_first_marked();
  static bool should_abandon(const Chunk& chunk, TimePoint now);
  // Abandons the message chunks_[index] belongs to; its payload bytes.
  size_t abandon_message(uint32_t index, AbandonOutcome& out);
  // The I-DATA case: the message's fragments are found by its bytes
  // anywhere in the queue. Returns the index of the last one and whether
  // any was its E fragment; `freed` grows by their payload bytes.
  uint32_t abandon_interleaved(uint32_t index, bool& ended, size_t& freed, AbandonOutcome& out);
  void abandon_chunk(Chunk& chunk, AbandonOutcome& out);
  // A TSN, never sent, for the end of a message abandoned before its last
  // fragment was cut, so that a FORWARD-TSN or I-FORWARD-TSN must name it.
  void add_abandoned_end(const OutgoingFragment& previous);
  uint32_t leading_abandoned() const;

  RetransmissionConfig config_;
  // chunks_[i] has TSN cum_ack_ + 1 + i: TSNs are handed out contiguously.
  Ring<Chunk> chunks_;
  Tsn cum_ack_;
  uint32_t peer_rwnd_;
  std::array<uint32_t, kMaxPaths> in_flight_{};
  uint64_t total_in_flight_ = 0;
  size_t outstanding_bytes_ = 0;
  size_t payload_bytes_ = 0;
  uint32_t sack_count_ = 0;
  // Gap-acked chunks held, and an index at or above the highest of them:
  // how far a SACK must look for reneges.
  uint32_t gap_acked_ = 0;
  uint32_t gap_acked_end_ = 0;
  // Marked chunks, and the index of the lowest of them when there are any.
  uint32_t marked_ = 0;
  uint32_t first_marked_ = 0;
  // Storage behind the last make_forward_tsn().
  std::vector<wire::ForwardTsnStream> skipped_streams_;
  std::vector<wire::IForwardTsnStream> skipped_messages_;
};

}  // namespace dsctp::sctp
