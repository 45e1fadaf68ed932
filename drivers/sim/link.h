// One direction of a path between two addresses, and what it does to the
// packets that cross it. A Link decides each packet's fate when it is sent
// (cut, too big, lost, duplicated, held back, corrupted) and when it would
// arrive, from its own seeded generator, so the same seed and the same
// sends give the same fates whatever other links exist.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/time.h"
#include "sim/address.h"
#include "sim/rng.h"

namespace dsctp::sim {

// Bytes an IPv4 header without options adds to the SCTP packet the
// simulator carries; the MTU and the bandwidth count them.
inline constexpr uint32_t kIpv4HeaderSize = 20;

struct LinkConfig {
  // Propagation delay of every packet.
  Duration delay = std::chrono::milliseconds(1);
  // Uniform extra delay in [0, jitter], drawn per packet. Packets jitter
  // independently, so a large jitter alone can reorder them (as netem does).
  Duration jitter{0};
  // Probabilities in [0, 1], each drawn per packet (per copy for reorder
  // and corrupt, so a duplicate may fare differently from its original).
  double loss = 0.0;
  double duplicate = 0.0;
  // Holds a packet back by reorder_delay on top of its delay, so packets
  // sent after it overtake it.
  double reorder = 0.0;
  Duration reorder_delay = std::chrono::milliseconds(5);
  // Flips between 1 and corrupt_max_bits distinct bits, length unchanged.
  double corrupt = 0.0;
  uint32_t corrupt_max_bits = 1;
  // Largest packet, counting `overhead`; a larger one is dropped and, when
  // report_too_big is set, reported back to its sender one `delay` later,
  // as an ICMP "fragmentation needed" would be.
  uint32_t mtu = 1500;
  uint32_t overhead = kIpv4HeaderSize;
  bool report_too_big = false;
  // Serialization rate in bits per second; 0 means infinitely fast. With a
  // rate, packets queue behind each other: a burst spreads out in time.
  uint64_t bits_per_second = 0;
};

struct LinkCounters {
  uint64_t sent = 0;  // packets handed to the link, copies not included
  uint64_t delivered = 0;  // copies handed to the receiving node
  uint64_t lost = 0;
  uint64_t duplicated = 0;  // extra copies made
  uint64_t reordered = 0;  // copies held back by reorder_delay
  uint64_t corrupted = 0;
  uint64_t dropped_mtu = 0;
  uint64_t dropped_cut = 0;  // at send, or in flight when the link was cut

  bool operator==(const LinkCounters&) const = default;
};

// What the link did with one packet at send time.
enum class Fate : uint8_t {
  kInFlight,  // one or two copies are on their way
  kLost,
  kDroppedMtu,
  kDroppedCut,
  kNoRoute,  // set by SimNetwork: no link joins the two addresses
};

const char* to_string(Fate f);

// One copy on its way, with the bytes as they will arrive.
struct Transit {
  TimePoint arrival;
  uint32_t cut_epoch = 0;  // the link's epoch at send: a cut since drops it
  bool duplicate = false;
  bool reordered = false;
  bool corrupted = false;
  std::vector<std::byte> bytes;
};

struct Verdict {
  Fate fate = Fate::kInFlight;
  uint32_t copies = 0;  // meaningful when fate is kInFlight
  std::array<Transit, 2> transits;
};

class Link {
 public:
  Link(Address from, Address to, const LinkConfig& config, uint64_t seed);

  Address from() const { return from_; }
  Address to() const { return to_; }
  const LinkConfig& config() const { return config_; }
  // Takes effect for packets sent from now on; those in flight keep theirs.
  void set_config(const LinkConfig& config);
  const LinkCounters& counters() const { return counters_; }

  // A cut link drops what is sent and what is still in flight; restoring
  // it does not bring those back.
  void cut();
  void restore() { cut_ = false; }
  bool is_cut() const { return cut_; }

  // Decides the fate of `packet` sent at `now`, and counts it.
  Verdict transmit(TimePoint now, std::span<const std::byte> packet);

  // Whether a copy that reached its arrival time is handed over; counts
  // it as delivered or as dropped by a cut.
  bool arrive(const Transit& transit);

 private:
  TimePoint serialize(TimePoint now, uint32_t wire_size);
  Transit make_copy(TimePoint sent, std::span<const std::byte> packet, bool duplicate);
  void flip_bits(std::vector<std::byte>& bytes);

  Address from_;
  Address to_;
  LinkConfig config_;
  LinkCounters counters_;
  Rng rng_;
  bool cut_ = false;
  uint32_t cut_epoch_ = 0;
  // When the transmitter finishes the packets already given to it.
  TimePoint busy_until_{};
};

}  // namespace dsctp::sim
