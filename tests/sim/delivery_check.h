// The simulation tests' one invariant: every message accepted by send() is
// delivered exactly once, intact, and in order within its stream when it
// was sent ordered. Messages carry their index in their first four bytes
// and a pattern derived from it in the rest, so the receiver can tell.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim_stack.h"

namespace dsctp::test {

struct SentMessage {
  uint32_t index = 0;
  uint16_t stream = 0;
  bool unordered = false;
  uint32_t size = 0;
};

// The bytes of message `index`.
std::vector<std::byte> message_bytes(uint32_t index, uint32_t size);

// Sends `m` on `a`; false if the association refused it.
bool send_message(sctp::Association& a, const SentMessage& m);

// Empty when `delivered` is exactly `sent` as the invariant says, else
// what is wrong (the first few problems).
std::string check_delivery(const std::vector<SentMessage>& sent,
                           const std::vector<Delivered>& delivered);

}  // namespace dsctp::test
