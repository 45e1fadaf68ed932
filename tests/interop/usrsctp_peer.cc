#include "interop/usrsctp_peer.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <usrsctp.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace dsctp::interop {
namespace {

// Callbacks carry a peer id, never a pointer: an association usrsctp keeps
// alive after its peer is gone (a graceful close that never finished) can
// then only reach an id that is no longer registered, and is ignored.
std::mutex g_registry_mutex;
std::map<uintptr_t, UsrsctpPeer*> g_peers;
uintptr_t g_next_id = 1;

// The socket option that offers I-DATA, as FreeBSD's netinet/sctp.h
// numbers it; usrsctp handles it but its header does not name it.
constexpr int kInterleavingSupported = 0x00001206;

template <class T>
bool set_option(struct socket* s, int level, int name, const T& value) {
  return usrsctp_setsockopt(s, level, name, &value, sizeof value) == 0;
}

}  // namespace

struct PeerCallbacks {
  static int output(void* addr, void* buffer, size_t length, uint8_t /*tos*/,
                    uint8_t /*set_df*/) {
    std::lock_guard lock(g_registry_mutex);
    auto it = g_peers.find(reinterpret_cast<uintptr_t>(addr));
    if (it != g_peers.end()) it->second->on_output(buffer, length);
    return 0;
  }

  static int receive(struct socket* /*sock*/, union sctp_sockstore /*addr*/, void* data,
                     size_t length, struct sctp_rcvinfo info, int flags, void* ulp_info) {
    if (data == nullptr) return 1;
    {
      std::lock_guard lock(g_registry_mutex);
      auto it = g_peers.find(reinterpret_cast<uintptr_t>(ulp_info));
      if (it != g_peers.end()) {
        if (flags & MSG_NOTIFICATION) {
          it->second->on_notification(data, length);
        } else {
          UserMessage meta;
          meta.stream = info.rcv_sid;
          meta.ppid = ntohl(info.rcv_ppid);
          meta.unordered = (info.rcv_flags & SCTP_UNORDERED) != 0;
          it->second->on_data(data, length, meta, flags);
        }
      }
    }
    std::free(data);  // usrsctp hands the buffer over
    return 1;
  }
};

UsrsctpPeer::UsrsctpPeer(const UsrsctpPeerOptions& options) : options_(options) {
  static std::once_flag once;
  std::call_once(once, [] {
    usrsctp_init_nothreads(0, &PeerCallbacks::output, nullptr);
    // usrsctp computes the CRC32c of what it emits, so our side checks
    // real checksums.
    usrsctp_disable_crc32c_offload();
    // The values the usrsctp-only harness uses: short RTOs and SACK delays
    // keep scenarios that must wait in wall time (loss) short.
    usrsctp_sysctl_set_sctp_rto_min_default(50);
    usrsctp_sysctl_set_sctp_rto_initial_default(100);
    usrsctp_sysctl_set_sctp_init_rto_max_default(400);
    usrsctp_sysctl_set_sctp_delayed_sack_time_default(50);
  });
  {
    std::lock_guard lock(g_registry_mutex);
    id_ = g_next_id++;
    g_peers[id_] = this;
  }
  usrsctp_register_address(link());
}

UsrsctpPeer::~UsrsctpPeer() {
  if (sock_ != nullptr && !closed_) close_socket(sock_, true);
  if (listener_ != nullptr) close_socket(listener_, true);
  {
    std::lock_guard lock(g_registry_mutex);
    g_peers.erase(id_);
  }
  usrsctp_deregister_address(link());
}

void UsrsctpPeer::handle_timers(uint32_t elapsed_ms) { usrsctp_handle_timers(elapsed_ms); }

void* UsrsctpPeer::link() const { return reinterpret_cast<void*>(id_); }

struct socket* UsrsctpPeer::make_socket() {
  return usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, &PeerCallbacks::receive, nullptr,
                        0, reinterpret_cast<void*>(id_));
}

bool UsrsctpPeer::configure(struct socket* s) {
  bool ok = usrsctp_set_non_blocking(s, 1) == 0;
  int on = 1;
  ok &= set_option(s, IPPROTO_SCTP, SCTP_NODELAY, on);  // no Nagle delays
  int buffer = static_cast<int>(options_.buffer_bytes);
  ok &= set_option(s, SOL_SOCKET, SO_SNDBUF, buffer);
  ok &= set_option(s, SOL_SOCKET, SO_RCVBUF, buffer);

  struct sctp_initmsg init{};
  init.sinit_num_ostreams = options_.streams;
  init.sinit_max_instreams = options_.max_in_streams;
  ok &= set_option(s, IPPROTO_SCTP, SCTP_INITMSG, init);

  if (options_.interleaving) {
    // usrsctp accepts I-DATA only on a socket that may interleave partial
    // deliveries of different streams (level 2).
    int level = 2;
    ok &= set_option(s, IPPROTO_SCTP, SCTP_FRAGMENT_INTERLEAVE, level);
    struct sctp_assoc_value idata{};
    idata.assoc_id = SCTP_FUTURE_ASSOC;
    idata.assoc_value = 1;
    ok &= set_option(s, IPPROTO_SCTP, kInterleavingSupported, idata);
  }
  if (options_.scheduler >= 0) {
    struct sctp_assoc_value ss{};
    ss.assoc_id = SCTP_FUTURE_ASSOC;
    ss.assoc_value = static_cast<uint32_t>(options_.scheduler);
    ok &= set_option(s, IPPROTO_SCTP, SCTP_PLUGGABLE_SS, ss);
  }

  struct sctp_rtoinfo rto{};
  rto.srto_assoc_id = SCTP_FUTURE_ASSOC;
  rto.srto_max = options_.rto_max_ms;  // 0 leaves initial and min as they are
  ok &= set_option(s, IPPROTO_SCTP, SCTP_RTOINFO, rto);

  if (options_.stream_reset) {
    struct sctp_assoc_value reset{};
    reset.assoc_id = SCTP_FUTURE_ASSOC;
    reset.assoc_value = SCTP_ENABLE_RESET_STREAM_REQ | SCTP_ENABLE_RESET_ASSOC_REQ |
                        SCTP_ENABLE_CHANGE_ASSOC_REQ;
    ok &= set_option(s, IPPROTO_SCTP, SCTP_ENABLE_STREAM_RESET, reset);
  }

  const uint16_t events[] = {SCTP_ASSOC_CHANGE,       SCTP_REMOTE_ERROR,
                             SCTP_SHUTDOWN_EVENT,     SCTP_SENDER_DRY_EVENT,
                             SCTP_SEND_FAILED_EVENT,  SCTP_PARTIAL_DELIVERY_EVENT,
                             SCTP_STREAM_RESET_EVENT, SCTP_ASSOC_RESET_EVENT,
                             SCTP_STREAM_CHANGE_EVENT};
  for (uint16_t type : events) {
    struct sctp_event ev{};
    ev.se_assoc_id = SCTP_FUTURE_ASSOC;
    ev.se_type = type;
    ev.se_on = 1;
    ok &= set_option(s, IPPROTO_SCTP, SCTP_EVENT, ev);
  }

  // Endpoint defaults, set before the association exists: usrsctp refuses
  // per-address settings for an AF_CONN peer. Heartbeats stay off so that
  // every packet in a trace comes from the scenario.
  struct sctp_paddrparams p{};
  p.spp_assoc_id = SCTP_FUTURE_ASSOC;
  p.spp_pathmtu = options_.path_mtu;
  p.spp_flags = SPP_PMTUD_DISABLE | SPP_HB_DISABLE;
  ok &= set_option(s, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, p);
  return ok;
}

bool UsrsctpPeer::listen() {
  listener_ = make_socket();
  if (listener_ == nullptr || !configure(listener_)) return false;
  struct sockaddr_conn local{};
  local.sconn_family = AF_CONN;
  local.sconn_port = htons(options_.port);
  local.sconn_addr = link();
  auto* address = reinterpret_cast<struct sockaddr*>(&local);
  return usrsctp_bind(listener_, address, sizeof local) == 0 && usrsctp_listen(listener_, 1) == 0;
}

bool UsrsctpPeer::accept() {
  if (sock_ != nullptr) return true;
  if (listener_ == nullptr) return false;
  sock_ = usrsctp_accept(listener_, nullptr, nullptr);
  if (sock_ == nullptr) return false;
  usrsctp_set_non_blocking(sock_, 1);
  return true;
}

bool UsrsctpPeer::connect(uint16_t peer_port) {
  sock_ = make_socket();
  if (sock_ == nullptr || !configure(sock_)) return false;
  struct sockaddr_conn local{};
  local.sconn_family = AF_CONN;
  local.sconn_port = htons(options_.port);
  local.sconn_addr = link();
  if (usrsctp_bind(sock_, reinterpret_cast<struct sockaddr*>(&local), sizeof local) != 0) {
    return false;
  }
  struct sockaddr_conn to = local;
  to.sconn_port = htons(peer_port);
  return usrsctp_connect(sock_, reinterpret_cast<struct sockaddr*>(&to), sizeof to) == 0 ||
         errno == EINPROGRESS;
}

bool UsrsctpPeer::up() const { return has_notification(SCTP_ASSOC_CHANGE, SCTP_COMM_UP); }

std::pair<uint16_t, uint16_t> UsrsctpPeer::streams() const {
  struct sctp_status status{};
  socklen_t length = sizeof status;
  if (sock_ == nullptr || closed_ ||
      usrsctp_getsockopt(sock_, IPPROTO_SCTP, SCTP_STATUS, &status, &length) != 0) {
    return {0, 0};
  }
  return {status.sstat_instrms, status.sstat_outstrms};
}

void UsrsctpPeer::input(std::span<const std::byte> packet) {
  usrsctp_conninput(link(), packet.data(), packet.size(), 0);
}

std::vector<std::vector<std::byte>> UsrsctpPeer::take_output() {
  std::lock_guard lock(output_mutex_);
  return std::move(output_);
}

void UsrsctpPeer::on_output(const void* data, size_t length) {
  auto* p = static_cast<const std::byte*>(data);
  std::lock_guard lock(output_mutex_);
  output_.emplace_back(p, p + length);
}

void UsrsctpPeer::send(const UserMessage& m, uint16_t pr_policy, uint32_t pr_value) {
  outbox_.push_back({m, pr_policy, pr_value});
}

void UsrsctpPeer::pump() {
  if (sock_ == nullptr || closed_) return;
  while (!outbox_.empty()) {
    const UserMessage& m = outbox_.front().message;
    struct sctp_sendv_spa spa{};
    spa.sendv_flags = SCTP_SEND_SNDINFO_VALID;
    spa.sendv_sndinfo.snd_sid = m.stream;
    spa.sendv_sndinfo.snd_ppid = htonl(m.ppid);  // usrsctp copies it verbatim
    spa.sendv_sndinfo.snd_flags = m.unordered ? SCTP_UNORDERED : 0;
    if (outbox_.front().pr_policy != SCTP_PR_SCTP_NONE) {
      spa.sendv_flags |= SCTP_SEND_PRINFO_VALID;
      spa.sendv_prinfo.pr_policy = outbox_.front().pr_policy;
      spa.sendv_prinfo.pr_value = outbox_.front().pr_value;
    }
    ssize_t n = usrsctp_sendv(sock_, m.payload.data(), m.payload.size(), nullptr, 0, &spa,
                              sizeof spa, SCTP_SENDV_SPA, 0);
    if (n < 0 && (errno == EWOULDBLOCK || errno == EAGAIN)) return;  // buffer full
    if (n != static_cast<ssize_t>(m.payload.size()) && send_error_.empty()) {
      send_error_ = "usrsctp_sendv of " + std::to_string(m.payload.size()) + " bytes: " +
                    (n < 0 ? std::strerror(errno) : "short write " + std::to_string(n));
    }
    outbox_.pop_front();
  }
}

bool UsrsctpPeer::shutdown() {
  return sock_ != nullptr && !closed_ && usrsctp_shutdown(sock_, SHUT_WR) == 0;
}

void UsrsctpPeer::close_socket(struct socket* s, bool abort) {
  if (abort) {
    struct linger l{};
    l.l_onoff = 1;
    l.l_linger = 0;
    set_option(s, SOL_SOCKET, SO_LINGER, l);
  }
  usrsctp_close(s);
}

void UsrsctpPeer::close(bool abort) {
  if (sock_ == nullptr || closed_) return;
  close_socket(sock_, abort);
  closed_ = true;
}

void UsrsctpPeer::on_data(const void* data, size_t length, const UserMessage& meta, int flags) {
  auto [it, fresh] = partial_.try_emplace(std::make_pair(meta.stream, meta.unordered), meta);
  UserMessage& m = it->second;
  if (fresh) m.payload.clear();
  auto* p = static_cast<const std::byte*>(data);
  m.payload.insert(m.payload.end(), p, p + length);
  if (flags & MSG_EOR) {
    received_.push_back(std::move(m));
    partial_.erase(it);
  }
}

void UsrsctpPeer::on_notification(const void* data, size_t length) {
  if (length < 8) return;  // the header every notification starts with
  auto* n = static_cast<const union sctp_notification*>(data);
  PeerNotification out;
  out.type = n->sn_header.sn_type;
  if (out.type == SCTP_ASSOC_CHANGE && length >= sizeof(struct sctp_assoc_change)) {
    out.detail = n->sn_assoc_change.sac_state;
    out.error = n->sn_assoc_change.sac_error;
  } else {
    out.detail = n->sn_header.sn_flags;
  }
  if (out.type == SCTP_STREAM_RESET_EVENT && length >= sizeof(struct sctp_stream_reset_event)) {
    const struct sctp_stream_reset_event& e = n->sn_strreset_event;
    size_t count = (std::min<size_t>(length, e.strreset_length) - sizeof e) / sizeof(uint16_t);
    const auto* list = reinterpret_cast<const uint16_t*>(
        static_cast<const std::byte*>(data) + sizeof e);
    for (size_t i = 0; i < count; ++i) out.streams.push_back(list[i]);
  }
  if (out.type == SCTP_STREAM_CHANGE_EVENT && length >= sizeof(struct sctp_stream_change_event)) {
    out.streams = {n->sn_strchange_event.strchange_instrms,
                   n->sn_strchange_event.strchange_outstrms};
  }
  notifications_.push_back(out);
}

bool UsrsctpPeer::reset_streams(uint16_t flags, const std::vector<uint16_t>& streams) {
  if (sock_ == nullptr) return false;
  std::vector<std::byte> buf(sizeof(struct sctp_reset_streams) +
                             streams.size() * sizeof(uint16_t));
  auto* r = reinterpret_cast<struct sctp_reset_streams*>(buf.data());
  r->srs_assoc_id = SCTP_FUTURE_ASSOC;  // a one-to-one socket has one
  r->srs_flags = flags;
  r->srs_number_streams = static_cast<uint16_t>(streams.size());
  if (!streams.empty()) {
    std::memcpy(buf.data() + sizeof(struct sctp_reset_streams), streams.data(),
                streams.size() * sizeof(uint16_t));
  }
  return usrsctp_setsockopt(sock_, IPPROTO_SCTP, SCTP_RESET_STREAMS, buf.data(),
                            static_cast<socklen_t>(buf.size())) == 0;
}

bool UsrsctpPeer::add_streams(uint16_t outbound, uint16_t inbound) {
  if (sock_ == nullptr) return false;
  struct sctp_add_streams add{};
  add.sas_assoc_id = SCTP_FUTURE_ASSOC;
  add.sas_outstrms = outbound;
  add.sas_instrms = inbound;
  return set_option(sock_, IPPROTO_SCTP, SCTP_ADD_STREAMS, add);
}

bool UsrsctpPeer::reset_association() {
  if (sock_ == nullptr) return false;
  sctp_assoc_t id = SCTP_FUTURE_ASSOC;
  return set_option(sock_, IPPROTO_SCTP, SCTP_RESET_ASSOC, id);
}

bool UsrsctpPeer::has_notification(uint16_t type, uint16_t detail) const {
  return find_notification(type, detail) != nullptr;
}

const PeerNotification* UsrsctpPeer::find_notification(uint16_t type, uint16_t detail) const {
  for (const PeerNotification& n : notifications_) {
    if (n.type == type && n.detail == detail) return &n;
  }
  return nullptr;
}

size_t UsrsctpPeer::count_notifications(uint16_t type) const {
  size_t count = 0;
  for (const PeerNotification& n : notifications_) count += n.type == type;
  return count;
}

}  // namespace dsctp::interop
