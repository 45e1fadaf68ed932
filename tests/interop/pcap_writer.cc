#include "interop/pcap_writer.h"

#include <cstring>

#include "base/bytes.h"

namespace dsctp::interop {
namespace {

constexpr uint32_t kPcapMagic = 0xa1b2c3d4;  // microsecond timestamps
constexpr uint32_t kLinktypeEthernet = 1;
constexpr uint32_t kSnapLength = 65535;
constexpr uint16_t kEthertypeIpv4 = 0x0800;
constexpr uint8_t kProtocolSctp = 132;
constexpr size_t kEthernetHeaderSize = 14;
constexpr size_t kIpv4HeaderSize = 20;

// pcap's own fields are in the writer's byte order, given by the magic;
// write them little-endian whatever the host.
void put_le32(std::vector<std::byte>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>(v >> (8 * i)));
}
void put_le16(std::vector<std::byte>& out, uint16_t v) {
  out.push_back(static_cast<std::byte>(v));
  out.push_back(static_cast<std::byte>(v >> 8));
}

}  // namespace

uint16_t ipv4_header_checksum(std::span<const std::byte> header) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < header.size(); i += 2) {
    if (i == 10) continue;  // the checksum field itself
    sum += load_be16(header.data() + i);
  }
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

std::vector<std::byte> ethernet_ipv4_sctp_frame(std::span<const std::byte> sctp,
                                                std::array<uint8_t, 4> source,
                                                std::array<uint8_t, 4> destination) {
  std::vector<std::byte> f(kEthernetHeaderSize + kIpv4HeaderSize + sctp.size());
  // Locally administered MACs: 02:00:00:00:00:02 <- 02:00:00:00:00:01.
  f[0] = f[6] = std::byte{0x02};
  f[5] = std::byte{0x02};
  f[11] = std::byte{0x01};
  store_be16(f.data() + 12, kEthertypeIpv4);

  std::byte* ip = f.data() + kEthernetHeaderSize;
  ip[0] = std::byte{0x45};  // version 4, 5-word header
  store_be16(ip + 2, static_cast<uint16_t>(kIpv4HeaderSize + sctp.size()));
  store_be16(ip + 4, 1);       // identification
  store_be16(ip + 6, 0x4000);  // DF
  ip[8] = std::byte{64};       // TTL
  ip[9] = static_cast<std::byte>(kProtocolSctp);
  std::memcpy(ip + 12, source.data(), 4);
  std::memcpy(ip + 16, destination.data(), 4);
  store_be16(ip + 10, ipv4_header_checksum(std::span<const std::byte>(ip, kIpv4HeaderSize)));
  std::memcpy(ip + kIpv4HeaderSize, sctp.data(), sctp.size());
  return f;
}

PcapWriter::PcapWriter(const std::string& path) : out_(path, std::ios::binary | std::ios::trunc) {
  std::vector<std::byte> h;
  put_le32(h, kPcapMagic);
  put_le16(h, 2);  // version 2.4
  put_le16(h, 4);
  put_le32(h, 0);  // GMT offset
  put_le32(h, 0);  // timestamp accuracy
  put_le32(h, kSnapLength);
  put_le32(h, kLinktypeEthernet);
  out_.write(reinterpret_cast<const char*>(h.data()), static_cast<std::streamsize>(h.size()));
}

void PcapWriter::write_frame(std::span<const std::byte> frame) {
  std::vector<std::byte> r;
  put_le32(r, 1700000000 + frames_ / 1000);  // seconds
  put_le32(r, (frames_ % 1000) * 1000);      // microseconds
  put_le32(r, static_cast<uint32_t>(frame.size()));
  put_le32(r, static_cast<uint32_t>(frame.size()));
  r.insert(r.end(), frame.begin(), frame.end());
  out_.write(reinterpret_cast<const char*>(r.data()), static_cast<std::streamsize>(r.size()));
  ++frames_;
}

}  // namespace dsctp::interop
