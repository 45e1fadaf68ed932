// The bytes of one outgoing user message, shared by every fragment cut
// from it until the last one is acknowledged or given up. The count is not
// atomic: an association and everything it holds belong to one lcore.
//
// Like the receive side's Payload, the bytes may be a private copy or owned
// elsewhere (an rte_mbuf the application gave away), released through a
// hook when the last reference goes.
#pragma once

#include <cstdint>
#include <span>
#include <utility>

#include "base/byte_range.h"

namespace dsctp::sctp {

class MessageBytes {
 public:
  using ReleaseFn = void (*)(void* context);

  MessageBytes() = default;
  // A private copy (one allocation holding the count and the bytes).
  static MessageBytes copy_of(std::span<const std::byte> bytes);
  // Bytes owned elsewhere; `release(context)` runs once, when the last
  // reference is dropped. May be null for bytes that outlive every copy.
  static MessageBytes external(ByteRange bytes, ReleaseFn release, void* context);

  MessageBytes(const MessageBytes& other);
  MessageBytes& operator=(const MessageBytes& other);
  MessageBytes(MessageBytes&& other) noexcept;
  MessageBytes& operator=(MessageBytes&& other) noexcept;
  ~MessageBytes() { reset(); }

  const ByteRange& bytes() const;
  uint32_t size() const;
  bool empty() const { return size() == 0; }
  // References to the same bytes (0 for an empty MessageBytes).
  uint32_t use_count() const;
  // Whether both refer to the same message (not merely equal bytes).
  bool same_as(const MessageBytes& other) const { return shared_ == other.shared_; }

  void reset();

 private:
  struct Shared;
  explicit MessageBytes(Shared* shared) : shared_(shared) {}
  // Runs the release hook and frees the block: the last reference went.
  static void destroy(Shared* shared);

  Shared* shared_ = nullptr;
};

// One heap block per message: this header, followed by the bytes when they
// are a private copy. Defined here so that copying a reference (once per
// fragment) stays an inline increment.
struct MessageBytes::Shared {
  uint32_t refs = 1;
  // A small copy in a block of the per-thread cache (message_bytes.cc).
  bool cached_block = false;
  ByteRange bytes;
  ReleaseFn release = nullptr;
  void* context = nullptr;
};

inline MessageBytes::MessageBytes(const MessageBytes& other) : shared_(other.shared_) {
  if (shared_ != nullptr) ++shared_->refs;
}

inline MessageBytes& MessageBytes::operator=(const MessageBytes& other) {
  // Taking the new reference first makes self-assignment harmless.
  Shared* shared = other.shared_;
  if (shared != nullptr) ++shared->refs;
  reset();
  shared_ = shared;
  return *this;
}

inline MessageBytes::MessageBytes(MessageBytes&& other) noexcept
    : shared_(std::exchange(other.shared_, nullptr)) {}

inline MessageBytes& MessageBytes::operator=(MessageBytes&& other) noexcept {
  if (this != &other) {
    reset();
    shared_ = std::exchange(other.shared_, nullptr);
  }
  return *this;
}

inline const ByteRange& MessageBytes::bytes() const {
  static constexpr ByteRange kNone{};
  return shared_ != nullptr ? shared_->bytes : kNone;
}

inline uint32_t MessageBytes::size() const {
  return shared_ != nullptr ? shared_->bytes.size() : 0;
}

inline uint32_t MessageBytes::use_count() const {
  return shared_ != nullptr ? shared_->refs : 0;
}

inline void MessageBytes::reset() {
  Shared* shared = std::exchange(shared_, nullptr);
  if (shared != nullptr && --shared->refs == 0) destroy(shared);
}

}  // namespace dsctp::sctp
