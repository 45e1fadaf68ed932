// Which outbound stream's message goes next: the stream schedulers of
// RFC 8260 3, for the SendQueue's per-stream queues.
//
//  - Round robin (3.2): the streams holding messages take turns, one
//    message each (one fragment each when I-DATA lets them interleave).
//  - Round robin per packet (3.3): the same, but a turn is a packet: a
//    packet carries user data of one stream only.
//  - Priority (3.4): the lowest priority value with anything queued goes
//    first; streams of equal priority take turns as in round robin.
//  - Fair bandwidth (3.5): every stream holding messages gets the same
//    share of the bytes sent.
//  - Weighted fair queueing (3.6): the shares follow per-stream weights.
//
// First come first served (3.1) needs no per-stream state: the SendQueue
// keeps one FIFO for it and never asks this class.
//
// The scheduler only chooses among streams; the SendQueue enforces what
// DATA requires on top (a started message finishes first, RFC 9260 6.9)
// and tells the scheduler what it actually sent.
//
// Fair bandwidth and WFQ keep a virtual clock per stream (start-time fair
// queueing): a fragment of B bytes advances its stream's clock by B /
// weight, the stream with the smallest clock goes next, and a stream that
// was idle starts at the clock of the busiest stream so that it cannot
// bank the time it had nothing to send.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace dsctp::sctp {

enum class SchedulerKind : uint8_t {
  kFirstComeFirstServed,
  kRoundRobin,
  kRoundRobinPerPacket,
  kPriority,
  kFairBandwidth,
  kWeightedFairQueueing,
};

const char* to_string(SchedulerKind kind);

class StreamScheduler {
 public:
  explicit StreamScheduler(SchedulerKind kind = SchedulerKind::kRoundRobin) : kind_(kind) {}

  SchedulerKind kind() const { return kind_; }
  // Forgets which streams are busy (their messages were taken away) and
  // switches to `kind`; priorities and weights stay.
  void reset(SchedulerKind kind);

  // Lower values go first (RFC 8260 3.4). Default 0.
  void set_priority(uint16_t stream, uint16_t priority);
  uint16_t priority(uint16_t stream) const;
  // Byte shares follow weights (RFC 8260 3.6); 0 counts as 1. Default 1.
  void set_weight(uint16_t stream, uint16_t weight);
  uint16_t weight(uint16_t stream) const;

  // `stream` had nothing queued and now has a message.
  void activate(uint16_t stream);
  // The stream to send from next. Empty when no stream is busy or, per
  // packet, when the packet's stream has nothing more.
  std::optional<uint16_t> next() const;
  // A fragment of `bytes` left `stream`. `turn_over`: the stream may yield
  // now (its message ended, or I-DATA lets fragments interleave).
  // `now_idle`: nothing more is queued on it.
  void on_sent(uint16_t stream, uint32_t bytes, bool turn_over, bool now_idle);
  // A new packet is being filled (round robin per packet).
  void start_packet() { packet_stream_.reset(); }

 private:
  struct Settings {
    uint16_t priority = 0;
    uint16_t weight = 1;
    uint64_t virtual_time = 0;
    bool busy = false;
  };
  // Virtual time a byte costs at weight 1: large enough that weights up
  // to 65535 still advance a clock for a one-byte fragment.
  static constexpr uint64_t kByteCost = 65536;

  Settings& settings(uint16_t stream);
  const Settings* find(uint16_t stream) const;
  bool fair() const;
  std::deque<uint16_t>& turns_of(uint16_t stream);
  void take_turn(uint16_t stream, bool requeue);

  SchedulerKind kind_;
  std::vector<Settings> settings_;
  // Round robin (per packet): the busy streams in turn order. Priority:
  // one such ring per priority value.
  std::deque<uint16_t> turns_;
  std::map<uint16_t, std::deque<uint16_t>> turns_by_priority_;
  // Fair bandwidth and WFQ: busy streams by virtual time.
  std::set<std::pair<uint64_t, uint16_t>> by_time_;
  uint64_t virtual_now_ = 0;
  // Round robin per packet: the stream the current packet belongs to.
  std::optional<uint16_t> packet_stream_;
};

}  // namespace dsctp::sctp
