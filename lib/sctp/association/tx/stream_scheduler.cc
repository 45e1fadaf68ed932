#include "sctp/association/tx/stream_scheduler.h"

#include <algorithm>

namespace dsctp::sctp {
namespace {

void erase_stream(std::deque<uint16_t>& turns, uint16_t stream) {
  // The stream that just sent is nearly always the one holding the turn.
  if (!turns.empty() && turns.front() == stream) {
    turns.pop_front();
    return;
  }
  auto it = std::find(turns.begin(), turns.end(), stream);
  if (it != turns.end()) turns.erase(it);
}

}  // namespace

const char* to_string(SchedulerKind kind) {
  switch (kind) {
    case SchedulerKind::kFirstComeFirstServed: return "first come first served";
    case SchedulerKind::kRoundRobin: return "round robin";
    case SchedulerKind::kRoundRobinPerPacket: return "round robin per packet";
    case SchedulerKind::kPriority: return "priority";
    case SchedulerKind::kFairBandwidth: return "fair bandwidth";
    case SchedulerKind::kWeightedFairQueueing: return "weighted fair queueing";
  }
  return "?";
}

void StreamScheduler::reset(SchedulerKind kind) {
  kind_ = kind;
  for (Settings& s : settings_) s.busy = false;
  turns_.clear();
  turns_by_priority_.clear();
  by_time_.clear();
  packet_stream_.reset();
}

StreamScheduler::Settings& StreamScheduler::settings(uint16_t stream) {
  if (stream >= settings_.size()) settings_.resize(size_t{stream} + 1);
  return settings_[stream];
}

const StreamScheduler::Settings* StreamScheduler::find(uint16_t stream) const {
  return stream < settings_.size() ? &settings_[stream] : nullptr;
}

void StreamScheduler::set_priority(uint16_t stream, uint16_t priority) {
  Settings& s = settings(stream);
  if (s.priority == priority) return;
  if (s.busy && kind_ == SchedulerKind::kPriority) {
    std::deque<uint16_t>& old_turns = turns_by_priority_[s.priority];
    erase_stream(old_turns, stream);
    if (old_turns.empty()) turns_by_priority_.erase(s.priority);
    turns_by_priority_[priority].push_back(stream);
  }
  s.priority = priority;
}

uint16_t StreamScheduler::priority(uint16_t stream) const {
  const Settings* s = find(stream);
  return s != nullptr ? s->priority : 0;
}

void StreamScheduler::set_weight(uint16_t stream, uint16_t weight) {
  settings(stream).weight = std::max<uint16_t>(weight, 1);
}

uint16_t StreamScheduler::weight(uint16_t stream) const {
  const Settings* s = find(stream);
  return s != nullptr ? s->weight : 1;
}

bool StreamScheduler::fair() const {
  return kind_ == SchedulerKind::kFairBandwidth || kind_ == SchedulerKind::kWeightedFairQueueing;
}

std::deque<uint16_t>& StreamScheduler::turns_of(uint16_t stream) {
  return kind_ == SchedulerKind::kPriority ? turns_by_priority_[settings(stream).priority]
                                           : turns_;
}

void StreamScheduler::activate(uint16_t stream) {
  Settings& s = settings(stream);
  if (s.busy) return;
  s.busy = true;
  if (fair()) {
    s.virtual_time = std::max(s.virtual_time, virtual_now_);
    by_time_.emplace(s.virtual_time, stream);
    return;
  }
  turns_of(stream).push_back(stream);
}

std::optional<uint16_t> StreamScheduler::next() const {
  switch (kind_) {
    case SchedulerKind::kFirstComeFirstServed:
      return std::nullopt;
    case SchedulerKind::kRoundRobin:
      if (turns_.empty()) return std::nullopt;
      return turns_.front();
    case SchedulerKind::kRoundRobinPerPacket:
      // RFC 8260 3.3: "only one stream ... per packet".
      if (packet_stream_) {
        const Settings* s = find(*packet_stream_);
        if (s != nullptr && s->busy) return packet_stream_;
        return std::nullopt;
      }
      if (turns_.empty()) return std::nullopt;
      return turns_.front();
    case SchedulerKind::kPriority:
      if (turns_by_priority_.empty()) return std::nullopt;
      return turns_by_priority_.begin()->second.front();
    case SchedulerKind::kFairBandwidth:
    case SchedulerKind::kWeightedFairQueueing:
      if (by_time_.empty()) return std::nullopt;
      return by_time_.begin()->second;
  }
  return std::nullopt;
}

// The stream leaves its place in line; back of the line if `requeue`.
void StreamScheduler::take_turn(uint16_t stream, bool requeue) {
  std::deque<uint16_t>& turns = turns_of(stream);
  erase_stream(turns, stream);
  if (requeue) turns.push_back(stream);
  if (kind_ == SchedulerKind::kPriority && turns.empty()) {
    turns_by_priority_.erase(settings(stream).priority);
  }
}

void StreamScheduler::on_sent(uint16_t stream, uint32_t bytes, bool turn_over, bool now_idle) {
  Settings& s = settings(stream);
  if (!s.busy) return;
  if (now_idle) s.busy = false;
  switch (kind_) {
    case SchedulerKind::kFirstComeFirstServed:
      return;
    case SchedulerKind::kRoundRobin:
    case SchedulerKind::kPriority:
      if (turn_over || now_idle) take_turn(stream, !now_idle);
      return;
    case SchedulerKind::kRoundRobinPerPacket:
      // The first stream to send in a packet owns it, and its turn is
      // used up: the next packet goes to the next stream.
      if (!packet_stream_) {
        packet_stream_ = stream;
        take_turn(stream, !now_idle);
      } else if (now_idle) {
        take_turn(stream, false);
      }
      return;
    case SchedulerKind::kFairBandwidth:
    case SchedulerKind::kWeightedFairQueueing: {
      by_time_.erase({s.virtual_time, stream});
      virtual_now_ = std::max(virtual_now_, s.virtual_time);
      uint16_t w = kind_ == SchedulerKind::kFairBandwidth ? 1 : s.weight;
      s.virtual_time += uint64_t{bytes} * kByteCost / w;
      if (!now_idle) by_time_.emplace(s.virtual_time, stream);
      return;
    }
  }
}

}  // namespace dsctp::sctp
