// The Transmission Control Block (RFC 9260 14.2): what an association knows
// once the peer's INIT or INIT ACK has told it who the peer is. It exists in
// every state from COOKIE-ECHOED to SHUTDOWN-ACK-SENT and nowhere else
// (association.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "sctp/address.h"
#include "sctp/association/extensions.h"
#include "sctp/association/path/congestion_control.h"
#include "sctp/association/path/error_counter.h"
#include "sctp/association/path/path.h"
#include "sctp/association/reconfig/stream_reset.h"
#include "sctp/association/rx/data_tracker.h"
#include "sctp/association/rx/payload.h"
#include "sctp/association/rx/reassembly_queue.h"
#include "sctp/association/tx/retransmission_queue.h"
#include "sctp/association/tx/send_queue.h"
#include "sctp/types.h"
#include "sctp/wire/chunks/data.h"
#include "timer/timer.h"

namespace dsctp::sctp {

class Association;

// Keeps a received packet's buffer alive for the payload taken from it
// without a copy (an rte_mbuf in the runtime): `retain(context)` once per
// payload kept, `release(context)` when that payload is freed.
struct PayloadHold {
  void (*retain)(void* context) = nullptr;
  Payload::ReleaseFn release = nullptr;
  void* context = nullptr;
};

// One destination address of the peer, with its timers. Heap-allocated:
// the timer wheel holds the timers' addresses.
struct PathSlot {
  PathSlot(Association& owner, PathIndex index, const IpAddress& address,
           const PathSettings& settings, uint32_t peer_rwnd, bool confirmed, TimePoint now);

  Association& owner;
  PathIndex index;
  IpAddress address;
  Path path;
  timer::Timer t3;
  timer::Timer heartbeat;
  // The heartbeat timer, when a HEARTBEAT is outstanding, waits for its
  // ack (one RTO); otherwise for the next one due.
  bool awaiting_heartbeat_ack = false;
};

// The retransmission queue's settings for what the association uses.
RetransmissionConfig retransmission_config(const Extensions& extensions);

struct Tcb {
  Tcb(Association& owner, const AssociationConfig& config, VerificationTag peer_tag,
      Tsn local_initial_tsn, Tsn peer_initial_tsn, uint32_t peer_rwnd,
      uint16_t outbound_streams, uint16_t inbound_streams, const Extensions& extensions);

  VerificationTag peer_tag;
  Tsn local_initial_tsn;
  Tsn peer_initial_tsn;
  uint16_t outbound_streams;
  uint16_t inbound_streams;
  // The extensions both sides offered (extensions.h).
  Extensions extensions;

  DataTracker tracker;
  ReassemblyQueue reassembly;
  SendQueue send_queue;
  RetransmissionQueue retransmissions;

  std::vector<std::unique_ptr<PathSlot>> paths;
  PathIndex primary = 0;
  // Where the last DATA came from: SACKs go there (RFC 9260 6.4).
  PathIndex last_data_source = 0;

  ErrorCounter errors;  // Association.Max.Retrans, 8.1
  FastRecovery fast_recovery;
  // Fast retransmit (7.2.4 step 3): one packet of marked chunks goes out
  // now, whatever cwnd says.
  bool fast_retransmit_pending = false;
  // RFC 3758 3.5 C3 / A5: a FORWARD-TSN goes out with the next flush.
  bool forward_tsn_due = false;
  timer::Timer delayed_sack;
  // The peer sent SHUTDOWN: no more DATA is expected from it.
  bool peer_shut_down = false;

  // RFC 6525 stream reconfiguration (association_reconfig.cc).
  StreamReset reconfig;
  timer::Timer reconfig_timer;
  Duration reconfig_rto{};
  // Our request is to be sent (first time, or again after the timer).
  bool reconfig_due = false;
  // The Sender's Last Assigned TSN of our Outgoing SSN Reset Request,
  // fixed when it is first sent.
  Tsn reconfig_last_tsn;
  // Messages sent on streams our Outgoing SSN Reset Request holds back
  // (5.1.2), with their partial reliability rule, in send() order.
  std::vector<std::pair<OutgoingMessage, AbandonRule>> held;
  size_t held_bytes = 0;
  // The peer's Outgoing SSN Reset Request waits until our cumulative TSN
  // reaches its Sender's Last Assigned TSN (5.2.2, deferred reset); DATA
  // beyond that TSN on its streams waits here meanwhile.
  struct DeferredReset {
    wire::ReconfigRequestSn request_sn;
    Tsn last_assigned;
    std::vector<StreamId> streams;
  };
  struct DeferredChunk {
    std::variant<wire::DataChunk, wire::IDataChunk> chunk;  // payload unset
    Payload payload;
  };
  std::optional<DeferredReset> deferred_reset;
  std::vector<DeferredChunk> deferred_chunks;
  size_t deferred_bytes = 0;
};

}  // namespace dsctp::sctp
