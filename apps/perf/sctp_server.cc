// The perf server: answers each association as its Hello says (echo every
// message, or count them and report at the End).
#include <cstdio>
#include <unordered_map>
#include <vector>

#include "common/perf_protocol.h"
#include "sctp_perf.h"

namespace dsctp::apps {
namespace {

struct Server;

struct Peer {
  Server* server;
  Hello hello;
  bool greeted = false;
  Report received;
  // --interleave: a latency echo arriving in pieces, put back together
  // (one message is in flight at a time).
  std::vector<std::byte> pieces;
};

struct Server {
  rt::Engine* engine;
  std::unordered_map<uint64_t, Peer> peers;
  std::vector<std::byte> scratch;
  bool quit = false;
  uint64_t associations = 0;
};

void send_report(sctp::Association& a, const Peer& p) {
  auto bytes = encode(p.received);
  sctp::SendStatus s = a.send(sctp::StreamId(0), sctp::Ppid(kReportPpid), bytes, {});
  if (s != sctp::SendStatus::kOk) {
    std::fprintf(stderr, "dpdk-sctp-perf: report on association %llu: %s\n",
                 static_cast<unsigned long long>(a.id()), sctp::to_string(s));
  }
}

// The echo copies: send() takes a span, and a reassembled message is
// spread over several packets' mbufs.
void echo(sctp::Association& a, sctp::ReceivedMessage& m, std::vector<std::byte>& scratch) {
  scratch.resize(m.size());
  size_t at = 0;
  m.for_each_fragment([&](const ByteRange& r) {
    r.copy_to(scratch.data() + at);
    at += r.size();
  });
  sctp::SendStatus s = a.send(m.stream(), m.ppid(), scratch, sctp::SendOptions{m.unordered()});
  if (s != sctp::SendStatus::kOk) {
    std::fprintf(stderr, "dpdk-sctp-perf: echo on association %llu: %s\n",
                 static_cast<unsigned long long>(a.id()), sctp::to_string(s));
  }
}

// The context is the association's Peer, set when it connected.
void on_message(void* ctx, sctp::Association& a, sctp::ReceivedMessage& m) {
  Peer& p = *static_cast<Peer*>(ctx);
  Server* server = p.server;
  uint32_t ppid = m.ppid().value();
  if (ppid == kHelloPpid) {
    std::vector<std::byte> bytes(m.size());
    size_t at = 0;
    m.for_each_fragment([&](const ByteRange& r) {
      r.copy_to(bytes.data() + at);
      at += r.size();
    });
    std::optional<Hello> h = decode_hello(bytes);
    if (!h) {
      a.abort(server->engine->now());
      return;
    }
    p.hello = *h;
    p.greeted = true;
    if (h->mode == WireMode::kQuit) server->quit = true;
    return;
  }
  if (!p.greeted) return;
  if (ppid == kEndPpid) {
    send_report(a, p);
    return;
  }
  if (p.hello.mode == WireMode::kLatency) {
    echo(a, m, server->scratch);
  } else {
    p.received.bytes += m.size();
    ++p.received.messages;
  }
}

// With --interleave, large messages come in pieces: counted with their
// last piece, echoed whole.
void on_message_part(void* ctx, sctp::Association& a, sctp::ReceivedMessage& piece,
                     sctp::MessagePart part) {
  Peer& p = *static_cast<Peer*>(ctx);
  if (!p.greeted) return;
  if (p.hello.mode != WireMode::kLatency) {
    p.received.bytes += piece.size();
    if (part.last) ++p.received.messages;
    return;
  }
  if (part.first) p.pieces.clear();
  size_t at = p.pieces.size();
  p.pieces.resize(at + piece.size());
  piece.for_each_fragment([&](const ByteRange& r) {
    r.copy_to(p.pieces.data() + at);
    at += r.size();
  });
  if (!part.last) return;
  sctp::SendStatus s = a.send(piece.stream(), piece.ppid(), p.pieces,
                              sctp::SendOptions{piece.unordered()});
  if (s != sctp::SendStatus::kOk) {
    std::fprintf(stderr, "dpdk-sctp-perf: echo on association %llu: %s\n",
                 static_cast<unsigned long long>(a.id()), sctp::to_string(s));
  }
}

sctp::Callbacks server_callbacks(bool interleave) {
  sctp::Callbacks cb;
  if (interleave) cb.message_part = on_message_part;
  cb.connected = [](void* ctx, sctp::Association& a) {
    auto* server = static_cast<Server*>(ctx);
    Peer& p = server->peers[a.id()];  // nodes stay put: a stable context
    p.server = server;
    a.set_context(&p);
    ++server->associations;
  };
  cb.message = on_message;
  cb.closed = [](void* ctx, sctp::Association& a, const sctp::CloseInfo&) {
    // A server's associations are born established (from COOKIE ECHO), so
    // `connected` has always set the Peer context by now.
    static_cast<Peer*>(ctx)->server->peers.erase(a.id());
  };
  return cb;
}

}  // namespace

int run_sctp_server(rt::Engine& engine, const PerfOptions& o, const std::atomic<bool>& stop) {
  Server server;
  server.engine = &engine;
  if (!engine.endpoint().listen(o.port, server_callbacks(o.interleave), &server)) {
    std::fprintf(stderr, "dpdk-sctp-perf: cannot listen on port %u\n", o.port);
    return 1;
  }
  std::printf("dpdk-sctp-perf server ready on %s port %u\n", o.ip.c_str(), o.port);
  std::fflush(stdout);
  while (!stop.load(std::memory_order_relaxed) && !server.quit) engine.poll();
  // Let the last packets (the quit's SACK, shutdowns) go, then close.
  for (auto& [id, peer] : server.peers) {
    if (sctp::Association* a = engine.endpoint().find(id)) a->shutdown(engine.now());
  }
  TimePoint until = engine.now() + std::chrono::milliseconds(500);
  while (!server.peers.empty() && engine.now() < until) engine.poll();
  std::printf("served %llu associations\n", static_cast<unsigned long long>(server.associations));
  return 0;
}

}  // namespace dsctp::apps
