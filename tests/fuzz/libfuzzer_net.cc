#include "fuzz/net_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsctp::fuzz::fuzz_net(data, size);
  return 0;
}
