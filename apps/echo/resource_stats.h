// The periodic line a soak test reads to see that nothing leaks:
//
//   stats: t=<s> mbufs_in_use=<n> rss_kib=<n> messages=<n>
//
// mbufs held by the application, the stack and the port (the pool's
// per-lcore caches not counted), the process's resident memory, and the
// messages handled so far.
#pragma once

#include <rte_mempool.h>

#include <cstdint>

#include "base/time.h"

namespace dsctp::apps {

class ResourceStats {
 public:
  // Every `interval_s` seconds from `start`; 0 never prints.
  ResourceStats(const rte_mempool* pool, uint32_t interval_s, TimePoint start);

  // Cheap when no line is due: one comparison per poll.
  void tick(TimePoint now, uint64_t messages) {
    if (interval_.count() != 0 && now >= next_) print(now, messages);
  }

 private:
  void print(TimePoint now, uint64_t messages);

  const rte_mempool* pool_;
  Duration interval_;
  TimePoint start_;
  TimePoint next_;
};

// VmRSS from /proc/self/status, in KiB; 0 when it cannot be read.
uint64_t resident_kib();

}  // namespace dsctp::apps
