// The bookkeeping of RFC 6525 stream reconfiguration for one association,
// apart from what the requests do to the queues: our request sequence
// numbers and the one request we may have outstanding (5.1.1), and the
// peer's, with the responses we gave (so that a retransmitted request gets
// the same answer, 5.2.1).
//
// The association (association_reconfig.cc) builds the RE-CONFIG chunks,
// runs the retransmission timer and applies a request's effect.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sctp/types.h"
#include "sctp/wire/reconfig/parameters.h"

namespace dsctp::sctp {

enum class ReconfigKind : uint8_t {
  kResetOutgoing,     // 5.1.2: our outgoing streams
  kResetIncoming,     // 5.1.3: the peer's outgoing streams
  kResetAssociation,  // 5.1.4: every stream and the TSNs
  kAddOutgoing,       // 5.1.5
  kAddIncoming,       // 5.1.6
};

struct ReconfigRequest {
  ReconfigKind kind = ReconfigKind::kResetOutgoing;
  // Stream resets: the streams (empty: all of them).
  std::vector<StreamId> streams;
  // Stream additions: how many.
  uint16_t new_streams = 0;
  // An Outgoing SSN Reset Request made to answer the peer's Incoming SSN
  // Reset Request carries that request's sequence number (5.2.3).
  std::optional<wire::ReconfigRequestSn> answers;
};

// Which streams a request names (empty: all).
bool names_stream(std::span<const StreamId> streams, StreamId s);

class StreamReset {
 public:
  StreamReset(Tsn local_initial_tsn, Tsn peer_initial_tsn);

  // --- Our requests (5.1.1: one outstanding at a time).

  // A request is waiting to be sent or waiting for its response.
  bool busy() const { return request_.has_value(); }
  // False when busy.
  bool start(ReconfigRequest request);
  const std::optional<ReconfigRequest>& request() const { return request_; }
  // The request went out: the first time it takes the next sequence
  // number, retransmissions keep it.
  wire::ReconfigRequestSn mark_sent();
  bool sent() const { return in_flight_.has_value(); }
  std::optional<wire::ReconfigRequestSn> in_flight_sn() const { return in_flight_; }
  // Ends the outstanding request (its response came), for the caller to
  // apply or report.
  std::optional<ReconfigRequest> finish();
  // Whether an Outgoing SSN Reset Request (5.1.2) or SSN/TSN Reset
  // Request (5.1.4) of ours holds new messages on `s` back.
  bool holds(StreamId s) const;

  // The peer acknowledged our request sequence number `sn` (a response,
  // or an Outgoing SSN Reset Request answering our Incoming one): whether
  // it is the one outstanding.
  bool answers_ours(wire::ReconfigRequestSn sn) const { return in_flight_ && *in_flight_ == sn; }

  // --- The peer's requests (5.2.1).

  enum class PeerSn : uint8_t {
    kNew,     // the next expected: process it
    kRepeat,  // the one before: send the same response again
    kBad,     // anything else: Error - Bad Sequence Number
  };
  PeerSn classify(wire::ReconfigRequestSn sn) const;
  // A new request was processed with `result`: the next one is expected.
  void answered(wire::ReconfigRequestSn sn, wire::ReconfigResult result);
  // A request answered "In progress" completed later.
  void update_result(wire::ReconfigRequestSn sn, wire::ReconfigResult result);
  // The response given to a repeated request (a chunk may carry two
  // requests, so the last two are kept).
  std::optional<wire::ReconfigResult> result_of(wire::ReconfigRequestSn sn) const;
  // The last request sequence number the peer used (next expected - 1):
  // the response sequence number of an Outgoing SSN Reset Request that
  // answers nothing (4.1).
  wire::ReconfigRequestSn peer_last_sn() const { return peer_next_ - 1; }

 private:
  wire::ReconfigRequestSn next_sn_;
  std::optional<ReconfigRequest> request_;
  std::optional<wire::ReconfigRequestSn> in_flight_;

  struct Answer {
    wire::ReconfigRequestSn sn;
    wire::ReconfigResult result = wire::ReconfigResult::kSuccessPerformed;
  };
  wire::ReconfigRequestSn peer_next_;
  std::array<std::optional<Answer>, 2> answers_{};
};

}  // namespace dsctp::sctp
