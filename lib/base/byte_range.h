// Read-only windows over bytes that may be split across segments: an
// rte_mbuf chain in the runtime, one plain buffer in tests. Every parser in
// the stack reads the wire through ByteRange::read(), so none of them does
// pointer arithmetic on a packet and a split packet parses like a whole one.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>

namespace dsctp {

// One contiguous piece of a segmented buffer.
struct Segment {
  const std::byte* data = nullptr;
  uint32_t size = 0;
};

class ByteRange {
 public:
  ByteRange() = default;

  // One contiguous buffer; it must outlive the range.
  explicit ByteRange(std::span<const std::byte> bytes)
      : data_(bytes.data()), size_(static_cast<uint32_t>(bytes.size())) {}

  // A chain of segments; the array and the bytes must outlive the range.
  explicit ByteRange(std::span<const Segment> segments);

  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The one accessor: `len` contiguous bytes at `offset`. Points into the
  // range when the bytes lie in one segment, otherwise copies them into
  // `scratch` (which must hold `len` bytes) and points there. Returns
  // nullptr when the range is shorter than offset + len. `len` must be > 0.
  const std::byte* read(uint32_t offset, uint32_t len, std::byte* scratch) const {
    if (!contains(offset, len)) return nullptr;
    if (!segmented()) return data_ + offset;
    return read_segmented(offset, len, scratch);
  }

  // Whether the window covers [offset, offset + len).
  bool contains(uint32_t offset, uint32_t len) const {
    return len <= size_ && offset <= size_ - len;
  }

  // A window on part of this one. The part must lie inside: callers check
  // with contains() first (it traps otherwise rather than over-read).
  ByteRange subrange(uint32_t offset, uint32_t len) const {
    if (!contains(offset, len)) __builtin_trap();
    return subrange_prechecked(offset, len);
  }

  // subrange() for a caller that has just checked contains(offset, len)
  // itself, on a path that runs once per chunk; asserted in debug builds.
  ByteRange subrange_prechecked(uint32_t offset, uint32_t len) const {
    assert(contains(offset, len));
    if (segmented()) return subrange_segmented(offset, len);
    ByteRange r;
    r.data_ = data_ + offset;
    r.size_ = len;
    return r;
  }

  // The bytes as one span when they lie in one segment; empty otherwise
  // (an empty range also gives an empty span).
  bool is_contiguous() const { return !segmented(); }
  std::span<const std::byte> contiguous() const {
    return segmented() ? std::span<const std::byte>() : std::span<const std::byte>(data_, size_);
  }

  // Copies the whole window to `out`, which must hold size() bytes.
  void copy_to(std::byte* out) const;

  // Calls f(std::span<const std::byte>) for each piece, in order.
  template <class F>
  void for_each_segment(F&& f) const {
    if (!segmented()) {
      if (size_ != 0) f(std::span<const std::byte>(data_, size_));
      return;
    }
    uint32_t left = size_;
    uint32_t skip = first_offset();
    // The window was checked against the chain's total when it was made,
    // so the walk ends before the array does.
    for (const Segment* s = segment_; left != 0; ++s) {
      uint32_t avail = s->size - skip;
      uint32_t take = avail < left ? avail : left;
      if (take != 0) f(std::span<const std::byte>(s->data + skip, take));
      left -= take;
      skip = 0;
    }
  }

  // Byte-wise equality of the contents, whatever the segmentation.
  bool equals(std::span<const std::byte> other) const;

 private:
  static constexpr uint32_t kSegmentedBit = 0x80000000u;

  bool segmented() const { return (offset_and_flag_ & kSegmentedBit) != 0; }
  uint32_t first_offset() const { return offset_and_flag_ & ~kSegmentedBit; }

  const std::byte* read_segmented(uint32_t offset, uint32_t len, std::byte* scratch) const;
  ByteRange subrange_segmented(uint32_t offset, uint32_t len) const;
  // The narrowest form of `len` bytes starting `offset` bytes into the
  // chain at `segment`: a plain pointer when they fall in one segment.
  static ByteRange from_segments(const Segment* segment, uint64_t offset, uint32_t len);

  // Sixteen bytes, so that a range travels in two registers. Contiguous:
  // data_ points at the first byte. Segmented: segment_ is the segment
  // holding the first byte, which lies first_offset() bytes into it.
  union {
    const std::byte* data_ = nullptr;
    const Segment* segment_;
  };
  uint32_t size_ = 0;
  uint32_t offset_and_flag_ = 0;
};

static_assert(sizeof(ByteRange) == 16);

// Views a byte string literal or container as bytes, for tests and builders.
inline std::span<const std::byte> as_bytes_of(const void* p, size_t n) {
  return {static_cast<const std::byte*>(p), n};
}

}  // namespace dsctp
