#include "sim/check.h"

#include <cstdio>
#include <cstdlib>

namespace dsctp::sim::detail {

void check_failed(const char* condition, const char* message, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: sim: %s (%s)\n", file, line, message, condition);
  std::abort();
}

}  // namespace dsctp::sim::detail
