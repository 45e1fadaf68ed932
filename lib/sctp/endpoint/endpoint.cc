#include "sctp/endpoint/endpoint.h"

#include <algorithm>
#include <array>

#include "crc/crc32c.h"
#include "sctp/wire/constants.h"

namespace dsctp::sctp {

class Endpoint::Scope {
 public:
  Scope(Endpoint& e, TimePoint now) : e_(e), now_(now) { ++e_.depth_; }
  ~Scope() {
    if (--e_.depth_ != 0) return;
    ++e_.depth_;  // flushing may call back into the endpoint
    e_.flush_pending(now_);
    --e_.depth_;
    e_.reap();
  }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  Endpoint& e_;
  TimePoint now_;
};

namespace {

CookieSigner make_signer(RandomSource& random, TimePoint now, Duration interval) {
  std::array<std::byte, kCookieKeySize> key{};
  random.fill(key);
  CookieSigner signer(now, interval, key);
  key.fill(std::byte{0});
  return signer;
}

}  // namespace

std::string_view EndpointConfig::error() const {
  if (auto e = association.error(); !e.empty()) return e;
  if (const char* e = check_cookie_config(cookie)) return e;
  if (local_addresses.size() > kMaxPaths) return "too many local addresses";
  if (max_associations == 0) return "max associations must be at least 1";
  if (timer_tick <= Duration::zero()) return "timer tick must be positive";
  if (tag_owner_bits > kMaxTagOwnerBits) return "at most 8 tag owner bits";
  if (tag_owner >= (1u << tag_owner_bits)) return "tag owner does not fit its bits";
  return {};
}

Endpoint::Endpoint(const EndpointConfig& config, PacketSink& sink, RandomSource& random,
                   TimePoint now)
    : config_(config), sink_(sink), random_(random), timers_(now, config.timer_tick),
      signer_(make_signer(random, now, config.cookie.key_rotation_interval)),
      reply_buffer_(config.association.path.path.mtu) {
  next_ephemeral_ = first_ephemeral_port();
}

Endpoint::~Endpoint() {
  // Associations cancel their timers as they go; the wheel outlives them.
  associations_.clear();
  closed_.clear();
}

bool Endpoint::listen(uint16_t port, const Callbacks& callbacks, void* context) {
  if (port == 0 || !can_interleave(callbacks)) return false;
  return listeners_.emplace(port, Listener{callbacks, context}).second;
}

void Endpoint::stop_listening(uint16_t port) { listeners_.erase(port); }

bool Endpoint::can_interleave(const Callbacks& callbacks) const {
  // Messages interleaved by the peer complete only together: without
  // partial delivery, several larger than the receive buffer between them
  // would fill it with parts and stall the association for good.
  return !config_.association.extensions.interleaving || callbacks.message_part != nullptr;
}

Association* Endpoint::find(uint64_t id) {
  auto it = associations_.find(id);
  return it == associations_.end() || it->second->closed() ? nullptr : it->second.get();
}

VerificationTag Endpoint::new_tag() {
  // RFC 9260 5.3.1: random, non-zero; unique within the endpoint so that
  // the tag alone finds the association. The owner bits keep tags
  // steerable; what is left stays random (at least 24 bits).
  const uint32_t owner_mask = (1u << config_.tag_owner_bits) - 1;
  for (;;) {
    uint32_t v = (random_.next_u32() & ~owner_mask) | config_.tag_owner;
    if (v != 0 && !by_tag_.contains(v)) return VerificationTag(v);
  }
}

uint16_t Endpoint::ephemeral_port() {
  // Only ports whose low bits are our tag owner: endpoints that share an
  // address (one per lcore) never pick the same one.
  const uint32_t step = 1u << config_.tag_owner_bits;
  for (int tries = 0; tries < 16384; ++tries) {
    uint16_t p = next_ephemeral_;
    uint32_t next = uint32_t{p} + step;
    next_ephemeral_ = next > 65535 ? first_ephemeral_port() : static_cast<uint16_t>(next);
    if (!listeners_.contains(p)) return p;
  }
  return 0;
}

Association* Endpoint::create(uint16_t local_port, uint16_t peer_port, VerificationTag tag,
                              const Callbacks& callbacks, void* context) {
  if (associations_.size() >= config_.max_associations || by_tag_.contains(tag.value())) {
    return nullptr;
  }
  uint64_t id = next_id_++;
  AssociationHost& host = *this;
  auto a = std::make_unique<Association>(host, id, config_.association, local_port, peer_port,
                                         tag, callbacks, context);
  Association* raw = a.get();
  associations_.emplace(id, std::move(a));
  by_tag_.emplace(tag.value(), raw);
  ++stats_.associations_created;
  return raw;
}

Association* Endpoint::connect(TimePoint now, uint16_t local_port, uint16_t peer_port,
                               std::vector<IpAddress> peer_addresses, const Callbacks& callbacks,
                               void* context) {
  Scope scope(*this, now);
  if (peer_addresses.empty() || peer_port == 0 || !can_interleave(callbacks)) return nullptr;
  if (local_port == 0) local_port = ephemeral_port();
  if (local_port == 0) return nullptr;
  for (const IpAddress& a : peer_addresses) {
    if (by_address(a, local_port, peer_port) != nullptr) return nullptr;  // one already
  }
  Association* a = create(local_port, peer_port, new_tag(), callbacks, context);
  if (a == nullptr) return nullptr;
  for (const IpAddress& p : peer_addresses) on_peer_address(*a, p);
  a->start_connect(now, new_tsn(), std::move(peer_addresses), config_.local_addresses);
  return a;
}

Association* Endpoint::by_tag(VerificationTag tag, uint16_t local_port, uint16_t peer_port) {
  auto it = by_tag_.find(tag.value());
  if (it == by_tag_.end()) return nullptr;
  Association* a = it->second;
  if (a->closed() || a->local_port() != local_port || a->peer_port() != peer_port) return nullptr;
  return a;
}

Association* Endpoint::by_address(const IpAddress& peer, uint16_t local_port,
                                  uint16_t peer_port) {
  auto it = by_address_.find(AddressKey{peer, local_port, peer_port});
  if (it == by_address_.end() || it->second->closed()) return nullptr;
  return it->second;
}

void Endpoint::on_peer_address(Association& a, const IpAddress& address) {
  // First come keeps the address: a second association to the same peer
  // address and ports would be the same association (RFC 9260 5.2).
  AddressKey key{address, a.local_port(), a.peer_port()};
  if (by_address_.emplace(key, &a).second) address_keys_[&a].push_back(key);
  by_tag_[a.local_tag().value()] = &a;
}

void Endpoint::on_closed(Association& a) {
  // Only this association's own keys: closing stays O(its paths), not
  // O(every association).
  if (auto keys = address_keys_.find(&a); keys != address_keys_.end()) {
    for (const AddressKey& k : keys->second) {
      auto it = by_address_.find(k);
      if (it != by_address_.end() && it->second == &a) by_address_.erase(it);
    }
    address_keys_.erase(keys);
  }
  if (auto it = by_tag_.find(a.local_tag().value()); it != by_tag_.end() && it->second == &a) {
    by_tag_.erase(it);
  }
  auto it = associations_.find(a.id());
  if (it != associations_.end()) {
    closed_.push_back(std::move(it->second));
    associations_.erase(it);
  }
}

void Endpoint::request_flush(Association& a) { flush_queue_.push_back(&a); }

void Endpoint::transmit(const IpAddress& destination, std::span<const std::byte> packet) {
  sink_.send_packet(destination, packet);
}

void Endpoint::flush_pending(TimePoint now) {
  // Flushing may queue more (a callback sending); take turns until quiet.
  for (size_t i = 0; i < flush_queue_.size(); ++i) {
    Association* a = flush_queue_[i];
    if (!a->closed()) a->flush(now);
  }
  flush_queue_.clear();
}

void Endpoint::reap() { closed_.clear(); }

void Endpoint::flush(TimePoint now) { Scope scope(*this, now); }

void Endpoint::rotate_cookie_key(TimePoint now) {
  if (!signer_.rotation_due(now)) return;
  std::array<std::byte, kCookieKeySize> key{};
  random_.fill(key);
  signer_.rotate(now, key);
  key.fill(std::byte{0});
}

void Endpoint::advance(TimePoint now) {
  Scope scope(*this, now);
  timers_.advance(now);
  rotate_cookie_key(now);
}

void Endpoint::handle_packet(TimePoint now, const IpAddress& source, ByteRange bytes,
                             bool checksum_verified, const PayloadHold* hold) {
  Scope scope(*this, now);
  ++stats_.packets_received;
  auto parsed = wire::PacketView::parse(bytes);
  if (!parsed) {
    ++stats_.dropped_malformed;
    return;
  }
  const wire::PacketView& packet = parsed.value();
  if (!checksum_verified && !crc::sctp_checksum_ok(bytes)) {
    // RFC 9653 5.3: having offered Zero Checksum Acceptable, the endpoint
    // takes a zero checksum besides the correct one. The lower layer's
    // method (the offer's EDMID) is what protects such packets.
    if (packet.header.checksum != 0 || !config_.association.extensions.zero_checksum()) {
      ++stats_.dropped_bad_checksum;
      return;
    }
    ++stats_.zero_checksum_accepted;
  }
  wire::ChunkReader reader = packet.chunk_reader();
  wire::RawChunk first;
  if (!reader.next(first)) {
    ++stats_.dropped_no_chunk;
    return;
  }
  const uint16_t local_port = packet.header.destination_port;
  const uint16_t peer_port = packet.header.source_port;
  const VerificationTag tag = packet.header.verification_tag;
  switch (first.chunk_type()) {
    case wire::ChunkType::kInit: {
      // Only INIT must stand alone (6.10); no other packet pays for the look.
      wire::RawChunk second;
      const bool alone = !reader.next(second) && !reader.error();
      handle_init(now, source, packet, first, alone);
      return;
    }
    case wire::ChunkType::kCookieEcho:
      handle_cookie_echo(now, source, packet, first, hold);
      return;
    default:
      break;
  }
  if (Association* a = by_tag(tag, local_port, peer_port)) {
    // RFC 9260 8.5.1 B / C: ABORT and SHUTDOWN COMPLETE with the T bit
    // carry the peer's tag, not ours.
    bool t_bit = (first.chunk_type() == wire::ChunkType::kAbort ||
                  first.chunk_type() == wire::ChunkType::kShutdownComplete) &&
                 (first.flags & 0x01) != 0;
    if (t_bit) {
      ++stats_.dropped_bad_tag;
      return;
    }
    a->handle_packet(now, source, packet, hold, false);
    return;
  }
  if ((first.chunk_type() == wire::ChunkType::kAbort ||
       first.chunk_type() == wire::ChunkType::kShutdownComplete) &&
      (first.flags & 0x01) != 0) {
    Association* a = by_address(source, local_port, peer_port);
    if (a != nullptr && a->peer_tag() == tag && tag.value() != 0) {
      a->handle_packet(now, source, packet, hold, false);
    } else {
      ++stats_.dropped_bad_tag;
    }
    return;
  }
  if (by_address(source, local_port, peer_port) != nullptr) {
    // RFC 9260 8.5: an association exists, and the tag is not its own.
    ++stats_.dropped_bad_tag;
    return;
  }
  handle_out_of_the_blue(source, packet);
}

void Endpoint::handle_too_big(TimePoint now, const IpAddress& peer, ByteRange quoted,
                              uint32_t mtu) {
  Scope scope(*this, now);
  auto parsed = wire::PacketView::parse(quoted);
  if (!parsed) return;
  const wire::CommonHeader& h = parsed.value().header;
  // The quoted packet went from us to the peer: its tag is the peer's.
  Association* a = by_address(peer, h.source_port, h.destination_port);
  if (a == nullptr || a->peer_tag() != h.verification_tag) return;
  a->handle_too_big(now, peer, mtu);
}

}  // namespace dsctp::sctp
