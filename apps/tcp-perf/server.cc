#include "server.h"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <list>
#include <string>
#include <thread>
#include <vector>

#include "perf_protocol.h"
#include "socket_io.h"

namespace dsctp::apps::tcp_perf {
namespace {

// A client's messages follow each other back to back, so one silent this
// long is gone; the limit only frees the connection's thread.
constexpr int kIdleLimitMs = 30000;
// Throughput: bytes taken from the socket per read.
constexpr size_t kReadChunk = 256 * 1024;

struct Connection {
  std::thread thread;
  std::atomic<bool> done{false};
};

class Server {
 public:
  Server(const PerfOptions& options, std::atomic<bool>& stop) : options_(options), stop_(stop) {}

  int run();

 private:
  void serve(Fd fd, uint64_t id);
  void serve_latency(int fd, uint64_t id, uint32_t size);
  void serve_throughput(int fd, uint64_t id, uint32_t size);
  void report_failure(uint64_t id, IoStatus s) const;
  // Joins the threads that have finished (all of them when `all`).
  void reap(bool all);

  const PerfOptions& options_;
  std::atomic<bool>& stop_;
  Patience patience_{kIdleLimitMs, &stop_};
  std::list<Connection> connections_;  // a list: `done` must not move
};

int Server::run() {
  std::string error;
  Fd listener = listen_on(options_.port, error);
  if (!listener.valid()) {
    std::fprintf(stderr, "tcp-perf: %s\n", error.c_str());
    return 1;
  }
  std::printf("tcp-perf server on 0.0.0.0:%u\n", options_.port);
  std::fflush(stdout);
  for (uint64_t next_id = 1; !stop_.load();) {
    pollfd p{listener.get(), POLLIN, 0};
    const int ready = poll(&p, 1, kSliceMs);
    reap(false);
    if (ready <= 0) continue;
    Fd fd(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!fd.valid()) continue;
    Connection& c = connections_.emplace_back();
    c.thread = std::thread([this, &c, id = next_id++, f = std::move(fd)]() mutable {
      serve(std::move(f), id);
      c.done.store(true);
    });
  }
  reap(true);
  std::printf("tcp-perf server stopped\n");
  return 0;
}

void Server::serve(Fd fd, uint64_t id) {
  std::string error;
  if (!configure(fd.get(), options_.busy_poll_us, error)) {
    std::fprintf(stderr, "connection %llu: %s\n", static_cast<unsigned long long>(id),
                 error.c_str());
    return;
  }
  std::array<std::byte, kHelloSize> raw{};
  IoStatus s = read_full(fd.get(), raw.data(), raw.size(), patience_);
  if (s != IoStatus::kOk) return report_failure(id, s);
  std::optional<Hello> hello = decode_hello(raw);
  if (!hello) {
    std::fprintf(stderr, "connection %llu: not a tcp-perf Hello\n",
                 static_cast<unsigned long long>(id));
    return;
  }
  switch (hello->mode) {
    case WireMode::kQuit:
      std::printf("connection %llu: quit requested\n", static_cast<unsigned long long>(id));
      stop_.store(true);
      return;
    case WireMode::kLatency: return serve_latency(fd.get(), id, hello->size);
    case WireMode::kThroughput: return serve_throughput(fd.get(), id, hello->size);
  }
}

void Server::serve_latency(int fd, uint64_t id, uint32_t size) {
  std::vector<std::byte> message(size);
  uint64_t echoed = 0;
  for (;; ++echoed) {
    IoStatus s = read_full(fd, message.data(), size, patience_);
    if (s == IoStatus::kOk) s = write_full(fd, message.data(), size, patience_);
    if (s == IoStatus::kEof) break;
    if (s != IoStatus::kOk) return report_failure(id, s);
  }
  std::printf("connection %llu: latency, %u-byte messages: %llu echoed\n",
              static_cast<unsigned long long>(id), size, static_cast<unsigned long long>(echoed));
}

void Server::serve_throughput(int fd, uint64_t id, uint32_t size) {
  std::vector<std::byte> chunk(kReadChunk);
  Report report;
  while (true) {
    size_t got = 0;
    IoStatus s = read_some(fd, chunk.data(), chunk.size(), got, patience_);
    if (s == IoStatus::kEof) break;
    if (s != IoStatus::kOk) return report_failure(id, s);
    report.bytes += got;
  }
  report.messages = report.bytes / size;
  const auto wire = encode(report);
  IoStatus s = write_full(fd, wire.data(), wire.size(), patience_);
  if (s != IoStatus::kOk) return report_failure(id, s);
  std::printf("connection %llu: throughput, %u-byte messages: %llu received\n",
              static_cast<unsigned long long>(id), size,
              static_cast<unsigned long long>(report.messages));
}

void Server::report_failure(uint64_t id, IoStatus s) const {
  if (s == IoStatus::kStopped) return;
  const std::string why = s == IoStatus::kError     ? std::strerror(errno)
                          : s == IoStatus::kTimeout ? "silent for " +
                                                          std::to_string(kIdleLimitMs / 1000) +
                                                          " s"
                                                    : to_string(s);
  std::fprintf(stderr, "connection %llu: %s\n", static_cast<unsigned long long>(id), why.c_str());
}

void Server::reap(bool all) {
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (all || it->done.load()) {
      it->thread.join();
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

int run_server(const PerfOptions& options, std::atomic<bool>& stop) {
  return Server(options, stop).run();
}

}  // namespace dsctp::apps::tcp_perf
