#include "sim/link.h"

#include <algorithm>

#include "sim/check.h"

namespace dsctp::sim {

const char* to_string(Fate f) {
  switch (f) {
    case Fate::kInFlight: return "in-flight";
    case Fate::kLost: return "lost";
    case Fate::kDroppedMtu: return "dropped-mtu";
    case Fate::kDroppedCut: return "dropped-cut";
    case Fate::kNoRoute: return "no-route";
  }
  return "?";
}

namespace {

// A negative delay would deliver into the past; the rest keep the arithmetic
// of transmit() and flip_bits() meaningful.
void check_config(const LinkConfig& c) {
  DSCTP_SIM_CHECK(c.delay.count() >= 0 && c.jitter.count() >= 0 && c.reorder_delay.count() >= 0,
                  "negative delay in a link config");
  DSCTP_SIM_CHECK(c.corrupt_max_bits >= 1, "corrupt_max_bits must be at least 1");
}

}  // namespace

Link::Link(Address from, Address to, const LinkConfig& config, uint64_t seed)
    : from_(from), to_(to), config_(config), rng_(seed) {
  check_config(config);
}

void Link::set_config(const LinkConfig& config) {
  check_config(config);
  config_ = config;
}

void Link::cut() {
  cut_ = true;
  // Packets sent before this moment must not survive it, even if the link
  // is restored before they would arrive.
  ++cut_epoch_;
}

Verdict Link::transmit(TimePoint now, std::span<const std::byte> packet) {
  ++counters_.sent;
  Verdict v;
  if (cut_) {
    ++counters_.dropped_cut;
    v.fate = Fate::kDroppedCut;
    return v;
  }
  const uint64_t wire_size = uint64_t{config_.overhead} + packet.size();
  if (wire_size > config_.mtu) {
    ++counters_.dropped_mtu;
    v.fate = Fate::kDroppedMtu;
    return v;
  }
  // A packet lost on the way still took its turn on the transmitter.
  const TimePoint sent = serialize(now, static_cast<uint32_t>(wire_size));
  if (rng_.chance(config_.loss)) {
    ++counters_.lost;
    v.fate = Fate::kLost;
    return v;
  }
  v.copies = 1;
  if (rng_.chance(config_.duplicate)) {
    ++counters_.duplicated;
    v.copies = 2;
  }
  for (uint32_t i = 0; i < v.copies; ++i) v.transits[i] = make_copy(sent, packet, i == 1);
  return v;
}

bool Link::arrive(const Transit& transit) {
  if (cut_ || transit.cut_epoch != cut_epoch_) {
    ++counters_.dropped_cut;
    return false;
  }
  ++counters_.delivered;
  return true;
}

TimePoint Link::serialize(TimePoint now, uint32_t wire_size) {
  if (config_.bits_per_second == 0) return now;
  const uint64_t bits = uint64_t{wire_size} * 8;
  // Rounded up, so a packet never takes zero time on a finite link.
  const uint64_t ns = (bits * 1'000'000'000ull + config_.bits_per_second - 1) /
                      config_.bits_per_second;
  busy_until_ = std::max(now, busy_until_) + Duration(static_cast<int64_t>(ns));
  return busy_until_;
}

Transit Link::make_copy(TimePoint sent, std::span<const std::byte> packet, bool duplicate) {
  Transit t;
  t.duplicate = duplicate;
  t.cut_epoch = cut_epoch_;
  t.arrival = sent + config_.delay;
  if (config_.jitter.count() > 0) {
    t.arrival += Duration(static_cast<int64_t>(rng_.between(0, uint64_t(config_.jitter.count()))));
  }
  if (rng_.chance(config_.reorder)) {
    ++counters_.reordered;
    t.reordered = true;
    t.arrival += config_.reorder_delay;
  }
  t.bytes.assign(packet.begin(), packet.end());
  if (!t.bytes.empty() && rng_.chance(config_.corrupt)) {
    ++counters_.corrupted;
    t.corrupted = true;
    flip_bits(t.bytes);
  }
  return t;
}

void Link::flip_bits(std::vector<std::byte>& bytes) {
  const uint64_t total_bits = uint64_t{bytes.size()} * 8;
  const uint64_t max_bits = std::clamp<uint64_t>(config_.corrupt_max_bits, 1, total_bits);
  const uint64_t count = rng_.between(1, max_bits);
  // Distinct positions: flipping one bit twice would undo it and leave a
  // "corrupted" packet intact. A short list beats a set for a few bits.
  std::vector<uint64_t> flipped;
  while (flipped.size() < count) {
    const uint64_t bit = rng_.below(total_bits);
    if (std::find(flipped.begin(), flipped.end(), bit) != flipped.end()) continue;
    flipped.push_back(bit);
    bytes[bit / 8] ^= std::byte(1u << (bit % 8));
  }
}

}  // namespace dsctp::sim
