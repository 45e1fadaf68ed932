// Which TSNs the peer's DATA has delivered to us, and when to tell it so:
// the receive half of RFC 9260 6.2 (acknowledgement), 6.7 (gap reporting)
// and the I bit (RFC 7053, now part of RFC 9260), plus the FORWARD-TSN
// rules of RFC 3758 3.6.
//
// It tracks the cumulative TSN ack point, the TSNs received above it as
// sorted blocks of consecutive TSNs (the SACK's gap ack blocks), and the
// duplicates to report in the next SACK. Memory is bounded by
// configuration: TSNs further than `max_tsn_window` above the cumulative
// ack are refused, so at most max_tsn_window / 2 blocks ever exist, and at
// most `max_duplicates` duplicates are kept.
//
// Intended use by the association, per received packet:
//   for each DATA chunk:
//     switch (tracker.classify(tsn)):
//       kNew: offer the fragment to the ReassemblyQueue; if it is accepted,
//             tracker.observe(tsn, immediate); if it is refused for lack of
//             buffer, drop it and tracker.note_dropped() (the peer will
//             retransmit; RFC 9260 6.2 asks for an immediate SACK).
//       kDuplicate / kBeyondWindow: tracker.observe(tsn, immediate) records
//             it (no payload is kept).
//   tracker.observe_packet_end(now);
//   if tracker.should_send_sack_now(): bundle tracker.make_sack(...);
//   else re-arm the delayed-SACK timer to tracker.sack_deadline().
//
// Time is passed in; nothing here reads a clock.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/time.h"
#include "sctp/types.h"
#include "sctp/wire/chunks/sack.h"

namespace dsctp::sctp {

struct DataTrackerConfig {
  // RFC 9260 6.2: "... SHOULD be generated within 200 ms of the arrival of
  // any unacknowledged DATA chunk." 'SACK.Delay' may be configured, but an
  // implementation "MUST NOT allow the maximum delay ... to be configured
  // to be more than 500 ms": larger values are clamped to 500 ms.
  Duration delayed_sack_timeout = std::chrono::milliseconds(200);
  // RFC 9260 6.2: "an acknowledgement SHOULD be generated for at least
  // every second packet (not every second DATA chunk) received". 1 acks
  // every packet; 0 is taken as 1.
  uint32_t sack_every_n_packets = 2;
  // TSNs accepted above the cumulative TSN ack. Gap ack block offsets are
  // 16 bits wide (RFC 9260 3.3.4), so values above 65535 are clamped.
  uint32_t max_tsn_window = 16384;
  // Duplicate TSNs remembered until the next SACK; later ones are counted
  // for statistics but not reported.
  uint32_t max_duplicates = 32;
};

class DataTracker {
 public:
  enum class TsnClass : uint8_t {
    kNew,           // not received before and inside the window
    kDuplicate,     // at or below the cumulative ack, or already received
    kBeyondWindow,  // too far ahead (or impossibly far behind): refused
  };

  // `peer_initial_tsn` is the Initial TSN of the peer's INIT or INIT-ACK;
  // the cumulative TSN ack point starts one below it (RFC 9260 6.1 / 6.2:
  // the first TSN expected is the Initial TSN).
  DataTracker(Tsn peer_initial_tsn, const DataTrackerConfig& config);

  // What a DATA chunk with this TSN would be, without recording anything.
  TsnClass classify(Tsn tsn) const;

  // Records a received DATA chunk (whatever its class) and its I bit for
  // the SACK decision at observe_packet_end(). Returns its class.
  TsnClass observe(Tsn tsn, bool immediate_ack);

  // A new DATA chunk was dropped for lack of receive buffer. RFC 9260 6.2:
  // "if such a DATA chunk is dropped, the receiver MUST immediately send
  // back a SACK chunk with the current receive window showing only DATA
  // chunks received and accepted so far."
  void note_dropped();

  // The receive window reopened (the application resumed reading): a SACK
  // goes out with the next packet to tell the peer.
  void request_sack() { sack_now_ = true; }

  // FORWARD-TSN / I-FORWARD-TSN (RFC 3758 3.6, RFC 8260 2.3.1). Returns
  // whether the cumulative ack point moved; when it did, the caller passes
  // the chunk on to the ReassemblyQueue.
  bool handle_forward_tsn(Tsn new_cumulative_tsn);

  // Call once after the last chunk of every received packet: applies the
  // SACK-timing rules to what the packet held.
  void observe_packet_end(TimePoint now);

  // The delayed-SACK timer fired (or the caller polls with the current
  // time): when the deadline has passed, a SACK is due now.
  void handle_timeout(TimePoint now);

  // Whether a SACK should be bundled into the next packet sent.
  bool should_send_sack_now() const { return sack_now_; }
  // When the delayed-SACK timer must fire, if a SACK is owed but delayed.
  std::optional<TimePoint> sack_deadline() const { return deadline_; }

  // Builds the SACK and marks everything as acknowledged: the duplicates
  // are reported once and forgotten, and no SACK is owed afterwards.
  // Reports at most `max_gap_blocks` blocks (the lowest, which matter most
  // to the sender's fast retransmit) and `max_duplicates` duplicates, so
  // the caller sizes the chunk to the room left in the packet. The
  // returned chunk points into storage owned by the tracker and stays valid
  // until the next call on the tracker.
  wire::SackChunk make_sack(uint32_t a_rwnd, size_t max_gap_blocks, size_t max_duplicates);
  // The same within `max_chunk_bytes` (the room left in the packet, at
  // least the 16-byte fixed part): gap blocks first, since the sender's
  // fast retransmit depends on them, then duplicates.
  wire::SackChunk make_sack_within(uint32_t a_rwnd, uint32_t max_chunk_bytes);

  Tsn cumulative_tsn_ack() const { return cumulative_tsn_ack_; }
  // The highest TSN received (the cumulative ack when there is no gap).
  Tsn highest_received_tsn() const;
  bool has_gaps() const { return !blocks_.empty(); }
  size_t gap_block_count() const { return blocks_.size(); }
  size_t pending_duplicate_count() const { return duplicates_.size(); }
  // Duplicates seen that did not fit in `max_duplicates`.
  uint64_t unreported_duplicates() const { return unreported_duplicates_; }

 private:
  // A run of consecutive received TSNs above the cumulative ack, as
  // unwrapped TSNs (first <= last).
  struct Block {
    int64_t first;
    int64_t last;
  };

  int64_t unwrapped(Tsn tsn) const { return unwrapper_.peek(tsn); }
  bool is_received(int64_t t) const;
  void insert(int64_t t);
  void advance_cumulative_ack();
  void set_cumulative(int64_t t);
  void open_packet();
  void record_duplicate(Tsn tsn);
  void owe_sack(TimePoint now);

  DataTrackerConfig config_;
  Unwrapper<Tsn> unwrapper_;
  Tsn cumulative_tsn_ack_;
  int64_t cumulative_unwrapped_;
  // Sorted, disjoint and never adjacent to each other or to the
  // cumulative ack (which would merge them).
  std::vector<Block> blocks_;
  std::vector<Tsn> duplicates_;
  uint64_t unreported_duplicates_ = 0;

  // Per-packet observations, consumed by observe_packet_end().
  bool packet_has_data_ = false;
  bool packet_has_duplicate_ = false;
  bool packet_has_refused_ = false;
  bool packet_has_immediate_ = false;
  bool packet_started_with_gap_ = false;
  bool packet_open_ = false;

  bool seen_data_ = false;
  uint32_t packets_since_sack_ = 0;
  bool sack_now_ = false;
  std::optional<TimePoint> deadline_;

  // Storage behind the last make_sack().
  std::vector<wire::GapAckBlock> sack_blocks_;
  std::vector<wire::DuplicateTsn> sack_duplicates_;
};

}  // namespace dsctp::sctp
