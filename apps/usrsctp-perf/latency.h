// latency: one message in flight on each association, timed from the
// send to the echo's arrival in the receive callback, which sends the
// next message at once. Driving the ping-pong from usrsctp's receive
// thread is what the callback API is for, and it leaves the main thread
// asleep instead of spinning on a core that usrsctp's own threads and the
// server need on a small machine.
#pragma once

#include <optional>
#include <string>

#include "measurement.h"

namespace dsctp::apps::usrsctp_perf {

// Round trips over --duration after --warmup (less when `stop` is set),
// with a progress line every second. Nothing, with `error` set, when an
// association ends or the server stays silent for --timeout.
std::optional<PerfResult> measure_latency(const Measurement& m, std::string& error);

}  // namespace dsctp::apps::usrsctp_perf
