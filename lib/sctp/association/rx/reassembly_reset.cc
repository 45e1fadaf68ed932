// Stream reset (RFC 6525): a stream's sequence numbers start over.
#include "sctp/association/rx/reassembly_queue.h"

namespace dsctp::sctp {

void ReassemblyQueue::drop_stream(Stream& s) {
  for (const auto& [seq, m] : s.complete) release(m.size(), m.fragment_count());
  for (const auto& [mid, m] : s.partial) {
    for (const auto& [fsn, p] : m.fragments) release(p.size(), 1);
  }
}

void ReassemblyQueue::reset_streams(std::span<const StreamId> streams) {
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
