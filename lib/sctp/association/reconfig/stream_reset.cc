#include "sctp/association/reconfig/stream_reset.h"

#include <algorithm>
#include <utility>

namespace dsctp::sctp {

bool names_stream(std::span<const StreamId> streams, StreamId s) {
  return streams.empty() || std::find(streams.begin(), streams.end(), s) != streams.end();
}

// RFC 6525 5.1.1: each side's request sequence numbers start at its
// initial TSN.
StreamReset::StreamReset(Tsn local_initial_tsn, Tsn peer_initial_tsn)
    : next_sn_(local_initial_tsn.value()), peer_next_(peer_initial_tsn.value()) {}

bool StreamReset::start(ReconfigRequest request) {
  if (busy()) return false;
  request_ = std::move(request);
  in_flight_.reset();
  return true;
}

wire::ReconfigRequestSn StreamReset::mark_sent() {
  if (!in_flight_) {
    in_flight_ = next_sn_;
    ++next_sn_;
  }
  return *in_flight_;
}

std::optional<ReconfigRequest> StreamReset::finish() {
  std::optional<ReconfigRequest> done = std::move(request_);
  request_.reset();
  in_flight_.reset();
  return done;
}

bool StreamReset::holds(StreamId s) const {
  if (!request_) return false;
  if (request_->kind == ReconfigKind::kResetAssociation) return true;
  return request_->kind == ReconfigKind::kResetOutgoing && names_stream(request_->streams, s);
}

StreamReset::PeerSn StreamReset::classify(wire::ReconfigRequestSn sn) const {
  if (sn == peer_next_) return PeerSn::kNew;
  // One chunk may carry two requests, so the one before the last counts
  // as a repeat too.
  if (result_of(sn)) return PeerSn::kRepeat;
  return PeerSn::kBad;
}

void StreamReset::answered(wire::ReconfigRequestSn sn, wire::ReconfigResult result) {
  answers_[1] = answers_[0];
  answers_[0] = Answer{sn, result};
  peer_next_ = sn + 1;
}

void StreamReset::update_result(wire::ReconfigRequestSn sn, wire::ReconfigResult result) {
  for (auto& a : answers_) {
    if (a && a->sn == sn) a->result = result;
  }
}

std::optional<wire::ReconfigResult> StreamReset::result_of(wire::ReconfigRequestSn sn) const {
  for (const auto& a : answers_) {
    if (a && a->sn == sn) return a->result;
  }
  return std::nullopt;
}

}  // namespace dsctp::sctp
