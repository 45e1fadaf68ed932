// A timer that its owner embeds in the object it times (an association, say).
// The wheel links the Timer itself into its slots, so arming, cancelling and
// re-arming never allocate, and a Timer costs nothing while it is idle.
#pragma once

#include <cstdint>

#include "base/time.h"

namespace dsctp::timer {

class TimerWheel;

namespace detail {

// A node of a circular doubly linked list. A node in no list points at
// itself, so unlinking never needs to know which list holds the node, and
// doing it twice is harmless.
struct ListNode {
  ListNode() = default;
  ListNode(const ListNode&) = delete;
  ListNode& operator=(const ListNode&) = delete;

  bool alone() const { return next == this; }

  void unlink() {
    prev->next = next;
    next->prev = prev;
    prev = next = this;
  }

  // Links this (lone) node in just before `head`: the tail of head's list.
  void link_before(ListNode& head) {
    prev = head.prev;
    next = &head;
    head.prev->next = this;
    head.prev = this;
  }

  // Moves every node of the list headed by `head` to this (empty) head.
  void take_all(ListNode& head) {
    if (head.alone()) return;
    prev = head.prev;
    next = head.next;
    prev->next = this;
    next->prev = this;
    head.prev = head.next = &head;
  }

  ListNode* prev = this;
  ListNode* next = this;
};

}  // namespace detail

class Timer : private detail::ListNode {
 public:
  // Called from TimerWheel::advance() with the `now` given to it. The timer
  // is disarmed before the call, so the callback may re-arm it, arm or
  // cancel any other timer, or destroy the object that holds the timer. It
  // must not call advance().
  using Callback = void (*)(void* context, TimePoint now);

  Timer(Callback callback, void* context) : callback_(callback), context_(context) {}

  // Cancels, so an armed timer may simply go away with its owner.
  ~Timer() { cancel(); }

  // The wheel holds the timer's address: it can be neither copied nor moved.
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  bool armed() const { return wheel_ != nullptr; }

  // The deadline last passed to TimerWheel::arm(), before rounding to the
  // tick; meaningful while armed.
  TimePoint deadline() const { return deadline_; }

  // Disarms the timer from whichever wheel holds it; no-op when not armed.
  void cancel();

 private:
  friend class TimerWheel;

  TimerWheel* wheel_ = nullptr;
  Callback callback_;
  void* context_;
  uint64_t expiry_ = 0;  // The deadline in ticks since the wheel's start, rounded up.
  TimePoint deadline_{};
  uint32_t slot_ = 0;  // Which of the wheel's lists holds the timer.
};

}  // namespace dsctp::timer
