// Protocol processing alone: two of our endpoints in one thread, no I/O, a
// packet handed from one to the other as soon as it is sent (as
// bench_usrsctp does for usrsctp's AF_CONN mode). Each iteration sends a
// batch of messages one way and runs both endpoints until the receiver has
// them all and the sender's buffer is empty again; the CRC32c is computed
// and checked in software on every packet, as it is on a NIC without the
// offload.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstdio>
#include <deque>
#include <vector>

#include "base/random.h"
#include "sctp/endpoint/endpoint.h"

namespace dsctp {
namespace {

using sctp::IpAddress;

const IpAddress kClient = IpAddress::ipv4(0x0a000001);
const IpAddress kServer = IpAddress::ipv4(0x0a000101);

// Packets for one receiver in reusable buffers, each with a reference
// count: a payload delivered without a copy keeps its packet's buffer, as
// the runtime keeps the rte_mbuf (PayloadHold), and a buffer is reused only
// once nothing refers to it.
struct Slot {
  std::vector<std::byte> bytes;
  uint32_t refs = 0;
};

struct Wire final : sctp::PacketSink {
  std::deque<Slot> slots;  // stable addresses
  std::vector<Slot*> queued;
  std::vector<Slot*> free;
  void send_packet(const IpAddress&, std::span<const std::byte> packet) override {
    Slot* s = nullptr;
    if (!free.empty()) {
      s = free.back();
      free.pop_back();
    } else {
      s = &slots.emplace_back();
    }
    s->bytes.assign(packet.begin(), packet.end());
    queued.push_back(s);
  }
};

struct Pair {
  explicit Pair(uint32_t message_size)
      : client_random(1), server_random(2),
        client(config(), to_server, client_random, now),
        server(config(), to_client, server_random, now), payload(message_size, std::byte{0x42}) {
    sctp::Callbacks cb;
    cb.message = [](void* ctx, sctp::Association&, sctp::ReceivedMessage& m) {
      auto* self = static_cast<Pair*>(ctx);
      ++self->received;
      self->received_bytes += m.size();
    };
    server.listen(5001, cb, this);
    association = client.connect(now, 40000, 5001, {kServer}, {}, nullptr);
    pump();
    if (association == nullptr ||
        association->state() != sctp::AssociationState::kEstablished) {
      std::fprintf(stderr, "bench: the association did not come up\n");
      std::abort();
    }
  }

  static sctp::EndpointConfig config() {
    sctp::EndpointConfig c;
    c.association.send.max_buffered_bytes = 8u << 20;
    c.association.receive.max_buffered_bytes = 8u << 20;
    c.association.receive.max_buffered_fragments = 1u << 20;
    c.association.path.path.mtu = 1500;
    // Timers never fire in a run this short; heartbeats would only add
    // noise.
    c.association.heartbeats = false;
    return c;
  }

  void deliver(Wire& wire, sctp::Endpoint& to, const IpAddress& from) {
    // Receiving may send (SACKs) onto the other wire only; still, take the
    // batch first.
    batch.clear();
    batch.swap(wire.queued);
    for (Slot* s : batch) {
      s->refs = 1;
      sctp::PayloadHold hold{[](void* c) { ++static_cast<Slot*>(c)->refs; },
                             [](void* c) { --static_cast<Slot*>(c)->refs; }, s};
      to.handle_packet(now, from, ByteRange(std::span<const std::byte>(s->bytes)), false, &hold);
      if (--s->refs == 0) wire.free.push_back(s);
    }
  }

  void pump() {
    for (int rounds = 0; rounds < 100000; ++rounds) {
      if (to_server.queued.empty() && to_client.queued.empty()) {
        // A delayed SACK may be all that is left: let its timer run.
        if (association != nullptr && association->send_buffer_used() > 0) {
          now += std::chrono::milliseconds(200);
          client.advance(now);
          server.advance(now);
          if (to_server.queued.empty() && to_client.queued.empty()) return;
          continue;
        }
        return;
      }
      deliver(to_server, server, kClient);
      deliver(to_client, client, kServer);
    }
    std::fprintf(stderr, "bench: the pair never went quiet\n");
    std::abort();
  }

  TimePoint now{};
  Wire to_server;
  Wire to_client;
  SeededRandom client_random;
  SeededRandom server_random;
  sctp::Endpoint client;
  sctp::Endpoint server;
  sctp::Association* association = nullptr;
  std::vector<std::byte> payload;
  std::vector<Slot*> batch;
  uint64_t received = 0;
  uint64_t received_bytes = 0;
};

void BM_OurMessages(benchmark::State& state) {
  const uint32_t size = static_cast<uint32_t>(state.range(0));
  const uint32_t batch = static_cast<uint32_t>(state.range(1));
  Pair pair(size);
  for (auto _ : state) {
    for (uint32_t i = 0; i < batch; ++i) {
      if (pair.association->send(sctp::StreamId(0), sctp::Ppid(0), pair.payload) !=
          sctp::SendStatus::kOk) {
        state.SkipWithError("send refused");
        return;
      }
    }
    pair.client.flush(pair.now);
    pair.pump();
  }
  if (pair.received != uint64_t{batch} * state.iterations()) {
    state.SkipWithError("messages went missing");
  }
  state.SetItemsProcessed(static_cast<int64_t>(pair.received));
  state.SetBytesProcessed(static_cast<int64_t>(pair.received_bytes));
  state.counters["Gbit/s"] = benchmark::Counter(static_cast<double>(pair.received_bytes) * 8 / 1e9,
                                                benchmark::Counter::kIsRate);
}

BENCHMARK(BM_OurMessages)->ArgNames({"size", "batch"})->Args({64, 64})->Args({1452, 64})
    ->Args({64, 1})->Args({1452, 1});

}  // namespace
}  // namespace dsctp

BENCHMARK_MAIN();
