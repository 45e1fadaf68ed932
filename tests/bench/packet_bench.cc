// Parse cost of a full-size packet: common header, framing of 16 DATA
// chunks and their typed views, as the receive path does before any
// association work. The CRC is measured apart (crc_bench).
#include <benchmark/benchmark.h>

#include <array>
#include <vector>

#include "sctp/wire/chunks/data.h"
#include "sctp/wire/packet.h"

namespace {

using namespace dsctp;
using namespace dsctp::sctp;
using namespace dsctp::sctp::wire;

constexpr int kChunks = 16;
constexpr uint32_t kPayload = 76;  // 12 + 16 * (16 + 76) = 1484 bytes

std::vector<std::byte> make_packet() {
  std::vector<std::byte> buf(1500);
  std::array<std::byte, kPayload> payload{};
  PacketBuilder b(buf, CommonHeader{5000, 5001, VerificationTag(0xABCD1234), 0});
  for (int i = 0; i < kChunks; ++i) {
    DataChunk d;
    d.tsn = Tsn(1000 + i);
    d.stream = StreamId(i % 4);
    d.ssn = Ssn(i);
    d.ppid = Ppid(51);
    d.payload = ByteRange(payload);
    if (!b.add(d)) std::abort();
  }
  auto packet = b.finish();
  return {packet.begin(), packet.end()};
}

// Sums fields so that the compiler cannot drop the parse.
uint64_t parse(const ByteRange& packet) {
  auto view = PacketView::parse(packet);
  if (!view) return 0;
  uint64_t sum = view->header.verification_tag.value();
  ChunkReader reader = view->chunk_reader();
  RawChunk raw;
  while (reader.next(raw)) {
    auto d = DataChunk::parse(raw);
    if (!d) return 0;
    sum += d->tsn.value() + d->stream.value() + d->payload.size();
  }
  return sum;
}

void BM_Parse1500ByteSixteenData(benchmark::State& state) {
  auto bytes = make_packet();
  ByteRange packet{std::span<const std::byte>(bytes)};
  for (auto _ : state) {
    benchmark::DoNotOptimize(packet);
    benchmark::DoNotOptimize(parse(packet));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes"] = static_cast<double>(bytes.size());
}
BENCHMARK(BM_Parse1500ByteSixteenData);

// The same packet delivered as a two-segment mbuf chain, split mid-chunk.
void BM_Parse1500ByteSixteenDataTwoSegments(benchmark::State& state) {
  auto bytes = make_packet();
  uint32_t cut = 700;
  Segment segs[] = {{bytes.data(), cut},
                    {bytes.data() + cut, static_cast<uint32_t>(bytes.size()) - cut}};
  ByteRange packet{std::span<const Segment>(segs)};
  for (auto _ : state) {
    benchmark::DoNotOptimize(packet);
    benchmark::DoNotOptimize(parse(packet));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Parse1500ByteSixteenDataTwoSegments);

}  // namespace

BENCHMARK_MAIN();
