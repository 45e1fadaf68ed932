// The simulator's only source of randomness: base's SeededRandom
// (xoshiro256** seeded through splitmix64) with the draws the links need.
// Not <random>: the standard distributions are implementation-defined, so
// the same seed could give a different run under libstdc++ and libc++;
// these few lines give the same bits everywhere.
#pragma once

#include <cstdint>

#include "base/random.h"

namespace dsctp::sim {

using dsctp::splitmix64;

// A seed for one consumer (a link, say) from a parent seed and that
// consumer's identity, so a consumer's stream does not depend on how many
// others were created before it.
constexpr uint64_t derive_seed(uint64_t parent, uint64_t id) {
  uint64_t state = parent ^ splitmix64(id);
  return splitmix64(state);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : generator_(seed) {}

  uint64_t next() { return generator_.next(); }

  // Uniform in [0, 1), from the top 53 bits.
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // True with probability p. Draws nothing when p is 0 or 1, so a knob left
  // at zero costs nothing and leaves the stream to the knobs that are set.
  bool chance(double p) {
    if (p <= 0.0) return false;
    if (p >= 1.0) return true;
    return uniform01() < p;
  }

  // Uniform in [0, n), without modulo bias; n must be > 0.
  uint64_t below(uint64_t n) {
    // 2^64 mod n: values under it would make the low residues likelier.
    const uint64_t threshold = (0 - n) % n;
    for (;;) {
      uint64_t r = next();
      if (r >= threshold) return r % n;
    }
  }

  // Uniform in [lo, hi], both included; lo <= hi.
  uint64_t between(uint64_t lo, uint64_t hi) {
    const uint64_t span = hi - lo;
    if (span == UINT64_MAX) return next();
    return lo + below(span + 1);
  }

 private:
  SeededRandom generator_;
};

}  // namespace dsctp::sim
