// The responding side of the handshake (RFC 9260 5.1 B, 5.1.5): INIT is
// answered with an INIT ACK carrying a State Cookie and nothing is kept;
// the association is born from the COOKIE ECHO. And the cases where an INIT
// or a COOKIE ECHO finds an association already there (5.2).
#include <algorithm>
#include <array>

#include "sctp/address_parameters.h"
#include "sctp/endpoint/endpoint.h"
#include "sctp/wire/causes/decoded_causes.h"
#include "sctp/wire/causes/quoting_causes.h"
#include "sctp/wire/chunks/abort_error.h"
#include "sctp/wire/chunks/cookie.h"
#include "sctp/wire/chunks/init.h"
#include "sctp/wire/chunks/shutdown.h"
#include "sctp/wire/parameters/init_params.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp {
namespace {

// What of an INIT's parameters the INIT ACK must answer.
struct InitScan {
  uint32_t cookie_increment_ms = 0;
  // Unrecognized Parameter parameters for the INIT ACK (RFC 9260 3.2.1).
  std::array<std::byte, 512> reports{};
  uint32_t reports_size = 0;
};

InitScan scan_init(const wire::InitChunk& init) {
  InitScan scan;
  wire::TlvWriter reports(scan.reports);
  wire::ParameterReader params = init.parameters();
  wire::RawParameter p;
  while (params.next(p)) {
    if (p.parameter_type() == wire::ParameterType::kCookiePreservative) {
      if (auto c = wire::CookiePreservativeParameter::parse(p)) {
        scan.cookie_increment_ms = c.value().lifespan_increment_ms;
      }
      continue;
    }
    if (wire::is_init_parameter(p.parameter_type())) continue;
    wire::UnknownAction action = p.unknown_action();
    if (wire::should_report(action) && p.length <= 256) {
      // Quoted with its padding, as it sits in the chunk (and as usrsctp,
      // Linux and Wireshark expect).
      std::array<std::byte, 256> quoted{};
      p.whole.copy_to(quoted.data());
      reports.add(wire::UnrecognizedParameter{
          ByteRange(std::span<const std::byte>(quoted.data(), pad4(p.length)))});
    }
    if (!wire::should_continue(action)) break;
  }
  scan.reports_size = static_cast<uint32_t>(reports.written().size());
  return scan;
}

}  // namespace

void Endpoint::handle_init(TimePoint now, const IpAddress& source, const wire::PacketView& packet,
                           const wire::RawChunk& chunk, bool alone) {
  // RFC 9260 6.10: INIT "MUST NOT be bundled with any other chunk"; 8.5.1
  // A: its packet's verification tag is 0. Either broken: discard.
  if (!alone || packet.header.verification_tag.value() != 0) {
    ++stats_.dropped_bad_tag;
    return;
  }
  auto parsed = wire::InitChunk::parse(chunk);
  if (!parsed) {
    ++stats_.dropped_malformed;
    return;
  }
  const wire::InitChunk& init = parsed.value();
  // RFC 9260 3.3.2: "If the value of the Initiate Tag in a received INIT
  // chunk is found to be 0, the receiver MUST silently discard the packet."
  if (init.initiate_tag.value() == 0) {
    ++stats_.dropped_malformed;
    return;
  }
  const uint16_t local_port = packet.header.destination_port;
  const uint16_t peer_port = packet.header.source_port;
  if (init.outbound_streams == 0 || init.max_inbound_streams == 0) {
    // 3.3.2: an INIT with OS or MIS 0 is to be aborted.
    std::array<std::byte, 4> cause{};
    wire::InvalidMandatoryParameterCause{}.serialize(cause.data());
    send_abort_reply(source, packet, init.initiate_tag, false, cause);
    return;
  }
  if (Association* a = by_address(source, local_port, peer_port)) {
    std::optional<Association::CollisionReply> reply = a->on_colliding_init(now);
    if (!reply) return;
    VerificationTag tag = reply->keep_local_tag ? a->local_tag() : new_tag();
    Tsn tsn = reply->keep_local_tag ? reply->initial_tsn : new_tsn();
    send_init_ack(now, source, packet, init, tag, tsn, reply->tie_tags);
    return;
  }
  if (!listeners_.contains(local_port)) {
    // RFC 9260 8.4 step 3: nobody to talk to: ABORT, addressed with the
    // INIT's Initiate Tag, T bit clear.
    send_abort_reply(source, packet, init.initiate_tag, false, {});
    return;
  }
  send_init_ack(now, source, packet, init, new_tag(), new_tsn(), {});
}

void Endpoint::send_init_ack(TimePoint now, const IpAddress& source,
                             const wire::PacketView& packet, const wire::InitChunk& init,
                             VerificationTag local_tag, Tsn local_tsn,
                             Association::TieTags tie_tags) {
  const AssociationConfig& ac = config_.association;
  InitScan scan = scan_init(init);

  StateCookie cookie;
  cookie.local_tag = local_tag;
  cookie.local_initial_tsn = local_tsn;
  cookie.peer_tag = init.initiate_tag;
  cookie.peer_initial_tsn = init.initial_tsn;
  cookie.peer_a_rwnd = init.a_rwnd;
  cookie.outbound_streams = std::min(ac.outbound_streams, init.max_inbound_streams);
  cookie.inbound_streams = std::min(ac.max_inbound_streams, init.outbound_streams);
  cookie.local_tie_tag = tie_tags.local;
  cookie.peer_tie_tag = tie_tags.peer;
  cookie.local_port = packet.header.destination_port;
  cookie.peer_port = packet.header.source_port;
  cookie.created = now;
  cookie.lifetime = granted_cookie_lifetime(config_.cookie, scan.cookie_increment_ms);
  cookie.peer_params = init.parameter_bytes;

  std::vector<std::byte> sealed(config_.cookie.max_cookie_size);
  uint32_t cookie_size = seal_state_cookie(cookie, config_.cookie, signer_, sealed);
  if (cookie_size == 0) return;

  std::vector<std::byte> params(sealed.size() + 8 * kMaxPaths + kExtensionParametersRoom +
                                scan.reports_size + 16);
  wire::TlvWriter w(params);
  if (config_.local_addresses.size() > 1) {
    for (const IpAddress& a : config_.local_addresses) add_address_parameter(w, a);
  }
  w.add(wire::StateCookieParameter{
      ByteRange(std::span<const std::byte>(sealed.data(), cookie_size))});
  add_extension_parameters(w, ac.extensions);
  if (scan.reports_size > 0) {
    // Already TLVs: append them whole.
    std::span<std::byte> rest = std::span(params).subspan(w.written().size());
    std::copy_n(scan.reports.begin(), scan.reports_size, rest.begin());
  }
  uint32_t params_size = static_cast<uint32_t>(w.written().size()) + scan.reports_size;
  // The last parameter's padding is the chunk's own (RFC 9260 3.2).
  uint32_t unpadded = params_size;
  if (scan.reports_size == 0) unpadded = static_cast<uint32_t>(w.range().size());

  wire::InitAckChunk ack;
  ack.initiate_tag = local_tag;
  ack.a_rwnd = static_cast<uint32_t>(ac.receive.max_buffered_bytes);
  ack.outbound_streams = ac.outbound_streams;
  ack.max_inbound_streams = ac.max_inbound_streams;
  ack.initial_tsn = local_tsn;
  ack.parameter_bytes = ByteRange(std::span<const std::byte>(params.data(), unpadded));
  std::vector<std::byte> bytes(ack.serialized_size());
  ack.serialize(bytes.data());
  ++stats_.inits_answered;
  // RFC 9260 5.1 B: to the INIT's source, with its Initiate Tag.
  send_reply(source, packet, init.initiate_tag, bytes);
}

PeerInit Endpoint::peer_init_of(const StateCookie& cookie, const IpAddress& source) const {
  PeerInit peer;
  peer.peer_tag = cookie.peer_tag;
  peer.peer_initial_tsn = cookie.peer_initial_tsn;
  peer.peer_a_rwnd = cookie.peer_a_rwnd;
  peer.outbound_streams = cookie.outbound_streams;
  peer.inbound_streams = cookie.inbound_streams;
  peer.local_initial_tsn = cookie.local_initial_tsn;
  peer.peer_addresses.push_back(source);
  peer.extensions =
      negotiate(config_.association.extensions, peer_extensions(wire::ParameterReader(cookie.peer_params)));
  wire::ParameterReader params(cookie.peer_params);
  wire::RawParameter p;
  while (params.next(p)) {
    if (auto a = address_from_parameter(p)) peer.peer_addresses.push_back(*a);
  }
  return peer;
}

void Endpoint::handle_cookie_echo(TimePoint now, const IpAddress& source,
                                  const wire::PacketView& packet, const wire::RawChunk& chunk,
                                  const PayloadHold* hold) {
  auto parsed = wire::CookieEchoChunk::parse(chunk);
  if (!parsed) {
    ++stats_.dropped_malformed;
    return;
  }
  const ByteRange& bytes = parsed.value().cookie;
  auto opened = open_state_cookie(bytes, config_.cookie, signer_, now);
  if (!opened) {
    if (opened.error().error != CookieError::kStale) {
      ++stats_.dropped_bad_cookie;  // 5.1.5: silently discarded
      return;
    }
    // 5.1.5 step 4: ERROR "Stale Cookie". The MAC was good, so the peer's
    // tag in the cookie (offset 32) is ours to trust.
    ++stats_.stale_cookies;
    std::array<std::byte, 4> scratch{};
    const std::byte* peer_tag = bytes.read(32, 4, scratch.data());
    std::array<std::byte, 8> cause{};
    wire::StaleCookieCause{opened.error().staleness_us}.serialize(cause.data());
    std::array<std::byte, 12> error{};
    wire::ErrorChunk{ByteRange(std::span<const std::byte>(cause))}.serialize(error.data());
    send_reply(source, packet, VerificationTag(load_be32(peer_tag)), error);
    return;
  }
  const StateCookie& cookie = opened.value();
  // 5.1.5 step 3.
  if (!cookie.matches_packet(packet.header.source_port, packet.header.destination_port,
                             packet.header.verification_tag)) {
    ++stats_.dropped_bad_cookie;
    return;
  }
  PeerInit peer = peer_init_of(cookie, source);
  Association* existing = by_address(source, cookie.local_port, cookie.peer_port);
  if (existing == nullptr) existing = by_tag(cookie.local_tag, cookie.local_port, cookie.peer_port);
  if (existing != nullptr) {
    handle_existing_cookie(now, *existing, cookie, std::move(peer));
    if (!existing->closed()) existing->handle_packet(now, source, packet, hold, true);
    return;
  }
  auto listener = listeners_.find(cookie.local_port);
  if (listener == listeners_.end()) {
    ++stats_.dropped_bad_cookie;
    return;
  }
  Association* a = create(cookie.local_port, cookie.peer_port, cookie.local_tag,
                          listener->second.callbacks, listener->second.context);
  if (a == nullptr) {
    // RFC 9260 3.3.10.4 "Out of Resource".
    std::array<std::byte, 4> cause{};
    wire::OutOfResourceCause{}.serialize(cause.data());
    send_abort_reply(source, packet, cookie.peer_tag, false, cause);
    return;
  }
  a->start_from_cookie(now, std::move(peer));
  if (!a->closed()) a->handle_packet(now, source, packet, hold, true);
}

void Endpoint::handle_existing_cookie(TimePoint now, Association& a, const StateCookie& cookie,
                                      PeerInit peer) {
  const VerificationTag local = a.local_tag();
  const VerificationTag remote = a.peer_tag();
  const bool local_same = cookie.local_tag == local;
  const bool peer_same = cookie.peer_tag == remote;
  if (!local_same && !peer_same && cookie.local_tie_tag == local &&
      cookie.peer_tie_tag == remote) {
    // RFC 9260 5.2.4 A: the peer restarted.
    if (a.state() == AssociationState::kShutdownAckSent) {
      // 9.2 / 5.2.4 A: SHUTDOWN ACK again, with "Cookie Received While
      // Shutting Down", and no restart.
      std::array<std::byte, 12> chunks{};
      wire::ShutdownAckChunk{}.serialize(chunks.data());
      std::array<std::byte, 4> cause{};
      wire::CookieReceivedWhileShuttingDownCause{}.serialize(cause.data());
      wire::ErrorChunk{ByteRange(std::span<const std::byte>(cause))}.serialize(chunks.data() + 4);
      send_reply(peer.peer_addresses.front(), a.local_port(), a.peer_port(), cookie.peer_tag,
                 chunks);
      return;
    }
    if (by_tag_.contains(cookie.local_tag.value())) return;  // tag in use: discard
    ++stats_.restarts;
    by_tag_.erase(local.value());
    by_tag_.emplace(cookie.local_tag.value(), &a);
    a.on_peer_restart(now, cookie.local_tag, std::move(peer));
    return;
  }
  if (local_same && !peer_same) {
    a.on_cookie_for_us(now, std::move(peer));  // 5.2.4 B
    return;
  }
  if (local_same && peer_same) {
    a.on_cookie_for_us(now, std::nullopt);  // 5.2.4 D
    return;
  }
  // 5.2.4 C (tie-tags zero, local tag differs) and anything else: discard.
}

}  // namespace dsctp::sctp
