#include "net/checksum.h"

namespace dsctp::net {

void InternetChecksum::add(std::span<const std::byte> bytes) {
  size_t i = 0;
  if (odd_ && !bytes.empty()) {
    sum_ += std::to_integer<uint32_t>(bytes[0]);
    odd_ = false;
    i = 1;
  }
  // RFC 1071 1.2 (B): the sum is independent of byte order up to a final
  // swap, but summing big-endian words keeps it readable; headers are
  // short and payloads are checksummed once on the slow path.
  for (; i + 1 < bytes.size(); i += 2) {
    sum_ += (std::to_integer<uint32_t>(bytes[i]) << 8) | std::to_integer<uint32_t>(bytes[i + 1]);
  }
  if (i < bytes.size()) {
    sum_ += std::to_integer<uint32_t>(bytes[i]) << 8;
    odd_ = true;
  }
}

void InternetChecksum::add(const ByteRange& bytes) {
  bytes.for_each_segment([this](std::span<const std::byte> piece) { add(piece); });
}

void InternetChecksum::add_be16(uint16_t v) {
  std::byte b[2] = {static_cast<std::byte>(v >> 8), static_cast<std::byte>(v)};
  add(b);
}

void InternetChecksum::add_be32(uint32_t v) {
  add_be16(static_cast<uint16_t>(v >> 16));
  add_be16(static_cast<uint16_t>(v));
}

uint16_t InternetChecksum::value() const {
  // RFC 1071 4.1: "Fold 32-bit sum to 16 bits" (here from 64).
  uint64_t s = sum_;
  while ((s >> 16) != 0) s = (s & 0xffff) + (s >> 16);
  return static_cast<uint16_t>(~s);
}

}  // namespace dsctp::net
