#include "sim/address.h"

#include <cstdio>

namespace dsctp::sim {

std::string to_string(Address a) {
  const uint32_t v = value_of(a);
  char text[16];
  std::snprintf(text, sizeof text, "%u.%u.%u.%u", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff,
                v & 0xff);
  return text;
}

}  // namespace dsctp::sim
