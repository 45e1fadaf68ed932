// Writes SCTP packets to a pcap file as Ethernet / IPv4 frames, the way a
// capture on a wire would hold them, for tools such as tshark to read.
#pragma once

#include <array>
#include <cstdint>
#include <fstream>
#include <span>
#include <string>
#include <vector>

namespace dsctp::interop {

// The IPv4 header checksum (RFC 791): the ones' complement of the ones'
// complement sum of the header's 16-bit words, its checksum field zero.
uint16_t ipv4_header_checksum(std::span<const std::byte> header);

// An Ethernet II frame carrying `sctp` (common header onward) in an IPv4
// packet with protocol 132 and a correct header checksum.
std::vector<std::byte> ethernet_ipv4_sctp_frame(std::span<const std::byte> sctp,
                                                std::array<uint8_t, 4> source,
                                                std::array<uint8_t, 4> destination);

class PcapWriter {
 public:
  // Creates (or truncates) the file and writes the global header.
  explicit PcapWriter(const std::string& path);

  bool ok() const { return out_.good(); }
  // Appends one frame; frames are stamped one millisecond apart.
  void write_frame(std::span<const std::byte> frame);
  void close() { out_.close(); }

 private:
  std::ofstream out_;
  uint32_t frames_ = 0;
};

}  // namespace dsctp::interop
