// What a perf client and server say to each other, the same on every
// transport, so that the three tools measure the same exchange:
//  - A connection (association) starts with a Hello from the client.
//  - latency: the client sends one message of `size` bytes at a time; the
//    server sends each back whole; the client times the round trip.
//  - throughput: the client sends messages of `size` bytes as fast as the
//    transport accepts them. At the end it sends an End (SCTP: a message
//    with PPID kEndPpid; TCP: it shuts its side down, the server reads to
//    EOF); the server answers with a Report of the payload bytes and
//    messages it received, and the client takes the time when the Report
//    arrives. Throughput is what the server received, so nothing counts
//    that was not delivered.
//  - A Hello with mode kQuit asks the server to exit.
// All integers are big-endian on the wire.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace dsctp::apps {

inline constexpr uint32_t kHelloMagic = 0x44535046;  // "DSPF"
// PPIDs from a range IANA has not assigned, so that a dissector does not
// take test payload for a real protocol.
inline constexpr uint32_t kDataPpid = 100000;
inline constexpr uint32_t kHelloPpid = 100001;
inline constexpr uint32_t kEndPpid = 100002;
inline constexpr uint32_t kReportPpid = 100003;

enum class WireMode : uint8_t { kThroughput = 1, kLatency = 2, kQuit = 3 };

struct Hello {
  WireMode mode = WireMode::kLatency;
  uint32_t size = 0;
};

struct Report {
  uint64_t bytes = 0;
  uint64_t messages = 0;
};

inline constexpr size_t kHelloSize = 12;   // magic, mode (u32), size
inline constexpr size_t kReportSize = 16;  // bytes, messages
// The largest message size a Hello may ask for (--size's limit too).
inline constexpr uint32_t kMaxMessageSize = 65536;

std::array<std::byte, kHelloSize> encode(const Hello& h);
// Nothing if `b` is shorter than a Hello, has another magic or mode, or
// (latency, throughput) a size outside 1..kMaxMessageSize. Bytes after
// the Hello are not looked at.
std::optional<Hello> decode_hello(std::span<const std::byte> b);
std::array<std::byte, kReportSize> encode(const Report& r);
// Nothing if `b` is shorter than a Report.
std::optional<Report> decode_report(std::span<const std::byte> b);

}  // namespace dsctp::apps
