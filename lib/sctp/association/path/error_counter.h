// A consecutive-error counter with a limit, for the association
// (Association.Max.Retrans, RFC 9260 8.1) and for each path
// (Path.Max.Retrans, 8.2).
#pragma once

#include <cstdint>

namespace dsctp::sctp {

class ErrorCounter {
 public:
  explicit ErrorCounter(uint32_t limit) : limit_(limit) {}

  // Counts one error; returns true when the count now exceeds the limit.
  // RFC 9260 8.1: "If the value of this counter exceeds the limit indicated
  // in the protocol parameter 'Association.Max.Retrans', the endpoint
  // SHOULD consider the peer endpoint unreachable". So a limit of N fails
  // on the (N+1)th consecutive error. The count saturates, never wraps.
  bool increment() {
    if (count_ != UINT32_MAX) ++count_;
    return exceeded();
  }

  // RFC 9260 8.1: "The counter used for this purpose SHOULD be reset each
  // time a DATA chunk sent to that peer endpoint is acknowledged (by the
  // reception of a SACK chunk). When a HEARTBEAT ACK chunk is received from
  // the peer endpoint, the counter SHOULD also be reset."
  void reset() { count_ = 0; }

  bool exceeded() const { return count_ > limit_; }
  uint32_t count() const { return count_; }
  uint32_t limit() const { return limit_; }

 private:
  uint32_t limit_;
  uint32_t count_ = 0;
};

}  // namespace dsctp::sctp
