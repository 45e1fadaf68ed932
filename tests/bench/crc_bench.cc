// CRC32c throughput at the packet sizes the stack sees: a minimum frame,
// a small message, a standard MTU and a jumbo frame. bytes_per_second is
// what to read; compare runs made on the same machine at the same time.
#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/byte_range.h"
#include "crc/crc32c.h"

namespace dsctp::crc {
namespace {

std::vector<std::byte> packet_bytes(size_t n) {
  std::vector<std::byte> out(n);
  uint32_t seed = 12345;
  for (auto& b : out) {
    seed = seed * 1664525u + 1013904223u;
    b = static_cast<std::byte>(seed >> 24);
  }
  return out;
}

void set_throughput(benchmark::State& state, size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(bytes));
}

void BM_Crc32cSpan(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  std::vector<std::byte> buf = packet_bytes(n);
  std::span<const std::byte> s(buf);
  for (auto _ : state) {
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(crc32c(s));
  }
  set_throughput(state, n);
}

void BM_SctpChecksumContiguous(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  std::vector<std::byte> buf = packet_bytes(n);
  ByteRange r{std::span<const std::byte>(buf)};
  for (auto _ : state) {
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(sctp_checksum(r));
  }
  set_throughput(state, n);
}

// A packet split as an mbuf chain splits it: headers and the first chunk in
// one segment, the rest of the payload in another.
void BM_SctpChecksumTwoSegments(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  const uint32_t first = static_cast<uint32_t>(state.range(1));
  std::vector<std::byte> buf = packet_bytes(n);
  std::array<Segment, 2> segs = {
      {{buf.data(), first}, {buf.data() + first, static_cast<uint32_t>(n) - first}}};
  ByteRange r{std::span<const Segment>(segs)};
  for (auto _ : state) {
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(sctp_checksum(r));
  }
  set_throughput(state, n);
}

// The receive check as the stack runs it: read the field, compute, compare.
void BM_SctpChecksumOk(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  std::vector<std::byte> buf = packet_bytes(n);
  write_sctp_checksum(buf);
  ByteRange r{std::span<const std::byte>(buf)};
  for (auto _ : state) {
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(sctp_checksum_ok(r));
  }
  set_throughput(state, n);
}

BENCHMARK(BM_Crc32cSpan)->Arg(64)->Arg(512)->Arg(1500)->Arg(9000);
BENCHMARK(BM_SctpChecksumContiguous)->Arg(64)->Arg(512)->Arg(1500)->Arg(9000);
BENCHMARK(BM_SctpChecksumTwoSegments)->Args({1500, 128})->Args({1500, 750});
BENCHMARK(BM_SctpChecksumOk)->Arg(64)->Arg(512)->Arg(1500)->Arg(9000);

}  // namespace
}  // namespace dsctp::crc

BENCHMARK_MAIN();
