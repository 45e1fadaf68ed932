#include "perf_options.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "perf_protocol.h"

namespace dsctp::apps {
namespace {

constexpr unsigned bit(PerfTool t) { return 1u << static_cast<unsigned>(t); }
constexpr unsigned kDpdk = bit(PerfTool::kDpdkSctp);
constexpr unsigned kTcp = bit(PerfTool::kTcp);
constexpr unsigned kUsrsctp = bit(PerfTool::kUsrsctp);
constexpr unsigned kSctp = kDpdk | kUsrsctp;
constexpr unsigned kAll = kDpdk | kTcp | kUsrsctp;

// Longer than any duration anyone measures, short enough that seconds
// converted to nanoseconds cannot overflow.
constexpr double kMaxSeconds = 1e6;

struct OptionSpec {
  const char* name;
  const char* value;  // nullptr: a flag
  unsigned tools;
  const char* help;
};

// An option may appear once per set of tools when its meaning differs
// between them. A '\n' in the help continues it on an indented line.
constexpr OptionSpec kSpecs[] = {
    {"--role", "server|client", kTcp | kUsrsctp, "which end this process is (required)"},
    {"--role", "server|client", kDpdk, "run one end only (default: the embedded comparison)"},
    {"--mode", "MODE", kAll, "throughput, latency or sweep (default latency)"},
    {"--peer", "A.B.C.D", kAll, "client: the server's address"},
    {"--ip", "A.B.C.D[/LEN]", kDpdk, "our address on the DPDK port (needed with --role)"},
    {"--gateway", "A.B.C.D", kDpdk, "default gateway"},
    {"--port-id", "N", kDpdk, "DPDK port (default 0)"},
    {"--port", "N", kAll, "the server's port (default 5001)"},
    {"--size", "BYTES", kAll, "payload bytes per message, 1 to 65536 (default 30)"},
    {"--sizes", "LIST", kAll,
     "sweep: N or A:B:STEP, comma separated\n(default 10:1500:10,2048,4096,...,65536)"},
    {"--streams", "N", kSctp, "spread messages over N streams (default 1)"},
    {"--unordered", nullptr, kSctp, "send unordered"},
    {"--assocs", "N", kDpdk | kUsrsctp, "associations in parallel, 1 to 64 (default 1)"},
    {"--assocs", "N", kTcp, "connections in parallel, 1 to 64 (default 1)"},
    {"--duration", "S", kAll, "seconds measured per measurement (default 5)"},
    {"--warmup", "S", kAll, "seconds before each measurement, not counted (default 1)"},
    {"--send-threshold", "BYTES", kSctp,
     "writable callback threshold\n(default 0: every SACK that frees space)"},
    {"--pr", "ttl:MS|rtx:N|buf", kDpdk,
     "client: partial reliability (RFC 3758) for every\nmessage: lifetime, retransmission limit or\n"
     "send-buffer policy (default: reliable)"},
    {"--scheduler", "NAME", kDpdk,
     "client: stream scheduler (RFC 8260): fcfs, rr,\nrr-packet, priority, fair or wfq (default fcfs)"},
    {"--interleave", nullptr, kDpdk,
     "offer I-DATA (RFC 8260): messages of different streams\ninterleave when both ends offer it; "
     "large messages\narrive in pieces (partial delivery)"},
    {"--zero-checksum", "EDMID", kDpdk,
     "accept and send packets without CRC32c (RFC 9653)\nwhen the peer agrees; EDMID names the lower\n"
     "layer's error detection method (default: off)"},
    {"--encap", "udp|none", kDpdk, "SCTP over UDP (RFC 6951) or over IP (default none)"},
    {"--mtu", "BYTES", kDpdk,
     "link MTU, 576 to 9000 (default 1500 with --role,\n9000 on the embedded memif link)"},
    {"--udp-port", "N", kSctp, "local UDP port for SCTP over UDP (default 9899)"},
    {"--busy-poll", "US", kTcp, "SO_BUSY_POLL microseconds (default 0: off)"},
    {"--timeout", "MS", kAll, "client: connect and reply timeout (default 5000)"},
    {"--csv", "FILE", kAll, "write the results as CSV, one row per measurement"},
    {"--json", "FILE", kAll, "write the results as a JSON array"},
    {"--quit-server", nullptr, kAll, "client: ask the server to exit when done"},
};

const char* tool_name(PerfTool t) {
  switch (t) {
    case PerfTool::kDpdkSctp: return "dpdk-sctp-perf";
    case PerfTool::kTcp: return "tcp-perf";
    case PerfTool::kUsrsctp: return "usrsctp-perf";
  }
  return "?";
}

std::string tools_text(unsigned tools) {
  std::string s;
  for (PerfTool t : {PerfTool::kDpdkSctp, PerfTool::kTcp, PerfTool::kUsrsctp}) {
    if ((tools & bit(t)) == 0) continue;
    if (!s.empty()) s += " and ";
    s += tool_name(t);
  }
  return s;
}

// The entry for `tool` if there is one, else any entry with the name (so
// that the caller can say which tools take it), else nullptr.
const OptionSpec* find_spec(const std::string& name, PerfTool tool) {
  const OptionSpec* any = nullptr;
  for (const OptionSpec& s : kSpecs) {
    if (name != s.name) continue;
    if ((s.tools & bit(tool)) != 0) return &s;
    any = &s;
  }
  return any;
}

template <class T>
bool parse_uint(const std::string& name, const std::string& text, uint64_t min, uint64_t max,
                T& out, std::string& error) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < min ||
      v > max) {
    error = name + ": expected a number from " + std::to_string(min) + " to " +
            std::to_string(max) + ", got '" + text + "'";
    return false;
  }
  out = static_cast<T>(v);
  return true;
}

bool parse_seconds(const std::string& name, const std::string& text, bool allow_zero,
                   double& out, std::string& error) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  const bool ok = !text.empty() && ec == std::errc() && end == text.data() + text.size() &&
                  std::isfinite(v) && (allow_zero ? v >= 0 : v > 0) && v <= kMaxSeconds;
  if (!ok) {
    error = name + ": expected seconds " + (allow_zero ? "from 0" : "greater than 0") +
            " up to 1000000, got '" + text + "'";
    return false;
  }
  out = v;
  return true;
}

bool is_ipv4(const std::string& text) {
  in_addr a{};
  return inet_pton(AF_INET, text.c_str(), &a) == 1;
}

bool parse_address(const std::string& name, const std::string& text, std::string& out,
                   std::string& error) {
  if (!is_ipv4(text)) {
    error = name + ": expected an IPv4 address A.B.C.D, got '" + text + "'";
    return false;
  }
  out = text;
  return true;
}

bool parse_ip_with_prefix(const std::string& text, std::string& out, std::string& error) {
  const size_t slash = text.find('/');
  uint8_t prefix = 0;
  std::string ignored;
  if (!is_ipv4(text.substr(0, slash)) ||
      (slash != std::string::npos &&
       !parse_uint("--ip", text.substr(slash + 1), 1, 32, prefix, ignored))) {
    error = "--ip: expected A.B.C.D or A.B.C.D/LEN, got '" + text + "'";
    return false;
  }
  out = text;
  return true;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t at = 0;
  for (size_t next; (next = text.find(separator, at)) != std::string::npos; at = next + 1) {
    parts.push_back(text.substr(at, next - at));
  }
  parts.push_back(text.substr(at));
  return parts;
}

// N, or A:B:STEP for A, A + STEP, ... up to B.
bool parse_size_item(const std::string& item, std::vector<uint32_t>& out) {
  const std::vector<std::string> parts = split(item, ':');
  uint32_t first = 0, last = 0, step = 0;
  std::string ignored;
  if ((parts.size() != 1 && parts.size() != 3) ||
      !parse_uint("", parts[0], 1, kMaxMessageSize, first, ignored)) {
    return false;
  }
  if (parts.size() == 1) {
    out.push_back(first);
    return true;
  }
  if (!parse_uint("", parts[1], first, kMaxMessageSize, last, ignored) ||
      !parse_uint("", parts[2], 1, kMaxMessageSize, step, ignored)) {
    return false;
  }
  for (uint32_t s = first; s <= last; s += step) out.push_back(s);
  return true;
}

bool parse_sizes(const std::string& text, std::vector<uint32_t>& out, std::string& error) {
  out.clear();
  for (const std::string& item : split(text, ',')) {
    if (!parse_size_item(item, out)) {
      error = "--sizes: expected N or A:B:STEP (A <= B) with sizes from 1 to " +
              std::to_string(kMaxMessageSize) + ", got '" + item + "'";
      return false;
    }
  }
  return true;
}

bool parse_choice(const std::string& name, const std::string& text, const char* a,
                  const char* b, const char* c, int& out, std::string& error) {
  const char* choices[] = {a, b, c};
  for (int i = 0; i < 3; ++i) {
    if (choices[i] != nullptr && text == choices[i]) {
      out = i;
      return true;
    }
  }
  const std::string list = c == nullptr ? std::string(a) + " or " + b
                                         : std::string(a) + ", " + b + " or " + c;
  error = name + ": expected " + list + ", got '" + text + "'";
  return false;
}

bool apply_choice(const std::string& name, const std::string& v, PerfOptions& o,
                  std::string& error) {
  int i = 0;
  if (name == "--role") {
    if (!parse_choice(name, v, "server", "client", nullptr, i, error)) return false;
    o.role = i == 0 ? PerfRole::kServer : PerfRole::kClient;
  } else if (name == "--mode") {
    if (!parse_choice(name, v, "throughput", "latency", "sweep", i, error)) return false;
    o.mode = i == 0 ? PerfMode::kThroughput : i == 1 ? PerfMode::kLatency : PerfMode::kSweep;
  } else {  // --encap
    if (!parse_choice(name, v, "udp", "none", nullptr, i, error)) return false;
    o.udp_encap = i == 0;
  }
  return true;
}

// ttl:MS, rtx:N or buf.
bool parse_pr(const std::string& text, PerfOptions& o, std::string& error) {
  const std::vector<std::string> parts = split(text, ':');
  std::string ignored;
  if (parts.size() == 1 && parts[0] == "buf") {
    o.pr_policy = PerfPrPolicy::kBuffer;
    return true;
  }
  if (parts.size() == 2 && parts[0] == "ttl" &&
      parse_uint("", parts[1], 1, 3600000, o.pr_value, ignored)) {
    o.pr_policy = PerfPrPolicy::kLifetime;
    return true;
  }
  if (parts.size() == 2 && parts[0] == "rtx" &&
      parse_uint("", parts[1], 0, 1000, o.pr_value, ignored)) {
    o.pr_policy = PerfPrPolicy::kRetransmissions;
    return true;
  }
  error = "--pr: expected ttl:MS (1 to 3600000), rtx:N (0 to 1000) or buf, got '" + text + "'";
  return false;
}

bool parse_scheduler(const std::string& text, std::string& out, std::string& error) {
  const std::vector<std::string>& names = perf_scheduler_names();
  if (std::find(names.begin(), names.end(), text) == names.end()) {
    error = "--scheduler: expected fcfs, rr, rr-packet, priority, fair or wfq, got '" + text + "'";
    return false;
  }
  out = text;
  return true;
}

bool apply_path(const std::string& name, const std::string& v, std::string& out,
                std::string& error) {
  if (v.empty()) {
    error = name + " needs a file name";
    return false;
  }
  out = v;
  return true;
}

bool apply(const std::string& name, const std::string& v, PerfOptions& o, std::string& error) {
  const std::string& n = name;
  if (n == "--role" || n == "--mode" || n == "--encap") return apply_choice(n, v, o, error);
  if (n == "--peer") return parse_address(n, v, o.peer, error);
  if (n == "--gateway") return parse_address(n, v, o.gateway, error);
  if (n == "--ip") return parse_ip_with_prefix(v, o.ip, error);
  if (n == "--port-id") return parse_uint(n, v, 0, 1023, o.port_id, error);
  if (n == "--port") return parse_uint(n, v, 1, 65535, o.port, error);
  if (n == "--size") return parse_uint(n, v, 1, kMaxMessageSize, o.size, error);
  if (n == "--sizes") return parse_sizes(v, o.sizes, error);
  if (n == "--streams") return parse_uint(n, v, 1, 65535, o.streams, error);
  if (n == "--assocs") return parse_uint(n, v, 1, 64, o.assocs, error);
  if (n == "--duration") return parse_seconds(n, v, false, o.duration_s, error);
  if (n == "--warmup") return parse_seconds(n, v, true, o.warmup_s, error);
  if (n == "--send-threshold") return parse_uint(n, v, 0, 1u << 30, o.send_threshold, error);
  if (n == "--pr") return parse_pr(v, o, error);
  if (n == "--scheduler") return parse_scheduler(v, o.scheduler, error);
  // RFC 9653 reserves 0; the registry's values are small numbers.
  if (n == "--zero-checksum") return parse_uint(n, v, 1, 65535, o.zero_checksum_edmid, error);
  if (n == "--udp-port") return parse_uint(n, v, 1, 65535, o.udp_port, error);
  if (n == "--mtu") return parse_uint(n, v, 576, 9000, o.mtu, error);
  if (n == "--busy-poll") return parse_uint(n, v, 0, 1000000, o.busy_poll_us, error);
  if (n == "--timeout") return parse_uint(n, v, 1, 86400000, o.timeout_ms, error);
  if (n == "--csv") return apply_path(n, v, o.csv_path, error);
  if (n == "--json") return apply_path(n, v, o.json_path, error);
  if (n == "--unordered") o.unordered = true;
  if (n == "--quit-server") o.quit_server = true;
  if (n == "--interleave") o.interleave = true;
  return true;
}

bool check_complete(PerfTool tool, const PerfOptions& o, std::string& error) {
  if (o.role == PerfRole::kNone && tool != PerfTool::kDpdkSctp) {
    error = "--role server|client is required";
  } else if (o.role == PerfRole::kClient && o.peer.empty()) {
    error = "a client needs --peer";
  } else if (tool == PerfTool::kDpdkSctp && o.role != PerfRole::kNone && o.ip.empty()) {
    error = "--ip is required with --role";
  } else if (o.role == PerfRole::kServer &&
             (o.pr_policy != PerfPrPolicy::kNone || !o.scheduler.empty())) {
    error = "--pr and --scheduler apply to the messages a client sends, not to a server";
  }
  return error.empty();
}

}  // namespace

const char* to_string(PerfMode m) {
  switch (m) {
    case PerfMode::kThroughput: return "throughput";
    case PerfMode::kLatency: return "latency";
    case PerfMode::kSweep: return "sweep";
  }
  return "?";
}

const std::vector<std::string>& perf_scheduler_names() {
  static const std::vector<std::string> names{"fcfs", "rr", "rr-packet", "priority", "fair", "wfq"};
  return names;
}

std::vector<uint32_t> paper_sweep_sizes() {
  std::vector<uint32_t> sizes;
  for (uint32_t s = 10; s <= 1500; s += 10) sizes.push_back(s);
  for (uint32_t s = 2048; s <= kMaxMessageSize; s *= 2) sizes.push_back(s);
  return sizes;
}

std::optional<PerfOptions> parse_perf_options(PerfTool tool, const std::vector<std::string>& args,
                                              std::string& error) {
  PerfOptions o;
  error.clear();
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    if (name == "-h" || name == "--help") {
      error = "help";
      return std::nullopt;
    }
    std::optional<std::string> value;
    if (size_t eq = name.find('='); name.starts_with("--") && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const OptionSpec* spec = find_spec(name, tool);
    if (spec == nullptr) {
      error = (name.starts_with("-") ? "unknown option '" : "unexpected argument '") + name + "'";
      return std::nullopt;
    }
    if ((spec->tools & bit(tool)) == 0) {
      error = name + " is only for " + tools_text(spec->tools);
      return std::nullopt;
    }
    if (spec->value == nullptr && value) {
      error = name + " takes no value";
      return std::nullopt;
    }
    if (spec->value != nullptr && !value) {
      if (i + 1 >= args.size()) {
        error = name + " needs a value (" + spec->value + ")";
        return std::nullopt;
      }
      value = args[++i];
    }
    if (!apply(name, value.value_or(""), o, error)) return std::nullopt;
  }
  if (o.sizes.empty()) o.sizes = paper_sweep_sizes();
  if (!check_complete(tool, o, error)) return std::nullopt;
  return o;
}

std::string perf_usage(PerfTool tool) {
  std::string s = "usage: ";
  s += tool_name(tool);
  s += tool == PerfTool::kDpdkSctp
           ? " [options]   (the embedded comparison)\n"
             "       dpdk-sctp-perf <EAL arguments> -- --role server|client --ip A.B.C.D\n"
             "                      [options]\n"
           : " --role server|client [options]\n";
  for (const OptionSpec& spec : kSpecs) {
    if ((spec.tools & bit(tool)) == 0) continue;
    std::string left = spec.name;
    if (spec.value != nullptr) left = left + " " + spec.value;
    std::string help = spec.help;
    for (size_t nl = help.find('\n'); nl != std::string::npos; nl = help.find('\n', nl + 1)) {
      help.insert(nl + 1, 26, ' ');
    }
    left.resize(std::max<size_t>(left.size(), 23), ' ');
    s += "  " + left + " " + help + "\n";
  }
  s += "  -h, --help              this text\n";
  return s;
}

}  // namespace dsctp::apps
