// The Internet checksum of IPv4, ICMP and UDP (RFC 1071): the ones'
// complement of the ones' complement sum of 16-bit big-endian words. Summed
// in pieces so that a pseudo-header, a header being built and a payload
// split across mbuf segments add up as one byte string would.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/byte_range.h"

namespace dsctp::net {

class InternetChecksum {
 public:
  // A piece of odd length leaves its last byte waiting for the first byte
  // of the next piece, as RFC 1071 sums one continuous string.
  void add(std::span<const std::byte> bytes);
  void add(const ByteRange& bytes);
  void add_be16(uint16_t v);
  void add_be32(uint32_t v);

  // The value for the checksum field (the complement of the folded sum).
  // Summing a message that holds a correct checksum gives 0.
  uint16_t value() const;

 private:
  uint64_t sum_ = 0;
  bool odd_ = false;  // the last byte added was the high byte of a word
};

inline uint16_t internet_checksum(std::span<const std::byte> bytes) {
  InternetChecksum c;
  c.add(bytes);
  return c.value();
}

inline uint16_t internet_checksum(const ByteRange& bytes) {
  InternetChecksum c;
  c.add(bytes);
  return c.value();
}

}  // namespace dsctp::net
