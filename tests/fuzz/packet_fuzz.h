// The packet fuzz target as a plain function, so that the same checks run
// under libFuzzer and in the corpus replay of every ordinary build.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsctp::fuzz {

// Parses `data` as an SCTP packet with every view in lib/sctp/wire and
// traps when a property breaks (see packet_fuzz.cc). Never returns an
// error: a malformed packet is a valid input.
void fuzz_packet(const uint8_t* data, size_t size);

}  // namespace dsctp::fuzz
