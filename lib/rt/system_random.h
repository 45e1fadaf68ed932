// Randomness for verification tags, initial TSNs and cookie keys from the
// kernel's generator (getrandom(2)), which RFC 9260 5.3.1 and 11 need to be
// unpredictable. Read in blocks so the data path seldom makes the call.
#pragma once

#include <array>
#include <cstddef>

#include "base/random.h"

namespace dsctp::rt {

class SystemRandom final : public RandomSource {
 public:
  void fill(std::span<std::byte> out) override;

 private:
  std::array<std::byte, 4096> pool_{};
  size_t used_ = pool_.size();
};

}  // namespace dsctp::rt
