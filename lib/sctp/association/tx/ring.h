// A FIFO over a power-of-two array that also indexes from the front in
// O(1). The retransmission queue finds a chunk at (TSN - Cumulative TSN
// Ack - 1) this way, and the send queue keeps messages in one without a
// node per message. It grows by doubling and never shrinks: the high-water
// mark is what the association needs again at the next burst.
//
// Free slots hold a default-constructed T, so popping resets the slot and
// releases whatever it held (a message's bytes) at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace dsctp::sctp {

template <class T>
class Ring {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T& operator[](size_t i) { return slots_[(head_ + i) & mask_]; }
  const T& operator[](size_t i) const { return slots_[(head_ + i) & mask_]; }
  T& front() { return slots_[head_]; }
  const T& front() const { return slots_[head_]; }
  T& back() { return (*this)[size_ - 1]; }

  T& push_back(T&& value) {
    if (size_ == slots_.size()) grow();
    T& slot = slots_[(head_ + size_) & mask_];
    slot = std::move(value);
    ++size_;
    return slot;
  }

  // Appends a default-constructed element (the free slot as it is).
  T& emplace_back() {
    if (size_ == slots_.size()) grow();
    return slots_[(head_ + size_++) & mask_];
  }

  // Moves the front out and frees its slot.
  T take_front() {
    T value = std::move(slots_[head_]);
    pop_front();
    return value;
  }

  void pop_front() {
    // In place rather than assigning a temporary: this runs once per
    // acknowledged chunk.
    T& slot = slots_[head_];
    std::destroy_at(&slot);
    std::construct_at(&slot);
    head_ = (head_ + 1) & mask_;
    --size_;
  }

  // Frees the last slot (taking back an emplace_back() that went unused).
  void pop_back() {
    T& slot = back();
    std::destroy_at(&slot);
    std::construct_at(&slot);
    --size_;
  }

  void clear() {
    while (!empty()) pop_front();
    head_ = 0;
  }

 private:
  static constexpr size_t kInitialCapacity = 16;

  void grow() {
    size_t capacity = slots_.empty() ? kInitialCapacity : slots_.size() * 2;
    std::vector<T> bigger(capacity);
    for (size_t i = 0; i < size_; ++i) bigger[i] = std::move((*this)[i]);
    slots_ = std::move(bigger);
    head_ = 0;
    mask_ = capacity - 1;
  }

  std::vector<T> slots_;
  size_t head_ = 0;
  size_t size_ = 0;
  size_t mask_ = 0;
};

}  // namespace dsctp::sctp
