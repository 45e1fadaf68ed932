#include "sctp/wire/packet.h"

#include "crc/crc32c.h"

namespace dsctp::sctp::wire {

void CommonHeader::serialize(std::byte* out) const {
  store_be16(out, source_port);
  store_be16(out + 2, destination_port);
  store_be32(out + 4, verification_tag.value());
  store_be32(out + 8, 0);
}

ParseResult<PacketView> PacketView::parse(ByteRange packet) {
  std::byte scratch[kCommonHeaderSize];
  const std::byte* h = packet.read(0, kCommonHeaderSize, scratch);
  if (h == nullptr) return parse_error(ParseError::kTruncatedHeader);
  PacketView v;
  v.header.source_port = load_be16(h);
  v.header.destination_port = load_be16(h + 2);
  v.header.verification_tag = VerificationTag(load_be32(h + 4));
  v.header.checksum = crc::stored_sctp_checksum(h);
  v.chunks = packet.subrange(kCommonHeaderSize, packet.size() - kCommonHeaderSize);
  return v;
}

PacketBuilder::PacketBuilder(std::span<std::byte> out, const CommonHeader& header)
    : out_(out) {
  // A buffer too small for the header yields a builder that takes nothing.
  if (out_.size() < kCommonHeaderSize) {
    out_ = out_.first(0);
    return;
  }
  header.serialize(out_.data());
  used_ = kCommonHeaderSize;
}

std::span<std::byte> PacketBuilder::finish(ChecksumMode mode) {
  std::span<std::byte> packet = out_.first(used_);
  if (mode == ChecksumMode::kCompute) crc::write_sctp_checksum(packet);
  return packet;
}

}  // namespace dsctp::sctp::wire
