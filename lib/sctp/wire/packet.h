// The SCTP packet: common header (RFC 9260 3.1) followed by chunks, parsed
// into a view on the wire bytes and built into a caller-supplied buffer.
#pragma once

#include <cstdint>
#include <span>

#include "sctp/types.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Source Port Number        |     Destination Port Number   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Verification Tag                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Checksum                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct CommonHeader {
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  VerificationTag verification_tag;
  uint32_t checksum = 0;  // as crc::stored_sctp_checksum() reads it

  void serialize(std::byte* out) const;  // writes a zero checksum field
};

// A packet whose common header was read; chunks are framed lazily by
// chunk_reader() so that a receiver can stop at the first chunk whose
// action bits say so. The checksum is not verified here: the caller
// decides (CRC by software, trusted NIC flag, or RFC 9653 zero checksum).
struct PacketView {
  CommonHeader header;
  ByteRange chunks;  // everything after the common header

  ChunkReader chunk_reader() const { return ChunkReader(chunks); }

  // Fails only when the packet is shorter than the common header. A packet
  // with no chunk parses; RFC 9260 8.4 lets the endpoint drop it.
  static ParseResult<PacketView> parse(ByteRange packet);
};

// How finish() fills the checksum field.
enum class ChecksumMode : uint8_t {
  kCompute,     // CRC32c in software
  kLeaveZero,   // the NIC computes it (TX offload), or RFC 9653 zero checksum
};

// Writes a packet into a caller-supplied buffer whose size is the budget
// (the path MTU less the lower-layer headers). Chunks are appended whole,
// zero-padded to 4 bytes; one that does not fit is refused and the packet
// is left as it was, so the caller can send it and start the next.
class PacketBuilder {
 public:
  PacketBuilder(std::span<std::byte> out, const CommonHeader& header);

  template <Serializable C>
  bool add(const C& chunk) {
    uint32_t len = chunk.serialized_size();
    if (len > kMaxTlvLength || pad4(len) > remaining()) return false;
    chunk.serialize(out_.data() + used_);
    for (uint32_t i = len; i < pad4(len); ++i) out_[used_ + i] = std::byte{0};
    used_ += pad4(len);
    ++chunk_count_;
    return true;
  }

  // Bytes a chunk may still take, padding included.
  uint32_t remaining() const { return static_cast<uint32_t>(out_.size()) - used_; }
  uint32_t chunk_count() const { return chunk_count_; }
  uint32_t size() const { return used_; }

  // Fills the checksum field and returns the packet's bytes.
  std::span<std::byte> finish(ChecksumMode mode = ChecksumMode::kCompute);

 private:
  std::span<std::byte> out_;
  uint32_t used_ = 0;
  uint32_t chunk_count_ = 0;
};

}  // namespace dsctp::sctp::wire
