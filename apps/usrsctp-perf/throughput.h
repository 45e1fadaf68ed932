// throughput: the client hands usrsctp --size messages as fast as it takes
// them, round-robin over the associations, sleeping only when every send
// buffer is full until the send callback (usrsctp's send-side threshold,
// --send-threshold) says there is room again.
#pragma once

#include <optional>
#include <string>

#include "measurement.h"

namespace dsctp::apps::usrsctp_perf {

// What the server received after --warmup, over the time from then until
// its Report arrived (less sending time when `stop` is set). Nothing,
// with `error` set, when an association ends or the server stalls for
// --timeout.
std::optional<PerfResult> measure_throughput(const Measurement& m, std::string& error);

}  // namespace dsctp::apps::usrsctp_perf
