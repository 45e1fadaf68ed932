#include "rt/steering.h"

#include <rte_errno.h>
#include <rte_mbuf_dyn.h>

#include <atomic>

namespace dsctp::rt {
namespace {

uint8_t bits_for(uint16_t engines) {
  uint8_t bits = 0;
  while ((1u << bits) < engines) ++bits;
  return bits;
}

}  // namespace

std::unique_ptr<Steering> Steering::create(uint16_t engines, std::string& error) {
  if (engines == 0 || engines > kMaxEngines) {
    error = "engines must be 1 to " + std::to_string(kMaxEngines);
    return nullptr;
  }
  static const rte_mbuf_dynfield kNote = {
      "dsctp_steered_packet", sizeof(SteeredPacket), alignof(SteeredPacket), 0};
  int offset = rte_mbuf_dynfield_register(&kNote);
  if (offset < 0) {
    error = std::string("mbuf field for steering: ") + rte_strerror(rte_errno);
    return nullptr;
  }
  std::unique_ptr<Steering> s(new Steering());
  s->note_offset_ = offset;
  s->owner_bits_ = bits_for(engines);
  // Ring names are global to the process (and its secondaries): a counter
  // keeps two Steering objects apart.
  static std::atomic<unsigned> instance{0};
  unsigned id = instance.fetch_add(1);
  for (uint16_t i = 0; i < engines; ++i) {
    std::string name = "dsctp_steer_" + std::to_string(id) + "_" + std::to_string(i);
    // Any engine may hand over (multi-producer); only the owner takes.
    rte_ring* r = rte_ring_create(name.c_str(), kRingSize, SOCKET_ID_ANY, RING_F_SC_DEQ);
    if (r == nullptr) {
      error = "steering ring " + name + ": " + rte_strerror(rte_errno);
      return nullptr;
    }
    s->rings_.push_back(r);
  }
  return s;
}

Steering::~Steering() {
  for (rte_ring* r : rings_) {
    void* m = nullptr;
    while (rte_ring_dequeue(r, &m) == 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
    rte_ring_free(r);
  }
}

bool Steering::hand_over(uint16_t to, rte_mbuf* m) {
  if (to >= rings_.size()) return false;
  return rte_ring_enqueue(rings_[to], m) == 0;
}

unsigned Steering::take(uint16_t engine, rte_mbuf** out, unsigned max) {
  return rte_ring_dequeue_burst(rings_[engine], reinterpret_cast<void**>(out), max, nullptr);
}

bool is_arp_reply(const uint8_t* frame, uint32_t length) {
  // Ethernet II, EtherType 0x0806, ARP operation 2 at offset 20.
  return length >= 22 && frame[12] == 0x08 && frame[13] == 0x06 && frame[20] == 0 &&
         frame[21] == 2;
}

}  // namespace dsctp::rt
