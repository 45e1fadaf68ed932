#include "interop/usrsctp_pair.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <usrsctp.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <thread>

// usrsctp 0.9.5 implements these options but leaves them out of usrsctp.h.
#ifndef SCTP_CMT_ON_OFF
#define SCTP_CMT_ON_OFF 0x00001200
#endif
#ifndef SCTP_INTERLEAVING_SUPPORTED
#define SCTP_INTERLEAVING_SUPPORTED 0x00001206
#endif

namespace dsctp::interop {

const char* to_string(Direction d) {
  return d == Direction::kClientToServer ? "client->server" : "server->client";
}

namespace {

// usrsctp keeps associations (and their timers) alive after a pair is gone
// when they were closed gracefully and never finished. Callbacks therefore
// carry a pair id, never a pointer: an id is never reused, so a stale
// association can only reach a dead id, whose packets are dropped.
std::mutex g_registry_mutex;
std::map<uintptr_t, UsrsctpPair*> g_pairs;
uintptr_t g_next_id = 1;

// Each side is reached through its own AF_CONN address; ids are nonzero
// because a null sconn_addr means "any" to usrsctp.
void* client_addr(uintptr_t id) { return reinterpret_cast<void*>(id << 1); }
void* server_addr(uintptr_t id) { return reinterpret_cast<void*>((id << 1) | 1); }

constexpr uint32_t kStepMs = 10;
constexpr auto kWallLimit = std::chrono::seconds(5);
constexpr size_t kMaxDeliveriesPerExchange = 10000;

template <class T>
bool set_option(struct socket* s, int level, int name, const T& value) {
  return usrsctp_setsockopt(s, level, name, &value, sizeof value) == 0;
}

}  // namespace

struct UsrsctpCallbacks {
  static int output(void* addr, void* buffer, size_t length, uint8_t /*tos*/,
                    uint8_t /*set_df*/) {
    auto raw = reinterpret_cast<uintptr_t>(addr);
    std::lock_guard lock(g_registry_mutex);
    auto it = g_pairs.find(raw >> 1);
    if (it == g_pairs.end()) return 0;  // a stale association: lost
    // A side sends to its own link end (see connect()).
    Direction d = (raw & 1) ? Direction::kServerToClient : Direction::kClientToServer;
    it->second->record(d, static_cast<const std::byte*>(buffer), length);
    return 0;
  }

  static int receive(struct socket* sock, union sctp_sockstore /*addr*/,
                     void* data, size_t datalen, struct sctp_rcvinfo info,
                     int flags, void* ulp_info) {
    if (data == nullptr) return 1;
    {
      std::lock_guard lock(g_registry_mutex);
      auto it = g_pairs.find(reinterpret_cast<uintptr_t>(ulp_info));
      if (it != g_pairs.end()) {
        UsrsctpPair& pair = *it->second;
        Direction by = sock == pair.client_.sock ? Direction::kClientToServer
                                                 : Direction::kServerToClient;
        if (flags & MSG_NOTIFICATION) {
          pair.notify(by, data, datalen);
        } else {
          Message meta;
          meta.stream = info.rcv_sid;
          meta.ppid = ntohl(info.rcv_ppid);
          meta.unordered = (info.rcv_flags & SCTP_UNORDERED) != 0;
          pair.receive(by, data, datalen, meta, flags);
        }
      }
    }
    std::free(data);  // usrsctp hands the buffer over
    return 1;
  }
};

UsrsctpPair::UsrsctpPair(const PairOptions& options) : options_(options) {
  static std::once_flag once;
  std::call_once(once, [] {
    usrsctp_init_nothreads(0, &UsrsctpCallbacks::output, nullptr);
    // The default, made explicit: usrsctp computes the CRC32c of every
    // packet it emits, so the capture carries real checksums.
    usrsctp_disable_crc32c_offload();
    // Short RTOs and SACK delays keep the paced scenarios (see
    // PairOptions::paced) within a fraction of a second of wall time.
    usrsctp_sysctl_set_sctp_rto_min_default(50);
    usrsctp_sysctl_set_sctp_rto_initial_default(100);
    usrsctp_sysctl_set_sctp_init_rto_max_default(400);
    usrsctp_sysctl_set_sctp_delayed_sack_time_default(50);
  });
  {
    std::lock_guard lock(g_registry_mutex);
    id_ = g_next_id++;
    g_pairs[id_] = this;
  }
  usrsctp_register_address(client_addr(id_));
  usrsctp_register_address(server_addr(id_));
}

UsrsctpPair::~UsrsctpPair() {
  // SO_LINGER 0 frees each association at once, so nothing of this pair
  // outlives it; what those ABORTs say is not part of any scenario.
  for (Side* s : {&client_, &server_}) {
    if (s->sock != nullptr && !s->closed) close_socket(s->sock, true);
  }
  if (listener_ != nullptr) close_socket(listener_, true);
  {
    std::lock_guard lock(g_registry_mutex);
    g_pairs.erase(id_);
  }
  usrsctp_deregister_address(client_addr(id_));
  usrsctp_deregister_address(server_addr(id_));
}

void UsrsctpPair::close_socket(struct socket* s, bool abort) {
  if (abort) {
    struct linger l{};
    l.l_onoff = 1;
    l.l_linger = 0;
    set_option(s, SOL_SOCKET, SO_LINGER, l);
  }
  usrsctp_close(s);
}

struct socket* UsrsctpPair::make_socket() {
  return usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP,
                        &UsrsctpCallbacks::receive, nullptr, 0,
                        reinterpret_cast<void*>(id_));
}

bool UsrsctpPair::configure(struct socket* s) {
  bool ok = usrsctp_set_non_blocking(s, 1) == 0;
  int on = 1;
  ok &= set_option(s, IPPROTO_SCTP, SCTP_NODELAY, on);  // no Nagle delays
  struct sctp_initmsg init{};
  init.sinit_num_ostreams = options_.streams;
  init.sinit_max_instreams = options_.max_in_streams;
  ok &= set_option(s, IPPROTO_SCTP, SCTP_INITMSG, init);

  const uint16_t events[] = {SCTP_ASSOC_CHANGE,       SCTP_REMOTE_ERROR,
                             SCTP_SHUTDOWN_EVENT,     SCTP_SENDER_DRY_EVENT,
                             SCTP_STREAM_RESET_EVENT, SCTP_ASSOC_RESET_EVENT,
                             SCTP_STREAM_CHANGE_EVENT, SCTP_SEND_FAILED_EVENT};
  for (uint16_t type : events) {
    struct sctp_event ev{};
    ev.se_assoc_id = SCTP_FUTURE_ASSOC;
    ev.se_type = type;
    ev.se_on = 1;
    ok &= set_option(s, IPPROTO_SCTP, SCTP_EVENT, ev);
  }

  struct sctp_assoc_value av{};
  av.assoc_id = SCTP_FUTURE_ASSOC;
  if (options_.stream_reset) {
    av.assoc_value = SCTP_ENABLE_RESET_STREAM_REQ | SCTP_ENABLE_RESET_ASSOC_REQ |
                     SCTP_ENABLE_CHANGE_ASSOC_REQ;
    ok &= set_option(s, IPPROTO_SCTP, SCTP_ENABLE_STREAM_RESET, av);
  }
  if (options_.interleaving) {
    // usrsctp refuses I-DATA unless fragments of different messages may
    // interleave on delivery (level 2).
    int level = 2;
    ok &= set_option(s, IPPROTO_SCTP, SCTP_FRAGMENT_INTERLEAVE, level);
    av.assoc_value = 1;
    ok &= set_option(s, IPPROTO_SCTP, SCTP_INTERLEAVING_SUPPORTED, av);
  }
  if (options_.nr_sack) {
    av.assoc_value = 1;
    ok &= set_option(s, IPPROTO_SCTP, SCTP_NRSACK_SUPPORTED, av);
    ok &= set_option(s, IPPROTO_SCTP, SCTP_CMT_ON_OFF, av);
  }
  if (options_.auth_data) {
    struct sctp_authchunk chunk{};
    chunk.sauth_chunk = SCTP_DATA;
    ok &= set_option(s, IPPROTO_SCTP, SCTP_AUTH_CHUNK, chunk);
  }
  return ok && configure_path(s);
}

// Set as the endpoint's default before the association exists: usrsctp
// refuses per-association path settings whose address is AF_CONN-less.
bool UsrsctpPair::configure_path(struct socket* s) {
  struct sctp_paddrparams p{};
  p.spp_assoc_id = SCTP_FUTURE_ASSOC;
  p.spp_pathmtu = options_.path_mtu;
  p.spp_flags = SPP_PMTUD_DISABLE;
  if (options_.heartbeat_interval_ms != 0) {
    p.spp_flags |= SPP_HB_ENABLE;
    p.spp_hbinterval = options_.heartbeat_interval_ms;
  } else {
    p.spp_flags |= SPP_HB_DISABLE;
  }
  return set_option(s, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, p);
}

bool UsrsctpPair::connect() {
  struct sockaddr_conn server{};
  server.sconn_family = AF_CONN;
  server.sconn_port = htons(options_.server_port);
  server.sconn_addr = server_addr(id_);
  struct sockaddr_conn client{};
  client.sconn_family = AF_CONN;
  client.sconn_port = htons(options_.client_port);
  client.sconn_addr = client_addr(id_);

  listener_ = make_socket();
  client_.sock = make_socket();
  if (listener_ == nullptr || client_.sock == nullptr) return false;
  if (!configure(listener_) || !configure(client_.sock)) return false;
  if (usrsctp_bind(listener_, reinterpret_cast<struct sockaddr*>(&server),
                   sizeof server) != 0 ||
      usrsctp_listen(listener_, 1) != 0 ||
      usrsctp_bind(client_.sock, reinterpret_cast<struct sockaddr*>(&client),
                   sizeof client) != 0) {
    return false;
  }
  // The client names its own end of the link as the peer: usrsctp passes
  // that address back to the output callback, which tells the harness who
  // sent the packet. usrsctp_conninput() makes the delivering end the
  // source, so the server answers through its own end in the same way.
  struct sockaddr_conn to = client;
  to.sconn_port = htons(options_.server_port);
  if (usrsctp_connect(client_.sock, reinterpret_cast<struct sockaddr*>(&to),
                      sizeof to) != 0 &&
      errno != EINPROGRESS) {
    return false;
  }
  bool up = run_until([this] {
    if (server_.sock == nullptr) {
      server_.sock = usrsctp_accept(listener_, nullptr, nullptr);
      if (server_.sock != nullptr) usrsctp_set_non_blocking(server_.sock, 1);
    }
    return server_.sock != nullptr &&
           has_notification(kClient, SCTP_ASSOC_CHANGE, SCTP_COMM_UP);
  });
  return up;
}

bool UsrsctpPair::send(Direction from, const Message& m, const PrPolicy& pr) {
  struct socket* s = socket_of(from);
  if (s == nullptr) return false;
  struct sctp_sendv_spa spa{};
  spa.sendv_flags = SCTP_SEND_SNDINFO_VALID;
  spa.sendv_sndinfo.snd_sid = m.stream;
  spa.sendv_sndinfo.snd_ppid = htonl(m.ppid);  // usrsctp copies it verbatim
  spa.sendv_sndinfo.snd_flags = m.unordered ? SCTP_UNORDERED : 0;
  if (pr.policy != 0) {
    spa.sendv_flags |= SCTP_SEND_PRINFO_VALID;
    spa.sendv_prinfo.pr_policy = pr.policy;
    spa.sendv_prinfo.pr_value = pr.value;
  }
  // Nothing is acknowledged before the harness next delivers a packet, so
  // the SENDER_DRY that covers this message is one that has not come yet.
  side(from).dry_before_last_send = count_notifications(from, SCTP_SENDER_DRY_EVENT);
  ssize_t n = usrsctp_sendv(s, m.payload.data(), m.payload.size(), nullptr, 0,
                            &spa, sizeof spa, SCTP_SENDV_SPA, 0);
  return n == static_cast<ssize_t>(m.payload.size());
}

bool UsrsctpPair::send_abort(Direction from, std::span<const std::byte> reason) {
  struct socket* s = socket_of(from);
  if (s == nullptr) return false;
  struct sctp_sndinfo info{};
  info.snd_flags = SCTP_ABORT;
  ssize_t n = usrsctp_sendv(s, reason.data(), reason.size(), nullptr, 0, &info,
                            sizeof info, SCTP_SENDV_SNDINFO, 0);
  return n >= 0;
}

bool UsrsctpPair::shutdown(Direction side) {
  struct socket* s = socket_of(side);
  return s != nullptr && usrsctp_shutdown(s, SHUT_WR) == 0;
}

void UsrsctpPair::close(Direction side, bool abort) {
  Side& s = this->side(side);
  if (s.sock == nullptr || s.closed) return;
  close_socket(s.sock, abort);
  s.closed = true;  // the pointer still names the side in late callbacks
}

void UsrsctpPair::record(Direction d, const std::byte* bytes, size_t length) {
  CapturedPacket p;
  p.direction = d;
  p.bytes.assign(bytes, bytes + length);
  p.dropped = drop && drop(p);
  uint8_t ecn = ecn_bits ? ecn_bits(p) : 0;
  std::lock_guard lock(mutex_);
  if (!p.dropped) queue_.push_back(Pending{d, p.bytes, ecn});
  packets_.push_back(std::move(p));
}

void UsrsctpPair::receive(Direction by, const void* data, size_t length,
                          const Message& meta, int flags) {
  Side& s = side(by);
  if (!s.partial_started) {
    s.partial = meta;
    s.partial.payload.clear();
    s.partial_started = true;
  }
  auto* p = static_cast<const std::byte*>(data);
  s.partial.payload.insert(s.partial.payload.end(), p, p + length);
  if (flags & MSG_EOR) {
    s.received.push_back(std::move(s.partial));
    s.partial = Message{};
    s.partial_started = false;
  }
}

void UsrsctpPair::notify(Direction by, const void* data, size_t length) {
  if (length < 8) return;
  auto* n = static_cast<const union sctp_notification*>(data);
  Notification out;
  out.type = n->sn_header.sn_type;
  if (out.type == SCTP_ASSOC_CHANGE && length >= sizeof(struct sctp_assoc_change)) {
    out.detail = n->sn_assoc_change.sac_state;
  } else {
    out.detail = n->sn_header.sn_flags;  // stream reset / change flags
  }
  side(by).notifications.push_back(out);
}

void UsrsctpPair::deliver(const Pending& p) {
  // The receiving side's own end is the source usrsctp records.
  void* to = p.direction == Direction::kClientToServer ? server_addr(id_)
                                                       : client_addr(id_);
  usrsctp_conninput(to, p.bytes.data(), p.bytes.size(), p.ecn_bits);
}

void UsrsctpPair::inject(Direction d, std::span<const std::byte> packet) {
  deliver(Pending{d, std::vector<std::byte>(packet.begin(), packet.end()), 0});
}

void UsrsctpPair::exchange() {
  // Delivery may make usrsctp emit more packets (queued by record(), never
  // delivered from inside the callback); the bound stops a packet storm.
  for (size_t i = 0; i < kMaxDeliveriesPerExchange; ++i) {
    Pending p;
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty()) return;
      p = std::move(queue_.front());
      queue_.pop_front();
    }
    deliver(p);
  }
}

void UsrsctpPair::step() {
  usrsctp_handle_timers(kStepMs);
  virtual_ms_ += kStepMs;
  if (options_.paced) {
    std::this_thread::sleep_until(wall_start_ + std::chrono::milliseconds(virtual_ms_));
  }
  exchange();
}

void UsrsctpPair::advance(uint32_t ms) {
  exchange();
  for (uint32_t t = 0; t < ms; t += kStepMs) step();
}

bool UsrsctpPair::run_until(const std::function<bool()>& done, uint32_t max_ms) {
  auto wall_deadline = std::chrono::steady_clock::now() + kWallLimit;
  exchange();
  for (uint32_t t = 0;; t += kStepMs) {
    if (done()) return true;
    if (t >= max_ms || std::chrono::steady_clock::now() > wall_deadline) return false;
    step();
  }
}

bool UsrsctpPair::wait_dry(Direction side, uint32_t max_ms) {
  size_t before = this->side(side).dry_before_last_send;
  return run_until(
      [&] { return count_notifications(side, SCTP_SENDER_DRY_EVENT) > before; },
      max_ms);
}

struct socket* UsrsctpPair::socket_of(Direction d) const {
  const Side& s = side(d);
  return s.closed ? nullptr : s.sock;
}

const std::vector<Message>& UsrsctpPair::received(Direction by) const {
  return side(by).received;
}

const std::vector<Notification>& UsrsctpPair::notifications(Direction by) const {
  return side(by).notifications;
}

bool UsrsctpPair::has_notification(Direction by, uint16_t type, uint16_t detail) const {
  for (const Notification& n : side(by).notifications) {
    if (n.type == type && n.detail == detail) return true;
  }
  return false;
}

size_t UsrsctpPair::count_notifications(Direction by, uint16_t type) const {
  size_t count = 0;
  for (const Notification& n : side(by).notifications) count += n.type == type;
  return count;
}

}  // namespace dsctp::interop
