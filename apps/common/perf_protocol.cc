#include "perf_protocol.h"

namespace dsctp::apps {
namespace {

template <class T>
void put_be(std::byte* at, T v) {
  for (size_t i = 0; i < sizeof(T); ++i) {
    at[i] = static_cast<std::byte>(v >> (8 * (sizeof(T) - 1 - i)));
  }
}

template <class T>
T get_be(const std::byte* at) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) v = static_cast<T>(v << 8) | static_cast<T>(at[i]);
  return v;
}

}  // namespace

std::array<std::byte, kHelloSize> encode(const Hello& h) {
  std::array<std::byte, kHelloSize> b{};
  put_be<uint32_t>(b.data(), kHelloMagic);
  put_be<uint32_t>(b.data() + 4, static_cast<uint32_t>(h.mode));
  put_be<uint32_t>(b.data() + 8, h.size);
  return b;
}

std::optional<Hello> decode_hello(std::span<const std::byte> b) {
  if (b.size() < kHelloSize || get_be<uint32_t>(b.data()) != kHelloMagic) return std::nullopt;
  const uint32_t mode = get_be<uint32_t>(b.data() + 4);
  Hello h;
  h.size = get_be<uint32_t>(b.data() + 8);
  switch (mode) {
    case static_cast<uint32_t>(WireMode::kQuit):
      h.mode = WireMode::kQuit;
      return h;
    case static_cast<uint32_t>(WireMode::kThroughput):
    case static_cast<uint32_t>(WireMode::kLatency):
      h.mode = static_cast<WireMode>(mode);
      // A server sizes its buffers from this: a bad size must not get far.
      if (h.size == 0 || h.size > kMaxMessageSize) return std::nullopt;
      return h;
    default:
      return std::nullopt;
  }
}

std::array<std::byte, kReportSize> encode(const Report& r) {
  std::array<std::byte, kReportSize> b{};
  put_be<uint64_t>(b.data(), r.bytes);
  put_be<uint64_t>(b.data() + 8, r.messages);
  return b;
}

std::optional<Report> decode_report(std::span<const std::byte> b) {
  if (b.size() < kReportSize) return std::nullopt;
  return Report{get_be<uint64_t>(b.data()), get_be<uint64_t>(b.data() + 8)};
}

}  // namespace dsctp::apps
