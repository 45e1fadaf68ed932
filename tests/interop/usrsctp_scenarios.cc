#include "interop/usrsctp_scenarios.h"

#include <usrsctp.h>

#include <cstring>
#include <string_view>

#include "sctp/wire/packet.h"

namespace dsctp::interop {
namespace {

// A fixed, recognisable payload: the tag first (so every message differs
// and a fault hook can find it), then a letter pattern up to `size` bytes.
Message message(std::string_view tag, uint16_t stream, uint32_t ppid,
                size_t size, bool unordered = false) {
  Message m;
  m.stream = stream;
  m.ppid = ppid;
  m.unordered = unordered;
  for (char c : tag) m.payload.push_back(static_cast<std::byte>(c));
  for (size_t i = m.payload.size(); i < size; ++i) {
    m.payload.push_back(static_cast<std::byte>('a' + (i * 7) % 26));
  }
  return m;
}

bool contains(const std::vector<std::byte>& haystack, std::string_view needle) {
  auto* h = reinterpret_cast<const char*>(haystack.data());
  return std::string_view(h, haystack.size()).find(needle) != std::string_view::npos;
}

// One scenario in progress: the pair, and what the scenario did to it.
class Run {
 public:
  explicit Run(const PairOptions& options) : pair_(options) {}

  UsrsctpPair& pair() { return pair_; }

  bool check(bool ok, const char* step) {
    if (!ok) capture_.failures.push_back(step);
    return ok;
  }

  void send(Direction from, const Message& m) {
    if (check(pair_.send(from, m), "send")) capture_.sent[index_of(from)].push_back(m);
  }

  // A message usrsctp is to give up on at its first retransmission.
  void send_expendable(Direction from, const Message& m) {
    PrPolicy pr{SCTP_PR_SCTP_RTX, 0};
    if (check(pair_.send(from, m, pr), "send with PR-SCTP")) {
      capture_.sent[index_of(from)].push_back(m);
      capture_.abandoned[index_of(from)].push_back(m);
    }
  }

  void wait_dry(Direction side) { check(pair_.wait_dry(side), "wait for SENDER_DRY"); }

  void wait_for(Direction side, uint16_t type, const char* step) {
    size_t before = pair_.count_notifications(side, type);
    check(pair_.run_until([&] { return pair_.count_notifications(side, type) > before; }),
          step);
  }

  // Graceful shutdown initiated by `side`, until both report its end.
  void shut_down(Direction side) {
    check(pair_.shutdown(side), "shutdown");
    check(pair_.run_until([&] {
      return pair_.has_notification(kClient, SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP) &&
             pair_.has_notification(kServer, SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP);
    }),
          "shutdown completes");
  }

  // Until the side other than `aborter` learns of the ABORT.
  void wait_aborted(Direction aborter) {
    Direction other = aborter == kClient ? kServer : kClient;
    check(pair_.run_until([&] {
      return pair_.has_notification(other, SCTP_ASSOC_CHANGE, SCTP_COMM_LOST);
    }),
          "peer sees the ABORT");
  }

  Capture finish() {
    capture_.packets = pair_.take_packets();
    capture_.received_from[index_of(kClient)] = pair_.received(kServer);
    capture_.received_from[index_of(kServer)] = pair_.received(kClient);
    return std::move(capture_);
  }

 private:
  UsrsctpPair pair_;
  Capture capture_;
};

template <class T>
bool set_option(struct socket* s, int name, const T& value) {
  return usrsctp_setsockopt(s, IPPROTO_SCTP, name, &value, sizeof value) == 0;
}

PairOptions ports(uint16_t base) {
  PairOptions o;
  o.client_port = base;
  o.server_port = static_cast<uint16_t>(base + 1);
  return o;
}

// Handshake, DATA on several streams (ordered, unordered, one message
// fragmented by the 1200-byte path MTU), SACKs, data both ways, then a
// graceful shutdown started by the client.
Capture data_and_shutdown() {
  Run run(ports(5001));
  if (!run.check(run.pair().connect(), "connect")) return run.finish();
  run.send(kClient, message("data-s0-ordered", 0, 51, 100));
  run.send(kClient, message("data-s1-ordered", 1, 52, 200));
  run.send(kClient, message("data-s2-unordered", 2, 53, 60, true));
  run.send(kClient, message("data-s3-large", 3, 54, 4000));
  run.send(kClient, message("data-s1-unordered", 1, 55, 17, true));
  run.wait_dry(kClient);
  run.send(kServer, message("data-reply", 0, 60, 300));
  run.wait_dry(kServer);
  run.shut_down(kClient);
  return run.finish();
}

// HEARTBEAT / HEARTBEAT-ACK both ways on a short interval, then the client
// closes with SO_LINGER 0, which sends an ABORT.
Capture heartbeat_and_linger_abort() {
  PairOptions o = ports(5011);
  o.heartbeat_interval_ms = 50;
  o.paced = true;
  Run run(o);
  if (!run.check(run.pair().connect(), "connect")) return run.finish();
  run.pair().advance(400);
  run.pair().close(kClient, /*abort=*/true);
  run.wait_aborted(kClient);
  return run.finish();
}

bool reset_streams(struct socket* s, uint16_t flags, std::vector<uint16_t> streams) {
  std::vector<std::byte> buf(sizeof(struct sctp_reset_streams) +
                             streams.size() * sizeof(uint16_t));
  auto* r = reinterpret_cast<struct sctp_reset_streams*>(buf.data());
  r->srs_assoc_id = SCTP_FUTURE_ASSOC;  // a one-to-one socket has one
  r->srs_flags = flags;
  r->srs_number_streams = static_cast<uint16_t>(streams.size());
  std::memcpy(buf.data() + sizeof(struct sctp_reset_streams), streams.data(),
              streams.size() * sizeof(uint16_t));
  return usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_RESET_STREAMS, buf.data(),
                            static_cast<socklen_t>(buf.size())) == 0;
}

// RE-CONFIG (RFC 6525): outgoing and incoming SSN reset, SSN/TSN reset and
// adding streams, each answered; then an ABORT with a user reason.
Capture reconfig_and_user_abort() {
  PairOptions o = ports(5021);
  o.stream_reset = true;
  Run run(o);
  UsrsctpPair& pair = run.pair();
  if (!run.check(pair.connect(), "connect")) return run.finish();
  run.send(kClient, message("reconfig-before-s1", 1, 70, 40));
  run.send(kClient, message("reconfig-before-s2", 2, 70, 40));
  run.wait_dry(kClient);
  struct socket* c = pair.socket_of(kClient);

  run.check(reset_streams(c, SCTP_STREAM_RESET_OUTGOING, {1, 2}), "reset outgoing");
  run.wait_for(kClient, SCTP_STREAM_RESET_EVENT, "outgoing reset answered");
  run.check(reset_streams(c, SCTP_STREAM_RESET_INCOMING, {3}), "reset incoming");
  run.wait_for(kClient, SCTP_STREAM_RESET_EVENT, "incoming reset answered");
  sctp_assoc_t id = SCTP_FUTURE_ASSOC;
  run.check(set_option(c, SCTP_RESET_ASSOC, id), "reset association");
  run.wait_for(kClient, SCTP_ASSOC_RESET_EVENT, "SSN/TSN reset answered");
  struct sctp_add_streams add{};
  add.sas_instrms = 2;
  add.sas_outstrms = 2;
  run.check(set_option(c, SCTP_ADD_STREAMS, add), "add streams");
  run.wait_for(kClient, SCTP_STREAM_CHANGE_EVENT, "add streams answered");

  run.send(kClient, message("reconfig-after-s1", 1, 71, 40));
  run.wait_dry(kClient);
  static constexpr char kReason[] = "reconfig scenario over";
  run.check(pair.send_abort(kClient, as_bytes_of(kReason, sizeof kReason - 1)),
            "send ABORT");
  run.wait_aborted(kClient);
  return run.finish();
}

// PR-SCTP (RFC 3758): every transmission of one message is dropped, usrsctp
// abandons it at its first retransmission and moves the peer on with a
// FORWARD-TSN. The packets carrying it are recorded, marked dropped.
Capture pr_sctp() {
  PairOptions o = ports(5031);
  o.paced = true;
  Run run(o);
  UsrsctpPair& pair = run.pair();
  if (!run.check(pair.connect(), "connect")) return run.finish();
  run.send(kClient, message("pr-first", 0, 80, 100));
  run.wait_dry(kClient);
  pair.drop = [](const CapturedPacket& p) {
    return p.direction == kClient && contains(p.bytes, "pr-abandon");
  };
  run.send_expendable(kClient, message("pr-abandon", 1, 81, 100));
  run.wait_for(kClient, SCTP_SEND_FAILED_EVENT, "message abandoned");
  run.wait_dry(kClient);
  run.send(kClient, message("pr-after", 1, 82, 100));
  run.wait_dry(kClient);
  run.shut_down(kServer);
  return run.finish();
}

// ECN (RFC 9260 Appendix A): the first DATA packet arrives marked CE, the
// server answers with ECNE until the client's CWR; then the server aborts.
Capture ecn_and_server_abort() {
  Run run(ports(5041));
  UsrsctpPair& pair = run.pair();
  if (!run.check(pair.connect(), "connect")) return run.finish();
  bool marked = false;
  pair.ecn_bits = [&marked](const CapturedPacket& p) -> uint8_t {
    bool data = p.bytes.size() > 12 && p.bytes[12] == std::byte{0};
    if (marked || p.direction != kClient || !data) return 0;
    marked = true;
    return 3;  // Congestion Experienced
  };
  for (int i = 0; i < 4; ++i) {
    std::string tag = "ecn-" + std::to_string(i);
    run.send(kClient, message(tag, static_cast<uint16_t>(i), 90, 300));
    run.wait_dry(kClient);
  }
  pair.ecn_bits = nullptr;
  run.check(marked, "CE mark delivered");
  pair.close(kServer, /*abort=*/true);
  run.wait_aborted(kServer);
  return run.finish();
}

// I-DATA and I-FORWARD-TSN (RFC 8260): a fragmented message, small ones
// on other streams, an unordered one and an abandoned one, data both ways.
Capture interleaving() {
  PairOptions o = ports(5051);
  o.interleaving = true;
  o.paced = true;
  Run run(o);
  UsrsctpPair& pair = run.pair();
  if (!run.check(pair.connect(), "connect")) return run.finish();
  run.send(kClient, message("idata-s1-large", 1, 100, 3000));
  run.send(kClient, message("idata-s2-small", 2, 101, 50));
  run.send(kClient, message("idata-s3-unordered", 3, 102, 70, true));
  run.send(kClient, message("idata-s4-unordered-large", 4, 103, 2500, true));
  run.wait_dry(kClient);
  pair.drop = [](const CapturedPacket& p) {
    return p.direction == kClient && contains(p.bytes, "idata-abandon");
  };
  run.send_expendable(kClient, message("idata-abandon", 2, 104, 30));
  run.wait_for(kClient, SCTP_SEND_FAILED_EVENT, "message abandoned");
  run.wait_dry(kClient);
  pair.drop = nullptr;
  run.send(kServer, message("idata-reply", 0, 105, 200));
  run.wait_dry(kServer);
  run.shut_down(kClient);
  return run.finish();
}

// AUTH (RFC 4895): both sides require DATA to be authenticated, so every
// DATA is preceded by an AUTH chunk.
Capture auth() {
  PairOptions o = ports(5061);
  o.auth_data = true;
  Run run(o);
  if (!run.check(run.pair().connect(), "connect")) return run.finish();
  run.send(kClient, message("auth-client", 0, 110, 120));
  run.send(kClient, message("auth-client-2", 1, 111, 1500));
  run.wait_dry(kClient);
  run.send(kServer, message("auth-server", 0, 112, 80));
  run.wait_dry(kServer);
  run.shut_down(kServer);
  return run.finish();
}

// NR-SACK: usrsctp sends NR-SACKs instead of SACKs once CMT is on and both
// sides support them. CMT is a global switch in usrsctp, on only while
// this pair's sockets take their settings.
Capture nr_sack() {
  PairOptions o = ports(5071);
  o.nr_sack = true;
  Run run(o);
  usrsctp_sysctl_set_sctp_cmt_on_off(1);
  bool up = run.check(run.pair().connect(), "connect");
  usrsctp_sysctl_set_sctp_cmt_on_off(0);
  if (!up) return run.finish();
  run.send(kClient, message("nrsack-1", 0, 120, 200));
  run.send(kClient, message("nrsack-2", 1, 121, 2000));
  run.wait_dry(kClient);
  run.send(kServer, message("nrsack-reply", 0, 122, 100));
  run.wait_dry(kServer);
  run.shut_down(kClient);
  return run.finish();
}

// A chunk usrsctp cannot know, injected with the right tag: its type's high
// bits (11) say "skip and report", so usrsctp answers with an ERROR chunk
// carrying an Unrecognized Chunk Type cause.
struct OpaqueChunk {
  uint8_t type;
  std::span<const std::byte> value;
  uint32_t serialized_size() const {
    return sctp::wire::kChunkHeaderSize + static_cast<uint32_t>(value.size());
  }
  void serialize(std::byte* out) const {
    sctp::wire::write_chunk_header(out, static_cast<sctp::wire::ChunkType>(type), 0,
                                   static_cast<uint16_t>(serialized_size()));
    std::memcpy(out + sctp::wire::kChunkHeaderSize, value.data(), value.size());
  }
};

Capture error_report() {
  PairOptions o = ports(5081);
  Run run(o);
  UsrsctpPair& pair = run.pair();
  if (!run.check(pair.connect(), "connect")) return run.finish();
  // Any packet the client sent after the INIT carries the server's tag.
  uint32_t server_tag = 0;
  for (const CapturedPacket& p : pair.packets()) {
    if (p.direction == kClient && p.bytes.size() >= 12) {
      server_tag = load_be32(p.bytes.data() + 4);
      if (server_tag != 0) break;
    }
  }
  run.check(server_tag != 0, "learn the server's tag");
  static constexpr char kValue[] = "not a chunk usrsctp knows";
  std::array<std::byte, 64> buf{};
  sctp::wire::PacketBuilder b(buf, sctp::wire::CommonHeader{o.client_port, o.server_port,
                                                             sctp::VerificationTag(server_tag), 0});
  run.check(b.add(OpaqueChunk{0xCE, as_bytes_of(kValue, sizeof kValue - 1)}),
            "build the unknown chunk");
  pair.inject(kClient, b.finish());
  // The ERROR waits for the server's next packet: make it send a SACK.
  run.send(kClient, message("error-trigger", 0, 130, 20));
  run.wait_for(kClient, SCTP_REMOTE_ERROR, "ERROR reaches the client");
  run.wait_dry(kClient);
  static constexpr char kReason[] = "error scenario over";
  run.check(pair.send_abort(kServer, as_bytes_of(kReason, sizeof kReason - 1)),
            "send ABORT");
  run.wait_aborted(kServer);
  return run.finish();
}

}  // namespace

const std::vector<Scenario>& all_scenarios() {
  static const std::vector<Scenario> scenarios = {
      {"data", data_and_shutdown},
      {"heartbeat", heartbeat_and_linger_abort},
      {"reconfig", reconfig_and_user_abort},
      {"pr_sctp", pr_sctp},
      {"ecn", ecn_and_server_abort},
      {"idata", interleaving},
      {"auth", auth},
      {"nr_sack", nr_sack},
      {"error", error_report},
  };
  return scenarios;
}

const std::vector<Capture>& all_captures() {
  static const std::vector<Capture> captures = [] {
    std::vector<Capture> out;
    for (const Scenario& s : all_scenarios()) {
      out.push_back(s.run());
      out.back().scenario = s.name;
    }
    return out;
  }();
  return captures;
}

}  // namespace dsctp::interop
