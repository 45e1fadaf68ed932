// Where the stack's randomness comes from. The protocol core never reads a
// device or calls the kernel: verification tags, initial TSNs, cookie keys
// and heartbeat nonces are drawn from a RandomSource the caller provides.
// The runtime gives it a cryptographic generator (verification tags and
// cookie keys are what keep blind attackers out, RFC 9260 5.3.1 and 11);
// tests and the simulator give it a seeded one so that runs repeat.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace dsctp {

// One splitmix64 step: a good 64-bit mixer, used to spread a seed over a
// generator's state and to derive independent seeds from a seed and ids.
constexpr uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void fill(std::span<std::byte> out) = 0;

  uint32_t next_u32() {
    uint32_t v = 0;
    fill(std::as_writable_bytes(std::span<uint32_t, 1>(&v, 1)));
    return v;
  }
  uint64_t next_u64() {
    uint64_t v = 0;
    fill(std::as_writable_bytes(std::span<uint64_t, 1>(&v, 1)));
    return v;
  }
};

// xoshiro256** seeded through splitmix64: fast and repeatable, and not
// fit for secrets. For tests, the simulator and benchmarks only.
class SeededRandom final : public RandomSource {
 public:
  explicit SeededRandom(uint64_t seed);
  void fill(std::span<std::byte> out) override;
  uint64_t next();

 private:
  uint64_t s_[4];
};

}  // namespace dsctp
