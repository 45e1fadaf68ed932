// Stream reset (RFC 6525): a stream's sequence numbers start over.
#include "sctp/association/rx/reassembly_queue.h"

#include <algorithm>

namespace dsctp::sctp {

void ReassemblyQueue::drop_stream(Stream& s) {
  for (const auto& [seq, m] : s.complete) release(m.size(), m.fragment_count());
  for (const auto& [mid, m] : s.partial) {
    for (const auto& [fsn, p] : m.fragments) release(p.size(), 1);
  }
}

// A message in pieces on a stream that starts over can never end: the
// application hears that it was aborted, as when FORWARD-TSN skips it.
// Whole DATA messages that waited for its last piece go out now.
void ReassemblyQueue::abort_partial_deliveries(std::span<const StreamId> streams) {
  auto resets = [&](StreamId id) {
    return streams.empty() || std::find(streams.begin(), streams.end(), id) != streams.end();
  };
  if (data_delivery_ && resets(data_delivery_->stream)) {
    const DataDelivery d = *data_delivery_;
    data_delivery_.reset();
    if (d.started) push_aborted(d.stream, d.unordered);
    for (ReceivedMessage& m : held_back_) push_ready(std::move(m), Piece::kWhole);
    held_back_.clear();
  }
  for (auto& [key, s] : streams_) {
    if (!s.delivering || !resets(s.id)) continue;
    // drop_stream() releases the message's fragments.
    s.delivering.reset();
    push_aborted(s.id, s.unordered);
  }
}

void ReassemblyQueue::reset_streams(std::span<const StreamId> streams) {
  abort_partial_deliveries(streams);
  if (streams.empty()) {
    for (auto& [key, s] : streams_) drop_stream(s);
    streams_.clear();
    for (const auto& [tsn, f] : data_fragments_) release(f.payload.size(), 1);
    data_fragments_.clear();
    tsns_ = Unwrapper<Tsn>{};
    return;
  }
  // A fresh Stream has next 0 and unwrappers that start at the next
  // number they see.
  for (StreamId id : streams) {
    for (bool unordered : {false, true}) {
      auto it = streams_.find(stream_key(id, unordered));
      if (it == streams_.end()) continue;
      drop_stream(it->second);
      streams_.erase(it);
    }
  }
}

}  // namespace dsctp::sctp
