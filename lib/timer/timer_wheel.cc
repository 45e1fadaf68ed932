#include "timer/timer_wheel.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <limits>

namespace dsctp::timer {

namespace {

constexpr uint32_t kSlotMask = TimerWheel::kSlotsPerLevel - 1;
constexpr uint32_t kTopLevel = TimerWheel::kLevels - 1;

uint32_t digit(uint64_t ticks, uint32_t level) {
  return static_cast<uint32_t>(ticks >> (level * TimerWheel::kBitsPerLevel)) & kSlotMask;
}

}  // namespace

void Timer::cancel() {
  if (wheel_ != nullptr) wheel_->disarm(*this);
}

TimerWheel::TimerWheel(TimePoint start, Duration tick)
    : start_(start), tick_ns_(static_cast<uint64_t>(tick.count())) {
  assert(tick.count() > 0);
  const auto max_ns = static_cast<uint64_t>(std::numeric_limits<Duration::rep>::max());
  max_ticks_ = (max_ns - static_cast<uint64_t>(start.time_since_epoch().count())) / tick_ns_;
}

TimerWheel::~TimerWheel() {
  disarm_all(pending_);
  for (detail::ListNode& head : slots_) disarm_all(head);
}

void TimerWheel::disarm_all(detail::ListNode& head) {
  while (!head.alone()) {
    Timer& timer = timer_of(head.next);
    timer.unlink();
    timer.wheel_ = nullptr;
  }
}

// Unsigned arithmetic: the difference of two int64 counts fits a uint64.
uint64_t TimerWheel::ns_since_start(TimePoint t) const {
  if (t <= start_) return 0;
  return static_cast<uint64_t>(t.time_since_epoch().count()) -
         static_cast<uint64_t>(start_.time_since_epoch().count());
}

uint64_t TimerWheel::ticks_ceil(TimePoint t) const {
  const uint64_t ns = ns_since_start(t);
  return ns / tick_ns_ + (ns % tick_ns_ != 0 ? 1 : 0);
}

TimePoint TimerWheel::time_of(uint64_t ticks) const {
  if (ticks > max_ticks_) return TimePoint::max();
  const uint64_t ns = static_cast<uint64_t>(start_.time_since_epoch().count()) + ticks * tick_ns_;
  return TimePoint(Duration(static_cast<Duration::rep>(ns)));
}

void TimerWheel::arm(Timer& timer, TimePoint deadline) {
  if (timer.wheel_ == this) {
    unlink(timer);
  } else {
    timer.cancel();
    timer.wheel_ = this;
    ++size_;
  }
  timer.deadline_ = deadline;
  timer.expiry_ = ticks_ceil(deadline);
  place(timer);
}

// The level is that of the highest digit in which expiry and position
// differ, so a level holds only ticks past those of the levels below it.
// The top level also takes what lies beyond the range: the next time its
// slot comes round is less than a lap away, so no later than the expiry,
// and the timer is placed again from there.
uint32_t TimerWheel::slot_for(uint64_t expiry) const {
  const uint64_t differing = (expiry ^ elapsed_) | kSlotMask;
  const auto level = std::min<uint32_t>(
      static_cast<uint32_t>(std::bit_width(differing) - 1) / kBitsPerLevel, kTopLevel);
  return level * kSlotsPerLevel + digit(expiry, level);
}

void TimerWheel::place(Timer& timer) {
  if (timer.expiry_ <= elapsed_) {
    push_pending(timer);
    return;
  }
  const uint32_t index = slot_for(timer.expiry_);
  timer.slot_ = index;
  timer.link_before(slots_[index]);
  mark(index);
}

void TimerWheel::push_pending(Timer& timer) {
  pending_min_ = pending_.alone() ? timer.expiry_ : std::min(pending_min_, timer.expiry_);
  timer.slot_ = kPendingSlot;
  timer.link_before(pending_);
}

// A timer in a batch being expired still names the slot it came from; that
// slot is empty or refilled by then, and either way the test below keeps
// the bitmap true.
void TimerWheel::unlink(Timer& timer) {
  timer.unlink();
  if (timer.slot_ < kSlotCount && slots_[timer.slot_].alone()) unmark(timer.slot_);
}

void TimerWheel::disarm(Timer& timer) {
  unlink(timer);
  timer.wheel_ = nullptr;
  --size_;
}

size_t TimerWheel::advance(TimePoint now) {
  assert(!advancing_ && "advance() called from a timer callback");
  advancing_ = true;
  const uint64_t target = ticks_floor(now);
  size_t fired = fire_pending(now);
  for (SlotRef next = next_slot(); next.found() && next.start <= target; next = next_slot()) {
    elapsed_ = next.start;
    fired += expire_slot(next.index, now);
  }
  elapsed_ = std::max(elapsed_, target);
  advancing_ = false;
  return fired;
}

// The lowest level with a timer holds the earliest one.
TimerWheel::SlotRef TimerWheel::next_slot() const {
  for (uint32_t level = 0; level < kLevels; ++level) {
    if (occupied_[level] != 0) return first_slot_in(level);
  }
  return {0, kNoSlot};
}

// The first occupied slot after the current one, going round: below the
// top level that never wraps; in the top level a slot at or before the
// current one belongs to the next lap.
TimerWheel::SlotRef TimerWheel::first_slot_in(uint32_t level) const {
  const uint32_t shift = level * kBitsPerLevel;
  const uint64_t position = elapsed_ >> shift;
  const uint32_t current = static_cast<uint32_t>(position) & kSlotMask;
  const uint64_t ahead = std::rotr(occupied_[level], static_cast<int>(current + 1));
  const auto distance = static_cast<uint32_t>(std::countr_zero(ahead)) + 1;
  return {(position + distance) << shift,
          level * kSlotsPerLevel + ((current + distance) & kSlotMask)};
}

size_t TimerWheel::fire_pending(TimePoint now) {
  detail::ListNode batch;
  batch.take_all(pending_);
  size_t fired = 0;
  for (; !batch.alone(); ++fired) fire(timer_of(batch.next), now);
  return fired;
}

// The batch is taken off the slot first, so a callback that cancels or
// re-arms a timer still in the batch just unlinks it from there.
size_t TimerWheel::expire_slot(uint32_t index, TimePoint now) {
  detail::ListNode batch;
  batch.take_all(slots_[index]);
  unmark(index);
  size_t fired = 0;
  while (!batch.alone()) {
    Timer& timer = timer_of(batch.next);
    if (timer.expiry_ <= elapsed_) {
      fire(timer, now);
      ++fired;
    } else {
      timer.unlink();
      place(timer);
    }
  }
  return fired;
}

// The timer is disarmed before the call and not touched after it: the
// callback may destroy it.
void TimerWheel::fire(Timer& timer, TimePoint now) {
  const Timer::Callback callback = timer.callback_;
  void* const context = timer.context_;
  timer.unlink();
  timer.wheel_ = nullptr;
  --size_;
  callback(context, now);
}

TimePoint TimerWheel::earliest_deadline() const {
  if (!pending_.alone()) return time_of(pending_min_);
  const SlotRef next = next_slot();
  if (!next.found()) return TimePoint::max();
  return time_of(next.start);
}

}  // namespace dsctp::timer
