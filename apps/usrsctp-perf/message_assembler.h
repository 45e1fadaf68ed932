// Whole messages out of usrsctp's receive callback, which hands over a
// message larger than the partial delivery point in pieces, the last one
// flagged MSG_EOR. Pieces of one message are never interleaved with
// another's (no I-DATA), so one buffer per association is enough.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace dsctp::apps::usrsctp_perf {

class MessageAssembler {
 public:
  // Takes one piece; the whole message once `last` says it is complete.
  // A message that came in one piece is returned as is, without a copy.
  // The result is valid until the next call.
  std::optional<std::span<const std::byte>> add(std::span<const std::byte> piece, bool last);

 private:
  std::vector<std::byte> pieces_;
  bool returned_ = false;  // pieces_ holds a message already handed out
};

}  // namespace dsctp::apps::usrsctp_perf
