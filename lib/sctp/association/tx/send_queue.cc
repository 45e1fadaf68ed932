#include "sctp/association/tx/send_queue.h"

#include <algorithm>
#include <utility>

#include "sctp/wire/chunks/data.h"

namespace dsctp::sctp {

using wire::DataFlags;

bool OutgoingFragment::beginning() const { return (flags & DataFlags::kBeginning) != 0; }
bool OutgoingFragment::ending() const { return (flags & DataFlags::kEnding) != 0; }
bool OutgoingFragment::unordered() const { return (flags & DataFlags::kUnordered) != 0; }

SendQueue::SendQueue(const SendQueueConfig& config, uint16_t outbound_streams)
    : config_(config), outbound_streams_(outbound_streams), scheduler_(config.scheduler) {}

SendQueue::PushResult SendQueue::push(OutgoingMessage message, AbandonRule rule) {
  uint16_t stream = message.stream.value();
  if (stream >= outbound_streams_) return PushResult::kInvalidStream;
  // RFC 9260 6.2 has the receiver of a DATA chunk without user data abort
  // ("No User Data"), so a message carries at least one byte.
  size_t size = message.bytes.size();
  if (size == 0) return PushResult::kEmpty;
  if (size > config_.max_buffered_bytes) return PushResult::kTooLarge;
  if (size > config_.max_buffered_bytes - std::min(buffered_bytes_, config_.max_buffered_bytes)) {
    return PushResult::kNoSpace;
  }
  if (stream >= counters_.size()) {
    counters_.resize(size_t{stream} + 1);
    queued_.resize(size_t{stream} + 1);
  }
  ++queued_[stream];

  buffered_bytes_ += size;
  Item item;
  item.message = std::move(message);
  item.order = next_order_++;
  item.rule = rule;
  enqueue(std::move(item));
  return PushResult::kQueued;
}

void SendQueue::enqueue(Item item) {
  if (!per_stream()) {
    fifo_.push_back(std::move(item));
    return;
  }
  uint16_t stream = item.message.stream.value();
  if (stream >= stream_queues_.size()) stream_queues_.resize(size_t{stream} + 1);
  Ring<Item>& queue = stream_queues_[stream];
  if (queue.empty()) scheduler_.activate(stream);
  queue.push_back(std::move(item));
  ++queued_messages_;
}

bool SendQueue::empty() const { return per_stream() ? queued_messages_ == 0 : fifo_.empty(); }

std::optional<uint16_t> SendQueue::next_stream() const {
  if (unfinished_stream_) return unfinished_stream_;
  std::optional<uint16_t> stream = scheduler_.next();
  if (!stream || may_start(stream_queues_[*stream].front())) return stream;
  // The scheduler's choice waits; a begun message goes on meanwhile.
  std::optional<uint16_t> started = stream_with_started_message();
  return started ? started : stream;
}

bool SendQueue::may_start(const Item& item) const {
  if (item.started() || started_bytes_ == 0 || config_.max_started_bytes == 0) return true;
  return started_bytes_ + item.message.bytes.size() <= config_.max_started_bytes;
}

std::optional<uint16_t> SendQueue::stream_with_started_message() const {
  for (size_t s = 0; s < stream_queues_.size(); ++s) {
    const Ring<Item>& queue = stream_queues_[s];
    if (!queue.empty() && queue.front().started()) return static_cast<uint16_t>(s);
  }
  return std::nullopt;
}

SendQueue::Item* SendQueue::next_item() {
  if (!per_stream()) return fifo_.empty() ? nullptr : &fifo_.front();
  std::optional<uint16_t> stream = next_stream();
  return stream ? &stream_queues_[*stream].front() : nullptr;
}

const SendQueue::Item* SendQueue::next_item() const {
  return const_cast<SendQueue*>(this)->next_item();
}

uint32_t SendQueue::peek_size(uint32_t max_payload) const {
  const Item* item = next_item();
  return item == nullptr ? 0 : std::min(max_payload, item->remaining());
}

void SendQueue::cut(Item& item, uint32_t max_payload, bool& done, OutgoingFragment& f) {
  f.flags = 0;
  f.rule = item.rule;
  f.stream = item.message.stream;
  f.ppid = item.message.ppid;
  if (item.message.unordered) f.flags |= DataFlags::kUnordered;
  if (!item.started()) {
    f.flags |= DataFlags::kBeginning;
    started_bytes_ += item.message.bytes.size();
    StreamCounters& c = counters_[item.message.stream.value()];
    if (config_.interleaving) {
      // RFC 8260 2.1: ordered and unordered messages of a stream number
      // their MIDs independently of each other.
      Mid& next = item.message.unordered ? c.next_unordered_mid : c.next_ordered_mid;
      item.mid = next;
      ++next;
    } else if (!item.message.unordered) {
      // RFC 9260 3.3.1, U bit: "there is no Stream Sequence Number
      // assigned to this DATA chunk", so it carries 0 and uses none up.
      item.ssn = c.next_ssn;
      ++c.next_ssn;
    }
  }
  f.ssn = item.ssn;
  f.mid = item.mid;
  f.fsn = item.fsn++;
  f.offset = item.offset;
  f.length = std::min(max_payload, item.remaining());
  item.offset += f.length;
  buffered_bytes_ -= f.length;
  done = item.remaining() == 0;
  if (done) {
    count_removed(item.message.stream);
    f.flags |= DataFlags::kEnding;
    started_bytes_ -= item.message.bytes.size();
    // The last fragment inherits the queue's reference.
    f.message = std::move(item.message.bytes);
  } else {
    f.message = item.message.bytes;
  }
}

std::optional<OutgoingFragment> SendQueue::produce(uint32_t max_payload) {
  OutgoingFragment f;
  if (!produce_into(max_payload, f)) return std::nullopt;
  return f;
}

bool SendQueue::produce_into(uint32_t max_payload, OutgoingFragment& f) {
  if (max_payload == 0) return false;
  bool done = false;
  if (!per_stream()) {
    if (fifo_.empty()) return false;
    cut(fifo_.front(), max_payload, done, f);
    if (done) fifo_.pop_front();
    return true;
  }
  std::optional<uint16_t> stream = next_stream();
  if (!stream) return false;
  Ring<Item>& queue = stream_queues_[*stream];
  cut(queue.front(), max_payload, done, f);
  if (done) {
    queue.pop_front();
    --queued_messages_;
  }
  // RFC 9260 6.9: without I-DATA the fragments of a message take
  // consecutive TSNs, so its stream keeps sending until the E fragment.
  // With I-DATA (RFC 8260 1) fragments of different streams may
  // interleave, so the scheduler may switch after every fragment.
  unfinished_stream_.reset();
  if (!done && !config_.interleaving) unfinished_stream_ = *stream;
  scheduler_.on_sent(*stream, f.length, done || config_.interleaving, queue.empty());
  return true;
}

size_t SendQueue::buffered_bytes() const { return buffered_bytes_; }
size_t SendQueue::max_buffered_bytes() const { return config_.max_buffered_bytes; }
uint16_t SendQueue::stream_count() const { return outbound_streams_; }

void SendQueue::count_removed(StreamId stream) {
  if (stream.value() < queued_.size() && queued_[stream.value()] > 0) --queued_[stream.value()];
}

bool SendQueue::has_queued(StreamId stream) const {
  return stream.value() < queued_.size() && queued_[stream.value()] > 0;
}

void SendQueue::reset_stream(StreamId stream) {
  if (stream.value() < counters_.size()) counters_[stream.value()] = StreamCounters{};
}

void SendQueue::pop_next() {
  if (!per_stream()) {
    count_removed(fifo_.front().message.stream);
    fifo_.pop_front();
    return;
  }
  std::optional<uint16_t> stream = next_stream();
  if (!stream) return;
  Ring<Item>& queue = stream_queues_[*stream];
  count_removed(queue.front().message.stream);
  queue.pop_front();
  --queued_messages_;
  if (unfinished_stream_ == stream) unfinished_stream_.reset();
  scheduler_.on_sent(*stream, 0, true, queue.empty());
}

std::optional<OutgoingMessage> SendQueue::take_expired_next(TimePoint now) {
  Item* item = next_item();
  if (item == nullptr || item->started() || !item->rule.expired(now)) return std::nullopt;
  OutgoingMessage m = std::move(item->message);
  buffered_bytes_ -= m.bytes.size();
  pop_next();
  return m;
}

bool SendQueue::discard_started(const MessageBytes& message) {
  if (!per_stream()) {
    if (fifo_.empty() || !fifo_.front().started() || !fifo_.front().message.bytes.same_as(message)) {
      return false;
    }
    discard(fifo_.front());
    fifo_.pop_front();
    return true;
  }
  // With I-DATA several streams may each have a message begun, and the
  // scheduler's next stream need not be this one's.
  for (size_t s = 0; s < stream_queues_.size(); ++s) {
    Ring<Item>& queue = stream_queues_[s];
    if (queue.empty() || !queue.front().started() ||
        !queue.front().message.bytes.same_as(message)) {
      continue;
    }
    discard(queue.front());
    queue.pop_front();
    --queued_messages_;
    if (unfinished_stream_ == s) unfinished_stream_.reset();
    scheduler_.on_sent(static_cast<uint16_t>(s), 0, true, queue.empty());
    return true;
  }
  return false;
}

void SendQueue::discard(const Item& item) {
  buffered_bytes_ -= item.remaining();
  started_bytes_ -= item.message.bytes.size();
}

size_t SendQueue::drop_buffer_policy(size_t bytes, std::vector<OutgoingMessage>& removed) {
  std::vector<Item> items = drain_in_order();
  // Oldest first: send() order, except that the started message, which
  // drain_in_order() puts first, is never a candidate.
  std::vector<size_t> by_age(items.size());
  for (size_t i = 0; i < items.size(); ++i) by_age[i] = i;
  std::stable_sort(by_age.begin(), by_age.end(),
                   [&](size_t a, size_t b) { return items[a].order < items[b].order; });
  size_t freed = 0;
  std::vector<bool> drop(items.size(), false);
  for (size_t i : by_age) {
    if (freed >= bytes) break;
    const Item& item = items[i];
    if (item.started() || item.rule.policy != PrPolicy::kBuffer) continue;
    drop[i] = true;
    freed += item.remaining();
  }
  std::vector<Item> kept;
  kept.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (drop[i]) {
      count_removed(items[i].message.stream);
      buffered_bytes_ -= items[i].remaining();
      removed.push_back(std::move(items[i].message));
    } else {
      kept.push_back(std::move(items[i]));
    }
  }
  refill(std::move(kept));
  return freed;
}

std::vector<SendQueue::Item> SendQueue::drain_in_order() {
  std::vector<Item> items;
  if (!per_stream()) {
    items.reserve(fifo_.size());
    while (!fifo_.empty()) items.push_back(fifo_.take_front());
    return items;
  }
  items.reserve(queued_messages_);
  for (Ring<Item>& queue : stream_queues_) {
    while (!queue.empty()) items.push_back(queue.take_front());
  }
  queued_messages_ = 0;
  unfinished_stream_.reset();
  scheduler_.reset(config_.scheduler);
  // A message already started goes first: without I-DATA it must be
  // finished before any other (RFC 9260 6.9), and it heads its own stream,
  // so moving it ahead keeps every stream's order.
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.started() != b.started()) return a.started();
    return a.order < b.order;
  });
  return items;
}

std::vector<OutgoingMessage> SendQueue::take_all() {
  std::vector<Item> items = drain_in_order();
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.order < b.order; });
  std::vector<OutgoingMessage> out;
  out.reserve(items.size());
  for (Item& item : items) out.push_back(std::move(item.message));
  buffered_bytes_ = 0;
  started_bytes_ = 0;
  std::fill(queued_.begin(), queued_.end(), 0);
  return out;
}

void SendQueue::set_scheduler(SchedulerKind kind) {
  if (kind == config_.scheduler) return;
  std::vector<Item> items = drain_in_order();
  config_.scheduler = kind;
  scheduler_.reset(kind);
  refill(std::move(items));
}

void SendQueue::refill(std::vector<Item> items) {
  // Streams take turns in the order of their oldest message, the started
  // one (first in `items`) keeping the turn it holds.
  for (Item& item : items) {
    if (per_stream() && item.started() && !config_.interleaving) {
      unfinished_stream_ = item.message.stream.value();
    }
    enqueue(std::move(item));
  }
}

void SendQueue::set_stream_priority(StreamId stream, uint16_t priority) {
  scheduler_.set_priority(stream.value(), priority);
}

void SendQueue::set_stream_weight(StreamId stream, uint16_t weight) {
  scheduler_.set_weight(stream.value(), weight);
}

uint16_t SendQueue::stream_priority(StreamId stream) const {
  return scheduler_.priority(stream.value());
}

uint16_t SendQueue::stream_weight(StreamId stream) const {
  return scheduler_.weight(stream.value());
}

}  // namespace dsctp::sctp
