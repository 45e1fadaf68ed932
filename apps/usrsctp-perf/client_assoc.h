// One association of the client, and how usrsctp's threads reach the
// client's main thread: the receive callback routes whole messages to
// the measurement that owns the association, and every callback that
// changes something wakes the main thread.
#pragma once

#include <usrsctp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>

#include "message_assembler.h"
#include "perf_options.h"

namespace dsctp::apps::usrsctp_perf {

using Clock = std::chrono::steady_clock;

// A counter the callbacks bump and the main thread waits on, so that no
// wake-up is lost between its looking and its sleeping.
class Wakeup {
 public:
  void notify();
  uint64_t count() const;
  // Returns once the count differs from `seen` or at `deadline`.
  void wait(uint64_t seen, Clock::time_point deadline);

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t count_ = 0;
};

// What a measurement does with the messages of its associations. Called on
// usrsctp's receive thread, one message at a time per association.
class MessageSink {
 public:
  virtual void on_message(size_t index, std::span<const std::byte> message,
                          const struct sctp_rcvinfo& info, Clock::time_point at) = 0;

 protected:
  ~MessageSink() = default;
};

class ClientAssoc {
 public:
  enum class State : uint8_t { kConnecting, kUp, kRefused, kEnded };

  ClientAssoc(size_t index, Wakeup& wakeup) : index_(index), wakeup_(wakeup) {}
  ClientAssoc(const ClientAssoc&) = delete;
  ClientAssoc& operator=(const ClientAssoc&) = delete;

  // Starts the association; its state says how that goes. Throughput
  // associations get the send callback with --send-threshold; latency
  // ones Nagle off.
  bool connect(const PerfOptions& o, bool throughput, std::string& error);
  void attach(MessageSink* sink);
  void detach();
  int send(uint16_t stream, uint32_t ppid, bool unordered, std::span<const std::byte> data);
  void close(bool abort);

  State state() const { return state_.load(); }
  uint16_t out_streams() const { return out_streams_.load(); }
  struct socket* socket() const { return socket_; }

 private:
  static int on_receive(struct socket* s, union sctp_sockstore from, void* data, size_t length,
                        struct sctp_rcvinfo info, int flags, void* ulp_info);
  static int on_writable(struct socket* s, uint32_t sb_free, void* ulp_info);
  void on_notification(std::span<const std::byte> notification);
  void on_data(std::span<const std::byte> piece, const sctp_rcvinfo& info, int flags,
               Clock::time_point at);
  void set_state(State s);

  const size_t index_;
  Wakeup& wakeup_;
  struct socket* socket_ = nullptr;
  std::atomic<State> state_{State::kConnecting};
  std::atomic<uint16_t> out_streams_{0};
  // Held while a message is handed to the sink, so that detach() returns
  // only when the sink is no longer in use.
  std::mutex mutex_;
  MessageSink* sink_ = nullptr;
  MessageAssembler assembler_;
};

}  // namespace dsctp::apps::usrsctp_perf
