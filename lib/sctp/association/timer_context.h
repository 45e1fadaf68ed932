// The timer callbacks of an association: plain functions the timer wheel
// calls with the object that armed them. Private to association/.
#pragma once

#include "base/time.h"
#include "sctp/association/association.h"

namespace dsctp::sctp {

struct TimerContext {
  static void control_expired(void* association, TimePoint now);
  static void t5_expired(void* association, TimePoint now);
  static void delayed_sack(void* association, TimePoint now);
  static void t3_expired(void* path_slot, TimePoint now);
  static void heartbeat_due(void* path_slot, TimePoint now);
  static void reconfig_expired(void* association, TimePoint now);
};

}  // namespace dsctp::sctp
