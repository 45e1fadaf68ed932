#include "base/byte_range.h"

#include <cstring>

namespace dsctp {

ByteRange::ByteRange(std::span<const Segment> segments) {
  uint64_t total = 0;
  for (const Segment& s : segments) total += s.size;
  // A packet never approaches 2 GiB; refuse rather than wrap.
  if (total >= kSegmentedBit) __builtin_trap();
  if (total == 0) return;
  *this = from_segments(segments.data(), 0, static_cast<uint32_t>(total));
}

ByteRange ByteRange::from_segments(const Segment* segment, uint64_t offset, uint32_t len) {
  ByteRange r;
  if (len == 0) return r;
  // Start in the segment that holds the window's first byte; the caller
  // checked that the chain has len bytes from there.
  while (offset >= segment->size) {
    offset -= segment->size;
    ++segment;
  }
  r.size_ = len;
  if (offset + len <= segment->size) {
    r.data_ = segment->data + offset;
    return r;
  }
  r.segment_ = segment;
  r.offset_and_flag_ = static_cast<uint32_t>(offset) | kSegmentedBit;
  return r;
}

ByteRange ByteRange::subrange_segmented(uint32_t offset, uint32_t len) const {
  return from_segments(segment_, uint64_t{first_offset()} + offset, len);
}

const std::byte* ByteRange::read_segmented(uint32_t offset, uint32_t len,
                                           std::byte* scratch) const {
  ByteRange part = subrange_segmented(offset, len);
  if (!part.segmented()) return part.data_;
  part.copy_to(scratch);
  return scratch;
}

void ByteRange::copy_to(std::byte* out) const {
  for_each_segment([&out](std::span<const std::byte> piece) {
    std::memcpy(out, piece.data(), piece.size());
    out += piece.size();
  });
}

bool ByteRange::equals(std::span<const std::byte> other) const {
  if (other.size() != size_) return false;
  size_t at = 0;
  bool same = true;
  for_each_segment([&](std::span<const std::byte> piece) {
    if (same && std::memcmp(piece.data(), other.data() + at, piece.size()) != 0) same = false;
    at += piece.size();
  });
  return same;
}

}  // namespace dsctp
