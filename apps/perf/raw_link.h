// The link's own limit, measured with bare Ethernet frames between the
// same two ports and cores, no IP and no SCTP: what no protocol on this
// link can beat. Each measurement uses frames as long as the SCTP packet
// that would carry one message of the given payload (Ethernet, IPv4, the
// SCTP common header and one DATA chunk header), so that both move the
// same bytes per message; rates are reported in those payload bytes.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "common/perf_options.h"
#include "common/report.h"
#include "dpdk_port.h"

namespace dsctp::apps {

// Bytes of a frame that carries `payload` bytes as one SCTP DATA chunk
// (at least Ethernet's minimum of 60 without the FCS).
uint32_t raw_frame_size(uint32_t payload);
// The largest payload a raw frame stands in for: a 1514-byte frame.
inline constexpr uint32_t kRawMaxPayload = 1452;

// Reflects pings, counts data frames and reports them, until a client
// sends Quit (returns 0) or `stop` is set.
int run_raw_server(const DpdkPort& port, const std::atomic<bool>& stop);

std::optional<PerfResult> run_raw_measurement(const DpdkPort& port, const PerfOptions& o,
                                              PerfMode mode, uint32_t size,
                                              const std::atomic<bool>& stop, bool progress,
                                              std::string& error);

void send_raw_quit(const DpdkPort& port);

}  // namespace dsctp::apps
