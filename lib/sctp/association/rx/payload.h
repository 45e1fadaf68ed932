// The bytes of one received DATA / I-DATA fragment, owned. The runtime keeps
// payload zero-copy (doc/architecture.md, "Data path"): a fragment stays in
// the rte_mbuf it arrived in and the Payload holds a reference to that mbuf,
// released through a hook when the fragment is delivered or discarded. Tests
// and any path that cannot keep the packet alive take a private copy.
//
// The core never learns what the external owner is: a function pointer and
// a context, so lib/sctp needs no DPDK header.
#pragma once

#include <cstdint>
#include <utility>

#include "base/byte_range.h"

namespace dsctp::sctp {

class Payload {
 public:
  // Called once with the context when the Payload lets go of its bytes.
  using ReleaseFn = void (*)(void* context);

  Payload() = default;

  // A private copy of `bytes` (one heap allocation unless empty). Use this
  // when the bytes' owner will not outlive the Payload.
  static Payload copy_of(const ByteRange& bytes);

  // Bytes owned elsewhere, e.g. in an rte_mbuf: `release(context)` is called
  // exactly once, when this Payload (or the one it was moved into) is
  // destroyed or reassigned. `bytes`, and its Segment array when segmented,
  // must stay valid until then. `release` may be null for bytes that
  // outlive the Payload anyway.
  static Payload external(ByteRange bytes, ReleaseFn release, void* context) {
    Payload p;
    p.bytes_ = bytes;
    p.release_ = release;
    p.context_ = context;
    return p;
  }

  Payload(Payload&& other) noexcept { take(other); }
  Payload& operator=(Payload&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  Payload(const Payload&) = delete;
  Payload& operator=(const Payload&) = delete;
  ~Payload() { reset(); }

  const ByteRange& bytes() const { return bytes_; }
  uint32_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

  // Releases the bytes now; the Payload is then empty.
  void reset() {
    if (release_ != nullptr) release_(context_);
    bytes_ = ByteRange();
    release_ = nullptr;
    context_ = nullptr;
  }

 private:
  void take(Payload& other) {
    bytes_ = std::exchange(other.bytes_, ByteRange());
    release_ = std::exchange(other.release_, nullptr);
    context_ = std::exchange(other.context_, nullptr);
  }

  ByteRange bytes_;
  ReleaseFn release_ = nullptr;
  void* context_ = nullptr;
};

}  // namespace dsctp::sctp
