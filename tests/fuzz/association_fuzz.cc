#include "fuzz/association_fuzz.h"

#include <cstdlib>
#include <deque>
#include <vector>

#include "base/bytes.h"
#include "base/random.h"
#include "crc/crc32c.h"
#include "sctp/endpoint/endpoint.h"

namespace dsctp::fuzz {
namespace {

using sctp::IpAddress;

const IpAddress kClient = IpAddress::ipv4(0x0a000001);
const IpAddress kServer = IpAddress::ipv4(0x0a000101);
constexpr uint16_t kClientPort = 40000;
constexpr uint16_t kServerPort = 5001;

// Packets on their way, per receiving side.
struct Wire final : sctp::PacketSink {
  std::deque<std::vector<std::byte>> queue;
  void send_packet(const IpAddress&, std::span<const std::byte> packet) override {
    // A peer that answers everything could loop; the pump bounds it, and
    // the queue is bounded here too.
    if (queue.size() < 1024) queue.emplace_back(packet.begin(), packet.end());
  }
};

void abort_if(bool broken) {
  if (broken) std::abort();
}

// `interleaving`: both sides offer I-DATA (and so I-FORWARD-TSN with
// PR-SCTP), so the fuzzed chunks meet the I-DATA receive path, partial
// delivery and I-FORWARD-TSN (and DATA and FORWARD-TSN the protocol
// violation rule).
sctp::EndpointConfig config(bool interleaving = false) {
  sctp::EndpointConfig c;
  c.association.extensions.interleaving = interleaving;
  c.association.path.rto.initial = std::chrono::milliseconds(50);
  c.association.path.rto.min = std::chrono::milliseconds(20);
  c.association.path.rto.max = std::chrono::milliseconds(200);
  c.association.receive.max_buffered_bytes = 64 * 1024;
  c.association.receive.max_buffered_fragments = 256;
  // Small, so that a few fuzzed fragments start partial deliveries.
  c.association.receive.partial_delivery_point = 2048;
  c.association.send.max_buffered_bytes = 64 * 1024;
  c.association.max_retrans = 4;
  c.association.max_init_retransmits = 2;
  // Both offer PR-SCTP, so FORWARD-TSN reaches the association's handler
  // and the echoes below may be abandoned.
  c.association.extensions.partial_reliability = true;
  // And RE-CONFIG, so fuzzed stream reset requests and responses reach the
  // association's handler; stream additions are capped low.
  c.association.extensions.stream_reconfig = true;
  c.association.reconfig.max_inbound_streams = 64;
  c.association.reconfig.max_outbound_streams = 64;
  c.association.reconfig.accept_association_reset = true;
  c.max_associations = 8;
  return c;
}

struct Pair {
  explicit Pair(bool interleaving)
      : client_random(1), server_random(2),
        client(config(interleaving), to_server, client_random, now),
        server(config(interleaving), to_client, server_random, now) {
    sctp::Callbacks cb;
    cb.message = [](void*, sctp::Association& a, sctp::ReceivedMessage& m) {
      // Echo, so that the send side runs too.
      std::vector<std::byte> bytes(m.size());
      size_t at = 0;
      m.for_each_fragment([&](const ByteRange& r) {
        r.copy_to(bytes.data() + at);
        at += r.size();
      });
      // Half the echoes give up after one retransmission, so fuzzed SACKs
      // and the timers meet abandoned chunks too.
      sctp::SendOptions options{m.unordered()};
      if (m.ppid().value() % 2 == 1) {
        options.pr.policy = sctp::PrPolicy::kRetransmissions;
        options.pr.max_retransmissions = 1;
      }
      a.send(m.stream(), m.ppid(), bytes, options);
      // Some messages make the server ask for a reconfiguration, so that
      // fuzzed responses meet an outstanding request.
      const sctp::StreamId stream[] = {m.stream()};
      switch (m.ppid().value() % 8) {
        case 2: a.reset_streams(stream); break;
        case 4: a.reset_incoming_streams({}); break;
        case 6: a.add_outgoing_streams(2); break;
        case 7: a.reset_association(); break;
        default: break;
      }
    };
    // Pieces are echoed as messages of their own.
    cb.message_part = [](void*, sctp::Association& a, sctp::ReceivedMessage& m,
                         sctp::MessagePart) {
      std::vector<std::byte> bytes(m.size());
      size_t at = 0;
      m.for_each_fragment([&](const ByteRange& r) {
        r.copy_to(bytes.data() + at);
        at += r.size();
      });
      a.send(m.stream(), m.ppid(), bytes, sctp::SendOptions{m.unordered()});
    };
    abort_if(!server.listen(kServerPort, cb, nullptr));
  }

  // What the client side's application does: take pieces, nothing else.
  static sctp::Callbacks client_callbacks() {
    sctp::Callbacks cb;
    cb.message_part = [](void*, sctp::Association&, sctp::ReceivedMessage&, sctp::MessagePart) {};
    return cb;
  }

  // Delivers queued packets both ways until none are left (bounded).
  void pump() {
    for (int i = 0; i < 2000 && !(to_server.queue.empty() && to_client.queue.empty()); ++i) {
      if (!to_server.queue.empty()) {
        std::vector<std::byte> p = std::move(to_server.queue.front());
        to_server.queue.pop_front();
        server.handle_packet(now, kClient, ByteRange(std::span<const std::byte>(p)));
      }
      if (!to_client.queue.empty()) {
        std::vector<std::byte> p = std::move(to_client.queue.front());
        to_client.queue.pop_front();
        client.handle_packet(now, kServer, ByteRange(std::span<const std::byte>(p)));
      }
    }
  }

  TimePoint now{};
  Wire to_server;
  Wire to_client;
  SeededRandom client_random;
  SeededRandom server_random;
  sctp::Endpoint client;
  sctp::Endpoint server;
};

}  // namespace

void fuzz_association(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const uint8_t mode = data[0];
  Pair pair((mode & 0x10) != 0);
  sctp::VerificationTag tag(0);
  if (mode & 0x01) {
    sctp::Association* a =
        pair.client.connect(pair.now, kClientPort, kServerPort, {kServer}, Pair::client_callbacks(),
                            nullptr);
    abort_if(a == nullptr);
    pair.pump();
    abort_if(a->state() != sctp::AssociationState::kEstablished);
    tag = a->peer_tag();
    // Something in flight the other way, so SACKs and retransmissions
    // meet the fuzzed input.
    std::vector<std::byte> hello(300, std::byte{0x5a});
    a->send(sctp::StreamId(1), sctp::Ppid(7), hello);
    pair.client.flush(pair.now);
    pair.to_server.queue.clear();  // lost: the fuzzer speaks for the client now
  }

  size_t at = 1;
  std::vector<std::byte> packet;
  while (at + 2 <= size) {
    size_t len = (size_t{data[at]} << 8) | data[at + 1];
    at += 2;
    if (len > size - at) len = size - at;
    packet.assign(reinterpret_cast<const std::byte*>(data + at),
                  reinterpret_cast<const std::byte*>(data + at + len));
    at += len;
    if (packet.size() >= 12) {
      if (mode & 0x04) {
        store_be16(packet.data(), kClientPort);
        store_be16(packet.data() + 2, kServerPort);
      }
      if (mode & 0x02) store_be32(packet.data() + 4, tag.value());
      if (mode & 0x08) crc::write_sctp_checksum(std::span<std::byte>(packet));
    }
    pair.server.handle_packet(pair.now, kClient, ByteRange(std::span<const std::byte>(packet)));
    abort_if(pair.server.association_count() > config().max_associations);
  }
  // Let the consequences play out: replies, retransmissions, timers.
  pair.pump();
  for (int step = 0; step < 50; ++step) {
    pair.now += std::chrono::milliseconds(250);
    pair.client.advance(pair.now);
    pair.server.advance(pair.now);
    pair.pump();
  }
}

}  // namespace dsctp::fuzz
