// Properties checked for any input:
// - the packet, every chunk, parameter and cause parse without crashing or
//   reading out of bounds (ASan), whatever the bytes;
// - the same bytes split into three separately allocated segments decode
//   to exactly the same description (the segmented path reads what the
//   contiguous path reads) and have the same checksum;
// - every chunk and parameter that parses re-serializes to bytes that parse
//   again to the same serialization (builders and parsers agree).
#include "fuzz/packet_fuzz.h"

#include <cstring>
#include <memory>
#include <variant>
#include <vector>

#include "crc/crc32c.h"
#include "sctp/wire/chunks/all.h"
#include "sctp/wire/packet.h"
#include "sctp/wire/parameters/all.h"
#include "support/packet_decoder.h"

namespace dsctp::fuzz {

using namespace sctp::wire;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

template <class T>
std::vector<std::byte> serialized(const T& item) {
  std::vector<std::byte> out(item.serialized_size());
  item.serialize(out.data());
  return out;
}

// Serializes a parsed view, reads it back and serializes again; the two
// serializations must match byte for byte.
void check_chunk_round_trip(const AnyChunk& chunk) {
  std::vector<std::byte> first =
      std::visit([](const auto& c) { return serialized(c); }, chunk);
  if (first.size() > kMaxTlvLength) return;  // not a chunk a builder would add
  ChunkReader reader{ByteRange(first)};
  RawChunk raw;
  check(reader.next(raw));
  auto again = parse_chunk(raw);
  check(again.has_value());
  std::vector<std::byte> second =
      std::visit([](const auto& c) { return serialized(c); }, *again);
  check(first == second);
}

void check_parameter_round_trips(const ByteRange& parameters) {
  ParameterReader reader(parameters);
  RawParameter raw;
  while (reader.next(raw)) {
    auto p = parse_parameter(raw);
    if (!p) continue;
    std::vector<std::byte> first =
        std::visit([](const auto& x) { return serialized(x); }, *p);
    ParameterReader again_reader{ByteRange(first)};
    RawParameter again_raw;
    check(again_reader.next(again_raw));
    auto again = parse_parameter(again_raw);
    check(again.has_value());
    check(first == std::visit([](const auto& x) { return serialized(x); }, *again));
  }
}

void check_round_trips(const ByteRange& packet) {
  auto view = PacketView::parse(packet);
  if (!view) return;
  ChunkReader reader = view->chunk_reader();
  RawChunk raw;
  while (reader.next(raw)) {
    if (!is_known(raw.chunk_type())) continue;
    auto chunk = parse_chunk(raw);
    if (!chunk) continue;
    check_chunk_round_trip(*chunk);
    if (auto* init = std::get_if<InitChunk>(&*chunk)) {
      check_parameter_round_trips(init->parameter_bytes);
    } else if (auto* ack = std::get_if<InitAckChunk>(&*chunk)) {
      check_parameter_round_trips(ack->parameter_bytes);
    }
  }
}

// Three heap blocks of exactly the segment sizes, so that ASan catches a
// read past any segment's end.
struct SplitCopy {
  std::vector<std::unique_ptr<std::byte[]>> blocks;
  std::vector<Segment> segments;

  SplitCopy(const uint8_t* data, size_t size, size_t cut1, size_t cut2) {
    size_t bounds[] = {0, cut1, cut2, size};
    for (int i = 0; i < 3; ++i) {
      size_t n = bounds[i + 1] - bounds[i];
      blocks.emplace_back(new std::byte[n == 0 ? 1 : n]);
      if (n != 0) std::memcpy(blocks.back().get(), data + bounds[i], n);
      segments.push_back({blocks.back().get(), static_cast<uint32_t>(n)});
    }
  }
};

}  // namespace

void fuzz_packet(const uint8_t* data, size_t size) {
  if (size > 65535 + 12) return;  // larger than any IP datagram's payload
  // An exact-size copy: the input buffer itself may have slack after it.
  std::unique_ptr<std::byte[]> copy(new std::byte[size == 0 ? 1 : size]);
  if (size != 0) std::memcpy(copy.get(), data, size);
  ByteRange whole{std::span<const std::byte>(copy.get(), size)};

  test::DecodedPacket reference = test::decode_packet(whole);
  check_round_trips(whole);

  // Cut points from the input's own bytes, so the fuzzer explores them.
  size_t cut1 = size == 0 ? 0 : (size_t{data[0]} * 131) % (size + 1);
  size_t cut2 = size < 2 ? size : cut1 + (size_t{data[size - 1]} * 17) % (size - cut1 + 1);
  SplitCopy split(data, size, cut1, cut2);
  ByteRange chain{std::span<const Segment>(split.segments)};
  test::DecodedPacket segmented = test::decode_packet(chain);
  check(segmented.text == reference.text);
  check(segmented.errors == reference.errors);
  check(crc::sctp_checksum(chain) == crc::sctp_checksum(whole));
  check(crc::sctp_checksum_ok(chain) == crc::sctp_checksum_ok(whole));
}

}  // namespace dsctp::fuzz
