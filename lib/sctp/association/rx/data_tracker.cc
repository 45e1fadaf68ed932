#include "sctp/association/rx/data_tracker.h"

#include <algorithm>
#include <iterator>

namespace dsctp::sctp {
namespace {

constexpr Duration kMaxSackDelay = std::chrono::milliseconds(500);
// Gap ack block offsets are 16-bit (RFC 9260 3.3.4).
constexpr uint32_t kMaxTsnWindow = 0xffff;

DataTrackerConfig sanitized(DataTrackerConfig c) {
  // RFC 9260 6.2: "An implementation MUST NOT allow the maximum delay
  // (protocol parameter 'SACK.Delay') to be configured to be more than
  // 500 ms."
  c.delayed_sack_timeout = std::clamp(c.delayed_sack_timeout, Duration::zero(), kMaxSackDelay);
  c.sack_every_n_packets = std::max<uint32_t>(c.sack_every_n_packets, 1);
  c.max_tsn_window = std::clamp<uint32_t>(c.max_tsn_window, 1, kMaxTsnWindow);
  return c;
}

}  // namespace

DataTracker::DataTracker(Tsn peer_initial_tsn, const DataTrackerConfig& config)
    : config_(sanitized(config)),
      cumulative_tsn_ack_(peer_initial_tsn - 1),
      cumulative_unwrapped_(unwrapper_.unwrap(cumulative_tsn_ack_)) {}

DataTracker::TsnClass DataTracker::classify(Tsn tsn) const {
  // RFC 9260 6.2: a TSN at or below the cumulative ack was already
  // received; it is a duplicate whatever its distance.
  int32_t ahead = tsn.distance_from(cumulative_tsn_ack_);
  if (ahead <= 0) return TsnClass::kDuplicate;
  // Beyond the window the TSN cannot be reported in a gap block and would
  // let the peer grow our state without bound: refuse it, as RFC 9260 6.2
  // has a receiver with no window drop DATA it cannot hold.
  if (static_cast<uint32_t>(ahead) > config_.max_tsn_window) return TsnClass::kBeyondWindow;
  return is_received(unwrapped(tsn)) ? TsnClass::kDuplicate : TsnClass::kNew;
}

DataTracker::TsnClass DataTracker::observe(Tsn tsn, bool immediate_ack) {
  open_packet();
  packet_has_data_ = true;
  // RFC 7053 (the I bit, carried into RFC 9260 3.3.1): the sender sets it
  // to ask that the SACK for this chunk be sent back at once rather than
  // delayed; the receiver honours it at the end of the packet.
  if (immediate_ack) packet_has_immediate_ = true;
  TsnClass c = classify(tsn);
  switch (c) {
    case TsnClass::kNew:
      insert(unwrapped(tsn));
      break;
    case TsnClass::kDuplicate:
      record_duplicate(tsn);
      break;
    case TsnClass::kBeyondWindow:
      packet_has_refused_ = true;
      break;
  }
  return c;
}

void DataTracker::note_dropped() {
  open_packet();
  packet_has_data_ = true;
  packet_has_refused_ = true;
}

bool DataTracker::is_received(int64_t t) const {
  if (t <= cumulative_unwrapped_) return true;
  auto it = std::lower_bound(blocks_.begin(), blocks_.end(), t,
                             [](const Block& b, int64_t v) { return b.last < v; });
  return it != blocks_.end() && it->first <= t;
}

// O(log B) to find the place, O(B) to insert or erase in the vector, for B
// blocks (at most max_tsn_window / 2, usually a handful).
void DataTracker::insert(int64_t t) {
  if (t == cumulative_unwrapped_ + 1) {
    set_cumulative(t);
    advance_cumulative_ack();
    return;
  }
  auto it = std::lower_bound(blocks_.begin(), blocks_.end(), t,
                             [](const Block& b, int64_t v) { return b.last < v; });
  if (it != blocks_.end() && it->first <= t) return;
  bool joins_next = it != blocks_.end() && it->first == t + 1;
  bool joins_prev = it != blocks_.begin() && std::prev(it)->last == t - 1;
  if (joins_prev && joins_next) {
    std::prev(it)->last = it->last;
    blocks_.erase(it);
  } else if (joins_prev) {
    std::prev(it)->last = t;
  } else if (joins_next) {
    it->first = t;
  } else {
    blocks_.insert(it, Block{t, t});
  }
}

// Swallows the first block once the cumulative ack has reached it.
void DataTracker::advance_cumulative_ack() {
  if (!blocks_.empty() && blocks_.front().first == cumulative_unwrapped_ + 1) {
    set_cumulative(blocks_.front().last);
    blocks_.erase(blocks_.begin());
  }
}

void DataTracker::set_cumulative(int64_t t) {
  cumulative_tsn_ack_ = cumulative_tsn_ack_ + static_cast<uint32_t>(t - cumulative_unwrapped_);
  // Keeps the unwrapper's reference at the ack point, so every TSN in the
  // window unwraps correctly whatever the peer sent before.
  cumulative_unwrapped_ = unwrapper_.unwrap(cumulative_tsn_ack_);
}

void DataTracker::record_duplicate(Tsn tsn) {
  // RFC 9260 6.2: "When a packet arrives with duplicate DATA chunk(s) and
  // with no new DATA chunk(s), the endpoint MUST immediately send a SACK
  // chunk with no delay. If a packet arrives with duplicate DATA chunk(s)
  // bundled with new DATA chunks, the endpoint MAY immediately send a SACK
  // chunk." Both cases SACK at once here.
  packet_has_duplicate_ = true;
  if (duplicates_.size() < config_.max_duplicates) {
    duplicates_.push_back(tsn);
  } else {
    ++unreported_duplicates_;
  }
}

bool DataTracker::handle_forward_tsn(Tsn new_cumulative_tsn) {
  // RFC 3758 3.6: "Any time a FORWARD TSN chunk arrives, for the purposes
  // of sending a SACK, the receiver MUST follow the same rules as if a
  // DATA chunk had been received".
  open_packet();
  packet_has_data_ = true;
  int32_t ahead = new_cumulative_tsn.distance_from(cumulative_tsn_ack_);
  if (ahead <= 0) {
    // RFC 3758 3.6: an out-of-date FORWARD TSN "MUST NOT update its
    // Cumulative TSN. The receiver SHOULD send a SACK to its peer ... since
    // such a duplicate may indicate the previous SACK was lost".
    packet_has_duplicate_ = true;
    return false;
  }
  // RFC 3758 3.6: update the cumulative TSN point to the new value, "and
  // then MUST further advance its cumulative TSN point locally if
  // possible"; missing TSNs at or below it are no longer reported.
  int64_t t = cumulative_unwrapped_ + ahead;
  auto covered = std::find_if(blocks_.begin(), blocks_.end(),
                              [t](const Block& b) { return b.last > t; });
  blocks_.erase(blocks_.begin(), covered);
  set_cumulative(t);
  if (!blocks_.empty() && blocks_.front().first <= t) {
    set_cumulative(blocks_.front().last);
    blocks_.erase(blocks_.begin());
  }
  advance_cumulative_ack();
  return true;
}

void DataTracker::open_packet() {
  if (packet_open_) return;
  packet_open_ = true;
  packet_started_with_gap_ = has_gaps();
}

void DataTracker::observe_packet_end(TimePoint now) {
  if (!packet_open_) return;
  packet_open_ = false;
  if (packet_has_data_) owe_sack(now);
  packet_has_data_ = false;
  packet_has_duplicate_ = false;
  packet_has_refused_ = false;
  packet_has_immediate_ = false;
}

void DataTracker::owe_sack(TimePoint now) {
  ++packets_since_sack_;
  // RFC 9260 5.1: "After the reception of the first DATA chunk in an
  // association the endpoint MUST immediately respond with a SACK chunk to
  // acknowledge the DATA chunk."
  bool first = !seen_data_;
  seen_data_ = true;
  // RFC 9260 6.7: "If the endpoint detects a gap in the received DATA chunk
  // sequence, it SHOULD send a SACK chunk with Gap Ack Blocks immediately.
  // The data receiver continues sending a SACK chunk after receipt of each
  // SCTP packet that doesn't fill the gap." A packet that fills the last
  // gap is acknowledged at once too (RFC 5681 4.2, which RFC 9260 6.2 tells
  // SCTP to follow).
  bool gap = has_gaps() || packet_started_with_gap_;
  bool every_nth = packets_since_sack_ >= config_.sack_every_n_packets;
  if (first || gap || every_nth || packet_has_duplicate_ || packet_has_refused_ ||
      packet_has_immediate_) {
    sack_now_ = true;
    deadline_.reset();
    return;
  }
  // RFC 9260 6.2: "... within 200 ms of the arrival of any unacknowledged
  // DATA chunk": the clock starts at the first unacknowledged one.
  if (!sack_now_ && !deadline_) deadline_ = now + config_.delayed_sack_timeout;
}

void DataTracker::handle_timeout(TimePoint now) {
  if (deadline_ && now >= *deadline_) {
    sack_now_ = true;
    deadline_.reset();
  }
}

wire::SackChunk DataTracker::make_sack(uint32_t a_rwnd, size_t max_gap_blocks,
                                       size_t max_duplicates) {
  sack_blocks_.clear();
  size_t n = std::min(max_gap_blocks, blocks_.size());
  for (size_t i = 0; i < n; ++i) {
    // RFC 9260 3.3.4: block start and end are offsets from the Cumulative
    // TSN Ack; the window keeps them within 16 bits.
    sack_blocks_.push_back(
        {static_cast<uint16_t>(blocks_[i].first - cumulative_unwrapped_),
         static_cast<uint16_t>(blocks_[i].last - cumulative_unwrapped_)});
  }
  sack_duplicates_.clear();
  size_t d = std::min(max_duplicates, duplicates_.size());
  for (size_t i = 0; i < d; ++i) sack_duplicates_.push_back({duplicates_[i]});
  // RFC 9260 3.3.4: each duplicate is reported in the next SACK only; the
  // list restarts after it, whether or not the budget let all of them in.
  unreported_duplicates_ += duplicates_.size() - d;
  duplicates_.clear();

  sack_now_ = false;
  deadline_.reset();
  packets_since_sack_ = 0;

  wire::SackChunk sack;
  sack.cumulative_tsn_ack = cumulative_tsn_ack_;
  sack.a_rwnd = a_rwnd;
  sack.gap_blocks = wire::RecordList<wire::GapAckBlock>(
      std::span<const wire::GapAckBlock>(sack_blocks_));
  sack.duplicate_tsns = wire::RecordList<wire::DuplicateTsn>(
      std::span<const wire::DuplicateTsn>(sack_duplicates_));
  return sack;
}

wire::SackChunk DataTracker::make_sack_within(uint32_t a_rwnd, uint32_t max_chunk_bytes) {
  uint32_t room = max_chunk_bytes > wire::SackChunk::kHeaderSize
                      ? max_chunk_bytes - wire::SackChunk::kHeaderSize
                      : 0;
  size_t records = room / 4;  // gap blocks and duplicates are 4 bytes each
  size_t blocks = std::min(records, blocks_.size());
  return make_sack(a_rwnd, blocks, records - blocks);
}

Tsn DataTracker::highest_received_tsn() const {
  if (blocks_.empty()) return cumulative_tsn_ack_;
  return cumulative_tsn_ack_ + static_cast<uint32_t>(blocks_.back().last - cumulative_unwrapped_);
}

}  // namespace dsctp::sctp
