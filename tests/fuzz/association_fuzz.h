// Arbitrary packets fed to our endpoint: to a fresh one with a listener
// (INIT, COOKIE ECHO, out-of-the-blue handling) or to one whose
// association with our own client is established (every chunk handler,
// the receive and send queues, the timers). Time is fixed while the
// packets go in; then the two endpoints talk until quiet and every timer
// runs, so that what the packets left behind is exercised too.
//
// Input: one mode byte, then packets as [16-bit big-endian length][bytes].
// Mode bits: 0x01 target the established association; 0x02 overwrite the
// verification tag with the association's; 0x04 overwrite the ports with
// the association's; 0x08 compute the CRC32c; 0x10 both sides offer
// I-DATA (RFC 8260), so user data must come in I-DATA chunks. Without the
// fix-ups the fuzzer would spend its time on checksums and tags.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsctp::fuzz {

void fuzz_association(const uint8_t* data, size_t size);

}  // namespace dsctp::fuzz
