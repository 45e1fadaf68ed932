#include "sctp/association/tx/message_bytes.h"

#include <cstring>
#include <new>

namespace dsctp::sctp {

MessageBytes MessageBytes::copy_of(std::span<const std::byte> bytes) {
  if (bytes.empty()) return MessageBytes();
  // One block for the count and the bytes: a message costs one allocation
  // on the send path. lib/ has no exceptions, so a failed allocation
  // terminates, as anywhere in the core; SendQueue bounds the total.
  void* block = ::operator new(sizeof(Shared) + bytes.size());
  auto* shared = new (block) Shared;
  auto* copy = reinterpret_cast<std::byte*>(shared + 1);
  std::memcpy(copy, bytes.data(), bytes.size());
  shared->bytes = ByteRange(std::span<const std::byte>(copy, bytes.size()));
  return MessageBytes(shared);
}

MessageBytes MessageBytes::external(ByteRange bytes, ReleaseFn release, void* context) {
  // Even empty external bytes get a block: the hook must still run once.
  auto* shared = new (::operator new(sizeof(Shared))) Shared;
  shared->bytes = bytes;
  shared->release = release;
  shared->context = context;
  return MessageBytes(shared);
}

void MessageBytes::destroy(Shared* shared) {
  if (shared->release != nullptr) shared->release(shared->context);
  shared->~Shared();
  ::operator delete(shared);
}

}  // namespace dsctp::sctp
