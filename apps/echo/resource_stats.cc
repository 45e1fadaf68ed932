#include "resource_stats.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace dsctp::apps {

ResourceStats::ResourceStats(const rte_mempool* pool, uint32_t interval_s, TimePoint start)
    : pool_(pool),
      interval_(std::chrono::seconds(interval_s)),
      start_(start),
      next_(start + interval_) {}

void ResourceStats::print(TimePoint now, uint64_t messages) {
  // The next line is due a whole interval later even after a stall, so
  // that a slow poll does not produce a burst of lines.
  next_ = now + interval_;
  std::printf("stats: t=%lld mbufs_in_use=%u rss_kib=%llu messages=%llu\n",
              static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(now - start_)
                                         .count()),
              rte_mempool_in_use_count(pool_), static_cast<unsigned long long>(resident_kib()),
              static_cast<unsigned long long>(messages));
  // A reader of a redirected stdout sees each line as it is printed.
  std::fflush(stdout);
}

uint64_t resident_kib() {
  // read(2) into a stack buffer: measuring memory must not allocate.
  int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  std::array<char, 4096> text{};
  ssize_t n = ::read(fd, text.data(), text.size() - 1);
  ::close(fd);
  if (n <= 0) return 0;
  const char* line = std::strstr(text.data(), "\nVmRSS:");
  unsigned long long kib = 0;
  if (line == nullptr || std::sscanf(line, "\nVmRSS: %llu kB", &kib) != 1) return 0;
  return kib;
}

}  // namespace dsctp::apps
