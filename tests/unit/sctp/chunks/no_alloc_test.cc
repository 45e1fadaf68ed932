// Parsing must never allocate: it runs per packet on the lcore. This file
// replaces the global operator new for the whole test binary to count
// allocations; the count only matters around the code under test.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "chunk_test_util.h"
#include "sctp/wire/chunks/all.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// GCC 12 under -fsanitize sees free() inside a replacement operator delete
// as mismatched with operator new; the pair below is the textbook
// replacement, so the warning is a false positive (clang lacks the flag).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace dsctp::sctp::wire {
namespace {

using chunktest::Bytes;
using chunktest::bytes_of;

// Touches every record and TLV so lazily decoded parts are exercised too.
long walk(const AnyChunk& chunk) {
  long sum = 0;
  auto walk_params = [&sum](ParameterReader r) {
    RawParameter p;
    while (r.next(p)) sum += p.length;
  };
  std::visit(
      [&](const auto& c) {
        using C = std::decay_t<decltype(c)>;
        if constexpr (requires { c.parameters(); }) walk_params(c.parameters());
        if constexpr (requires { c.causes(); }) walk_params(c.causes());
        if constexpr (requires { c.gap_blocks; }) {
          for (GapAckBlock b : c.gap_blocks) sum += b.end;
          for (DuplicateTsn d : c.duplicate_tsns) sum += d.tsn.value();
        }
        if constexpr (std::is_same_v<C, NrSackChunk>) {
          for (GapAckBlock b : c.nr_gap_blocks) sum += b.start;
        }
        if constexpr (requires { c.streams; }) {
          for (auto s : c.streams) sum += s.stream.value();
        }
      },
      chunk);
  return sum;
}

TEST(Parsing, NeverAllocates) {
  // Every type, with records and parameters, in one segmented packet body.
  const Bytes run = chunktest::concat({
      bytes_of({0x00, 0x03, 0, 17, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 'x', 0, 0, 0}),
      bytes_of({0x01, 0, 0, 28, 0, 0, 0, 1, 0, 0, 0x10, 0, 0, 1, 0, 1, 0, 0, 0, 1,
                0x80, 0x00, 0x00, 0x04, 0xC0, 0x00, 0x00, 0x04}),
      bytes_of({0x02, 0, 0, 24, 0, 0, 0, 2, 0, 0, 0x10, 0, 0, 1, 0, 1, 0, 0, 0, 1,
                0x00, 0x07, 0x00, 0x04}),
      bytes_of({0x03, 0, 0, 24, 0, 0, 0, 9, 0, 0, 0x10, 0, 0, 1, 0, 1, 0, 2, 0, 3,
                0, 0, 0, 5}),
      bytes_of({0x04, 0, 0, 9, 0x00, 0x01, 0x00, 0x05, 0xAB, 0, 0, 0}),
      bytes_of({0x05, 0, 0, 9, 0x00, 0x01, 0x00, 0x05, 0xAB, 0, 0, 0}),
      bytes_of({0x06, 0x01, 0, 8, 0x00, 0x0D, 0x00, 0x04}),
      bytes_of({0x07, 0, 0, 8, 0, 0, 0, 9}),
      bytes_of({0x08, 0, 0, 4}),
      bytes_of({0x09, 0, 0, 8, 0x00, 0x0D, 0x00, 0x04}),
      bytes_of({0x0A, 0, 0, 6, 0xC0, 0x0C, 0, 0}),
      bytes_of({0x0B, 0, 0, 4}),
      bytes_of({0x0C, 0, 0, 12, 0, 0, 0, 9, 0, 0, 0, 1}),
      bytes_of({0x0D, 0, 0, 8, 0, 0, 0, 9}),
      bytes_of({0x0E, 0, 0, 4}),
      bytes_of({0x0F, 0, 0, 10, 0, 1, 0, 1, 0xAA, 0xBB, 0, 0}),
      bytes_of({0x10, 0, 0, 28, 0, 0, 0, 9, 0, 0, 0x10, 0, 0, 1, 0, 1, 0, 0, 0, 0,
                0, 2, 0, 2, 0, 4, 0, 4}),
      bytes_of({0x40, 0x03, 0, 21, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                'y', 0, 0, 0}),
      bytes_of({0x80, 0, 0, 16, 0, 0, 0, 1, 0xC0, 0x05, 0x00, 0x08, 0, 0, 0, 1}),
      bytes_of({0x82, 0, 0, 12, 0x00, 0x0E, 0x00, 0x08, 0, 0, 0, 1}),
      bytes_of({0x84, 0, 0, 5, 0, 0, 0, 0}),
      bytes_of({0xC0, 0, 0, 12, 0, 0, 0, 9, 0, 1, 0, 2}),
      bytes_of({0xC1, 0, 0, 16, 0, 0, 0, 1, 0x00, 0x05, 0x00, 0x08, 10, 0, 0, 1}),
      bytes_of({0xC2, 0, 0, 16, 0, 0, 0, 9, 0, 1, 0, 1, 0, 0, 0, 2}),
  });
  // Odd-sized segments so that most fields straddle a boundary.
  std::vector<Segment> segs;
  for (uint32_t at = 0; at < run.size(); at += 7) {
    segs.push_back({run.data() + at, std::min<uint32_t>(7, static_cast<uint32_t>(run.size()) - at)});
  }
  const ByteRange range{std::span<const Segment>(segs)};

  const long before = g_allocations.load();
  ChunkReader reader(range);
  RawChunk raw;
  int chunks = 0;
  int failures = 0;
  long sum = 0;
  while (reader.next(raw)) {
    auto r = parse_chunk(raw);
    if (!r) {
      ++failures;
      continue;
    }
    ++chunks;
    sum += walk(*r);
  }
  const long allocations = g_allocations.load() - before;

  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(chunks, 24);
  EXPECT_FALSE(reader.error().has_value());
  EXPECT_GT(sum, 0);
}

}  // namespace
}  // namespace dsctp::sctp::wire
