// CRC32c (Castagnoli), the checksum of every SCTP packet (RFC 9260 6.8,
// Appendix B), over plain or segmented buffers: Intel ISA-L for long
// pieces, the CPU's SSE4.2 crc32 instruction for short ones (headers,
// small segments), where ISA-L's per-call cost dominates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/byte_range.h"

namespace dsctp::crc {

// CRC32c of `bytes` in the usual convention (initial ~0, final inversion):
// "123456789" gives 0xE3069283.
uint32_t crc32c(std::span<const std::byte> bytes);
uint32_t crc32c(const ByteRange& bytes);

// Incremental form, for data that arrives in pieces.
class Crc32c {
 public:
  void update(std::span<const std::byte> bytes);
  void update(const ByteRange& bytes);
  void update_zeros(uint32_t count);
  uint32_t value() const { return ~state_; }

 private:
  uint32_t state_ = 0xFFFFFFFFu;
};

// Offset and size of the checksum field in the SCTP common header.
inline constexpr uint32_t kSctpChecksumOffset = 8;
inline constexpr uint32_t kSctpChecksumSize = 4;

// The checksum of an SCTP packet (common header onward), computed as if its
// checksum field were zero, as RFC 9260 6.8 prescribes. Works on a received
// packet in place without writing to it.
uint32_t sctp_checksum(const ByteRange& packet);

// Whether the checksum field matches the packet. False for a packet shorter
// than the common header.
bool sctp_checksum_ok(const ByteRange& packet);

// Computes and stores the checksum of a packet being built, in the byte
// order RFC 9260 Appendix B places it (the CRC's low byte first).
void write_sctp_checksum(std::span<std::byte> packet);

// The value stored in the checksum field, read in that same byte order.
uint32_t stored_sctp_checksum(const std::byte* common_header);

}  // namespace dsctp::crc
