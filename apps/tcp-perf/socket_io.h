// Sockets for tcp-perf: blocking calls for the fast path, woken every
// kSliceMs so that a stop request or a silent peer is noticed in time.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace dsctp::apps::tcp_perf {

inline constexpr int kSliceMs = 100;

// Owns a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();

 private:
  int fd_ = -1;
};

enum class IoStatus : uint8_t {
  kOk,
  kEof,      // the peer closed (reading: before the first byte)
  kTimeout,  // no progress for the timeout
  kStopped,  // `stop` became true while waiting
  kError,    // errno says why
};

const char* to_string(IoStatus s);

// When to give up on a transfer that makes no progress. `stop` may be
// nullptr: then only the timeout ends the wait.
struct Patience {
  int timeout_ms = 5000;
  const std::atomic<bool>* stop = nullptr;
};

// Reads or writes all `n` bytes. kEof after part of the bytes is kError
// (with errno ECONNRESET): a message cut short.
IoStatus read_full(int fd, std::byte* data, size_t n, const Patience& p);
IoStatus write_full(int fd, const std::byte* data, size_t n, const Patience& p);
// Reads whatever arrives (up to n) into data; `got` is 0 only with kEof.
IoStatus read_some(int fd, std::byte* data, size_t n, size_t& got, const Patience& p);

// TCP_NODELAY, the kSliceMs send and receive timeouts, and SO_BUSY_POLL
// when busy_poll_us > 0. False with `error` set if one of them fails.
bool configure(int fd, uint32_t busy_poll_us, std::string& error);

// A listening socket on 0.0.0.0:port, or an invalid Fd and `error`.
Fd listen_on(uint16_t port, std::string& error);
// A connected socket within timeout_ms, or an invalid Fd and `error`.
Fd connect_to(const std::string& ip, uint16_t port, int timeout_ms, std::string& error);

// Segments the kernel retransmitted on this connection (TCP_INFO).
uint64_t retransmissions(int fd);

}  // namespace dsctp::apps::tcp_perf
