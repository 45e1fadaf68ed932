// Everything an association can be tuned with, and its defaults: the
// protocol parameters of RFC 9260 16 unless a field says otherwise.
// config/README.md describes the profiles built from it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "base/time.h"
#include "sctp/association/extensions.h"
#include "sctp/association/path/path.h"
#include "sctp/association/rx/data_tracker.h"
#include "sctp/association/rx/reassembly_queue.h"
#include "sctp/association/tx/send_queue.h"

namespace dsctp::sctp {

struct AssociationConfig {
  // Streams asked for (OS) and accepted (MIS), RFC 9260 5.1.1; the peer's
  // INIT or INIT ACK may lower the outbound count.
  uint16_t outbound_streams = 16;
  uint16_t max_inbound_streams = 16;

  // Receive side: the reassembly buffer is the advertised window.
  ReassemblyConfig receive;
  DataTrackerConfig acknowledgement;
  // Send side: bytes queued and in flight are both counted against
  // send.max_buffered_bytes when the application asks what is free.
  SendQueueConfig send;

  // Per path: RTO bounds, congestion control, MTU, Path.Max.Retrans,
  // HB.interval.
  PathSettings path;
  // Bytes the layers below SCTP add to every packet (IPv4 20, plus 8 with
  // UDP encapsulation): path.path.mtu minus this is the SCTP packet budget.
  uint32_t lower_layer_overhead = 20;

  // RFC 9260 16: Association.Max.Retrans 10 attempts, Max.Init.Retransmits
  // 8 attempts.
  uint32_t max_retrans = 10;
  uint32_t max_init_retransmits = 8;
  // Heartbeats on idle paths (RFC 9260 8.3); on by default as the RFC asks.
  bool heartbeats = true;
  // RFC 9260 7.2.4 / 6.1: at most this many new packets in a burst. The
  // RFC recommends 4.
  uint32_t max_burst = 4;

  // T5-shutdown-guard (RFC 9260 9.2): how long a shutdown may take before
  // the association is aborted. Zero: the RFC's suggestion, 5 * RTO.Max.
  Duration shutdown_guard{0};

  // The extensions offered in INIT and INIT ACK; the association uses
  // those the peer offers too (extensions.h). PR-SCTP is offered, as usrsctp
  // and Linux do: it changes nothing until a message asks for a policy or
  // the peer sends FORWARD-TSN.
  Extensions extensions{.partial_reliability = true, .stream_reconfig = true};

  // RFC 6525: which of the peer's reconfiguration requests are honoured
  // (the others are answered "Denied"), and how far stream additions may
  // go. Offering RE-CONFIG changes nothing until the application or the
  // peer asks for a reconfiguration.
  struct Reconfig {
    bool accept_stream_reset = true;  // Outgoing and Incoming SSN Reset
    bool accept_add_streams = true;   // Add Outgoing and Incoming Streams
    uint16_t max_outbound_streams = 1024;
    uint16_t max_inbound_streams = 1024;
    // SSN/TSN Reset: both directions start over, discarding what is in
    // flight; off by default, as in usrsctp.
    bool accept_association_reset = false;
  } reconfig;

  // Leave the CRC32c to the NIC (the packet's checksum field stays zero).
  bool checksum_offload = false;

  // Empty when usable, else the first problem found.
  std::string_view error() const;
};

}  // namespace dsctp::sctp
