// Drives a TimerWheel and a reference model (a std::multimap of rounded
// deadlines) side by side, and checks every firing against the model: a
// timer fires only while armed, never before its rounded deadline, at the
// first advance() that reaches it, in deadline order, and once.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "timer/timer_wheel.h"
#include "timer_test_util.h"

namespace dsctp::timer::test {

class ModelChecker {
 public:
  // Called for each firing, after the model has checked it.
  using OnFire = std::function<void(int id, TimePoint now)>;

  ModelChecker(TimePoint start, Duration tick, int timers)
      : start_(start), tick_(tick), now_(start), wheel_(start, tick) {
    for (int id = 0; id < timers; ++id) entries_.push_back(std::make_unique<Entry>(this, id));
  }

  void arm(int id, TimePoint deadline) {
    drop(id);
    Entry& e = *entries_[id];
    wheel_.arm(e.timer, deadline);
    e.due = rounded(start_, tick_, deadline);
    e.where = model_.emplace(e.due, id);
    // Outside a callback, a deadline already reached waits in the pending
    // list, which fires first, in arming order.
    e.late = !in_advance_ && e.due <= now_;
    e.armed_after = advances_;
  }

  void cancel(int id) {
    wheel_.cancel(entries_[id]->timer);
    drop(id);
  }

  void advance(TimePoint now) {
    ASSERT_GE(now, now_);
    fired_now_ = 0;
    last_due_ = TimePoint::min();
    seen_on_time_ = false;
    in_advance_ = true;
    const size_t fired = wheel_.advance(now);
    in_advance_ = false;
    ++advances_;
    now_ = now;
    EXPECT_EQ(fired, fired_now_);
    if (!model_.empty()) {
      EXPECT_GT(model_.begin()->first, now) << "a due timer did not fire";
    }
    check_size_and_next_deadline();
  }

  void set_on_fire(OnFire f) { on_fire_ = std::move(f); }
  TimePoint now() const { return now_; }
  bool armed(int id) const { return entries_[id]->where.has_value(); }
  size_t armed_count() const { return model_.size(); }
  size_t fired_total() const { return fired_total_; }
  const TimerWheel& wheel() const { return wheel_; }

 private:
  using Model = std::multimap<TimePoint, int>;

  struct Entry {
    Entry(ModelChecker* o, int i) : owner(o), id(i) {}
    ModelChecker* owner;
    int id;
    Timer timer{&ModelChecker::fired, this};
    TimePoint due{};
    std::optional<Model::iterator> where;
    bool late = false;
    uint64_t armed_after = 0;
  };

  static void fired(void* context, TimePoint now) {
    auto& e = *static_cast<Entry*>(context);
    e.owner->check_firing(e, now);
    if (e.owner->on_fire_) e.owner->on_fire_(e.id, now);
  }

  void check_firing(Entry& e, TimePoint now) {
    ++fired_now_;
    ++fired_total_;
    ASSERT_TRUE(e.where.has_value()) << "timer " << e.id << " fired while not armed";
    EXPECT_LE(e.due, now) << "timer " << e.id << " fired early";
    // Armed before the previous advance(), it was due only after that one.
    if (e.armed_after < advances_) {
      EXPECT_GT(e.due, now_) << "timer " << e.id << " fired late";
    }
    if (e.late) {
      EXPECT_FALSE(seen_on_time_) << "a timer armed late fired after one on time";
    } else {
      EXPECT_GE(e.due, last_due_) << "timer " << e.id << " fired out of order";
      last_due_ = e.due;
      seen_on_time_ = true;
    }
    drop(e.id);
  }

  void drop(int id) {
    Entry& e = *entries_[id];
    if (!e.where) return;
    model_.erase(*e.where);
    e.where.reset();
  }

  void check_size_and_next_deadline() {
    EXPECT_EQ(wheel_.size(), model_.size());
    const auto next = wheel_.next_deadline();
    if (model_.empty()) {
      EXPECT_EQ(next, std::nullopt);
      return;
    }
    ASSERT_TRUE(next.has_value());
    EXPECT_LE(*next, model_.begin()->first) << "next_deadline() later than the earliest timer";
    EXPECT_GT(*next, now_) << "next_deadline() not after an advance() that fired all due";
  }

  TimePoint start_;
  Duration tick_;
  TimePoint now_;
  TimerWheel wheel_;
  Model model_;
  std::vector<std::unique_ptr<Entry>> entries_;
  OnFire on_fire_;
  uint64_t advances_ = 0;
  size_t fired_now_ = 0;
  size_t fired_total_ = 0;
  TimePoint last_due_{};
  bool seen_on_time_ = false;
  bool in_advance_ = false;
};

}  // namespace dsctp::timer::test
