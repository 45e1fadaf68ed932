#include "sctp/association/tx/message_bytes.h"

#include <cstring>
#include <new>

namespace dsctp::sctp {
namespace {

// Small messages (most signalling and market data) are copied into blocks
// of one size kept on a per-thread free list: an association and its
// messages belong to one lcore, and a malloc/free pair per message was a
// tenth of the protocol's cost at 64 bytes. The list is bounded, so it
// holds at most kMaxCachedBlocks * kBlockSize bytes per thread.
constexpr size_t kSmallMessage = 256;
constexpr size_t kMaxCachedBlocks = 4096;

struct FreeBlock {
  FreeBlock* next;
};

struct BlockCache {
  FreeBlock* head = nullptr;
  size_t count = 0;
  ~BlockCache() {
    while (head != nullptr) {
      FreeBlock* b = head;
      head = b->next;
      ::operator delete(b);
    }
  }
};

thread_local BlockCache block_cache;

}  // namespace

MessageBytes MessageBytes::copy_of(std::span<const std::byte> bytes) {
  if (bytes.empty()) return MessageBytes();
  // One block for the count and the bytes: a message costs one allocation
  // on the send path, none when a cached block is free. lib/ has no
  // exceptions, so a failed allocation terminates, as anywhere in the
  // core; SendQueue bounds the total.
  constexpr size_t kBlockSize = sizeof(Shared) + kSmallMessage;
  const bool small = bytes.size() <= kSmallMessage;
  void* block = nullptr;
  if (small && block_cache.head != nullptr) {
    block = block_cache.head;
    block_cache.head = block_cache.head->next;
    --block_cache.count;
  } else {
    block = ::operator new(small ? kBlockSize : sizeof(Shared) + bytes.size());
  }
  auto* shared = new (block) Shared;
  shared->cached_block = small;
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
  bool cached = shared->cached_block;
  shared->~Shared();
  if (cached && block_cache.count < kMaxCachedBlocks) {
    auto* b = new (static_cast<void*>(shared)) FreeBlock{block_cache.head};
    block_cache.head = b;
    ++block_cache.count;
    return;
  }
  ::operator delete(shared);
}

}  // namespace dsctp::sctp
