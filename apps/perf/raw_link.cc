#include "raw_link.h"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <array>
#include <cstdio>
#include <cstring>

namespace dsctp::apps {
namespace {

// IEEE 802 "local experimental" EtherType: never taken for a real protocol.
constexpr uint16_t kEtherType = 0x88b5;
constexpr uint32_t kHeaders = 14 + 20 + 12 + 16;  // Ethernet, IPv4, SCTP, DATA
constexpr uint16_t kBurst = 32;

enum class Kind : uint8_t { kPing = 1, kData = 2, kEnd = 3, kReport = 4, kQuit = 5 };

// After the Ethernet header: kind, then two counters (the report's frames
// and bytes, or a ping's sequence number).
struct Body {
  Kind kind;
  uint8_t pad[7];
  uint64_t a;
  uint64_t b;
};
constexpr uint32_t kBodyOffset = 14;
static_assert(kBodyOffset + sizeof(Body) <= 60);

rte_mbuf* make_frame(const DpdkPort& port, uint32_t length, Kind kind, uint64_t a, uint64_t b) {
  rte_mbuf* m = rte_pktmbuf_alloc(port.pool());
  if (m == nullptr) return nullptr;
  auto* p = reinterpret_cast<uint8_t*>(rte_pktmbuf_append(m, static_cast<uint16_t>(length)));
  if (p == nullptr) {
    rte_pktmbuf_free(m);
    return nullptr;
  }
  std::memset(p, 0xff, 6);  // broadcast: the link has one receiver
  std::memcpy(p + 6, port.info().mac.bytes.data(), 6);
  p[12] = kEtherType >> 8;
  p[13] = kEtherType & 0xff;
  Body body{kind, {}, a, b};
  std::memcpy(p + kBodyOffset, &body, sizeof body);
  return m;
}

std::optional<Body> read_body(rte_mbuf* m) {
  if (rte_pktmbuf_data_len(m) < kBodyOffset + sizeof(Body)) return std::nullopt;
  auto* p = rte_pktmbuf_mtod(m, const uint8_t*);
  if (((p[12] << 8) | p[13]) != kEtherType) return std::nullopt;
  Body body;
  std::memcpy(&body, p + kBodyOffset, sizeof body);
  return body;
}

bool send_one(const DpdkPort& port, rte_mbuf* m) {
  if (m == nullptr) return false;
  if (rte_eth_tx_burst(port.id(), 0, &m, 1) == 1) return true;
  rte_pktmbuf_free(m);
  return false;
}

uint64_t ns_since(uint64_t tsc) {
  return (rte_rdtsc() - tsc) * 1'000'000'000ull / rte_get_tsc_hz();
}

struct Sent {
  uint64_t frames = 0;
  uint64_t frames_at_warmup_end = 0;
};

// Sends frames of `length` as fast as the TX ring takes them until `end`.
void blast(const DpdkPort& port, uint32_t length, uint64_t warm_end, uint64_t end,
           const std::atomic<bool>& stop, Sent& sent, bool progress, uint32_t size) {
  std::array<rte_mbuf*, kBurst> tx;
  bool warm = true;
  uint64_t next_line = warm_end + rte_get_tsc_hz();
  uint64_t line_frames = 0;
  while (!stop.load(std::memory_order_relaxed)) {
    uint64_t now = rte_rdtsc();
    if (warm && now >= warm_end) {
      warm = false;
      sent.frames_at_warmup_end = sent.frames;
      line_frames = sent.frames;
    }
    if (now >= end) break;
    if (progress && !warm && now >= next_line) {
      PerfRow row;
      row.mode = PerfMode::kThroughput;
      row.messages = sent.frames - line_frames;
      row.bytes = row.messages * size;
      row.messages_per_s = static_cast<double>(row.messages);
      row.gbit_per_s = row.bytes * 8 / 1e9;
      print_progress(stdout, static_cast<double>(now - warm_end) / rte_get_tsc_hz(), row);
      std::fflush(stdout);
      line_frames = sent.frames;
      next_line += rte_get_tsc_hz();
    }
    uint16_t n = 0;
    while (n < kBurst) {
      rte_mbuf* m = make_frame(port, length, Kind::kData, 0, 0);
      if (m == nullptr) break;
      tx[n++] = m;
    }
    uint16_t out = rte_eth_tx_burst(port.id(), 0, tx.data(), n);
    for (uint16_t i = out; i < n; ++i) rte_pktmbuf_free(tx[i]);
    sent.frames += out;
  }
  if (warm) sent.frames_at_warmup_end = sent.frames;
}

// Sends End until its Report comes; nothing on timeout. End is resent
// every 10 ms, so the nonce tells this End's Report from an earlier one's.
std::optional<Body> ask_report(const DpdkPort& port, uint32_t timeout_ms) {
  static uint64_t nonce = rte_rdtsc();
  ++nonce;
  const uint64_t hz = rte_get_tsc_hz();
  uint64_t deadline = rte_rdtsc() + hz * timeout_ms / 1000;
  uint64_t next_end = 0;
  std::array<rte_mbuf*, kBurst> rx;
  while (rte_rdtsc() < deadline) {
    if (rte_rdtsc() >= next_end) {
      send_one(port, make_frame(port, 60, Kind::kEnd, nonce, 0));
      next_end = rte_rdtsc() + hz / 100;
    }
    uint16_t n = rte_eth_rx_burst(port.id(), 0, rx.data(), kBurst);
    std::optional<Body> report;
    for (uint16_t i = 0; i < n; ++i) {
      auto body = read_body(rx[i]);
      if (body && body->kind == Kind::kReport && body->b == nonce) report = body;
      rte_pktmbuf_free(rx[i]);
    }
    if (report) return report;
  }
  return std::nullopt;
}

// One frame in flight; the round trip of each after the warm-up is kept.
bool ping_pong(const DpdkPort& port, uint32_t length, uint64_t warm_end, uint64_t end,
               const std::atomic<bool>& stop, uint32_t timeout_ms, LatencyHistogram& rtt,
               bool progress, uint64_t& measure_start) {
  const uint64_t hz = rte_get_tsc_hz();
  std::array<rte_mbuf*, kBurst> rx;
  LatencyHistogram interval;
  uint64_t next_line = warm_end + hz;
  measure_start = warm_end;
  for (uint64_t seq = 1; !stop.load(std::memory_order_relaxed); ++seq) {
    uint64_t start = rte_rdtsc();
    if (start >= end) break;
    if (!send_one(port, make_frame(port, length, Kind::kPing, seq, 0))) continue;
    bool back = false;
    while (!back) {
      if (rte_rdtsc() - start > hz * timeout_ms / 1000) return false;
      uint16_t n = rte_eth_rx_burst(port.id(), 0, rx.data(), kBurst);
      for (uint16_t i = 0; i < n; ++i) {
        auto body = read_body(rx[i]);
        if (body && body->kind == Kind::kPing && body->a == seq) back = true;
        rte_pktmbuf_free(rx[i]);
      }
    }
    if (start >= warm_end) {
      uint64_t ns = ns_since(start);
      rtt.record(ns);
      interval.record(ns);
    }
    if (progress && rte_rdtsc() >= next_line) {
      PerfResult r;
      r.mode = PerfMode::kLatency;
      r.rtt = interval;
      r.messages = interval.count();
      r.seconds = 1;
      print_progress(stdout, static_cast<double>(rte_rdtsc() - warm_end) / hz, to_row(r));
      std::fflush(stdout);
      interval.reset();
      next_line += hz;
    }
  }
  return true;
}

}  // namespace

uint32_t raw_frame_size(uint32_t payload) {
  uint32_t padded = (payload + 3) & ~3u;
  return std::max<uint32_t>(60, kHeaders + padded);
}

int run_raw_server(const DpdkPort& port, const std::atomic<bool>& stop) {
  std::printf("dpdk-sctp-perf raw-link server ready\n");
  std::fflush(stdout);
  std::array<rte_mbuf*, kBurst> rx;
  std::array<rte_mbuf*, kBurst> back;
  uint64_t frames = 0;
  // A repeated End (same nonce) gets the same Report and resets nothing.
  uint64_t last_nonce = 0;
  uint64_t last_count = 0;
  while (!stop.load(std::memory_order_relaxed)) {
    uint16_t n = rte_eth_rx_burst(port.id(), 0, rx.data(), kBurst);
    uint16_t m = 0;
    for (uint16_t i = 0; i < n; ++i) {
      auto body = read_body(rx[i]);
      Kind kind = body ? body->kind : Kind::kData;
      if (body && kind == Kind::kPing) {
        back[m++] = rx[i];  // reflected as it is
        continue;
      }
      rte_pktmbuf_free(rx[i]);
      if (!body) continue;
      if (kind == Kind::kData) {
        ++frames;
      } else if (kind == Kind::kEnd) {
        if (body->a != last_nonce) {
          last_nonce = body->a;
          last_count = frames;
          frames = 0;
        }
        send_one(port, make_frame(port, 60, Kind::kReport, last_count, last_nonce));
      } else if (kind == Kind::kQuit) {
        return 0;
      }
    }
    uint16_t out = m > 0 ? rte_eth_tx_burst(port.id(), 0, back.data(), m) : 0;
    for (uint16_t i = out; i < m; ++i) rte_pktmbuf_free(back[i]);
  }
  return 0;
}

std::optional<PerfResult> run_raw_measurement(const DpdkPort& port, const PerfOptions& o,
                                              PerfMode mode, uint32_t size,
                                              const std::atomic<bool>& stop, bool progress,
                                              std::string& error) {
  if (size > kRawMaxPayload) {
    error = "the raw link carries at most " + std::to_string(kRawMaxPayload) +
            " bytes of payload per frame";
    return std::nullopt;
  }
  const uint64_t hz = rte_get_tsc_hz();
  const uint32_t length = raw_frame_size(size);
  // A report left over from an interrupted run must not be taken for ours.
  if (!ask_report(port, o.timeout_ms)) {
    error = "no answer from the raw-link server within " + std::to_string(o.timeout_ms) + " ms";
    return std::nullopt;
  }
  PerfResult r;
  r.tool = "raw-link";
  r.mode = mode;
  r.size = size;
  uint64_t warm_end = rte_rdtsc() + static_cast<uint64_t>(o.warmup_s * hz);
  uint64_t end = warm_end + static_cast<uint64_t>(o.duration_s * hz);
  uint64_t measure_start = warm_end;
  if (mode == PerfMode::kThroughput) {
    Sent sent;
    blast(port, length, warm_end, end, stop, sent, progress, size);
    std::optional<Body> report = ask_report(port, o.timeout_ms);
    uint64_t measure_end = rte_rdtsc();
    if (!report) {
      error = "no report from the raw-link server";
      return std::nullopt;
    }
    uint64_t received = report->a > sent.frames_at_warmup_end
                            ? report->a - sent.frames_at_warmup_end : 0;
    r.messages = received;
    r.bytes = received * size;
    r.seconds = static_cast<double>(measure_end - measure_start) / hz;
    // A frame the receiver missed is the link's loss, not a protocol's.
    if (report->a != sent.frames) {
      std::fprintf(stderr, "dpdk-sctp-perf: raw link: %llu of %llu frames arrived\n",
                   static_cast<unsigned long long>(report->a),
                   static_cast<unsigned long long>(sent.frames));
    }
  } else {
    if (!ping_pong(port, length, warm_end, end, stop, o.timeout_ms, r.rtt, progress,
                   measure_start)) {
      error = "a ping frame did not come back within " + std::to_string(o.timeout_ms) + " ms";
      return std::nullopt;
    }
    r.messages = r.rtt.count();
    r.bytes = r.messages * size;
    r.seconds = static_cast<double>(rte_rdtsc() - measure_start) / hz;
  }
  r.cycles_per_message = r.messages == 0 ? 0 : r.seconds * hz / r.messages;
  return r;
}

void send_raw_quit(const DpdkPort& port) {
  for (int i = 0; i < 3; ++i) send_one(port, make_frame(port, 60, Kind::kQuit, 0, 0));
  // The frames wait in the link's shared ring; closing the port at once
  // can reset the ring before the server has read them, and the server
  // would then poll on until it is killed.
  rte_delay_ms(50);
}

}  // namespace dsctp::apps
