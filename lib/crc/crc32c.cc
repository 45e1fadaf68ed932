#include "crc/crc32c.h"

#include <isa-l/crc.h>

#include <cstring>

#if defined(__SSE4_2__)
#include <nmmintrin.h>
#endif

namespace dsctp::crc {

namespace {

constexpr uint32_t kHeaderSize = kSctpChecksumOffset + kSctpChecksumSize;

// ISA-L's crc32_iscsi keeps the register un-inverted between calls: seed
// with the running state and it continues where the last piece stopped.
uint32_t advance_isal(uint32_t state, const std::byte* p, size_t n) {
  // ISA-L counts in int; a span can be longer.
  constexpr size_t kMaxPiece = size_t{1} << 30;
  while (n != 0) {
    size_t take = n < kMaxPiece ? n : kMaxPiece;
    // ISA-L takes a non-const pointer but does not write through it.
    auto* q = reinterpret_cast<unsigned char*>(const_cast<std::byte*>(p));
    state = crc32_iscsi(q, static_cast<int>(take), state);
    p += take;
    n -= take;
  }
  return state;
}

#if defined(__SSE4_2__)
// Below this size the CPU's own crc32 instruction beats ISA-L. ISA-L's
// dispatched kernel (AVX-512 folding on recent CPUs) folds 256 bytes at a
// time and pays tens of cycles of set-up and final reduction per call;
// short of one block it falls back to a slower 16-byte fold. That is most
// of the cost for a common header or a small segment, and an SCTP checksum
// chains three pieces. Measured on an AMD EPYC host, ISA-L loses at every
// size under 256 bytes, in latency and in throughput. SSE4.2 is in DPDK's
// own baseline (-march=corei7), so the instruction is always there.
constexpr size_t kShortPiece = 256;

uint32_t advance_short(uint32_t state, const std::byte* p, size_t n) {
  uint64_t s = state;
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t v;
    std::memcpy(&v, p, sizeof v);
    s = _mm_crc32_u64(s, v);
  }
  auto s32 = static_cast<uint32_t>(s);
  if (n >= 4) {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    s32 = _mm_crc32_u32(s32, v);
    n -= 4;
    p += 4;
  }
  for (; n != 0; --n, ++p) s32 = _mm_crc32_u8(s32, std::to_integer<uint8_t>(*p));
  return s32;
}

uint32_t advance(uint32_t state, const std::byte* p, size_t n) {
  return n < kShortPiece ? advance_short(state, p, n) : advance_isal(state, p, n);
}

// The checksum field counts as zeros.
uint32_t advance_zero_field(uint32_t state) { return _mm_crc32_u32(state, 0); }
#else
uint32_t advance(uint32_t state, const std::byte* p, size_t n) {
  return advance_isal(state, p, n);
}

uint32_t advance_zero_field(uint32_t state) {
  static constexpr std::byte kZeros[kSctpChecksumSize] = {};
  return advance_isal(state, kZeros, sizeof kZeros);
}
#endif

uint32_t advance(uint32_t state, const ByteRange& bytes) {
  bytes.for_each_segment([&state](std::span<const std::byte> piece) {
    state = advance(state, piece.data(), piece.size());
  });
  return state;
}

// The checksum given the first kHeaderSize bytes of `packet` (wherever they
// were read from); the field itself counts as zeros.
uint32_t checksum_with_header(const std::byte* header, const ByteRange& packet) {
  uint32_t state = advance(0xFFFFFFFFu, header, kSctpChecksumOffset);
  state = advance_zero_field(state);
  if (packet.is_contiguous()) {
    std::span<const std::byte> all = packet.contiguous();
    state = advance(state, all.data() + kHeaderSize, all.size() - kHeaderSize);
  } else {
    state = advance(state, packet.subrange(kHeaderSize, packet.size() - kHeaderSize));
  }
  return ~state;
}

}  // namespace

void Crc32c::update(std::span<const std::byte> bytes) {
  state_ = advance(state_, bytes.data(), bytes.size());
}

void Crc32c::update(const ByteRange& bytes) { state_ = advance(state_, bytes); }

void Crc32c::update_zeros(uint32_t count) {
  static constexpr std::byte kZeros[256] = {};
  while (count != 0) {
    uint32_t n = count < sizeof kZeros ? count : sizeof kZeros;
    state_ = advance(state_, kZeros, n);
    count -= n;
  }
}

uint32_t crc32c(std::span<const std::byte> bytes) {
  return ~advance(0xFFFFFFFFu, bytes.data(), bytes.size());
}

uint32_t crc32c(const ByteRange& bytes) { return ~advance(0xFFFFFFFFu, bytes); }

uint32_t sctp_checksum(const ByteRange& packet) {
  std::byte scratch[kHeaderSize];
  const std::byte* header = packet.read(0, kHeaderSize, scratch);
  if (header == nullptr) return 0;
  return checksum_with_header(header, packet);
}

uint32_t stored_sctp_checksum(const std::byte* common_header) {
  // RFC 9260 Appendix B: the CRC's least significant byte goes first, so
  // the field is the CRC in little-endian order.
  const std::byte* p = common_header + kSctpChecksumOffset;
  return std::to_integer<uint32_t>(p[0]) | std::to_integer<uint32_t>(p[1]) << 8 |
         std::to_integer<uint32_t>(p[2]) << 16 | std::to_integer<uint32_t>(p[3]) << 24;
}

bool sctp_checksum_ok(const ByteRange& packet) {
  std::byte scratch[kHeaderSize];
  const std::byte* header = packet.read(0, kHeaderSize, scratch);
  if (header == nullptr) return false;
  return stored_sctp_checksum(header) == checksum_with_header(header, packet);
}

void write_sctp_checksum(std::span<std::byte> packet) {
  if (packet.size() < kHeaderSize) return;
  uint32_t crc = checksum_with_header(packet.data(), ByteRange(packet));
  std::byte* p = packet.data() + kSctpChecksumOffset;
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::byte>(crc >> (8 * i));
}

}  // namespace dsctp::crc
