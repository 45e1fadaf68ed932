// Misuse of the harness (an unknown address, a link defined twice) is a bug
// in the test, not a condition to recover from: report where and abort, so
// the failure names its cause instead of surfacing as a strange trace later.
#pragma once

namespace dsctp::sim::detail {

[[noreturn]] void check_failed(const char* condition, const char* message, const char* file,
                               int line);

}  // namespace dsctp::sim::detail

#define DSCTP_SIM_CHECK(condition, message)                                            \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      ::dsctp::sim::detail::check_failed(#condition, message, __FILE__, __LINE__);     \
    }                                                                                  \
  } while (0)
