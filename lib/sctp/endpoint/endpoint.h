// The SCTP endpoint (RFC 9260 2.1 "SCTP endpoint"): one set of local
// addresses and the associations and listeners on its ports. It is what
// the runtime (one per lcore) or a test drives:
//
//   handle_packet()  a received SCTP packet (common header onward)
//   advance()        the current time: fires due timers
//   flush()          sends what the application's calls queued
//   next_deadline()  when advance() must be called next, at the latest
//
// Every one of those sends what became due before it returns, through the
// PacketSink, and calls the application back through the Callbacks of the
// association concerned, on the caller's thread. Sans-IO: no clock, no
// socket, no DPDK; the caller passes the time and owns the wire.
//
// Demultiplexing (RFC 9260 8.5): by verification tag for nearly every
// packet (our tags are unique within the endpoint), by the peer's address
// and ports for INIT, COOKIE ECHO and the chunks that may carry the peer's
// tag (ABORT and SHUTDOWN COMPLETE with the T bit). INIT is answered
// without keeping state (5.1.3); out-of-the-blue packets are handled as
// 8.4 says; INIT and COOKIE ECHO meeting an existing association follow
// 5.2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/byte_range.h"
#include "base/random.h"
#include "base/time.h"
#include "sctp/address.h"
#include "sctp/association/association.h"
#include "sctp/endpoint/cookie_config.h"
#include "sctp/endpoint/cookie_signer.h"
#include "sctp/endpoint/state_cookie.h"
#include "sctp/wire/chunks/init.h"
#include "sctp/wire/packet.h"
#include "timer/timer_wheel.h"

namespace dsctp::sctp {

// Where the endpoint's packets go: the IP layer, the simulator, a test.
class PacketSink {
 public:
  virtual ~PacketSink() = default;
  // A whole SCTP packet for `destination`; the bytes live for the call.
  virtual void send_packet(const IpAddress& destination, std::span<const std::byte> packet) = 0;
};

inline constexpr uint8_t kMaxTagOwnerBits = 8;

struct EndpointConfig {
  // Settings of every association of this endpoint.
  AssociationConfig association;
  CookieConfig cookie;
  // Our addresses; listed in INIT and INIT ACK when there is more than one
  // (multihoming, RFC 9260 5.1.2).
  std::vector<IpAddress> local_addresses;
  // Associations at most; an INIT beyond it is still answered (no state is
  // kept), a COOKIE ECHO beyond it gets ABORT "Out of Resource".
  size_t max_associations = 65536;
  // Timer wheel granularity.
  Duration timer_tick = std::chrono::microseconds(10);
  // Several endpoints (one per lcore) can share addresses and ports: the
  // low `tag_owner_bits` bits of every verification tag this endpoint
  // chooses are `tag_owner`, so whoever receives a packet can tell from
  // its tag which endpoint owns the association (lib/rt steers it there)
  // without a shared table. 0 bits: the whole tag is random.
  uint8_t tag_owner_bits = 0;
  uint32_t tag_owner = 0;

  // Empty when usable, else the first problem found.
  std::string_view error() const;
};

// Why packets were dropped before reaching an association, and other
// endpoint-wide counts.
struct EndpointStats {
  uint64_t packets_received = 0;
  uint64_t dropped_malformed = 0;
  uint64_t dropped_bad_checksum = 0;
  // RFC 9653: packets taken with a zero checksum, as offered.
  uint64_t zero_checksum_accepted = 0;
  uint64_t dropped_bad_tag = 0;
  uint64_t dropped_no_chunk = 0;
  uint64_t dropped_bad_cookie = 0;
  uint64_t out_of_the_blue = 0;
  uint64_t inits_answered = 0;
  uint64_t stale_cookies = 0;
  uint64_t aborts_sent = 0;
  uint64_t associations_created = 0;
  uint64_t restarts = 0;
};

class Endpoint final : private AssociationHost {
 public:
  Endpoint(const EndpointConfig& config, PacketSink& sink, RandomSource& random, TimePoint now);
  ~Endpoint();
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  // Accepts associations on `port`; each new one gets these callbacks and
  // context (the application may set its own in `connected`). False if the
  // port already listens or is 0, or if the association config offers
  // I-DATA and `callbacks` has no message_part (events.h: interleaving
  // needs partial delivery).
  bool listen(uint16_t port, const Callbacks& callbacks, void* context);
  void stop_listening(uint16_t port);

  // Starts an association to `peer_port` at the first of `peer_addresses`
  // (the others are tried on retransmission). `local_port` 0 picks a free
  // one. Null when no association can be made (limit reached, no address,
  // or I-DATA offered without a message_part callback, as for listen()).
  Association* connect(TimePoint now, uint16_t local_port, uint16_t peer_port,
                       std::vector<IpAddress> peer_addresses, const Callbacks& callbacks,
                       void* context);

  // A received SCTP packet. `checksum_verified`: the NIC checked the CRC32c
  // (only where the port advertises it, crc/offload.h); otherwise it is
  // checked here. `hold`, when given, lets DATA payload stay in the
  // packet's buffer instead of being copied.
  void handle_packet(TimePoint now, const IpAddress& source, ByteRange packet,
                     bool checksum_verified = false, const PayloadHold* hold = nullptr);
  // ICMP "fragmentation needed" quoting a packet we sent to `peer`, with
  // the quoted SCTP common header (RFC 9260 Appendix C: its verification
  // tag must be one of ours for that peer).
  void handle_too_big(TimePoint now, const IpAddress& peer, ByteRange quoted_sctp, uint32_t mtu);

  void advance(TimePoint now);
  void flush(TimePoint now);
  std::optional<TimePoint> next_deadline() const { return timers_.next_deadline(); }
  // The same, TimePoint::max() for none: cheaper in a poll loop.
  TimePoint earliest_deadline() const { return timers_.earliest_deadline(); }

  size_t association_count() const { return associations_.size(); }
  Association* find(uint64_t id);
  const EndpointStats& stats() const { return stats_; }
  const EndpointConfig& config() const { return config_; }

 private:
  struct AddressKey {
    IpAddress peer;
    uint16_t local_port = 0;
    uint16_t peer_port = 0;
    friend bool operator==(const AddressKey&, const AddressKey&) = default;
  };
  struct AddressKeyHash {
    size_t operator()(const AddressKey& k) const {
      return k.peer.hash() ^ (size_t{k.local_port} << 16) ^ k.peer_port;
    }
  };
  struct Listener {
    Callbacks callbacks;
    void* context = nullptr;
  };
  // Marks a public entry point: the outermost one flushes and frees
  // closed associations on the way out, when no callback can be running.
  class Scope;

  // AssociationHost
  timer::TimerWheel& timers() override { return timers_; }
  RandomSource& random() override { return random_; }
  void transmit(const IpAddress& destination, std::span<const std::byte> packet) override;
  void request_flush(Association& a) override;
  void on_closed(Association& a) override;
  void on_peer_address(Association& a, const IpAddress& address) override;

  Association* by_tag(VerificationTag tag, uint16_t local_port, uint16_t peer_port);
  Association* by_address(const IpAddress& peer, uint16_t local_port, uint16_t peer_port);
  VerificationTag new_tag();
  Tsn new_tsn() { return Tsn(random_.next_u32()); }
  uint16_t ephemeral_port();
  // No I-DATA offered, or partial delivery to take interleaved messages.
  bool can_interleave(const Callbacks& callbacks) const;
  Association* create(uint16_t local_port, uint16_t peer_port, VerificationTag tag,
                      const Callbacks& callbacks, void* context);
  void flush_pending(TimePoint now);
  void reap();
  void rotate_cookie_key(TimePoint now);

  // endpoint_handshake.cc
  void handle_init(TimePoint now, const IpAddress& source, const wire::PacketView& packet,
                   const wire::RawChunk& chunk, bool alone);
  void handle_cookie_echo(TimePoint now, const IpAddress& source,
                          const wire::PacketView& packet, const wire::RawChunk& chunk,
                          const PayloadHold* hold);
  void handle_existing_cookie(TimePoint now, Association& a, const StateCookie& cookie,
                              PeerInit peer);
  PeerInit peer_init_of(const StateCookie& cookie, const IpAddress& source) const;
  void send_init_ack(TimePoint now, const IpAddress& source, const wire::PacketView& packet,
                     const wire::InitChunk& init, VerificationTag local_tag, Tsn local_tsn,
                     Association::TieTags tie_tags);

  // endpoint_ootb.cc
  void handle_out_of_the_blue(const IpAddress& source, const wire::PacketView& packet);
  // A packet of already serialized `chunks`, from our port to the peer's.
  void send_reply(const IpAddress& destination, uint16_t local_port, uint16_t peer_port,
                  VerificationTag tag, std::span<const std::byte> chunks);
  // The same in answer to `packet` (its ports swapped).
  void send_reply(const IpAddress& destination, const wire::PacketView& packet,
                  VerificationTag tag, std::span<const std::byte> chunks) {
    send_reply(destination, packet.header.destination_port, packet.header.source_port, tag,
               chunks);
  }
  void send_abort_reply(const IpAddress& destination, const wire::PacketView& packet,
                        VerificationTag tag, bool reflected, std::span<const std::byte> causes);

  EndpointConfig config_;
  PacketSink& sink_;
  RandomSource& random_;
  timer::TimerWheel timers_;
  CookieSigner signer_;
  EndpointStats stats_;

  std::unordered_map<uint16_t, Listener> listeners_;
  std::unordered_map<uint64_t, std::unique_ptr<Association>> associations_;
  std::unordered_map<uint32_t, Association*> by_tag_;
  std::unordered_map<AddressKey, Association*, AddressKeyHash> by_address_;
  // The by_address_ keys each association added, to remove them on close.
  std::unordered_map<const Association*, std::vector<AddressKey>> address_keys_;
  uint64_t next_id_ = 1;
  // The dynamic range (RFC 6335) starts at 49152, a multiple of 256: the
  // first port whose low bits are the tag owner.
  uint16_t first_ephemeral_port() const {
    return static_cast<uint16_t>(49152 + config_.tag_owner);
  }
  uint16_t next_ephemeral_ = 49152;

  int depth_ = 0;
  std::vector<Association*> flush_queue_;
  std::vector<std::unique_ptr<Association>> closed_;
  std::vector<std::byte> reply_buffer_;
};

}  // namespace dsctp::sctp
