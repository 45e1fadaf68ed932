// A hierarchical timer wheel (Varghese & Lauck), one per lcore: run to
// completion, no locks, no allocation, and no clock of its own. The caller
// passes `now` to advance(), and the wheel fires every timer that is due.
//
// Time is counted in ticks from the wheel's start. A deadline is rounded up
// to a whole tick, so no timer fires before its deadline, and each fires at
// the first advance() whose `now` reaches its rounded deadline.
//
// There are kLevels levels of 64 slots. A slot of level L spans 64^L ticks,
// and a timer sits in the level of the highest base-64 digit in which its
// expiry tick differs from the wheel's position. Reaching a slot moves its
// timers down a level, or fires them. With the default 10 µs tick the levels
// reach 2^42 ticks (about 500 days). A deadline further off waits in the
// top level and is placed again each time its slot comes round. A 64-bit
// bitmap of occupied slots per level lets advance() jump straight to the
// next non-empty slot, so an idle stretch of hours costs a few steps.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/time.h"
#include "timer/timer.h"

namespace dsctp::timer {

class TimerWheel {
 public:
  static constexpr Duration kDefaultTick = std::chrono::microseconds(10);
  static constexpr uint32_t kBitsPerLevel = 6;
  static constexpr uint32_t kSlotsPerLevel = 1u << kBitsPerLevel;
  static constexpr uint32_t kLevels = 7;
  // Ticks within which a deadline is placed once; one further off is placed
  // again once per lap of the top level.
  static constexpr uint64_t kRangeTicks = uint64_t{1} << (kBitsPerLevel * kLevels);

  // `start` is tick zero: deadlines at or before it are already due. `tick`
  // must be positive.
  explicit TimerWheel(TimePoint start, Duration tick = kDefaultTick);

  // Disarms the timers still armed, so they may outlive the wheel.
  ~TimerWheel();

  // Slots point at themselves: the wheel stays where it was built.
  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  // Arms `timer` for `deadline`, or moves it there if it is already armed
  // (on this wheel or another). O(1).
  //
  // A deadline at or before the wheel's position once rounded up is
  // already due: the timer fires on the next advance() call, whatever its
  // `now`. The position is the last `now` given to advance() rounded down to
  // a tick, and inside a callback it is the tick being expired. So a
  // callback that re-arms its timer in the past cannot make advance() loop,
  // while one that arms a timer for a later tick <= `now` sees it fire in the
  // same advance().
  void arm(Timer& timer, TimePoint deadline);

  // Same as timer.cancel(). O(1).
  void cancel(Timer& timer) { timer.cancel(); }

  // Fires the timers that were already due when armed (see arm()), in the
  // order they were armed, then every timer whose rounded deadline <= `now`
  // in the order of those deadlines (ties in no set order); each once, with
  // `now` passed to its callback. Returns how many fired. `now` should not
  // go backwards: an earlier `now` than before counts as no time passing.
  // Must not be called from a callback.
  size_t advance(TimePoint now);

  // When advance() must next be called: never later than the earliest
  // armed timer's rounded deadline, and exactly that when its slot is in
  // level 0 or it was already due when armed; otherwise the start of its
  // slot, which is earlier (an advance() then only moves timers down a
  // level). It may exceed the raw deadline by less than a tick, since
  // nothing can fire before then. Empty when no timer is armed.
  std::optional<TimePoint> next_deadline() const {
    const TimePoint t = earliest_deadline();
    if (t == TimePoint::max()) return std::nullopt;
    return t;
  }
  // The same with TimePoint::max() for "none" (also for a deadline beyond
  // what a TimePoint holds), returned in a register: for a poll loop,
  // where GCC builds the optional on the stack and reads it back whole, a
  // store-forwarding stall per call.
  TimePoint earliest_deadline() const;

  // The number of armed timers, including those due but not yet fired.
  size_t size() const { return size_; }

  Duration tick() const { return Duration(static_cast<Duration::rep>(tick_ns_)); }

 private:
  friend class Timer;

  static constexpr uint32_t kSlotCount = kLevels * kSlotsPerLevel;
  // Timer::slot_ for a timer in pending_.
  static constexpr uint32_t kPendingSlot = kSlotCount;

  // 16 bytes, so that it comes back in registers (see earliest_deadline()).
  struct SlotRef {
    uint64_t start;  // The tick at which the slot is reached.
    uint32_t index;  // Into slots_; kNoSlot: no timer is armed.
    bool found() const { return index != kNoSlot; }
  };
  static constexpr uint32_t kNoSlot = kSlotCount + 1;

  static Timer& timer_of(detail::ListNode* node) { return static_cast<Timer&>(*node); }

  uint64_t ns_since_start(TimePoint t) const;
  uint64_t ticks_floor(TimePoint t) const { return ns_since_start(t) / tick_ns_; }
  uint64_t ticks_ceil(TimePoint t) const;
  TimePoint time_of(uint64_t ticks) const;

  uint32_t slot_for(uint64_t expiry) const;
  void place(Timer& timer);
  void push_pending(Timer& timer);
  void unlink(Timer& timer);
  void disarm(Timer& timer);
  void mark(uint32_t index) { occupied_[index / kSlotsPerLevel] |= bit_of(index); }
  void unmark(uint32_t index) { occupied_[index / kSlotsPerLevel] &= ~bit_of(index); }
  static uint64_t bit_of(uint32_t index) { return uint64_t{1} << (index % kSlotsPerLevel); }

  SlotRef next_slot() const;
  SlotRef first_slot_in(uint32_t level) const;
  size_t fire_pending(TimePoint now);
  size_t expire_slot(uint32_t index, TimePoint now);
  void fire(Timer& timer, TimePoint now);
  static void disarm_all(detail::ListNode& head);

  TimePoint start_;
  uint64_t tick_ns_;
  uint64_t max_ticks_;  // Ticks past which time_of() saturates.
  uint64_t elapsed_ = 0;  // The position: every tick up to it has been expired.
  size_t size_ = 0;
  bool advancing_ = false;
  std::array<uint64_t, kLevels> occupied_{};  // Bit s of [L]: slot s of level L has timers.
  // Due timers waiting for the next advance(); pending_min_ is a lower bound
  // of their expiry ticks.
  detail::ListNode pending_;
  uint64_t pending_min_ = 0;
  std::array<detail::ListNode, kSlotCount> slots_;
};

}  // namespace dsctp::timer
