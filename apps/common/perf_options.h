// The command line shared by dpdk-sctp-perf, tcp-perf and usrsctp-perf
// (after the EAL's arguments and `--` for the DPDK tool), so that the
// same options measure the same thing on each transport.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dsctp::apps {

enum class PerfTool : uint8_t { kDpdkSctp, kTcp, kUsrsctp };
enum class PerfRole : uint8_t { kNone, kServer, kClient };
// throughput: the client sends --size messages as fast as the transport
// takes them for --duration seconds; the server counts them.
// latency: one message in flight; the server echoes it back whole.
// sweep: throughput then latency for every size of --sizes.
enum class PerfMode : uint8_t { kThroughput, kLatency, kSweep };
// RFC 3758 policy for every data message (--pr): given up after a lifetime,
// after a number of retransmissions, or when the send buffer is full.
enum class PerfPrPolicy : uint8_t { kNone, kLifetime, kRetransmissions, kBuffer };

const char* to_string(PerfMode m);

struct PerfOptions {
  PerfRole role = PerfRole::kNone;  // kNone: dpdk-sctp-perf's embedded default
  PerfMode mode = PerfMode::kLatency;
  std::string peer;                 // client: the server's IPv4 address
  std::string ip;                   // dpdk-sctp-perf: our address on the port
  std::string gateway;              // dpdk-sctp-perf
  uint16_t port_id = 0;             // dpdk-sctp-perf: the DPDK port
  uint16_t port = 5001;             // the server's SCTP or TCP port
  uint32_t size = 30;               // payload bytes per message
  std::vector<uint32_t> sizes;      // sweep; default paper_sweep_sizes()
  uint16_t streams = 1;             // SCTP: spread messages over this many
  bool unordered = false;           // SCTP
  uint16_t assocs = 1;              // associations / connections in parallel
  double duration_s = 5;            // per measurement
  double warmup_s = 1;              // before each measurement, not counted
  uint32_t send_threshold = 0;      // SCTP: writable callback threshold (0:
                                    // every SACK that frees space)
  PerfPrPolicy pr_policy = PerfPrPolicy::kNone;  // dpdk-sctp-perf client
  uint32_t pr_value = 0;            // milliseconds or retransmissions
  // dpdk-sctp-perf client: the stream scheduler by its option name
  // (perf_scheduler_names()); empty: the association's default.
  std::string scheduler;
  uint32_t zero_checksum_edmid = 0; // dpdk-sctp-perf: RFC 9653 (0: off)
  bool interleave = false;          // dpdk-sctp-perf: offer I-DATA (RFC 8260)
  bool udp_encap = false;           // dpdk-sctp-perf: RFC 6951 (usrsctp: always UDP)
  uint16_t mtu = 0;                 // dpdk-sctp-perf: the link's MTU (0: 1500
                                    // on a port, 9000 on the embedded memif)
  uint16_t udp_port = 9899;         // dpdk-sctp-perf, usrsctp-perf: local UDP port
  uint32_t busy_poll_us = 0;        // tcp-perf: SO_BUSY_POLL (0: off)
  uint32_t timeout_ms = 5000;       // client: connect and reply timeout
  std::string json_path;            // results as a JSON array, one object a row
  std::string csv_path;             // results as CSV, one row per measurement
  bool quit_server = false;         // client: ask the server to exit when done
};

// Payload sizes of the userspace SCTP paper's Figures 4-6: 10 to 1500
// bytes in steps of 10, then the powers of two from 2 KiB to 64 KiB.
std::vector<uint32_t> paper_sweep_sizes();

// The names --scheduler takes, in the order of sctp::SchedulerKind.
const std::vector<std::string>& perf_scheduler_names();

// Parses the tool's arguments (argv[0] is not one). Options that do not
// apply to `tool` are errors. Returns the options, or nothing with `error`
// set to a message for the user.
std::optional<PerfOptions> parse_perf_options(PerfTool tool, const std::vector<std::string>& args,
                                              std::string& error);

// The usage text of `tool`, ending in a newline.
std::string perf_usage(PerfTool tool);

}  // namespace dsctp::apps
