#include "net/arp.h"

#include "base/bytes.h"

namespace dsctp::net {

namespace {

constexpr uint16_t kHardwareEthernet = 1;

}  // namespace

std::optional<ArpPacket> ArpPacket::parse(const ByteRange& bytes) {
  std::byte scratch[kArpPacketSize];
  const std::byte* p = bytes.read(0, kArpPacketSize, scratch);
  if (p == nullptr) return std::nullopt;
  if (load_be16(p) != kHardwareEthernet ||
      load_be16(p + 2) != static_cast<uint16_t>(EtherType::kIpv4) ||
      std::to_integer<uint8_t>(p[4]) != 6 || std::to_integer<uint8_t>(p[5]) != 4) {
    return std::nullopt;
  }
  uint16_t op = load_be16(p + 6);
  if (op != static_cast<uint16_t>(ArpOperation::kRequest) &&
      op != static_cast<uint16_t>(ArpOperation::kReply)) {
    return std::nullopt;
  }
  ArpPacket a;
  a.operation = static_cast<ArpOperation>(op);
  a.sender_mac = MacAddress::load(p + 8);
  a.sender_ip = Ipv4Address(load_be32(p + 14));
  a.target_mac = MacAddress::load(p + 18);
  a.target_ip = Ipv4Address(load_be32(p + 24));
  return a;
}

bool ArpPacket::serialize(std::span<std::byte> out) const {
  if (out.size() < kArpPacketSize) return false;
  std::byte* p = out.data();
  store_be16(p, kHardwareEthernet);
  store_be16(p + 2, static_cast<uint16_t>(EtherType::kIpv4));
  p[4] = std::byte{6};
  p[5] = std::byte{4};
  store_be16(p + 6, static_cast<uint16_t>(operation));
  sender_mac.store(p + 8);
  store_be32(p + 14, sender_ip.value());
  target_mac.store(p + 18);
  store_be32(p + 24, target_ip.value());
  return true;
}

ArpCache::ArpCache(const ArpConfig& config) : config_(config) {
  if (config_.max_entries == 0) config_.max_entries = 1;
  if (config_.max_requests == 0) config_.max_requests = 1;
  entries_.reserve(config_.max_entries);
}

void ArpCache::note_deadline(TimePoint t) {
  if (!deadline_ || t < *deadline_) deadline_ = t;
}

std::optional<MacAddress> ArpCache::lookup(TimePoint now, Ipv4Address ip) const {
  auto it = entries_.find(ip.value());
  if (it == entries_.end() || it->second.state != State::kResolved) return std::nullopt;
  if (now >= it->second.deadline) return std::nullopt;  // aged; advance() removes it
  return it->second.mac;
}

ArpCache::Queued ArpCache::enqueue(TimePoint now, Ipv4Address ip,
                                   std::span<const std::byte> frame) {
  auto it = entries_.find(ip.value());
  if (it != entries_.end() && it->second.state == State::kResolved &&
      now >= it->second.deadline) {
    // Aged out but not yet swept: resolve afresh.
    ++stats_.expired;
    entries_.erase(it);
    it = entries_.end();
  }
  if (it == entries_.end()) {
    if (!make_room(now)) {
      ++stats_.table_full;
      return Queued::kDropped;
    }
    Entry e;
    e.deadline = now + config_.retry_interval;
    e.requests_sent = 1;
    e.pending.emplace_back(frame.begin(), frame.end());
    entries_.emplace(ip.value(), std::move(e));
    note_deadline(now + config_.retry_interval);
    return Queued::kSendRequest;
  }
  Entry& e = it->second;
  if (e.state != State::kIncomplete) {
    // Failed (no reply lately); a resolved entry is the caller's to use,
    // but enqueue() on one is handled the same safe way.
    ++stats_.unresolved;
    return Queued::kDropped;
  }
  if (config_.max_pending_per_hop == 0) {
    ++stats_.queue_overflow;
    return Queued::kWaiting;
  }
  if (e.pending.size() >= config_.max_pending_per_hop) {
    e.pending.pop_front();
    ++stats_.queue_overflow;
  }
  e.pending.emplace_back(frame.begin(), frame.end());
  return Queued::kWaiting;
}

bool ArpCache::update(TimePoint now, Ipv4Address ip, MacAddress mac,
                      std::deque<Frame>& released) {
  auto it = entries_.find(ip.value());
  if (it == entries_.end()) return false;
  Entry& e = it->second;
  e.state = State::kResolved;
  e.mac = mac;
  e.deadline = now + config_.entry_lifetime;
  e.requests_sent = 0;
  for (Frame& f : e.pending) released.push_back(std::move(f));
  e.pending.clear();
  note_deadline(e.deadline);
  return true;
}

bool ArpCache::insert(TimePoint now, Ipv4Address ip, MacAddress mac) {
  std::deque<Frame> none;
  if (update(now, ip, mac, none)) return true;
  if (!make_room(now)) return false;
  Entry e;
  e.state = State::kResolved;
  e.mac = mac;
  e.deadline = now + config_.entry_lifetime;
  entries_.emplace(ip.value(), std::move(e));
  note_deadline(now + config_.entry_lifetime);
  return true;
}

bool ArpCache::make_room(TimePoint now) {
  if (entries_.size() < config_.max_entries) return true;
  // Full: the sweep is O(entries), paid only when the table is full.
  auto oldest = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    const Entry& e = it->second;
    if (e.state == State::kIncomplete) continue;
    if (e.deadline <= now) {
      oldest = it;
      break;
    }
    if (oldest == entries_.end() || e.deadline < oldest->second.deadline) oldest = it;
  }
  if (oldest == entries_.end()) return false;
  ++stats_.evicted;
  entries_.erase(oldest);
  return true;
}

void ArpCache::advance(TimePoint now, std::vector<Ipv4Address>& requests) {
  if (!deadline_ || now < *deadline_) return;
  deadline_.reset();
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& e = it->second;
    if (now < e.deadline) {
      note_deadline(e.deadline);
      ++it;
      continue;
    }
    switch (e.state) {
      case State::kResolved:
        ++stats_.expired;
        it = entries_.erase(it);
        continue;
      case State::kFailed:
        it = entries_.erase(it);
        continue;
      case State::kIncomplete:
        if (e.requests_sent >= config_.max_requests) {
          stats_.unresolved += e.pending.size();
          e.pending.clear();
          e.state = State::kFailed;
        } else {
          ++e.requests_sent;
          requests.push_back(Ipv4Address(it->first));
        }
        e.deadline = now + config_.retry_interval;
        note_deadline(e.deadline);
        ++it;
        continue;
    }
  }
}

}  // namespace dsctp::net
