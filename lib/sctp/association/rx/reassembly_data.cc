// DATA (RFC 9260): fragments of one message carry consecutive TSNs.
#include <iterator>
#include <utility>

#include "sctp/association/rx/reassembly_queue.h"

namespace dsctp::sctp {
namespace {

constexpr uint8_t kB = wire::DataFlags::kBeginning;
constexpr uint8_t kE = wire::DataFlags::kEnding;
constexpr uint8_t kU = wire::DataFlags::kUnordered;

}  // namespace

ReassemblyQueue::AddResult ReassemblyQueue::add_data(const wire::DataChunk& chunk,
                                                     Payload payload, bool next_in_order) {
  if (!can_accept(payload.size(), next_in_order)) return AddResult::kWouldExceed;
  bool unordered = chunk.unordered();
  Stream* ordered = nullptr;
  // RFC 9260 6.6: an ordered SSN below the next expected one was delivered
  // (or skipped) already; holding it would wait forever.
  if (!unordered) {
    ordered = &stream(chunk.stream, false);
    if (ordered->ssns.peek(chunk.ssn) < ordered->next) return AddResult::kStale;
  }
  int64_t tsn = tsns_.unwrap(chunk.tsn);
  if (chunk.beginning() && chunk.ending()) {
    // A whole message in one chunk, the common case: no fragment to keep
    // by TSN. The DataTracker has already refused duplicate TSNs.
    hold(payload.size());
    if (unordered) {
      deliver_whole(chunk.stream, chunk.ppid, true, std::move(payload));
      return AddResult::kAccepted;
    }
    int64_t seq = ordered->ssns.unwrap(chunk.ssn);
    if (seq == ordered->next && ordered->complete.empty()) {
      deliver_whole(chunk.stream, chunk.ppid, false, std::move(payload));
      ++ordered->next;
    } else {
      hold_ordered(*ordered, seq, ReceivedMessage(chunk.stream, chunk.ppid, false, std::move(payload)));
    }
    return AddResult::kAccepted;
  }
  uint32_t size = payload.size();
  auto [it, inserted] = data_fragments_.try_emplace(
      tsn, DataFragment{chunk.stream, chunk.ssn, chunk.ppid, chunk.flags, std::move(payload)});
  if (!inserted) return AddResult::kStale;
  hold(size);

  std::optional<ReceivedMessage> m = take_data_message(tsn);
  if (!m) {
    if (data_delivery_) {
      continue_data_partial();
    } else {
      try_data_partial(false);
    }
    return AddResult::kAccepted;
  }
  if (unordered) {
    // RFC 9260 6.6: an unordered message is delivered "immediately" once
    // reassembled, bypassing the ordering mechanism.
    deliver(std::move(*m));
  } else {
    hold_ordered(*ordered, ordered->ssns.unwrap(chunk.ssn), std::move(*m));
  }
  // The message that now has the lowest TSN held may be one to start.
  try_data_partial(false);
  return AddResult::kAccepted;
}

// RFC 9260 6.9: "the TSNs for each fragment of a fragmented user message
// MUST be strictly sequential", from the B fragment to the E one. Finds
// the B..E run of consecutive TSNs through `tsn`, and if every fragment in
// it agrees on stream, SSN and U, takes it out as one message. A run that
// disagrees is a peer error; it stays held (bounded by the limits) until a
// FORWARD-TSN skips it.
std::optional<ReceivedMessage> ReassemblyQueue::take_data_message(int64_t tsn) {
  auto at = data_fragments_.find(tsn);
  auto first = at;
  while ((first->second.flags & kB) == 0) {
    if (first == data_fragments_.begin()) return std::nullopt;
    auto prev = std::prev(first);
    if (prev->first != first->first - 1) return std::nullopt;
    first = prev;
  }
  auto last = at;
  while ((last->second.flags & kE) == 0) {
    auto next = std::next(last);
    if (next == data_fragments_.end() || next->first != last->first + 1) return std::nullopt;
    last = next;
  }
  const DataFragment& head = first->second;
  auto end = std::next(last);
  size_t count = 0;
  for (auto it = first; it != end; ++it, ++count) {
    const DataFragment& f = it->second;
    bool inner_b = it != first && (f.flags & kB) != 0;
    bool inner_e = it != last && (f.flags & kE) != 0;
    bool same = f.stream == head.stream && (f.flags & kU) == (head.flags & kU) &&
                ((head.flags & kU) != 0 || f.ssn == head.ssn);
    if (inner_b || inner_e || !same) return std::nullopt;
  }
  ReceivedMessage m(head.stream, head.ppid, (head.flags & kU) != 0,
                    std::move(first->second.payload));
  m.reserve(count);
  for (auto it = std::next(first); it != end; ++it) m.append(std::move(it->second.payload));
  data_fragments_.erase(first, end);
  return m;
}

void ReassemblyQueue::drop_data_fragments_to(int64_t tsn) {
  auto end = data_fragments_.upper_bound(tsn);
  for (auto it = data_fragments_.begin(); it != end; it = data_fragments_.erase(it)) {
    release(it->second.payload.size(), 1);
  }
}

}  // namespace dsctp::sctp
