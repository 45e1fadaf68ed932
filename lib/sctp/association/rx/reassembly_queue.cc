// What DATA and I-DATA share: limits, ordered delivery per stream, and
// skipping ahead on FORWARD-TSN / I-FORWARD-TSN.
#include "sctp/association/rx/reassembly_queue.h"

#include <utility>

namespace dsctp::sctp {

bool ReassemblyQueue::can_accept(uint32_t payload_size) const {
  return fragments_ < config_.max_buffered_fragments && bytes_ <= config_.max_buffered_bytes &&
         payload_size <= config_.max_buffered_bytes - bytes_;
}

void ReassemblyQueue::hold(uint32_t payload_size) {
  bytes_ += payload_size;
  ++fragments_;
}

void ReassemblyQueue::release(size_t bytes, size_t fragments) {
  bytes_ -= bytes;
  fragments_ -= fragments;
}

void ReassemblyQueue::deliver(ReceivedMessage m) { ready_.push_back(std::move(m)); }

void ReassemblyQueue::deliver_whole(StreamId stream, Ppid ppid, bool unordered, Payload payload) {
  ready_.emplace_back(stream, ppid, unordered, std::move(payload));
}

std::optional<ReceivedMessage> ReassemblyQueue::pop_message() {
  if (ready_head_ == ready_.size()) return std::nullopt;
  ReceivedMessage m = std::move(ready_[ready_head_++]);
  if (ready_head_ == ready_.size()) {
    ready_.clear();
    ready_head_ = 0;
  }
  release(m.size(), m.fragment_count());
  return m;
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
}

// Everything up to and including `seq` was abandoned by the sender, except
// what already arrived whole: those messages were acknowledged, so they are
// delivered (in order) rather than lost; partial ones are dropped.
void ReassemblyQueue::skip_ordered_to(Stream& s, int64_t seq) {
  if (seq < s.next) return;  // nothing new skipped
  auto end = s.complete.upper_bound(seq);
  for (auto it = s.complete.begin(); it != end; it = s.complete.erase(it)) {
    deliver(std::move(it->second));
  }
  auto partial_end = s.partial.upper_bound(seq);
  for (auto it = s.partial.begin(); it != partial_end; it = s.partial.erase(it)) {
    size_t bytes = 0;
    for (const auto& [fsn, p] : it->second.fragments) bytes += p.size();
    release(bytes, it->second.fragments.size());
  }
  s.next = seq + 1;
  deliver_in_order(s);
}

void ReassemblyQueue::handle_forward_tsn(const wire::ForwardTsnChunk& chunk) {
  // RFC 3758 3.6: the receiver stops waiting for every TSN at or below the
  // New Cumulative TSN, so partial messages there can never complete.
  drop_data_fragments_to(tsns_.peek(chunk.new_cumulative_tsn));
  // RFC 3758 3.6: for each listed stream, the Stream Sequence is the
  // largest SSN skipped; the next one expected follows it, and held
  // messages that were waiting for the skipped ones become deliverable.
  for (wire::ForwardTsnStream e : chunk.streams) {
    Stream& s = streams_[stream_key(e.stream, false)];
    // An entry for SSNs already delivered changes nothing, and must not
    // pull the unwrapper's reference back, or the stream's next SSNs would
    // read as ancient.
    if (s.ssns.peek(e.ssn) < s.next) continue;
    skip_ordered_to(s, s.ssns.unwrap(e.ssn));
  }
}

void ReassemblyQueue::handle_iforward_tsn(const wire::IForwardTsnChunk& chunk) {
  // RFC 8260 2.3.1: each entry names the largest MID skipped on a stream,
  // for ordered or (U) unordered messages separately. The TSN says nothing
  // about which message a fragment belongs to, so only the entries count.
  for (wire::IForwardTsnStream e : chunk.streams) {
    Stream& s = streams_[stream_key(e.stream, e.unordered)];
    skip_ordered_to(s, s.mids.unwrap(e.mid));
  }
}

}  // namespace dsctp::sctp
