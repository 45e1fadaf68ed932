#include "socket_io.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dsctp::apps::tcp_perf {
namespace {

// A blocking call that returned without progress: true to try again,
// false with `status` set when the wait is over. Each expired
// SO_RCVTIMEO / SO_SNDTIMEO is one kSliceMs of silence.
bool keep_waiting(int& waited_ms, const Patience& p, IoStatus& status) {
  if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
    status = IoStatus::kError;
    return false;
  }
  if (p.stop != nullptr && p.stop->load(std::memory_order_relaxed)) {
    status = IoStatus::kStopped;
    return false;
  }
  if (errno != EINTR) waited_ms += kSliceMs;
  if (waited_ms >= p.timeout_ms) {
    status = IoStatus::kTimeout;
    return false;
  }
  return true;
}

bool set_int(int fd, int level, int name, int value) {
  return setsockopt(fd, level, name, &value, sizeof value) == 0;
}

std::string describe(const std::string& ip, uint16_t port) {
  return ip + ":" + std::to_string(port);
}

// Waits for a non-blocking connect to finish; 0 or the errno it ended with.
int finish_connect(int fd, int timeout_ms) {
  pollfd p{fd, POLLOUT, 0};
  int r = poll(&p, 1, timeout_ms);
  if (r == 0) return ETIMEDOUT;
  if (r < 0) return errno;
  int so_error = 0;
  socklen_t len = sizeof so_error;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) return errno;
  return so_error;
}

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) close(fd_);
}

int Fd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

const char* to_string(IoStatus s) {
  switch (s) {
    case IoStatus::kOk: return "ok";
    case IoStatus::kEof: return "connection closed by the peer";
    case IoStatus::kTimeout: return "no answer";
    case IoStatus::kStopped: return "stopped";
    case IoStatus::kError: return "error";
  }
  return "?";
}

IoStatus read_some(int fd, std::byte* data, size_t n, size_t& got, const Patience& p) {
  got = 0;
  int waited_ms = 0;
  IoStatus status = IoStatus::kOk;
  while (true) {
    ssize_t r = recv(fd, data, n, 0);
    if (r > 0) {
      got = static_cast<size_t>(r);
      return IoStatus::kOk;
    }
    if (r == 0) return IoStatus::kEof;
    if (!keep_waiting(waited_ms, p, status)) return status;
  }
}

IoStatus read_full(int fd, std::byte* data, size_t n, const Patience& p) {
  for (size_t done = 0; done < n;) {
    size_t got = 0;
    IoStatus s = read_some(fd, data + done, n - done, got, p);
    if (s == IoStatus::kEof && done > 0) {
      errno = ECONNRESET;
      return IoStatus::kError;
    }
    if (s != IoStatus::kOk) return s;
    done += got;
  }
  return IoStatus::kOk;
}

IoStatus write_full(int fd, const std::byte* data, size_t n, const Patience& p) {
  int waited_ms = 0;
  IoStatus status = IoStatus::kOk;
  for (size_t done = 0; done < n;) {
    ssize_t r = send(fd, data + done, n - done, MSG_NOSIGNAL);
    if (r > 0) {
      done += static_cast<size_t>(r);
      waited_ms = 0;
    } else if (!keep_waiting(waited_ms, p, status)) {
      return status;
    }
  }
  return IoStatus::kOk;
}

bool configure(int fd, uint32_t busy_poll_us, std::string& error) {
  const timeval slice{0, kSliceMs * 1000};
  if (!set_int(fd, IPPROTO_TCP, TCP_NODELAY, 1) ||
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &slice, sizeof slice) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &slice, sizeof slice) != 0) {
    error = std::string("cannot set socket options: ") + std::strerror(errno);
    return false;
  }
  if (busy_poll_us > 0 && !set_int(fd, SOL_SOCKET, SO_BUSY_POLL, static_cast<int>(busy_poll_us))) {
    error = "cannot set SO_BUSY_POLL to " + std::to_string(busy_poll_us) +
            " us: " + std::strerror(errno);
    if (errno == EPERM) error += " (raising it above net.core.busy_read may need CAP_NET_ADMIN)";
    return false;
  }
  return true;
}

Fd listen_on(uint16_t port, std::string& error) {
  Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  if (!fd.valid() || !set_int(fd.get(), SOL_SOCKET, SO_REUSEADDR, 1) ||
      bind(fd.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0 ||
      listen(fd.get(), 128) != 0) {
    error = "cannot listen on TCP port " + std::to_string(port) + ": " + std::strerror(errno);
    return Fd();
  }
  return fd;
}

Fd connect_to(const std::string& ip, uint16_t port, int timeout_ms, std::string& error) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  if (inet_pton(AF_INET, ip.c_str(), &a.sin_addr) != 1) {
    error = "'" + ip + "' is not an IPv4 address";
    return Fd();
  }
  Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) {
    error = std::string("cannot open a socket: ") + std::strerror(errno);
    return Fd();
  }
  int e = connect(fd.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0 ? 0 : errno;
  if (e == EINPROGRESS) e = finish_connect(fd.get(), timeout_ms);
  if (e == 0 && fcntl(fd.get(), F_SETFL, 0) != 0) e = errno;
  if (e != 0) {
    error = "cannot connect to " + describe(ip, port) + ": " +
            (e == ETIMEDOUT ? "no answer in " + std::to_string(timeout_ms) + " ms"
                            : std::string(std::strerror(e)));
    return Fd();
  }
  return fd;
}

uint64_t retransmissions(int fd) {
  tcp_info info{};
  socklen_t len = sizeof info;
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return 0;
  return info.tcpi_total_retrans;
}

}  // namespace dsctp::apps::tcp_perf
