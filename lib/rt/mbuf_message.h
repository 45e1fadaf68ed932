// Sending a message the application already holds in an mbuf, one segment
// or a chain, without copying it: the message keeps the mbuf until the
// peer has acknowledged every fragment cut from it (or the association
// closes), then frees it on the engine's thread.
#pragma once

#include <rte_mbuf.h>

#include "sctp/association/tx/send_queue.h"
#include "sctp/types.h"

namespace dsctp::rt {

// Takes the application's reference to `m`: if Association::send()
// refuses the message (kNoSpace, ...), destroying it frees the mbuf, so an
// application that wants to retry takes a second reference first, on
// every segment of a chain (rte_pktmbuf_free() drops one from each).
sctp::OutgoingMessage mbuf_message(rte_mbuf* m, sctp::StreamId stream, sctp::Ppid ppid,
                                   bool unordered = false);

}  // namespace dsctp::rt
