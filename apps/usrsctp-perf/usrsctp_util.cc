#include "usrsctp_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

// usrsctp 0.9.5 implements this option but leaves it out of usrsctp.h;
// the layout is its sctp_uio.h's struct sctp_sockstat.
#ifndef SCTP_GET_SNDBUF_USE
#define SCTP_GET_SNDBUF_USE 0x00001101
#endif

namespace dsctp::apps::usrsctp_perf {
namespace {

struct SndbufUse {
  sctp_assoc_t assoc_id;
  uint32_t total_sndbuf;
  uint32_t total_recv_buf;
};

template <class T>
bool set_option(struct socket* s, int level, int name, const T& value, const char* what,
                std::string& error) {
  if (usrsctp_setsockopt(s, level, name, &value, sizeof value) == 0) return true;
  error = std::string(what) + ": " + errno_text(errno);
  return false;
}

bool subscribe_assoc_changes(struct socket* s, std::string& error) {
  struct sctp_event event {};
  event.se_assoc_id = SCTP_FUTURE_ASSOC;
  event.se_type = SCTP_ASSOC_CHANGE;
  event.se_on = 1;
  return set_option(s, IPPROTO_SCTP, SCTP_EVENT, event, "SCTP_EVENT", error);
}

bool configure(struct socket* s, const SocketSetup& setup, std::string& error) {
  if (usrsctp_set_non_blocking(s, 1) != 0) {
    error = "non-blocking: " + errno_text(errno);
    return false;
  }
  struct sctp_initmsg init {};
  init.sinit_num_ostreams = setup.out_streams;
  init.sinit_max_instreams = setup.in_streams;
  // Messages up to half the receive buffer arrive in one callback; larger
  // ones come in pieces (partial delivery), which the receivers join.
  const uint32_t pd_point = kSocketBufferBytes / 2;
  const int no_delay = setup.no_delay ? 1 : 0;
  return set_option(s, SOL_SOCKET, SO_SNDBUF, kSocketBufferBytes, "SO_SNDBUF", error) &&
         set_option(s, SOL_SOCKET, SO_RCVBUF, kSocketBufferBytes, "SO_RCVBUF", error) &&
         set_option(s, IPPROTO_SCTP, SCTP_PARTIAL_DELIVERY_POINT, pd_point,
                    "SCTP_PARTIAL_DELIVERY_POINT", error) &&
         set_option(s, IPPROTO_SCTP, SCTP_NODELAY, no_delay, "SCTP_NODELAY", error) &&
         set_option(s, IPPROTO_SCTP, SCTP_INITMSG, init, "SCTP_INITMSG", error) &&
         subscribe_assoc_changes(s, error);
}

bool udp_port_free(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return true;  // nothing to tell; usrsctp will try anyway
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return free;
}

}  // namespace

std::string errno_text(int err) { return std::strerror(err); }

struct socket* open_socket(const SocketSetup& setup, std::string& error) {
  struct socket* s = usrsctp_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP, setup.on_receive,
                                    setup.on_writable, setup.send_threshold, setup.ulp_info);
  if (s == nullptr) {
    error = "usrsctp_socket: " + errno_text(errno);
    return nullptr;
  }
  if (!configure(s, setup, error)) {
    usrsctp_close(s);
    return nullptr;
  }
  return s;
}

void close_socket(struct socket* s, bool abort) {
  if (abort) {
    struct linger l {};
    l.l_onoff = 1;
    l.l_linger = 0;
    usrsctp_setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  }
  usrsctp_close(s);
}

bool set_remote_udp_port(struct socket* s, uint16_t port, std::string& error) {
  struct sctp_udpencaps encaps {};
  encaps.sue_address.ss_family = AF_INET;  // any address: the whole endpoint
  encaps.sue_port = htons(port);
  return set_option(s, IPPROTO_SCTP, SCTP_REMOTE_UDP_ENCAPS_PORT, encaps,
                    "SCTP_REMOTE_UDP_ENCAPS_PORT", error);
}

int send_message(struct socket* s, uint16_t stream, uint32_t ppid, bool unordered,
                 std::span<const std::byte> data) {
  struct sctp_sndinfo info {};
  info.snd_sid = stream;
  info.snd_ppid = htonl(ppid);
  info.snd_flags = unordered ? SCTP_UNORDERED : 0;
  const ssize_t n = usrsctp_sendv(s, data.data(), data.size(), nullptr, 0, &info, sizeof info,
                                  SCTP_SENDV_SNDINFO, 0);
  if (n < 0) return errno;
  // Without SCTP_EXPLICIT_EOR usrsctp takes a message whole or not at all.
  return static_cast<size_t>(n) == data.size() ? 0 : EIO;
}

std::optional<uint32_t> unacked_bytes(struct socket* s) {
  SndbufUse use{};
  socklen_t length = sizeof use;
  if (usrsctp_getsockopt(s, IPPROTO_SCTP, SCTP_GET_SNDBUF_USE, &use, &length) != 0) {
    return std::nullopt;
  }
  return use.total_sndbuf;
}

std::optional<AssocChange> assoc_change(std::span<const std::byte> notification) {
  struct sctp_assoc_change change {};
  if (notification.size() < offsetof(struct sctp_assoc_change, sac_assoc_id)) {
    return std::nullopt;
  }
  std::memcpy(&change, notification.data(), std::min(notification.size(), sizeof change));
  if (change.sac_type != SCTP_ASSOC_CHANGE) return std::nullopt;
  return AssocChange{change.sac_state, change.sac_outbound_streams};
}

uint64_t retransmitted_chunks() {
  struct sctpstat stat {};
  usrsctp_get_stat(&stat);
  // Every retransmitted DATA chunk, fast retransmissions included (those
  // are also counted apart, in sctps_sendfastretrans).
  return stat.sctps_sendretransdata;
}

bool start_usrsctp(uint16_t udp_port, std::string& error) {
  if (!udp_port_free(udp_port)) {
    error = "UDP port " + std::to_string(udp_port) + " is in use";
    return false;
  }
  // No debug printer: usrsctp prints nothing.
  usrsctp_init(udp_port, nullptr, nullptr);
  return true;
}

void leave_usrsctp(int rc) {
  // usrsctp_finish refuses while associations are still shutting down,
  // which on loopback takes a round trip or two.
  for (int i = 0; i < 40; ++i) {
    if (usrsctp_finish() == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::fflush(nullptr);
  std::_Exit(rc);
}

}  // namespace dsctp::apps::usrsctp_perf
