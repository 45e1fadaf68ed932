// I-DATA (RFC 8260 2.1): fragments of one message share stream, U flag and
// MID, and are numbered by FSN from 0; messages of different streams
// interleave freely.
#include <utility>

#include "sctp/association/rx/reassembly_queue.h"

namespace dsctp::sctp {

ReassemblyQueue::AddResult ReassemblyQueue::add_idata(const wire::IDataChunk& chunk,
                                                      Payload payload, bool next_in_order) {
  if (!can_accept(payload.size(), next_in_order)) return AddResult::kWouldExceed;
  bool unordered = chunk.unordered();
  // RFC 8260 2.1: the FSN field of the B fragment holds the PPID and its
  // FSN is 0, so another fragment claiming FSN 0 is a peer error.
  if (!chunk.beginning() && chunk.fsn.value() == 0) return AddResult::kStale;
  Stream& s = stream(chunk.stream, unordered);
  // A MID below the next expected was delivered or skipped already.
  if (s.mids.peek(chunk.mid) < s.next) return AddResult::kStale;
  int64_t mid = s.mids.unwrap(chunk.mid);
  if (s.skipped_unordered == mid) return AddResult::kStale;
  IDataMessage& m = s.partial[mid];
  uint32_t fsn = chunk.beginning() ? 0 : chunk.fsn.value();
  // Handed out already, in a piece of a partial delivery.
  if (m.delivering && fsn < m.next_fsn) return AddResult::kStale;
  uint32_t size = payload.size();
  if (!m.fragments.try_emplace(fsn, std::move(payload)).second) return AddResult::kStale;
  hold(size);
  m.bytes += size;
  if (chunk.beginning()) m.ppid = chunk.ppid;
  if (chunk.ending() && !m.last_fsn) m.last_fsn = fsn;
  if (m.delivering) {
    continue_partial(s, m);
    return AddResult::kAccepted;
  }
  if (!is_complete(m)) {
    try_partial(s, mid, m, false);
    return AddResult::kAccepted;
  }

  ReceivedMessage whole = take_idata_message(chunk.stream, unordered, m);
  s.partial.erase(mid);
  if (unordered) {
    deliver(std::move(whole));
  } else {
    hold_ordered(s, mid, std::move(whole));
  }
  return AddResult::kAccepted;
}

// Complete when FSNs 0 (with B) through the E fragment's are all here: the
// keys are distinct, so last_fsn + 1 of them ending at last_fsn is all.
bool ReassemblyQueue::is_complete(const IDataMessage& m) {
  return m.ppid && m.last_fsn && m.fragments.size() == size_t{*m.last_fsn} + 1 &&
         m.fragments.rbegin()->first == *m.last_fsn;
}

ReceivedMessage ReassemblyQueue::take_idata_message(StreamId stream, bool unordered,
                                                    IDataMessage& m) {
  auto it = m.fragments.begin();
  ReceivedMessage whole(stream, *m.ppid, unordered, std::move(it->second));
  whole.reserve(m.fragments.size());
  for (++it; it != m.fragments.end(); ++it) whole.append(std::move(it->second));
  return whole;
}

}  // namespace dsctp::sctp
