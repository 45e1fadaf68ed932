#include "options.h"

#include <charconv>
#include <cstdio>

namespace dsctp::apps {
namespace {

std::optional<net::Ipv4Address> parse_ipv4(const std::string& s) {
  unsigned a = 0, b = 0, c = 0, d = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 ||
      b > 255 || c > 255 || d > 255) {
    return std::nullopt;
  }
  return net::Ipv4Address::from_octets(static_cast<uint8_t>(a), static_cast<uint8_t>(b),
                                       static_cast<uint8_t>(c), static_cast<uint8_t>(d));
}

template <class T>
bool parse_number(const std::string& s, T min, T max, T& out) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) return false;
  out = static_cast<T>(v);
  return true;
}

// A client sends a count of messages or for a duration: --duration alone
// means no count, and the two together would leave unsaid which ends the run.
bool client_count(EchoOptions& o, bool have_count, std::string& error) {
  if (o.duration_s != 0) {
    if (have_count && o.count != 0) {
      error = "a client takes --count N or --duration S, not both";
      return false;
    }
    o.count = 0;
  } else if (o.count == 0) {
    error = "a client with --count 0 needs --duration";
    return false;
  }
  return true;
}

}  // namespace

const char* echo_usage() {
  return "usage: dpdk-sctp-echo <EAL arguments> -- --ip A.B.C.D[/LEN] [options]\n"
         "  --role server|client   (default server)\n"
         "  --ip A.B.C.D[/LEN]     our address on the DPDK port (prefix 24 by default)\n"
         "  --gateway A.B.C.D      default gateway\n"
         "  --port N               SCTP port: the server listens on it, the client\n"
         "                         connects to it (default 5001)\n"
         "  --peer A.B.C.D         client: the server's address\n"
         "  --encap udp|none       SCTP over UDP (RFC 6951) or over IP (default none)\n"
         "  --udp-port N           local UDP encapsulation port (default 9899)\n"
         "  --os N, --mis N        outbound / inbound streams (default 16)\n"
         "  --cookie-life MS       State Cookie lifetime (default 60000)\n"
         "  --port-id N            DPDK port (default 0)\n"
         "  --count N, --size N    client: messages and bytes each (default 10, 100)\n"
         "  --streams N            client: spread over N streams (default 1)\n"
         "  --unordered            client: send unordered\n"
         "  --timeout MS           client: give up after MS (default 10000)\n"
         "  --duration S           server: exit after S seconds (default: until Ctrl-C);\n"
         "                         client: send for S seconds instead of --count messages\n"
         "  --stats-interval S     every S seconds, print mbufs in use, resident memory\n"
         "                         and messages so far (default 0: never)\n";
}

std::optional<EchoOptions> parse_echo_options(const std::vector<std::string>& args,
                                              std::string& error) {
  EchoOptions o;
  bool have_ip = false;
  bool have_count = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* {
      if (i + 1 >= args.size()) {
        error = a + " needs a value";
        return nullptr;
      }
      return &args[++i];
    };
    auto number = [&](auto min, auto max, auto& out) {
      const std::string* v = value();
      if (v == nullptr) return false;
      if (!parse_number(*v, min, max, out)) {
        error = a + ": '" + *v + "' is not a number from " + std::to_string(min) + " to " +
                std::to_string(max);
        return false;
      }
      return true;
    };
    auto address = [&](std::optional<net::Ipv4Address>& out) {
      const std::string* v = value();
      if (v == nullptr) return false;
      out = parse_ipv4(*v);
      if (!out) error = a + ": '" + *v + "' is not an IPv4 address";
      return out.has_value();
    };
    bool ok = true;
    if (a == "--role") {
      const std::string* v = value();
      ok = v != nullptr;
      if (ok && *v == "server") o.role = EchoOptions::Role::kServer;
      else if (ok && *v == "client") o.role = EchoOptions::Role::kClient;
      else if (ok) { error = "--role must be server or client, not '" + *v + "'"; ok = false; }
    } else if (a == "--ip") {
      const std::string* v = value();
      ok = v != nullptr;
      if (ok) {
        std::string ip = *v;
        if (auto slash = ip.find('/'); slash != std::string::npos) {
          ok = parse_number(ip.substr(slash + 1), uint8_t{1}, uint8_t{32}, o.prefix_length);
          ip = ip.substr(0, slash);
        }
        auto parsed = parse_ipv4(ip);
        if (!ok || !parsed) {
          error = "--ip: '" + *v + "' is not A.B.C.D or A.B.C.D/LEN";
          ok = false;
        } else {
          o.ip = *parsed;
          have_ip = true;
        }
      }
    } else if (a == "--gateway") {
      ok = address(o.gateway);
    } else if (a == "--peer") {
      ok = address(o.peer);
    } else if (a == "--port") {
      ok = number(uint16_t{1}, uint16_t{65535}, o.sctp_port);
    } else if (a == "--encap") {
      const std::string* v = value();
      ok = v != nullptr;
      if (ok && *v == "udp") o.encap = net::Encapsulation::kUdp;
      else if (ok && *v == "none") o.encap = net::Encapsulation::kNone;
      else if (ok) { error = "--encap must be udp or none, not '" + *v + "'"; ok = false; }
    } else if (a == "--udp-port") {
      ok = number(uint16_t{1}, uint16_t{65535}, o.udp_port);
    } else if (a == "--os") {
      ok = number(uint16_t{1}, uint16_t{65535}, o.outbound_streams);
    } else if (a == "--mis") {
      ok = number(uint16_t{1}, uint16_t{65535}, o.inbound_streams);
    } else if (a == "--cookie-life") {
      ok = number(uint32_t{1}, uint32_t{3600000}, o.cookie_life_ms);
    } else if (a == "--port-id") {
      ok = number(uint16_t{0}, uint16_t{1023}, o.port_id);
    } else if (a == "--count") {
      ok = number(uint32_t{0}, uint32_t{100000000}, o.count);
      have_count = true;
    } else if (a == "--size") {
      ok = number(uint32_t{1}, uint32_t{1u << 20}, o.size);
    } else if (a == "--streams") {
      ok = number(uint16_t{1}, uint16_t{65535}, o.streams);
    } else if (a == "--unordered") {
      o.unordered = true;
    } else if (a == "--timeout") {
      ok = number(uint32_t{1}, uint32_t{86400000}, o.timeout_ms);
    } else if (a == "--duration") {
      ok = number(uint32_t{0}, uint32_t{31536000}, o.duration_s);
    } else if (a == "--stats-interval") {
      ok = number(uint32_t{0}, uint32_t{86400}, o.stats_interval_s);
    } else {
      error = "unknown option '" + a + "'";
      ok = false;
    }
    if (!ok) return std::nullopt;
  }
  if (!have_ip) {
    error = "--ip is required";
    return std::nullopt;
  }
  if (o.role == EchoOptions::Role::kClient && !o.peer) {
    error = "a client needs --peer";
    return std::nullopt;
  }
  if (o.role == EchoOptions::Role::kClient && !client_count(o, have_count, error)) {
    return std::nullopt;
  }
  if (o.streams > o.outbound_streams) {
    error = "--streams is more than --os";
    return std::nullopt;
  }
  return o;
}

}  // namespace dsctp::apps
