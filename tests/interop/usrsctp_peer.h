// One usrsctp endpoint in this process, whose wire is whatever the test
// makes of it: usrsctp's packets are queued here for the test to take
// (take_output), and the test hands it the other side's packets (input).
//
// AF_CONN names a link by an opaque pointer. Each peer gets one of its own
// and uses it for everything: it binds to it, connects to it, hands it to
// usrsctp_conninput as the source of what arrives, and usrsctp gives it
// back to the output callback as the destination of what it sends. So the
// other side of the link needs no AF_CONN address at all.
//
// usrsctp runs without threads: its timers move only when handle_timers()
// is called, which advances every usrsctp association in the process.
// usrsctp takes one output callback per process, so a peer must not share
// a process with a UsrsctpPair.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

struct socket;  // usrsctp's opaque socket

namespace dsctp::interop {

// A user message, as sent or as received.
struct UserMessage {
  uint16_t stream = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  std::vector<std::byte> payload;

  friend bool operator==(const UserMessage&, const UserMessage&) = default;
};

// A notification usrsctp gave the application.
struct PeerNotification {
  uint16_t type = 0;    // SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_EVENT, ...
  uint16_t detail = 0;  // SCTP_ASSOC_CHANGE: sac_state; otherwise the flags
  uint16_t error = 0;   // SCTP_ASSOC_CHANGE: sac_error (an ABORT's cause)
  // SCTP_STREAM_RESET_EVENT: the streams it names (empty: all);
  // SCTP_STREAM_CHANGE_EVENT: inbound then outbound stream counts.
  std::vector<uint16_t> streams;
};

struct UsrsctpPeerOptions {
  uint16_t port = 5001;
  uint16_t streams = 8;         // outbound streams asked for
  uint16_t max_in_streams = 8;  // inbound streams accepted
  uint32_t path_mtu = 1200;     // fixed: no PMTU discovery over AF_CONN
  // SO_SNDBUF and SO_RCVBUF. A non-blocking send is refused outright when
  // the message is larger than the send buffer, so it must hold the
  // largest message a test sends, with room to spare.
  uint32_t buffer_bytes = 2u << 20;
  // Keeps retransmission backoff short, so that loss costs little time.
  uint32_t rto_max_ms = 1000;
  // Offer I-DATA (RFC 8260), with the fragment interleave level usrsctp
  // requires for it.
  bool interleaving = false;
  // usrsctp's stream scheduler (SCTP_SS_*); negative keeps its default.
  int scheduler = -1;
  // Honour every RE-CONFIG request (SCTP_ENABLE_STREAM_RESET): stream
  // resets, SSN/TSN resets and stream additions.
  bool stream_reset = false;
};

class UsrsctpPeer {
 public:
  explicit UsrsctpPeer(const UsrsctpPeerOptions& options);
  // Aborts what is still open (SO_LINGER 0), so that no association of
  // this peer lives on in usrsctp and sends to a link nobody reads.
  ~UsrsctpPeer();
  UsrsctpPeer(const UsrsctpPeer&) = delete;
  UsrsctpPeer& operator=(const UsrsctpPeer&) = delete;

  // Advances the timers of every usrsctp association in the process.
  static void handle_timers(uint32_t elapsed_ms);

  // Server: a one-to-one listening socket on options.port.
  bool listen();
  // Server: takes the association off the listening socket once it is up.
  // True when there is a socket to send on.
  bool accept();
  // Client: starts the handshake towards `peer_port` across the link.
  bool connect(uint16_t peer_port);
  // COMM_UP was reported.
  bool up() const;
  // The association's negotiated stream counts as usrsctp reports them
  // (inbound, outbound); zeros when it cannot tell.
  std::pair<uint16_t, uint16_t> streams() const;

  // A packet from the other side (common header onward).
  void input(std::span<const std::byte> packet);
  // What usrsctp emitted since the last call, oldest first.
  std::vector<std::vector<std::byte>> take_output();

  // Queues a message; pump() hands queued messages to usrsctp in order, as
  // many as its send buffer takes now.
  // `pr_policy` / `pr_value`: usrsctp's partial reliability (SCTP_PR_SCTP_*
  // of struct sctp_prinfo); SCTP_PR_SCTP_NONE (0) sends reliably.
  void send(const UserMessage& m, uint16_t pr_policy = 0, uint32_t pr_value = 0);
  void pump();
  size_t unsent() const { return outbox_.size(); }
  // Why usrsctp refused a message outright (empty when it never did).
  const std::string& send_error() const { return send_error_; }

  // RE-CONFIG requests (RFC 6525) through usrsctp's socket options:
  // SCTP_RESET_STREAMS with SCTP_STREAM_RESET_INCOMING / _OUTGOING flags
  // (no streams: all), SCTP_ADD_STREAMS, SCTP_RESET_ASSOC.
  bool reset_streams(uint16_t flags, const std::vector<uint16_t>& streams);
  bool add_streams(uint16_t outbound, uint16_t inbound);
  bool reset_association();

  // Graceful shutdown (SHUT_WR): queued data goes first.
  bool shutdown();
  // Closes the socket: gracefully, or with an ABORT (SO_LINGER 0).
  void close(bool abort);

  const std::vector<UserMessage>& received() const { return received_; }
  const std::vector<PeerNotification>& notifications() const { return notifications_; }
  bool has_notification(uint16_t type, uint16_t detail) const;
  const PeerNotification* find_notification(uint16_t type, uint16_t detail) const;
  size_t count_notifications(uint16_t type) const;

 private:
  friend struct PeerCallbacks;

  struct socket* make_socket();
  bool configure(struct socket* s);
  void on_output(const void* data, size_t length);
  void on_data(const void* data, size_t length, const UserMessage& meta, int flags);
  void on_notification(const void* data, size_t length);
  static void close_socket(struct socket* s, bool abort);
  void* link() const;

  UsrsctpPeerOptions options_;
  uintptr_t id_ = 0;  // names this peer in usrsctp's callbacks
  struct socket* listener_ = nullptr;
  struct socket* sock_ = nullptr;  // the association's (client, or accepted)
  bool closed_ = false;

  struct Outgoing {
    UserMessage message;
    uint16_t pr_policy = 0;
    uint32_t pr_value = 0;
  };
  std::deque<Outgoing> outbox_;
  std::string send_error_;
  std::vector<UserMessage> received_;
  // Messages whose end (MSG_EOR) has not come yet, by stream and U flag:
  // usrsctp hands a large message over in pieces (partial delivery), and
  // with I-DATA pieces of messages of other streams come in between.
  std::map<std::pair<uint16_t, bool>, UserMessage> partial_;
  std::vector<PeerNotification> notifications_;

  // usrsctp may call back from inside any of its functions; the lock keeps
  // the output queue sound should it ever do so from a thread of its own.
  std::mutex output_mutex_;
  std::vector<std::vector<std::byte>> output_;
};

}  // namespace dsctp::interop
