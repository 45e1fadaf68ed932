// The perf client over our stack. Latency: each association keeps one
// message in flight and sends the next from the callback that receives
// the echo. Throughput: each association fills its send buffer, then
// refills from the `writable` callback (the paper's send-side threshold),
// never by polling the buffer.
#include <rte_cycles.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "common/perf_protocol.h"
#include "net/ipv4.h"
#include "sctp_perf.h"

namespace dsctp::apps {
namespace {

// Throughput settles between warm-up and measurement: nothing new is sent
// until the peer has acknowledged everything, so that messages handed
// over during the warm-up are not delivered inside the measured time.
enum class Phase : uint8_t { kWarmup, kSettling, kMeasuring, kDraining };

struct Client;

struct Link {
  Client* client;
  sctp::Association* association = nullptr;  // null once closed
  bool connected = false;
  bool closed = false;
  sctp::CloseInfo close_info;
  std::optional<Report> report;
  uint16_t next_stream = 0;
  // Latency: when the message in flight left.
  uint64_t sent_tsc = 0;
  // Throughput: payload handed to send(), in total and by the warm-up's end.
  uint64_t bytes_sent = 0;
  uint64_t messages_sent = 0;
  uint64_t bytes_at_warmup_end = 0;
  uint64_t messages_at_warmup_end = 0;
  // Given up under --pr: never counted as delivered. (A copy already on
  // its way when it was given up may still arrive: then the server counts
  // it, and the measurement is that much higher.)
  uint64_t bytes_abandoned = 0;
  uint64_t messages_abandoned = 0;
  // --interleave: bytes of the echo arriving in pieces so far.
  size_t piece_bytes = 0;

  void mark_warmup_end() {
    bytes_at_warmup_end = bytes_sent - bytes_abandoned;
    messages_at_warmup_end = messages_sent - messages_abandoned;
  }
};

struct Client {
  PerfMode mode;
  uint32_t size;
  uint16_t streams;
  sctp::SendOptions send_options;
  Phase phase = Phase::kWarmup;
  std::vector<std::byte> payload;
  std::vector<std::unique_ptr<Link>> links;
  LatencyHistogram rtt;       // the whole measurement
  LatencyHistogram interval;  // since the last progress line
  uint64_t round_trips = 0;
  uint64_t interval_bytes = 0;
  uint64_t interval_messages = 0;
  double ns_per_tsc;
  bool bad_echo = false;
};

sctp::StreamId next_stream(Link& l) {
  uint16_t s = l.next_stream;
  l.next_stream = static_cast<uint16_t>((s + 1) % l.client->streams);
  return sctp::StreamId(s);
}

bool send_data(Link& l) {
  Client& c = *l.client;
  sctp::SendStatus s = l.association->send(next_stream(l), sctp::Ppid(kDataPpid), c.payload,
                                           c.send_options);
  if (s != sctp::SendStatus::kOk) return false;
  l.bytes_sent += c.size;
  ++l.messages_sent;
  c.interval_bytes += c.size;
  ++c.interval_messages;
  return true;
}

void fill(Link& l) {
  const Client& c = *l.client;
  if (c.mode != PerfMode::kThroughput || c.phase == Phase::kDraining ||
      c.phase == Phase::kSettling || l.association == nullptr) {
    return;
  }
  while (send_data(l)) {
  }
}

void on_echo(Link& l, size_t size) {
  Client& c = *l.client;
  if (c.mode != PerfMode::kLatency || l.sent_tsc == 0) return;
  uint64_t rtt_ns = static_cast<uint64_t>(static_cast<double>(rte_rdtsc() - l.sent_tsc) *
                                          c.ns_per_tsc);
  l.sent_tsc = 0;
  if (size != c.size) c.bad_echo = true;
  if (c.phase == Phase::kMeasuring) {
    c.rtt.record(rtt_ns);
    c.interval.record(rtt_ns);
    ++c.round_trips;
  }
  if (c.phase == Phase::kDraining) return;
  l.sent_tsc = rte_rdtsc();
  if (!send_data(l)) l.sent_tsc = 0;
}

void on_message(void* ctx, sctp::Association&, sctp::ReceivedMessage& m) {
  Link& l = *static_cast<Link*>(ctx);
  if (m.ppid().value() == kReportPpid) {
    std::array<std::byte, kReportSize> bytes{};
    if (m.size() == kReportSize) {
      size_t at = 0;
      m.for_each_fragment([&](const ByteRange& r) {
        r.copy_to(bytes.data() + at);
        at += r.size();
      });
      l.report = decode_report(bytes);
    }
    return;
  }
  on_echo(l, m.size());
}

// With --interleave a large echo may come in pieces: it is back with its
// last one.
void on_message_part(void* ctx, sctp::Association&, sctp::ReceivedMessage& piece,
                     sctp::MessagePart part) {
  Link& l = *static_cast<Link*>(ctx);
  if (part.first) l.piece_bytes = 0;
  l.piece_bytes += piece.size();
  if (part.last) on_echo(l, l.piece_bytes);
}

sctp::Callbacks client_callbacks(bool interleave) {
  sctp::Callbacks cb;
  if (interleave) cb.message_part = on_message_part;
  cb.connected = [](void* ctx, sctp::Association&) { static_cast<Link*>(ctx)->connected = true; };
  cb.message = on_message;
  cb.writable = [](void* ctx, sctp::Association&, size_t) { fill(*static_cast<Link*>(ctx)); };
  cb.abandoned = [](void* ctx, sctp::Association&, sctp::OutgoingMessage& m) {
    auto& l = *static_cast<Link*>(ctx);
    l.bytes_abandoned += m.bytes.size();
    ++l.messages_abandoned;
  };
  cb.closed = [](void* ctx, sctp::Association&, const sctp::CloseInfo& info) {
    auto& l = *static_cast<Link*>(ctx);
    l.closed = true;
    l.close_info = info;
    l.association = nullptr;
  };
  return cb;
}

template <class F>
bool poll_until(rt::Engine& engine, F done, uint64_t deadline_tsc, const std::atomic<bool>* stop) {
  while (!done()) {
    if (rte_rdtsc() > deadline_tsc) return false;
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) return false;
    engine.poll();
  }
  return true;
}

bool all(const Client& c, bool Link::*flag) {
  for (const auto& l : c.links) {
    if (!(l.get()->*flag)) return false;
  }
  return true;
}

// Connects o.assocs associations; false with `error` if any fails.
bool connect_all(rt::Engine& engine, const PerfOptions& o, Client& c, std::string& error) {
  auto peer = net::Ipv4Address::parse(o.peer);
  if (!peer) {
    error = "bad peer address " + o.peer;
    return false;
  }
  for (uint16_t i = 0; i < o.assocs; ++i) {
    auto l = std::make_unique<Link>();
    l->client = &c;
    l->association = engine.endpoint().connect(engine.now(), 0, o.port,
                                               {sctp::IpAddress::ipv4(peer->value())},
                                               client_callbacks(o.interleave), l.get());
    if (l->association == nullptr) {
      error = "cannot start an association";
      return false;
    }
    c.links.push_back(std::move(l));
  }
  uint64_t deadline = rte_rdtsc() + rte_get_tsc_hz() * o.timeout_ms / 1000;
  bool up = poll_until(engine, [&] {
    for (const auto& l : c.links) {
      if (!l->connected && !l->closed) return false;
    }
    return true;
  }, deadline, nullptr);
  if (!up || !all(c, &Link::connected)) {
    error = "no association with " + o.peer + " port " + std::to_string(o.port) + " within " +
            std::to_string(o.timeout_ms) + " ms";
    return false;
  }
  return true;
}

bool send_hello(Link& l, const Hello& h) {
  auto bytes = encode(h);
  return l.association != nullptr &&
         l.association->send(sctp::StreamId(0), sctp::Ppid(kHelloPpid), bytes, {}) ==
             sctp::SendStatus::kOk;
}

void close_all(rt::Engine& engine, Client& c, uint32_t timeout_ms) {
  for (auto& l : c.links) {
    if (l->association != nullptr) l->association->shutdown(engine.now());
  }
  uint64_t deadline = rte_rdtsc() + rte_get_tsc_hz() * timeout_ms / 1000;
  poll_until(engine, [&] { return all(c, &Link::closed); }, deadline, nullptr);
  for (auto& l : c.links) {
    if (l->association != nullptr) l->association->abort(engine.now());
  }
  engine.poll();
}

sctp::SendOptions send_options(const PerfOptions& o) {
  sctp::SendOptions s{.unordered = o.unordered};
  switch (o.pr_policy) {
    case PerfPrPolicy::kNone: break;
    case PerfPrPolicy::kLifetime:
      s.pr = {sctp::PrPolicy::kLifetime, std::chrono::milliseconds(o.pr_value), 0};
      break;
    case PerfPrPolicy::kRetransmissions:
      s.pr = {sctp::PrPolicy::kRetransmissions, {}, o.pr_value};
      break;
    case PerfPrPolicy::kBuffer:
      s.pr = {sctp::PrPolicy::kBuffer, {}, 0};
      break;
  }
  return s;
}

// The option's names are in SchedulerKind's order (perf_options.h).
sctp::SchedulerKind scheduler_kind(const std::string& name) {
  const std::vector<std::string>& names = perf_scheduler_names();
  auto at = std::find(names.begin(), names.end(), name) - names.begin();
  return static_cast<sctp::SchedulerKind>(at);
}

uint64_t abandoned(const Client& c) {
  uint64_t n = 0;
  for (const auto& l : c.links) n += l->messages_abandoned;
  return n;
}

uint64_t retransmissions(const Client& c) {
  uint64_t n = 0;
  for (const auto& l : c.links) {
    if (l->association != nullptr) n += l->association->stats().retransmissions;
  }
  return n;
}

PerfRow interval_row(Client& c, double seconds) {
  PerfResult r;
  r.mode = c.mode;
  r.size = c.size;
  r.seconds = seconds;
  r.bytes = c.interval_bytes;
  r.messages = c.mode == PerfMode::kLatency ? c.interval.count() : c.interval_messages;
  r.rtt = c.interval;
  c.interval.reset();
  c.interval_bytes = 0;
  c.interval_messages = 0;
  return to_row(r);
}

// Runs the phases; returns false if the measurement was cut short by the
// peer going away.
bool drive(rt::Engine& engine, const PerfOptions& o, Client& c, const std::atomic<bool>& stop,
           bool progress, uint64_t& measure_start, uint64_t& measure_end) {
  const uint64_t hz = rte_get_tsc_hz();
  uint64_t start = rte_rdtsc();
  uint64_t warm_end = start + static_cast<uint64_t>(o.warmup_s * hz);
  uint64_t end = warm_end + static_cast<uint64_t>(o.duration_s * hz);
  for (auto& l : c.links) {
    if (c.mode == PerfMode::kLatency) {
      l->sent_tsc = rte_rdtsc();
      if (!send_data(*l)) l->sent_tsc = 0;
    } else {
      fill(*l);
    }
  }
  bool started = false;
  uint64_t next_line = 0;
  auto settled = [&] {
    for (const auto& l : c.links) {
      if (l->association != nullptr && l->association->send_buffer_used() != 0) return false;
    }
    return true;
  };
  while (true) {
    engine.poll();
    uint64_t now = rte_rdtsc();
    if (c.phase == Phase::kWarmup && now >= warm_end) {
      c.phase = c.mode == PerfMode::kThroughput ? Phase::kSettling : Phase::kMeasuring;
    }
    if (c.phase == Phase::kSettling && settled()) c.phase = Phase::kMeasuring;
    if (c.phase == Phase::kMeasuring && !started) {
      started = true;
      measure_start = now;
      end = now + static_cast<uint64_t>(o.duration_s * hz);
      next_line = now + hz;
      c.interval.reset();
      c.interval_bytes = 0;
      c.interval_messages = 0;
      for (auto& l : c.links) {
        l->mark_warmup_end();
        fill(*l);
      }
    }
    if (c.phase == Phase::kMeasuring && progress && now >= next_line) {
      print_progress(stdout, static_cast<double>(now - measure_start) / hz, interval_row(c, 1.0));
      std::fflush(stdout);
      next_line += hz;
    }
    if (now >= end || stop.load(std::memory_order_relaxed)) break;
    if (!all(c, &Link::connected) || std::any_of(c.links.begin(), c.links.end(),
                                                 [](const auto& l) { return l->closed; })) {
      return false;
    }
  }
  if (!started) {  // stopped before the measurement began
    measure_start = rte_rdtsc();
    for (auto& l : c.links) l->mark_warmup_end();
  }
  c.phase = Phase::kDraining;
  measure_end = rte_rdtsc();
  return true;
}

// Throughput's ending: everything sent is acknowledged, then End, then the
// server's Report; the clock stops when the Report arrives.
bool collect_reports(rt::Engine& engine, const PerfOptions& o, Client& c, uint64_t& measure_end,
                     std::string& error) {
  uint64_t deadline = rte_rdtsc() + rte_get_tsc_hz() * o.timeout_ms / 1000;
  auto drained = [&] {
    for (const auto& l : c.links) {
      if (l->association == nullptr || l->association->send_buffer_used() != 0) return false;
    }
    return true;
  };
  if (!poll_until(engine, drained, deadline, nullptr)) {
    error = "the server stopped acknowledging data";
    return false;
  }
  for (auto& l : c.links) {
    auto bytes = std::array<std::byte, 1>{};
    if (l->association->send(sctp::StreamId(0), sctp::Ppid(kEndPpid), bytes, {}) !=
        sctp::SendStatus::kOk) {
      error = "cannot send the end of the measurement";
      return false;
    }
  }
  if (!poll_until(engine, [&] {
        return std::all_of(c.links.begin(), c.links.end(),
                           [](const auto& l) { return l->report.has_value(); });
      }, deadline, nullptr)) {
    error = "no report from the server";
    return false;
  }
  measure_end = rte_rdtsc();
  for (const auto& l : c.links) {
    const Report& got = *l->report;
    if (got.bytes > l->bytes_sent || got.messages > l->messages_sent ||
        got.bytes < l->bytes_sent - l->bytes_abandoned ||
        got.messages < l->messages_sent - l->messages_abandoned) {
      error = "the server received " + std::to_string(l->report->bytes) + " bytes in " +
              std::to_string(l->report->messages) + " messages of the " +
              std::to_string(l->bytes_sent) + " in " + std::to_string(l->messages_sent) + " sent";
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<PerfResult> run_sctp_measurement(rt::Engine& engine, const PerfOptions& o,
                                               PerfMode mode, uint32_t size,
                                               const std::atomic<bool>& stop, bool progress,
                                               std::string& error) {
  Client c;
  c.mode = mode;
  c.size = size;
  c.streams = o.streams;
  c.send_options = send_options(o);
  c.ns_per_tsc = 1e9 / static_cast<double>(rte_get_tsc_hz());
  c.payload.resize(size);
  for (uint32_t i = 0; i < size; ++i) c.payload[i] = static_cast<std::byte>(i * 7);
  if (!connect_all(engine, o, c, error)) {
    close_all(engine, c, 100);
    return std::nullopt;
  }
  Hello hello{mode == PerfMode::kLatency ? WireMode::kLatency : WireMode::kThroughput, size};
  for (auto& l : c.links) {
    l->association->set_writable_threshold(o.send_threshold);
    if (!o.scheduler.empty()) l->association->set_scheduler(scheduler_kind(o.scheduler));
    send_hello(*l, hello);
  }
  uint64_t measure_start = 0;
  uint64_t measure_end = 0;
  if (!drive(engine, o, c, stop, progress, measure_start, measure_end)) {
    error = "the association closed during the measurement";
    close_all(engine, c, 100);
    return std::nullopt;
  }
  PerfResult r;
  r.tool = "dpdk-sctp";
  r.mode = mode;
  r.size = size;
  r.streams = o.streams;
  r.assocs = o.assocs;
  r.unordered = o.unordered;
  if (mode == PerfMode::kThroughput) {
    if (!collect_reports(engine, o, c, measure_end, error)) {
      close_all(engine, c, 100);
      return std::nullopt;
    }
    for (const auto& l : c.links) {
      r.bytes += l->report->bytes - l->bytes_at_warmup_end;
      r.messages += l->report->messages - l->messages_at_warmup_end;
    }
  } else {
    // Let the last echoes in so the association closes cleanly.
    uint64_t deadline = rte_rdtsc() + rte_get_tsc_hz() * o.timeout_ms / 1000;
    poll_until(engine, [&] {
      return std::all_of(c.links.begin(), c.links.end(),
                         [](const auto& l) { return l->sent_tsc == 0; });
    }, deadline, nullptr);
    if (c.bad_echo) {
      error = "an echo came back with the wrong size";
      close_all(engine, c, 100);
      return std::nullopt;
    }
    r.messages = c.round_trips;
    r.bytes = c.round_trips * size;
    r.rtt = c.rtt;
  }
  r.seconds = static_cast<double>(measure_end - measure_start) / rte_get_tsc_hz();
  // This thread polls without pause: its whole core is the cost.
  r.cycles_per_message = r.messages == 0 ? 0
                         : static_cast<double>(measure_end - measure_start) / r.messages;
  r.retransmissions = retransmissions(c);
  if (o.pr_policy != PerfPrPolicy::kNone) {
    std::printf("  abandoned           %llu messages under --pr (RFC 3758)\n",
                static_cast<unsigned long long>(abandoned(c)));
  }
  close_all(engine, c, o.timeout_ms);
  return r;
}

bool send_sctp_quit(rt::Engine& engine, const PerfOptions& o, std::string& error) {
  Client c;
  c.mode = PerfMode::kLatency;
  c.streams = 1;
  if (!connect_all(engine, o, c, error)) {
    close_all(engine, c, 100);
    return false;
  }
  send_hello(*c.links.front(), Hello{WireMode::kQuit, 0});
  close_all(engine, c, o.timeout_ms);
  return true;
}

}  // namespace dsctp::apps
