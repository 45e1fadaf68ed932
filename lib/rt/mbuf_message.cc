#include "rt/mbuf_message.h"

#include <new>
#include <vector>

namespace dsctp::rt {
namespace {

void free_mbuf(void* m) { rte_pktmbuf_free(static_cast<rte_mbuf*>(m)); }

// A chain's segment table must live as long as the bytes it describes.
struct Chain {
  rte_mbuf* head;
  std::vector<Segment> segments;
};

void free_chain(void* context) {
  auto* chain = static_cast<Chain*>(context);
  rte_pktmbuf_free(chain->head);
  delete chain;
}

}  // namespace

sctp::OutgoingMessage mbuf_message(rte_mbuf* m, sctp::StreamId stream, sctp::Ppid ppid,
                                   bool unordered) {
  sctp::OutgoingMessage message{stream, ppid, unordered, {}};
  if (m->nb_segs == 1) {
    ByteRange bytes(std::span<const std::byte>(rte_pktmbuf_mtod(m, const std::byte*),
                                               rte_pktmbuf_data_len(m)));
    message.bytes = sctp::MessageBytes::external(bytes, &free_mbuf, m);
    return message;
  }
  auto* chain = new (std::nothrow) Chain{m, {}};
  if (chain == nullptr) {
    rte_pktmbuf_free(m);
    return message;  // empty: send() says kEmpty
  }
  for (rte_mbuf* s = m; s != nullptr; s = s->next) {
    if (rte_pktmbuf_data_len(s) == 0) continue;
    chain->segments.push_back(
        Segment{rte_pktmbuf_mtod(s, const std::byte*), rte_pktmbuf_data_len(s)});
  }
  message.bytes = sctp::MessageBytes::external(
      ByteRange(std::span<const Segment>(chain->segments)), &free_chain, chain);
  return message;
}

}  // namespace dsctp::rt
