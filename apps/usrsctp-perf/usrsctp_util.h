// usrsctp-perf's use of the usrsctp socket API: the socket every
// association gets, whole-message sends, and what usrsctp tells about
// itself. Nothing here keeps state; the server and the client do.
#pragma once

#include <usrsctp.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace dsctp::apps::usrsctp_perf {

// Many times the largest message, so that on loopback neither end is held
// back by its own buffer; what is measured is the stack.
inline constexpr int kSocketBufferBytes = 4 << 20;

using ReceiveFn = int (*)(struct socket* s, union sctp_sockstore from, void* data, size_t length,
                          struct sctp_rcvinfo info, int flags, void* ulp_info);
using WritableFn = int (*)(struct socket* s, uint32_t sb_free, void* ulp_info);

struct SocketSetup {
  ReceiveFn on_receive = nullptr;
  WritableFn on_writable = nullptr;  // nullptr: no send callback
  uint32_t send_threshold = 0;       // usrsctp's sb_threshold
  void* ulp_info = nullptr;
  uint16_t out_streams = 1;
  uint16_t in_streams = 1;
  bool no_delay = false;             // Nagle off
};

// A non-blocking one-to-one socket on usrsctp's callback API. nullptr, with
// `error` set, on failure.
struct socket* open_socket(const SocketSetup& setup, std::string& error);

// Closes gracefully (SHUTDOWN) or, with `abort`, at once (ABORT).
void close_socket(struct socket* s, bool abort);

// Makes the client's associations speak SCTP over UDP to `port`.
bool set_remote_udp_port(struct socket* s, uint16_t port, std::string& error);

// One whole message. 0, or the errno (EWOULDBLOCK: the send buffer has no
// room for it now).
int send_message(struct socket* s, uint16_t stream, uint32_t ppid, bool unordered,
                 std::span<const std::byte> data);

// Payload bytes of the socket's association that are queued or not yet
// acknowledged; nothing when it has no association.
std::optional<uint32_t> unacked_bytes(struct socket* s);

struct AssocChange {
  uint16_t state = 0;  // SCTP_COMM_UP, SCTP_COMM_LOST, ...
  uint16_t outbound_streams = 0;
};
// The contents of an SCTP_ASSOC_CHANGE notification; nothing for others.
std::optional<AssocChange> assoc_change(std::span<const std::byte> notification);

// DATA chunks this process has retransmitted, over all its associations.
uint64_t retransmitted_chunks();

// Starts usrsctp with SCTP over UDP on local `udp_port`. usrsctp_init
// cannot fail, so a port in use would only show as silence: checked first.
bool start_usrsctp(uint16_t udp_port, std::string& error);
// Gives closing associations a moment to finish, then stops usrsctp. If
// it will not stop, its threads may still call back into the caller's
// objects: the process exits with `rc` at once, without unwinding.
void leave_usrsctp(int rc);

std::string errno_text(int err);

}  // namespace dsctp::apps::usrsctp_perf
