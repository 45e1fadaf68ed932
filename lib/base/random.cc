#include "base/random.h"

#include <cstring>

namespace dsctp {
namespace {

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

SeededRandom::SeededRandom(uint64_t seed) {
  for (uint64_t& word : s_) word = splitmix64(seed);
}

uint64_t SeededRandom::next() {
  uint64_t result = rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

void SeededRandom::fill(std::span<std::byte> out) {
  while (!out.empty()) {
    uint64_t v = next();
    size_t n = out.size() < sizeof v ? out.size() : sizeof v;
    std::memcpy(out.data(), &v, n);
    out = out.subspan(n);
  }
}

}  // namespace dsctp
