// Partial delivery (RFC 6458 8.1.21; RFC 8260 for interleaved streams):
// a message too big to wait for whole in the buffer is handed out in
// pieces of consecutive fragments, so that its bytes leave the buffer
// (and the window reopens) before its last fragment arrives.
#include <utility>

#include "sctp/association/rx/reassembly_queue.h"

namespace dsctp::sctp {
namespace {

constexpr uint8_t kB = wire::DataFlags::kBeginning;
constexpr uint8_t kE = wire::DataFlags::kEnding;
constexpr uint8_t kU = wire::DataFlags::kUnordered;

Piece piece_kind(bool first, bool last) {
  if (first) return last ? Piece::kWhole : Piece::kFirst;
  return last ? Piece::kLast : Piece::kMiddle;
}

}  // namespace

void ReassemblyQueue::push_ready(ReceivedMessage m, Piece piece) {
  ready_.push_back(Ready{std::move(m), piece});
}

void ReassemblyQueue::push_aborted(StreamId stream, bool unordered) {
  ready_.push_back(Ready{ReceivedMessage(stream, Ppid(0), unordered, Payload()), Piece::kAborted});
}

void ReassemblyQueue::relieve_pressure() {
  if (!partial_delivery_) return;
  for (auto& [key, s] : streams_) {
    if (s.delivering || s.partial.empty()) continue;
    if (!s.unordered) {
      auto it = s.partial.find(s.next);
      if (it != s.partial.end()) try_partial(s, s.next, it->second, true);
      continue;
    }
    // Unordered: the oldest message whose first fragment is here.
    for (auto& [mid, m] : s.partial) {
      if (m.ppid) {
        try_partial(s, mid, m, true);
        break;
      }
    }
  }
  try_data_partial(true);
}

// --- I-DATA: one partial delivery per stream and U flag.

void ReassemblyQueue::try_partial(Stream& s, int64_t mid, IDataMessage& m, bool forced) {
  if (!partial_delivery_ || m.delivering || s.delivering || !m.ppid) return;
  // An ordered message must be the next of its stream: nothing may
  // overtake a lower MID (RFC 9260 6.6).
  if (!s.unordered && mid != s.next) return;
  if (!forced && m.bytes < partial_delivery_point()) return;
  m.delivering = true;
  m.next_fsn = 0;
  s.delivering = mid;
  continue_partial(s, m);
}

void ReassemblyQueue::try_partial_at_next(Stream& s) {
  if (!partial_delivery_ || s.unordered || s.delivering || s.partial.empty()) return;
  auto it = s.partial.find(s.next);
  if (it != s.partial.end()) try_partial(s, s.next, it->second, false);
}

void ReassemblyQueue::continue_partial(Stream& s, IDataMessage& m) {
  auto it = m.fragments.begin();
  if (it == m.fragments.end() || it->first != m.next_fsn) return;
  bool first = m.next_fsn == 0;
  uint32_t fsn = it->first;
  ReceivedMessage piece(s.id, *m.ppid, s.unordered, std::move(it->second));
  it = m.fragments.erase(it);
  while (it != m.fragments.end() && it->first == fsn + 1 && !(m.last_fsn && fsn == *m.last_fsn)) {
    fsn = it->first;
    piece.append(std::move(it->second));
    it = m.fragments.erase(it);
  }
  m.next_fsn = fsn + 1;
  m.bytes -= piece.size();
  bool last = m.last_fsn && fsn == *m.last_fsn;
  push_ready(std::move(piece), piece_kind(first, last));
  if (last) end_partial(s, false);
}

void ReassemblyQueue::end_partial(Stream& s, bool aborted) {
  int64_t mid = *s.delivering;
  s.delivering.reset();
  auto it = s.partial.find(mid);
  if (it != s.partial.end()) {
    // Fragments beyond the last one are a peer's error; they go too.
    release_partial(it->second);
    s.partial.erase(it);
  }
  if (aborted) {
    // The caller moves the stream's order past the skipped MID.
    push_aborted(s.id, s.unordered);
    return;
  }
  if (!s.unordered) {
    s.next = mid + 1;
    deliver_in_order(s);
  }
}

// --- DATA: one partial delivery for the whole association.

void ReassemblyQueue::set_cumulative_tsn(Tsn tsn) {
  int64_t cumulative = tsns_.peek(tsn);
  if (cumulative_tsn_ == cumulative) return;
  cumulative_tsn_ = cumulative;
  try_data_partial(false);
}

void ReassemblyQueue::try_data_partial(bool forced) {
  if (!partial_delivery_ || data_delivery_ || data_fragments_.empty()) return;
  auto first = data_fragments_.begin();
  const DataFragment& head = first->second;
  if ((head.flags & kB) == 0) return;
  if (cumulative_tsn_ && first->first > *cumulative_tsn_ + 1) return;
  bool unordered = (head.flags & kU) != 0;
  if (!unordered && stream(head.stream, false).ssns.peek(head.ssn) !=
                        stream(head.stream, false).next) {
    return;
  }
  if (!forced) {
    // Its consecutive fragments held, up to the point.
    size_t bytes = 0;
    int64_t expected = first->first;
    for (auto it = first; it != data_fragments_.end() && it->first == expected; ++it, ++expected) {
      bytes += it->second.payload.size();
      if (bytes >= partial_delivery_point() || (it->second.flags & kE) != 0) break;
    }
    if (bytes < partial_delivery_point()) return;
  }
  data_delivery_ = DataDelivery{head.stream, unordered, head.ssn, first->first, false};
  continue_data_partial();
}

void ReassemblyQueue::continue_data_partial() {
  DataDelivery& d = *data_delivery_;
  auto it = data_fragments_.find(d.next_tsn);
  if (it == data_fragments_.end()) return;
  auto belongs = [&](const DataFragment& f, bool at_start) {
    bool b = (f.flags & kB) != 0;
    return f.stream == d.stream && ((f.flags & kU) != 0) == d.unordered &&
           (d.unordered || f.ssn == d.ssn) && b == at_start;
  };
  if (!belongs(it->second, !d.started)) {
    // RFC 9260 6.9 broken by the peer: the next TSN starts another message
    // or belongs to another stream. This one can never end.
    end_data_partial(true);
    return;
  }
  bool first = !d.started;
  d.started = true;
  const Ppid ppid = it->second.ppid;
  ReceivedMessage piece(d.stream, ppid, d.unordered, std::move(it->second.payload));
  bool last = (it->second.flags & kE) != 0;
  it = data_fragments_.erase(it);
  ++d.next_tsn;
  while (!last && it != data_fragments_.end() && it->first == d.next_tsn &&
         belongs(it->second, false)) {
    last = (it->second.flags & kE) != 0;
    piece.append(std::move(it->second.payload));
    it = data_fragments_.erase(it);
    ++d.next_tsn;
  }
  push_ready(std::move(piece), piece_kind(first, last));
  if (last) end_data_partial(false);
}

void ReassemblyQueue::end_data_partial(bool aborted) {
  DataDelivery d = *data_delivery_;
  data_delivery_.reset();
  if (aborted && d.started) push_aborted(d.stream, d.unordered);
  for (ReceivedMessage& m : held_back_) push_ready(std::move(m), Piece::kWhole);
  held_back_.clear();
  if (!d.unordered) {
    Stream& s = stream(d.stream, false);
    int64_t seq = s.ssns.peek(d.ssn);
    if (seq >= s.next) {
      s.next = seq + 1;
      deliver_in_order(s);
    }
  }
  try_data_partial(false);
}

}  // namespace dsctp::sctp
