#include "client_assoc.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstdlib>

#include "usrsctp_util.h"

namespace dsctp::apps::usrsctp_perf {

void Wakeup::notify() {
  {
    std::lock_guard lock(mutex_);
    ++count_;
  }
  changed_.notify_all();
}

uint64_t Wakeup::count() const {
  std::lock_guard lock(mutex_);
  return count_;
}

void Wakeup::wait(uint64_t seen, Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, deadline, [&] { return count_ != seen; });
}

bool ClientAssoc::connect(const PerfOptions& o, bool throughput, std::string& error) {
  SocketSetup setup;
  setup.on_receive = &ClientAssoc::on_receive;
  if (throughput) {
    setup.on_writable = &ClientAssoc::on_writable;
    setup.send_threshold = o.send_threshold;
  }
  setup.ulp_info = this;
  setup.out_streams = o.streams;
  setup.in_streams = o.streams;  // the echoes come back on the same streams
  setup.no_delay = !throughput;
  socket_ = open_socket(setup, error);
  if (socket_ == nullptr) return false;
  if (!set_remote_udp_port(socket_, o.udp_port, error)) return false;
  sockaddr_in peer{};
  peer.sin_family = AF_INET;
  peer.sin_port = htons(o.port);
  inet_pton(AF_INET, o.peer.c_str(), &peer.sin_addr);
  // Non-blocking: connect returns at once and the ASSOC_CHANGE
  // notification tells the outcome, so the caller bounds the wait.
  if (usrsctp_connect(socket_, reinterpret_cast<sockaddr*>(&peer), sizeof peer) != 0 &&
      errno != EINPROGRESS) {
    error = "connect: " + errno_text(errno);
    return false;
  }
  return true;
}

void ClientAssoc::attach(MessageSink* sink) {
  std::lock_guard lock(mutex_);
  sink_ = sink;
}

void ClientAssoc::detach() {
  std::lock_guard lock(mutex_);
  sink_ = nullptr;
  assembler_ = MessageAssembler();  // its buffer, for every association kept
}

int ClientAssoc::send(uint16_t stream, uint32_t ppid, bool unordered,
                      std::span<const std::byte> data) {
  return send_message(socket_, stream, ppid, unordered, data);
}

void ClientAssoc::close(bool abort) {
  detach();
  if (socket_ != nullptr) close_socket(socket_, abort);
  socket_ = nullptr;
}

int ClientAssoc::on_receive(struct socket*, union sctp_sockstore, void* data, size_t length,
                            struct sctp_rcvinfo info, int flags, void* ulp_info) {
  const Clock::time_point at = Clock::now();  // before anything else: the arrival
  auto* self = static_cast<ClientAssoc*>(ulp_info);
  if (data == nullptr) {  // the server has shut the association down
    self->set_state(State::kEnded);
    return 1;
  }
  const std::span piece(static_cast<const std::byte*>(data), length);
  if ((flags & MSG_NOTIFICATION) != 0) {
    self->on_notification(piece);
  } else {
    self->on_data(piece, info, flags, at);
  }
  std::free(data);  // usrsctp hands the buffer over
  return 1;
}

int ClientAssoc::on_writable(struct socket*, uint32_t, void* ulp_info) {
  static_cast<ClientAssoc*>(ulp_info)->wakeup_.notify();
  return 1;
}

void ClientAssoc::on_notification(std::span<const std::byte> notification) {
  std::optional<AssocChange> change = assoc_change(notification);
  if (!change) return;
  switch (change->state) {
    case SCTP_COMM_UP:
      out_streams_.store(change->outbound_streams);
      set_state(State::kUp);
      break;
    case SCTP_CANT_STR_ASSOC:
      set_state(State::kRefused);
      break;
    case SCTP_COMM_LOST:
    case SCTP_SHUTDOWN_COMP:
      set_state(State::kEnded);
      break;
    default:
      break;
  }
}

void ClientAssoc::on_data(std::span<const std::byte> piece, const sctp_rcvinfo& info, int flags,
                          Clock::time_point at) {
  std::lock_guard lock(mutex_);
  if (sink_ == nullptr) return;
  if (std::optional<std::span<const std::byte>> m = assembler_.add(piece, (flags & MSG_EOR) != 0)) {
    sink_->on_message(index_, *m, info, at);
  }
}

void ClientAssoc::set_state(State s) {
  state_.store(s);
  wakeup_.notify();
}

}  // namespace dsctp::apps::usrsctp_perf
