// Two usrsctp endpoints (a client and a server) in one process, joined by
// AF_CONN: every SCTP packet either of them emits passes through this
// harness, which records it (common header onward, exactly as usrsctp
// handed it over) and then delivers it to the other side, unless a fault
// hook drops it. Time is virtual: usrsctp's timers only run when the
// harness advances them (usrsctp_handle_timers), so waiting for a delayed
// SACK or a shutdown timer costs microseconds, except where a scenario asks
// for pacing (PairOptions::paced). Every wait is bounded in virtual and in
// wall time, so a misbehaving scenario fails instead of hanging.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <vector>

struct socket;  // usrsctp's opaque socket

namespace dsctp::interop {

enum class Direction : uint8_t { kClientToServer, kServerToClient };
const char* to_string(Direction d);

// A side is named by the direction it sends in.
inline constexpr Direction kClient = Direction::kClientToServer;
inline constexpr Direction kServer = Direction::kServerToClient;

struct CapturedPacket {
  Direction direction = Direction::kClientToServer;
  std::vector<std::byte> bytes;  // common header onward
  bool dropped = false;          // a fault hook kept it from the peer
};

// A user message; also what each side's receive callback records.
struct Message {
  uint16_t stream = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  std::vector<std::byte> payload;

  friend bool operator==(const Message&, const Message&) = default;
};

// An SCTP notification one side received: type and, for the association
// and stream-reset events, the state or flags word that says what happened.
struct Notification {
  uint16_t type = 0;
  uint16_t detail = 0;
};

// PR-SCTP policy for one message (RFC 3758 via usrsctp's sctp_prinfo).
struct PrPolicy {
  uint16_t policy = 0;  // SCTP_PR_SCTP_NONE / _TTL / _BUF / _RTX
  uint32_t value = 0;
};

struct PairOptions {
  uint16_t client_port = 5001;
  uint16_t server_port = 5002;
  uint32_t path_mtu = 1200;          // fixed, so fragmentation is predictable
  uint32_t heartbeat_interval_ms = 0;  // 0: heartbeats off
  uint16_t streams = 8;          // outbound streams asked for
  uint16_t max_in_streams = 16;  // room for RE-CONFIG to add streams
  bool stream_reset = false;      // allow every RE-CONFIG request, both sides
  bool interleaving = false;      // I-DATA (RFC 8260), both sides
  bool nr_sack = false;           // NR-SACK (needs CMT on), both sides
  bool auth_data = false;         // both sides require DATA to carry AUTH
  // Keeps virtual time from running ahead of wall time. usrsctp's timers
  // follow virtual time, but some of its decisions compare wall-clock
  // stamps: a chunk is retransmitted only once it has been outstanding for
  // an RTO of wall time, a heartbeat only once the path has been idle that
  // long. Scenarios that need those pay for them in wall time.
  bool paced = false;
};

class UsrsctpPair {
 public:
  explicit UsrsctpPair(const PairOptions& options);
  ~UsrsctpPair();
  UsrsctpPair(const UsrsctpPair&) = delete;
  UsrsctpPair& operator=(const UsrsctpPair&) = delete;

  // Runs the four-way handshake until both sides report COMM_UP and the
  // server's socket is accepted.
  bool connect();

  // Queues a message on one side's socket (non-blocking). False when usrsctp
  // refuses it.
  bool send(Direction from, const Message& m, const PrPolicy& pr = {});
  // Sends an ABORT carrying `reason` as its User-Initiated Abort cause.
  bool send_abort(Direction from, std::span<const std::byte> reason);
  // Starts a graceful shutdown of the side's association (SHUT_WR).
  bool shutdown(Direction side);

  // Delivers queued packets until none is left.
  void exchange();
  // Runs `ms` of virtual time in small steps, exchanging packets after each.
  void advance(uint32_t ms);
  // Exchanges and advances time until `done` holds; false once `max_ms` of
  // virtual time (or a few seconds of wall time) has gone by.
  bool run_until(const std::function<bool()>& done, uint32_t max_ms = 10000);
  // Runs until everything the side sent (since its last send()) is
  // acknowledged, as usrsctp's SENDER_DRY notification says.
  bool wait_dry(Direction side, uint32_t max_ms = 10000);

  // Delivers a packet travelling in direction `d` that did not come from
  // usrsctp (a test's own); it is not recorded.
  void inject(Direction d, std::span<const std::byte> packet);

  // Fault hooks, consulted when usrsctp emits a packet.
  std::function<bool(const CapturedPacket&)> drop;
  // ECN bits (0..3) to deliver the packet with; 3 is Congestion Experienced.
  std::function<uint8_t(const CapturedPacket&)> ecn_bits;

  // The side's socket: the client's, or the server's accepted one (null
  // before connect() succeeds and after close()).
  struct socket* socket_of(Direction side) const;
  // Closes the side's socket; with `abort` set (SO_LINGER 0) it sends an
  // ABORT, otherwise it starts a graceful shutdown.
  void close(Direction side, bool abort);

  // What usrsctp emitted so far. Read between steps, when only usrsctp's
  // idle thread could add to it.
  const std::vector<CapturedPacket>& packets() const { return packets_; }
  std::vector<CapturedPacket> take_packets() { return std::move(packets_); }
  const std::vector<Message>& received(Direction by) const;
  const std::vector<Notification>& notifications(Direction by) const;
  bool has_notification(Direction by, uint16_t type, uint16_t detail) const;
  size_t count_notifications(Direction by, uint16_t type) const;

 private:
  struct Pending {
    Direction direction;
    std::vector<std::byte> bytes;
    uint8_t ecn_bits;
  };
  struct Side {
    struct socket* sock = nullptr;
    bool closed = false;
    std::vector<Message> received;
    std::vector<Notification> notifications;
    Message partial;  // a message whose end (MSG_EOR) has not come yet
    bool partial_started = false;
    size_t dry_before_last_send = 0;
  };

  // usrsctp's callbacks (in the .cc) reach the pair through these.
  friend struct UsrsctpCallbacks;
  void record(Direction d, const std::byte* bytes, size_t length);
  void receive(Direction by, const void* data, size_t length,
               const Message& meta, int flags);
  void notify(Direction by, const void* data, size_t length);
  void deliver(const Pending& p);
  Side& side(Direction d) { return d == Direction::kClientToServer ? client_ : server_; }
  const Side& side(Direction d) const {
    return d == Direction::kClientToServer ? client_ : server_;
  }
  struct socket* make_socket();
  bool configure(struct socket* s);
  bool configure_path(struct socket* s);
  static void close_socket(struct socket* s, bool abort);
  void step();  // one timer tick, then the packets it caused

  PairOptions options_;
  uintptr_t id_ = 0;  // names this pair in usrsctp's callbacks
  uint64_t virtual_ms_ = 0;
  std::chrono::steady_clock::time_point wall_start_ = std::chrono::steady_clock::now();
  Side client_;
  Side server_;
  struct socket* listener_ = nullptr;

  std::mutex mutex_;  // guards queue_ and packets_ against usrsctp's thread
  std::deque<Pending> queue_;
  std::vector<CapturedPacket> packets_;
};

}  // namespace dsctp::interop
