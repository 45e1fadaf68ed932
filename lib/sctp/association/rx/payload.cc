#include "sctp/association/rx/payload.h"

#include <cstddef>
#include <span>

namespace dsctp::sctp {
namespace {

void free_copy(void* context) { delete[] static_cast<std::byte*>(context); }

}  // namespace

Payload Payload::copy_of(const ByteRange& bytes) {
  if (bytes.empty()) return Payload();
  // lib/ has no exceptions: a failed new[] terminates, as any allocation
  // failure does in the core. Callers bound the total (ReassemblyQueue).
  auto* copy = new std::byte[bytes.size()];
  bytes.copy_to(copy);
  return external(ByteRange(std::span<const std::byte>(copy, bytes.size())),
                  &free_copy, copy);
}

}  // namespace dsctp::sctp
