// Handing packets between the engines of one process, without copying.
//
// Each engine owns the associations whose verification tags carry its
// index in their low bits (EndpointConfig::tag_owner). A packet that
// arrives on another engine's queue (RSS hashed it elsewhere, the NIC has
// no SCTP hash, a multihomed path hashes differently) is passed to its
// owner through the owner's ring: the mbuf itself, with a note of where
// the SCTP packet starts. ARP replies and ICMP errors concern every engine
// and are passed to all of them. No table is shared; the rings are the
// only thing engines touch in common.
#pragma once

#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_ring.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dsctp::rt {

// What travels with a handed-over mbuf.
struct SteeredPacket {
  enum class Kind : uint8_t { kSctp, kFrame };
  Kind kind = Kind::kSctp;
  // kSctp: the SCTP packet's place in the frame and what the IP layer had
  // found out about it.
  uint16_t sctp_offset = 0;
  uint16_t sctp_length = 0;
  uint16_t peer_udp_port = 0;  // RFC 6951 encapsulation, 0 if none
  uint32_t source_ipv4 = 0;
};

class Steering {
 public:
  static constexpr unsigned kRingSize = 4096;
  static constexpr uint16_t kMaxEngines = 256;

  // One ring per engine. Nothing, with `error` set, on failure.
  static std::unique_ptr<Steering> create(uint16_t engines, std::string& error);
  ~Steering();
  Steering(const Steering&) = delete;
  Steering& operator=(const Steering&) = delete;

  uint16_t engines() const { return static_cast<uint16_t>(rings_.size()); }
  // Tag bits that name the owner: enough for every engine index.
  uint8_t owner_bits() const { return owner_bits_; }
  uint16_t owner_of(uint32_t tag) const {
    return static_cast<uint16_t>(tag & ((1u << owner_bits_) - 1));
  }

  // Queues `m` (whose note is set) for engine `to`; false when its ring is
  // full or `to` is no engine (the mbuf is then still the caller's).
  bool hand_over(uint16_t to, rte_mbuf* m);
  // Up to `max` mbufs handed to engine `engine`.
  unsigned take(uint16_t engine, rte_mbuf** out, unsigned max);

  SteeredPacket& note(rte_mbuf* m) const {
    return *RTE_MBUF_DYNFIELD(m, note_offset_, SteeredPacket*);
  }

 private:
  Steering() = default;

  std::vector<rte_ring*> rings_;
  uint8_t owner_bits_ = 0;
  int note_offset_ = -1;
};

// Whether a frame is an ARP reply (every engine's ARP cache wants it).
bool is_arp_reply(const uint8_t* frame, uint32_t length);

}  // namespace dsctp::rt
