// ARP for IPv4 over Ethernet (RFC 826): the packet, and the cache that
// turns a next hop's IPv4 address into its MAC. The cache is sans-IO like
// the rest: it says which requests are due and hands back the frames that
// waited for an answer; the stack sends them.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "base/byte_range.h"
#include "base/time.h"
#include "net/ethernet.h"
#include "net/ipv4.h"

namespace dsctp::net {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Hardware Type (1)        |     Protocol Type (0x0800)    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | HW Len (6)    | Proto Len (4) |          Operation            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |              Sender Hardware Address (6 bytes)                |
// |                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                               | Sender Protocol Address (4)   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
// |                               | Target Hardware Address (6)   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Target Protocol Address (4)                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
enum class ArpOperation : uint16_t { kRequest = 1, kReply = 2 };

inline constexpr uint32_t kArpPacketSize = 28;

struct ArpPacket {
  ArpOperation operation = ArpOperation::kRequest;
  MacAddress sender_mac;
  Ipv4Address sender_ip;
  MacAddress target_mac;
  Ipv4Address target_ip;

  // Empty unless the packet is an Ethernet/IPv4 request or reply: RFC 826
  // "?Do I have the hardware type in ar$hrd? ... ?Do I speak the protocol
  // in ar$pro?" (and the lengths those types imply).
  static std::optional<ArpPacket> parse(const ByteRange& bytes);
  // Writes kArpPacketSize bytes; false if `out` is shorter.
  bool serialize(std::span<std::byte> out) const;
};

struct ArpConfig {
  // RFC 1122 2.3.2.1: "Periodically time out cache entries, even if they
  // are in use", so that a neighbour that changed its MAC is found again.
  Duration entry_lifetime = std::chrono::minutes(5);
  // RFC 1122 2.3.2.1: "a mechanism to prevent ARP flooding (repeatedly
  // sending an ARP Request for the same IP address, at a high rate) MUST
  // be included. The recommended maximum rate is 1 per second per
  // destination."
  Duration retry_interval = std::chrono::seconds(1);
  // Requests sent for one address before its waiting packets are dropped;
  // for one retry interval after that, packets to it are dropped at once.
  uint32_t max_requests = 3;
  // Entries, resolved and waiting alike; the oldest resolved one makes
  // room for a new one.
  uint32_t max_entries = 256;
  // RFC 1122 2.3.2.2: "The link layer SHOULD save (rather than discard) at
  // least one (the latest) packet of each set of packets destined to the
  // same unresolved IP address". We keep this many, dropping the oldest.
  uint32_t max_pending_per_hop = 8;
  // So the cache holds at most max_entries * max_pending_per_hop frames
  // of at most the MTU each, whatever arrives.
};

struct ArpStats {
  uint64_t queue_overflow = 0;  // waiting packets dropped for newer ones
  uint64_t unresolved = 0;      // packets dropped because no reply came
  uint64_t table_full = 0;      // packets dropped: no entry could be made
  uint64_t evicted = 0;         // resolved entries dropped to make room
  uint64_t expired = 0;         // resolved entries aged out
};

class ArpCache {
 public:
  using Frame = std::vector<std::byte>;

  explicit ArpCache(const ArpConfig& config);

  // The MAC of a resolved, unexpired entry.
  std::optional<MacAddress> lookup(TimePoint now, Ipv4Address ip) const;

  enum class Queued : uint8_t {
    kSendRequest,  // a new entry: send the first request now
    kWaiting,      // the request is out; the frame waits for the reply
    kDropped,      // counted in stats(): the hop failed or the table is full
  };
  // Keeps a copy of `frame` until `ip` resolves.
  Queued enqueue(TimePoint now, Ipv4Address ip, std::span<const std::byte> frame);

  // RFC 826's merge: "If the pair <protocol type, sender protocol
  // address> is already in my translation table, update the sender
  // hardware address field of the entry with the new information in the
  // packet and set Merge_flag to true." Returns whether there was an entry;
  // frames that waited for it are moved to `released`.
  bool update(TimePoint now, Ipv4Address ip, MacAddress mac, std::deque<Frame>& released);

  // "If Merge_flag is false, add the triplet ... to the translation
  // table" (only when we are the target). False when the table is full of
  // unresolved entries.
  bool insert(TimePoint now, Ipv4Address ip, MacAddress mac);

  // Ages entries out, gives up on hops that did not answer, and appends
  // the addresses whose request is due again to `requests`.
  void advance(TimePoint now, std::vector<Ipv4Address>& requests);

  // When advance() next has work; may be early, never late.
  std::optional<TimePoint> next_deadline() const { return deadline_; }

  size_t size() const { return entries_.size(); }
  const ArpStats& stats() const { return stats_; }

 private:
  enum class State : uint8_t { kIncomplete, kResolved, kFailed };
  struct Entry {
    State state = State::kIncomplete;
    MacAddress mac;
    // Incomplete: the next request; resolved: expiry; failed: removal.
    TimePoint deadline;
    uint32_t requests_sent = 0;
    std::deque<Frame> pending;
  };

  bool make_room(TimePoint now);
  void note_deadline(TimePoint t);

  ArpConfig config_;
  std::unordered_map<uint32_t, Entry> entries_;
  std::optional<TimePoint> deadline_;
  ArpStats stats_;
};

}  // namespace dsctp::net
