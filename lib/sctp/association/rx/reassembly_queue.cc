// What DATA and I-DATA share: limits, ordered delivery per stream, and
// skipping ahead on FORWARD-TSN / I-FORWARD-TSN.
#include "sctp/association/rx/reassembly_queue.h"

#include <algorithm>
#include <utility>

namespace dsctp::sctp {

bool ReassemblyQueue::can_accept(uint32_t payload_size, bool next_in_order) const {
  size_t max_bytes = config_.max_buffered_bytes;
  size_t max_fragments = config_.max_buffered_fragments;
  if (partial_delivery_ && next_in_order) {
    max_bytes += max_bytes / 8;
    max_fragments += max_fragments / 8;
  }
  return fragments_ < max_fragments && bytes_ <= max_bytes && payload_size <= max_bytes - bytes_;
}

size_t ReassemblyQueue::partial_delivery_point() const {
  size_t point = config_.partial_delivery_point != 0 ? config_.partial_delivery_point
                                                     : config_.max_buffered_bytes / 4;
  return std::max<size_t>(point, 1);
}

ReassemblyQueue::Stream& ReassemblyQueue::stream(StreamId id, bool unordered) {
  auto [it, created] = streams_.try_emplace(stream_key(id, unordered));
  if (created) {
    it->second.id = id;
    it->second.unordered = unordered;
  }
  return it->second;
}

void ReassemblyQueue::hold(uint32_t payload_size) {
  bytes_ += payload_size;
  ++fragments_;
}

void ReassemblyQueue::release(size_t bytes, size_t fragments) {
  bytes_ -= bytes;
  fragments_ -= fragments;
}

void ReassemblyQueue::deliver(ReceivedMessage m) {
  // RFC 6458 8.1.21: while a DATA message is delivered partially, nothing
  // else is.
  if (data_delivery_) {
    held_back_.push_back(std::move(m));
  } else {
    push_ready(std::move(m), Piece::kWhole);
  }
}

void ReassemblyQueue::deliver_whole(StreamId stream, Ppid ppid, bool unordered, Payload payload) {
  deliver(ReceivedMessage(stream, ppid, unordered, std::move(payload)));
}

std::optional<ReceivedMessage> ReassemblyQueue::pop_message() {
  if (ready_head_ == ready_.size()) return std::nullopt;
  Ready r = std::move(ready_[ready_head_++]);
  if (ready_head_ == ready_.size()) {
    ready_.clear();
    ready_head_ = 0;
  }
  if (r.piece != Piece::kAborted) release(r.message.size(), r.message.fragment_count());
  return std::move(r.message);
}

// RFC 9260 6.6: "Within a stream, an endpoint MUST deliver DATA chunks
// received with the U flag set to 0 to the upper layer according to the
// order of their Stream Sequence Number"; a complete message waits here
// until every lower SSN (or MID, RFC 8260 2.1) has been delivered or
// skipped.
void ReassemblyQueue::hold_ordered(Stream& s, int64_t seq, ReceivedMessage m) {
  bool inserted = s.complete.try_emplace(seq, std::move(m)).second;
  if (!inserted) {
    // A second message under an SSN/MID still waiting: the peer reused a
    // sequence number. Keep the first, drop this one.
    release(m.size(), m.fragment_count());
    return;
  }
  deliver_in_order(s);
}

void ReassemblyQueue::deliver_in_order(Stream& s) {
  auto it = s.complete.begin();
  while (it != s.complete.end() && it->first == s.next) {
    deliver(std::move(it->second));
    it = s.complete.erase(it);
    ++s.next;
  }
  try_partial_at_next(s);
}

// Everything up to and including `seq` was abandoned by the sender, except
// what already arrived whole: those messages were acknowledged, so they are
// delivered (in order) rather than lost; partial ones are dropped.
void ReassemblyQueue::skip_ordered_to(Stream& s, int64_t seq) {
  if (seq < s.next) return;  // nothing new skipped
  if (s.delivering && *s.delivering <= seq) end_partial(s, true);
  auto end = s.complete.upper_bound(seq);
  for (auto it = s.complete.begin(); it != end; it = s.complete.erase(it)) {
    deliver(std::move(it->second));
  }
  auto partial_end = s.partial.upper_bound(seq);
  for (auto it = s.partial.begin(); it != partial_end; it = s.partial.erase(it)) {
    release_partial(it->second);
  }
  s.next = seq + 1;
  deliver_in_order(s);
}

void ReassemblyQueue::handle_forward_tsn(const wire::ForwardTsnChunk& chunk) {
  // RFC 3758 3.6: the receiver stops waiting for every TSN at or below the
  // New Cumulative TSN, so partial messages there can never complete.
  int64_t cumulative = tsns_.peek(chunk.new_cumulative_tsn);
  drop_data_fragments_to(cumulative);
  // The message being delivered partially lost its next fragment.
  if (data_delivery_ && data_delivery_->next_tsn <= cumulative) end_data_partial(true);
  // RFC 3758 3.6: for each listed stream, the Stream Sequence is the
  // largest SSN skipped; the next one expected follows it, and held
  // messages that were waiting for the skipped ones become deliverable.
  for (wire::ForwardTsnStream e : chunk.streams) {
    Stream& s = stream(e.stream, false);
    // An entry for SSNs already delivered changes nothing, and must not
    // pull the unwrapper's reference back, or the stream's next SSNs would
    // read as ancient.
    if (s.ssns.peek(e.ssn) < s.next) continue;
    skip_ordered_to(s, s.ssns.unwrap(e.ssn));
  }
  try_data_partial(false);
}

void ReassemblyQueue::handle_iforward_tsn(const wire::IForwardTsnChunk& chunk) {
  // RFC 8260 2.3.1: each entry names the largest MID skipped on a stream,
  // for ordered or (U) unordered messages separately. The TSN says nothing
  // about which message a fragment belongs to, so only the entries count.
  for (wire::IForwardTsnStream e : chunk.streams) {
    Stream& s = stream(e.stream, e.unordered);
    if (e.unordered) {
      // Unordered messages have no delivery order to move past: only the
      // one named is dropped (a lower MID may still be on its way), and a
      // late copy of one of its fragments is refused.
      int64_t mid = s.mids.unwrap(e.mid);
      drop_partial(s, mid);
      s.skipped_unordered = mid;
      continue;
    }
    // As for FORWARD-TSN: an entry for MIDs already delivered changes
    // nothing.
    if (s.mids.peek(e.mid) < s.next) continue;
    skip_ordered_to(s, s.mids.unwrap(e.mid));
  }
}

void ReassemblyQueue::drop_partial(Stream& s, int64_t mid) {
  if (s.delivering == mid) {
    end_partial(s, true);
    return;
  }
  auto it = s.partial.find(mid);
  if (it == s.partial.end()) return;
  release_partial(it->second);
  s.partial.erase(it);
}

void ReassemblyQueue::release_partial(const IDataMessage& m) {
  size_t bytes = 0;
  for (const auto& [fsn, p] : m.fragments) bytes += p.size();
  release(bytes, m.fragments.size());
}

}  // namespace dsctp::sctp
