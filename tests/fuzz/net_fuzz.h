// Arbitrary Ethernet frames fed to the IP layer of one interface, with a
// fake NIC that checks every frame the stack sends and a fake SCTP layer
// that answers each packet it is given, so that ARP resolution, the
// waiting queues, echo replies and UDP encapsulation all run on what the
// fuzzer writes. Time then moves on so that ARP retries, give-ups and
// aging run too.
//
// Input: one mode byte, then frames as [16-bit big-endian length][bytes].
// Mode bits: 0x01 overwrite the destination MAC with ours; 0x02 fix the
// IPv4 header checksum of an IPv4 frame; 0x04 hand each frame over as a
// chain of three segments; 0x08 let 700 ms pass after each frame. Without
// the fix-ups the fuzzer would spend its time on checksums and MACs.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsctp::fuzz {

void fuzz_net(const uint8_t* data, size_t size);

}  // namespace dsctp::fuzz
