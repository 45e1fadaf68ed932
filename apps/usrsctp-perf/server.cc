#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "message_assembler.h"
#include "perf_protocol.h"
#include "usrsctp_util.h"

namespace dsctp::apps::usrsctp_perf {
namespace {

// The server cannot know how many streams a client will ask for; usrsctp
// allocates every stream up front, so not 65535 of them per association.
constexpr uint16_t kMinServerStreams = 1024;
// How often the main thread takes new associations and closes finished
// ones; the data path never waits for it.
constexpr auto kPollInterval = std::chrono::milliseconds(5);
constexpr int kBacklog = 128;

struct Peer {
  Hello hello;
  Report counted;  // throughput: what arrived so far
  MessageAssembler assembler;
};

class Server {
 public:
  explicit Server(const PerfOptions& o) : options_(o) {}

  bool listen(std::string& error);
  void serve_until(const std::atomic<bool>& stop);
  void close_all();

  static int on_receive(struct socket* s, union sctp_sockstore from, void* data, size_t length,
                        struct sctp_rcvinfo info, int flags, void* ulp_info);

 private:
  void receive(struct socket* s, std::span<const std::byte> piece, const sctp_rcvinfo& info,
               int flags);
  void start(struct socket* s, std::span<const std::byte> hello);
  void count(Peer& p, std::span<const std::byte> piece, bool last);
  void echo(struct socket* s, Peer& p, std::span<const std::byte> piece,
            const sctp_rcvinfo& info, bool last);
  void report(struct socket* s, const Peer& p);
  void reply(struct socket* s, uint16_t stream, uint32_t ppid, bool unordered,
             std::span<const std::byte> data);
  void accept_new();
  void close_finished();

  const PerfOptions& options_;
  struct socket* listener_ = nullptr;
  std::vector<struct socket*> accepted_;  // main thread only
  // Taken by the receive callback for each piece of data and briefly by
  // the main thread; never held by the main thread across a usrsctp call.
  std::mutex mutex_;
  // By socket: usrsctp delivers on an association before accept() returns
  // its socket. Entries start with a Hello, so a socket address reused
  // after close starts afresh.
  std::unordered_map<struct socket*, Peer> peers_;
  std::atomic<bool> quit_{false};
};

bool Server::listen(std::string& error) {
  SocketSetup setup;
  setup.on_receive = &Server::on_receive;
  setup.ulp_info = this;  // accepted sockets inherit it with the callback
  setup.out_streams = std::max(options_.streams, kMinServerStreams);
  setup.in_streams = setup.out_streams;
  setup.no_delay = true;  // an echo must not wait for the previous one's SACK
  listener_ = open_socket(setup, error);
  if (listener_ == nullptr) return false;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_port = htons(options_.port);
  local.sin_addr.s_addr = htonl(INADDR_ANY);
  if (usrsctp_bind(listener_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    error = "bind to port " + std::to_string(options_.port) + ": " + errno_text(errno);
    return false;
  }
  if (usrsctp_listen(listener_, kBacklog) != 0) {
    error = "listen: " + errno_text(errno);
    return false;
  }
  return true;
}

int Server::on_receive(struct socket* s, union sctp_sockstore, void* data, size_t length,
                       struct sctp_rcvinfo info, int flags, void* ulp_info) {
  // nullptr: the peer has shut down; close_finished() notices the end.
  if (data == nullptr) return 1;
  if ((flags & MSG_NOTIFICATION) == 0) {
    static_cast<Server*>(ulp_info)->receive(
        s, std::span(static_cast<const std::byte*>(data), length), info, flags);
  }
  std::free(data);  // usrsctp hands the buffer over
  return 1;
}

void Server::receive(struct socket* s, std::span<const std::byte> piece,
                     const sctp_rcvinfo& info, int flags) {
  const uint32_t ppid = ntohl(info.rcv_ppid);
  const bool last = (flags & MSG_EOR) != 0;
  std::lock_guard lock(mutex_);
  if (ppid == kHelloPpid) {
    if (last) start(s, piece);  // 12 bytes never come in pieces
    return;
  }
  auto it = peers_.find(s);
  if (it == peers_.end()) return;  // no Hello: not one of ours
  Peer& p = it->second;
  if (ppid == kDataPpid && p.hello.mode == WireMode::kThroughput) count(p, piece, last);
  if (ppid == kDataPpid && p.hello.mode == WireMode::kLatency) echo(s, p, piece, info, last);
  if (ppid == kEndPpid && last) report(s, p);
}

void Server::start(struct socket* s, std::span<const std::byte> hello) {
  std::optional<Hello> h = decode_hello(hello);
  if (!h) return;
  peers_[s] = Peer{*h, {}, {}};
  if (h->mode == WireMode::kQuit) {
    std::printf("usrsctp-perf server: asked to quit\n");
    quit_.store(true);
  } else {
    std::printf("usrsctp-perf server: %s, %u-byte messages\n",
                h->mode == WireMode::kLatency ? "latency" : "throughput", h->size);
  }
  std::fflush(stdout);
}

void Server::count(Peer& p, std::span<const std::byte> piece, bool last) {
  p.counted.bytes += piece.size();
  if (last) ++p.counted.messages;
}

void Server::echo(struct socket* s, Peer& p, std::span<const std::byte> piece,
                  const sctp_rcvinfo& info, bool last) {
  std::optional<std::span<const std::byte>> message = p.assembler.add(piece, last);
  if (!message) return;
  reply(s, info.rcv_sid, kDataPpid, (info.rcv_flags & SCTP_UNORDERED) != 0, *message);
}

void Server::report(struct socket* s, const Peer& p) {
  const auto bytes = encode(p.counted);
  reply(s, 0, kReportPpid, false, bytes);
}

void Server::reply(struct socket* s, uint16_t stream, uint32_t ppid, bool unordered,
                   std::span<const std::byte> data) {
  // One message in flight per association: the send buffer always has room.
  if (int err = send_message(s, stream, ppid, unordered, data); err != 0) {
    std::fprintf(stderr, "usrsctp-perf server: send: %s\n", errno_text(err).c_str());
  }
}

void Server::accept_new() {
  while (struct socket* s = usrsctp_accept(listener_, nullptr, nullptr)) accepted_.push_back(s);
}

void Server::close_finished() {
  std::vector<struct socket*> finished;
  for (struct socket* s : accepted_) {
    // No association behind the socket any more: shut down or aborted.
    if (!unacked_bytes(s)) finished.push_back(s);
  }
  if (finished.empty()) return;
  {
    std::lock_guard lock(mutex_);
    for (struct socket* s : finished) peers_.erase(s);
  }
  for (struct socket* s : finished) {
    accepted_.erase(std::find(accepted_.begin(), accepted_.end(), s));
    usrsctp_close(s);
  }
}

void Server::serve_until(const std::atomic<bool>& stop) {
  while (!stop.load() && !quit_.load()) {
    accept_new();
    close_finished();
    std::this_thread::sleep_for(kPollInterval);
  }
}

// ABORT: a graceful end could wait on a client that has gone, and usrsctp
// cannot stop before every association has.
void Server::close_all() {
  accept_new();
  for (struct socket* s : accepted_) close_socket(s, true);
  accepted_.clear();
  if (listener_ != nullptr) usrsctp_close(listener_);
  listener_ = nullptr;
}

}  // namespace

int run_server(const PerfOptions& o, const std::atomic<bool>& stop) {
  std::string error;
  if (!start_usrsctp(o.udp_port, error)) {
    std::fprintf(stderr, "usrsctp-perf: %s\n", error.c_str());
    return 1;
  }
  Server server(o);
  int rc = 0;
  if (server.listen(error)) {
    std::printf("usrsctp-perf server: SCTP port %u over UDP port %u\n", o.port, o.udp_port);
    std::fflush(stdout);
    server.serve_until(stop);
  } else {
    std::fprintf(stderr, "usrsctp-perf: %s\n", error.c_str());
    rc = 1;
  }
  server.close_all();
  leave_usrsctp(rc);
  return rc;
}

}  // namespace dsctp::apps::usrsctp_perf
