// An application thread that is not an lcore talking to one engine: two
// rte_rings, commands one way and events the other. The engine stays the
// only thread that touches its associations; the application thread only
// enqueues and dequeues.
//
//   application thread                      engine's lcore
//   listen/connect/send/shutdown/abort  ->  commands ring  -> serve(): the
//                                                             endpoint's API
//   poll() / release()                  <-  events ring    <- callbacks
//
// Messages cross without a copy: a received message travels as the
// ReceivedMessage the engine delivered (views into the received mbufs, which
// the application frees by release()); a sent message travels as an mbuf
// (send() copies the bytes into mbufs of the channel's pool once;
// send_mbuf() gives away an mbuf the application filled).
//
// Receive push-back: the events ring is bounded. When it runs low, the
// engine pauses delivery on the association that filled it
// (Association::pause_receive(): its messages wait in the receive window
// and the peer stops sending); when the application has drained the ring
// to half, the engine resumes them. Events that found the ring full wait
// in a small queue on the engine side: at most one message and one
// writable event per association, plus the once-per-association events
// (connected, shutdown, closed) and the messages a closing association
// gives back; while any wait there the engine takes no more commands. So nothing is lost and memory stays bounded by the
// receive windows, whatever the application's pace.
//
// Send: the engine answers a send it cannot queue (the association's send
// buffer is full, or it is gone) with a kSendRefused event that gives the
// bytes back; kWritable tells when to try again (the association's
// writable threshold, set by set_writable_threshold()).
//
// One application thread per channel, one engine per channel; the channel
// must outlive the engine's polling (Engine::attach()).
#pragma once

#include <rte_mbuf.h>
#include <rte_ring.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "rt/engine.h"
#include "sctp/association/association.h"

namespace dsctp::rt {

struct ChannelEvent {
  enum class Kind : uint8_t {
    kConnected,
    kMessage,
    kWritable,
    kSendRefused,     // status says why; data holds the message back
    kSendFailed,      // accepted, then the association closed: data back
    kShutdownReceived,
    kClosed,          // the last event of an association; also a connect
                      // that made no association (association 0)
  };
  Kind kind = Kind::kConnected;
  uint64_t association = 0;
  // What the application gave connect(); 0 for accepted associations.
  uint64_t user_data = 0;

  std::optional<sctp::ReceivedMessage> message;  // kMessage
  size_t free_bytes = 0;                          // kWritable
  sctp::SendStatus status = sctp::SendStatus::kOk;  // kSendRefused
  sctp::CloseInfo close;                          // kClosed
  // kSendRefused, kSendFailed: the message, given back.
  rte_mbuf* data = nullptr;
  uint16_t stream = 0;
  uint32_t ppid = 0;
  bool unordered = false;
};

struct ChannelCounters {
  uint64_t commands = 0;
  uint64_t events = 0;
  uint64_t events_deferred = 0;   // found the ring full: queued engine-side
  uint64_t deferred_peak = 0;     // the most ever waiting engine-side
  uint64_t receive_pauses = 0;
  uint64_t receive_resumes = 0;
  uint64_t events_lost_no_memory = 0;
};

class AppChannel final : public EngineService {
 public:
  struct Config {
    // Ring sizes (powers of two).
    uint32_t command_ring_size = 1024;
    uint32_t event_ring_size = 1024;
    // Where send() copies messages to (any thread may allocate from an
    // rte_mempool without a per-lcore cache).
    rte_mempool* pool = nullptr;
    // Given to every association the channel makes or accepts.
    size_t writable_threshold = 0;
  };

  // Null (with a message on stderr) when the rings cannot be made.
  static std::unique_ptr<AppChannel> create(const Config& config);
  ~AppChannel() override;
  AppChannel(const AppChannel&) = delete;
  AppChannel& operator=(const AppChannel&) = delete;

  // --- The application thread. Each returns false when the commands ring
  // is full (try again after poll()) or, for send(), no mbuf was free.
  bool listen(uint16_t port);
  bool connect(const sctp::IpAddress& peer, uint16_t peer_port, uint64_t user_data);
  bool send(uint64_t association, sctp::StreamId stream, sctp::Ppid ppid,
            std::span<const std::byte> bytes, bool unordered = false);
  // Gives `m` (one segment or a chain) away, also when it returns false.
  bool send_mbuf(uint64_t association, sctp::StreamId stream, sctp::Ppid ppid, rte_mbuf* m,
                 bool unordered = false);
  bool shutdown(uint64_t association);
  bool abort(uint64_t association);
  // Up to out.size() events, oldest first. Each goes back by release().
  size_t poll(std::span<ChannelEvent*> out);
  static void release(ChannelEvent* e);

  // --- The engine's lcore (through Engine::attach()).
  void serve(Engine& engine) override;
  const ChannelCounters& counters() const { return counters_; }

 private:
  struct Command;
  AppChannel(const Config& config, rte_ring* commands, rte_ring* events);

  bool post(Command* c);
  void execute(Engine& engine, Command& c);
  void do_send(Engine& engine, Command& c);
  ChannelEvent* new_event(ChannelEvent::Kind kind, const sctp::Association& a);
  // Queues `e` for the application, deferring it when the ring is full;
  // `a` (when given) is paused when the ring runs low.
  void emit(ChannelEvent* e, sctp::Association* a);
  // A writable event already waiting for the same association takes the
  // newer free count instead: one per association at most.
  bool coalesce_writable(const ChannelEvent& e);
  void drain_deferred();
  void maybe_resume(Engine& engine);
  void adopt(sctp::Association& a, uint64_t user_data);

  static sctp::Callbacks callbacks();
  static AppChannel& of(void* context) { return *static_cast<AppChannel*>(context); }

  Config config_;
  rte_ring* commands_;
  rte_ring* events_;
  ChannelCounters counters_;
  // Engine side only.
  std::deque<ChannelEvent*> deferred_;
  std::vector<uint64_t> paused_;
  std::unordered_map<uint64_t, uint64_t> user_data_;
};

}  // namespace dsctp::rt
