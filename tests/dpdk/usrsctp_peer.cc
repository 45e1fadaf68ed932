// usrsctp over a real interface, as the peer of our DPDK stack in the
// network-namespace tests: raw SCTP over IPv4 (as root) or SCTP over UDP
// (RFC 6951, port 9899). It is either an echo client (sends --count
// messages over --streams streams, checks every echo, then shuts down) or
// an echo server (echoes on the same stream with the same PPID and flags
// until the peer shuts down). Exits 0 only if everything went right; an
// alarm ends it if anything hangs.
//
//   usrsctp_peer client raw|udp ADDRESS PORT COUNT SIZE STREAMS
//   usrsctp_peer server raw|udp PORT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <usrsctp.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr uint16_t kUdpPort = 9899;
// PPIDs from a range IANA has not assigned, so that tshark does not take
// the test payload for an upper-layer protocol and call it malformed.
constexpr uint32_t kPpidBase = 100000;

int fail(const char* what) {
  std::fprintf(stderr, "usrsctp_peer: %s: %s\n", what, std::strerror(errno));
  return 1;
}

void set_streams(struct socket* s, uint16_t streams) {
  struct sctp_initmsg init {};
  init.sinit_num_ostreams = streams;
  init.sinit_max_instreams = streams;
  usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof init);
  const int on = 1;
  usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof on);
  // Without it usrsctp holds each echo back (Nagle) until the previous
  // one is acknowledged, which a delayed SACK makes 200 ms.
  usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof on);
}

// One whole message (reads until MSG_EOR). Returns its size, 0 when the
// peer shut down, -1 on error.
ssize_t receive(struct socket* s, std::vector<char>& buffer, struct sctp_rcvinfo& info) {
  size_t used = 0;
  for (;;) {
    if (buffer.size() - used < 65536) buffer.resize(used + 65536);
    socklen_t infolen = sizeof info;
    unsigned int infotype = 0;
    int flags = 0;
    struct sockaddr_in from {};
    socklen_t fromlen = sizeof from;
    ssize_t n = usrsctp_recvv(s, buffer.data() + used, buffer.size() - used,
                              reinterpret_cast<struct sockaddr*>(&from), &fromlen, &info,
                              &infolen, &infotype, &flags);
    if (n <= 0) return n;
    if (flags & MSG_NOTIFICATION) continue;
    used += static_cast<size_t>(n);
    if (flags & MSG_EOR) return static_cast<ssize_t>(used);
  }
}

bool send_message(struct socket* s, const char* data, size_t len, uint16_t stream,
                  uint32_t ppid, bool unordered) {
  struct sctp_sndinfo snd {};
  snd.snd_sid = stream;
  snd.snd_ppid = htonl(ppid);
  snd.snd_flags = unordered ? SCTP_UNORDERED : 0;
  return usrsctp_sendv(s, data, len, nullptr, 0, &snd, sizeof snd, SCTP_SENDV_SNDINFO, 0) ==
         static_cast<ssize_t>(len);
}

int run_client(const char* address, uint16_t port, uint32_t count, uint32_t size,
               uint16_t streams, bool udp) {
  struct socket* s = usrsctp_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr, 0,
                                    nullptr);
  if (s == nullptr) return fail("socket");
  set_streams(s, streams);
  if (udp) {
    struct sctp_udpencaps encaps {};
    auto* sin = reinterpret_cast<struct sockaddr_in*>(&encaps.sue_address);
    sin->sin_family = AF_INET;
    encaps.sue_port = htons(kUdpPort);
    if (usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_REMOTE_UDP_ENCAPS_PORT, &encaps,
                           sizeof encaps) < 0) {
      return fail("SCTP_REMOTE_UDP_ENCAPS_PORT");
    }
  }
  struct sockaddr_in peer {};
  peer.sin_family = AF_INET;
  peer.sin_port = htons(port);
  inet_pton(AF_INET, address, &peer.sin_addr);
  if (usrsctp_connect(s, reinterpret_cast<struct sockaddr*>(&peer), sizeof peer) < 0) {
    return fail("connect");
  }
  std::vector<char> msg(size);
  std::vector<char> echo;
  uint32_t good = 0;
  for (uint32_t i = 0; i < count; ++i) {
    for (uint32_t k = 0; k < size; ++k) msg[k] = static_cast<char>(i * 7 + k);
    uint16_t stream = static_cast<uint16_t>(i % streams);
    bool unordered = i % 3 == 0;
    if (!send_message(s, msg.data(), size, stream, kPpidBase + i, unordered)) return fail("send");
    struct sctp_rcvinfo info {};
    ssize_t n = receive(s, echo, info);
    if (n < 0) return fail("receive");
    if (n == 0) {
      std::fprintf(stderr, "usrsctp_peer: the server closed after %u messages\n", i);
      return 1;
    }
    bool same = static_cast<size_t>(n) == size && std::memcmp(echo.data(), msg.data(), size) == 0 &&
                info.rcv_sid == stream && ntohl(info.rcv_ppid) == kPpidBase + i &&
                ((info.rcv_flags & SCTP_UNORDERED) != 0) == unordered;
    if (same) ++good;
  }
  // Graceful shutdown from this side: SHUT_WR, then wait for the peer's end.
  usrsctp_shutdown(s, SHUT_WR);
  struct sctp_rcvinfo info {};
  while (receive(s, echo, info) > 0) {
  }
  usrsctp_close(s);
  std::printf("usrsctp client: %u of %u echoes intact\n", good, count);
  return good == count ? 0 : 1;
}

int run_server(uint16_t port) {
  struct socket* listener = usrsctp_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr,
                                           0, nullptr);
  if (listener == nullptr) return fail("socket");
  set_streams(listener, 64);
  struct sockaddr_in local {};
  local.sin_family = AF_INET;
  local.sin_port = htons(port);
  local.sin_addr.s_addr = htonl(INADDR_ANY);
  if (usrsctp_bind(listener, reinterpret_cast<struct sockaddr*>(&local), sizeof local) < 0) {
    return fail("bind");
  }
  if (usrsctp_listen(listener, 1) < 0) return fail("listen");
  std::printf("usrsctp server listening\n");
  std::fflush(stdout);
  struct socket* s = usrsctp_accept(listener, nullptr, nullptr);
  if (s == nullptr) return fail("accept");
  std::vector<char> buffer;
  uint32_t echoed = 0;
  for (;;) {
    struct sctp_rcvinfo info {};
    ssize_t n = receive(s, buffer, info);
    if (n < 0) return fail("receive");
    if (n == 0) break;  // the peer shut down
    if (!send_message(s, buffer.data(), static_cast<size_t>(n), info.rcv_sid,
                      ntohl(info.rcv_ppid), (info.rcv_flags & SCTP_UNORDERED) != 0)) {
      return fail("send");
    }
    ++echoed;
  }
  usrsctp_close(s);
  usrsctp_close(listener);
  std::printf("usrsctp server: echoed %u messages, peer shut down\n", echoed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  alarm(60);
  if (argc < 3) {
    std::fprintf(stderr, "usage: usrsctp_peer client raw|udp ADDRESS PORT COUNT SIZE STREAMS\n"
                         "       usrsctp_peer server raw|udp PORT\n");
    return 2;
  }
  std::string role = argv[1];
  bool udp = std::string(argv[2]) == "udp";
  // Raw SCTP needs port 0 here (and root); UDP encapsulation listens on 9899.
  usrsctp_init(udp ? kUdpPort : 0, nullptr, nullptr);
  usrsctp_sysctl_set_sctp_blackhole(2);
  int rc = 2;
  if (role == "client" && argc == 8) {
    rc = run_client(argv[3], static_cast<uint16_t>(std::atoi(argv[4])),
                    static_cast<uint32_t>(std::atoi(argv[5])),
                    static_cast<uint32_t>(std::atoi(argv[6])),
                    static_cast<uint16_t>(std::atoi(argv[7])), udp);
  } else if (role == "server" && argc == 4) {
    rc = run_server(static_cast<uint16_t>(std::atoi(argv[3])));
  } else {
    std::fprintf(stderr, "usrsctp_peer: bad arguments\n");
  }
  for (int i = 0; i < 50 && usrsctp_finish() != 0; ++i) usleep(100000);
  return rc;
}
