// dpdk-sctp-perf's embedded default: the whole comparison from one
// command, with no NIC. It starts both ends of each transport as separate
// processes pinned one core each: the raw link and our stack over a memif
// pair, kernel TCP over loopback (tcp-perf) and, where it was built,
// usrsctp over UDP on loopback (usrsctp-perf); then prints the table.
#pragma once

#include <atomic>

#include "common/perf_options.h"

namespace dsctp::apps {

int run_embedded_default(const PerfOptions& o, const std::atomic<bool>& stop);

}  // namespace dsctp::apps
