// A list of fixed-size records inside a chunk or parameter (SACK gap blocks,
// duplicate TSNs, FORWARD-TSN stream entries, RE-CONFIG stream numbers).
// Parsed, it is a window on the wire bytes decoded on demand, so parsing
// allocates nothing; built, it is a span of the caller's values. Either way
// it serializes the same.
#pragma once

#include <cstdint>
#include <span>

#include "base/byte_range.h"

namespace dsctp::sctp::wire {

// A record type R provides:
//   static constexpr uint32_t kSize;
//   static R decode(const std::byte* p);   // p holds kSize bytes
//   void encode(std::byte* p) const;
template <class R>
class RecordList {
 public:
  RecordList() = default;
  // From the caller's values; they must outlive the list.
  RecordList(std::span<const R> values) : values_(values), count_(values.size()) {}

  // From wire bytes whose size is a multiple of R::kSize (checked by the
  // parser that makes it).
  static RecordList from_wire(ByteRange raw) {
    RecordList l;
    l.raw_ = raw;
    l.parsed_ = true;
    l.count_ = raw.size() / R::kSize;
    return l;
  }

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

  R operator[](size_t i) const {
    if (!parsed_) return values_[i];
    std::byte scratch[R::kSize];
    const std::byte* p = raw_.read(static_cast<uint32_t>(i * R::kSize), R::kSize, scratch);
    if (p == nullptr) __builtin_trap();  // i out of range: a caller bug
    return R::decode(p);
  }

  uint32_t byte_size() const { return static_cast<uint32_t>(count_ * R::kSize); }

  void encode(std::byte* out) const {
    if (parsed_) {
      raw_.copy_to(out);
      return;
    }
    for (const R& r : values_) {
      r.encode(out);
      out += R::kSize;
    }
  }

  class Iterator {
   public:
    Iterator(const RecordList* l, size_t i) : list_(l), i_(i) {}
    R operator*() const { return (*list_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iterator& o) const { return i_ == o.i_; }

   private:
    const RecordList* list_;
    size_t i_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, count_); }

 private:
  ByteRange raw_;
  std::span<const R> values_;
  size_t count_ = 0;
  bool parsed_ = false;
};

}  // namespace dsctp::sctp::wire
