#include "rt/system_random.h"

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace dsctp::rt {

void SystemRandom::fill(std::span<std::byte> out) {
  while (!out.empty()) {
    if (used_ == pool_.size()) {
      size_t got = 0;
      while (got < pool_.size()) {
        ssize_t n = getrandom(pool_.data() + got, pool_.size() - got, 0);
        if (n < 0 && errno == EINTR) continue;
        // Without the kernel's generator there is no safe tag or key to
        // give: stop rather than hand out predictable ones.
        if (n <= 0) std::abort();
        got += static_cast<size_t>(n);
      }
      used_ = 0;
    }
    size_t n = std::min(out.size(), pool_.size() - used_);
    std::memcpy(out.data(), pool_.data() + used_, n);
    // Bytes handed out are not kept.
    std::memset(pool_.data() + used_, 0, n);
    used_ += n;
    out = out.subspan(n);
  }
}

}  // namespace dsctp::rt
