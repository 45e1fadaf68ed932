// The initiating side of the four-way handshake (RFC 9260 5.1): INIT and
// T1-init, INIT ACK, COOKIE ECHO and T1-cookie, COOKIE ACK; and a Stale
// Cookie error, which starts it over (5.2.6). The responding side lives in
// the endpoint, which keeps no state until the COOKIE ECHO.
#include <algorithm>
#include <array>

#include "sctp/address_parameters.h"
#include "sctp/association/association.h"
#include "sctp/wire/causes/decoded_causes.h"
#include "sctp/wire/causes/quoting_causes.h"
#include "sctp/wire/chunks/abort_error.h"
#include "sctp/wire/chunks/cookie.h"
#include "sctp/wire/chunks/init.h"
#include "sctp/wire/parameters/init_params.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp {
namespace {

// Room for our INIT's parameters: addresses and a Cookie Preservative.
constexpr size_t kInitParamRoom = 8 * kMaxPaths + 8 + kExtensionParametersRoom + 64;

}  // namespace

std::vector<std::byte> Association::build_init(Tsn initial_tsn,
                                               uint32_t cookie_preservative_ms) const {
  std::array<std::byte, kInitParamRoom> params{};
  wire::TlvWriter w(params);
  // RFC 9260 5.1.2: with no address parameter the peer uses the packet's
  // source address; a multihomed endpoint lists every address.
  if (local_addresses_.size() > 1) {
    for (size_t i = 0; i < local_addresses_.size() && i < kMaxPaths; ++i) {
      add_address_parameter(w, local_addresses_[i]);
    }
  }
  if (cookie_preservative_ms > 0) {
    w.add(wire::CookiePreservativeParameter{cookie_preservative_ms});
  }
  add_extension_parameters(w, config_.extensions);
  wire::InitChunk init;
  init.initiate_tag = local_tag_;
  init.a_rwnd = static_cast<uint32_t>(config_.receive.max_buffered_bytes);
  init.outbound_streams = config_.outbound_streams;
  init.max_inbound_streams = config_.max_inbound_streams;
  init.initial_tsn = initial_tsn;
  init.parameter_bytes = w.range();
  std::vector<std::byte> bytes(init.serialized_size());
  init.serialize(bytes.data());
  return bytes;
}

void Association::start_connect(TimePoint now, Tsn initial_tsn,
                                std::vector<IpAddress> peer_addresses,
                                std::span<const IpAddress> local_addresses) {
  local_addresses_.assign(local_addresses.begin(), local_addresses.end());
  state_ = state::CookieWait{build_init(initial_tsn, 0), std::move(peer_addresses), initial_tsn};
  control_rto_ = config_.path.rto.initial;
  control_retransmits_ = 0;
  send_init(now);
}

void Association::send_init(TimePoint now) {
  auto& s = std::get<state::CookieWait>(state_);
  // RFC 9260 5.1 / 6.4: a retransmitted INIT may go to another of the
  // addresses the user gave.
  const IpAddress& to = s.peer_addresses[control_retransmits_ % s.peer_addresses.size()];
  // RFC 9260 8.5.1 A: the verification tag of a packet with INIT is 0.
  send_now(s.init, to, VerificationTag(0));
  host_.timers().arm(control_timer_, now + control_rto_);
}

void Association::send_cookie_echo(TimePoint now) {
  auto& s = std::get<state::CookieEchoed>(state_);
  Tcb& t = *s.tcb;
  send_now(s.cookie_echo, t.paths[t.primary]->address, t.peer_tag);
  host_.timers().arm(control_timer_, now + control_rto_);
}

void Association::on_t1_expired(TimePoint now) {
  // RFC 9260 5.1 C / D: retransmit and back off, up to Max.Init.Retransmits.
  if (++control_retransmits_ > config_.max_init_retransmits) {
    close(CloseInfo{CloseReason::kUnreachable, 0});
    return;
  }
  control_rto_ = std::min(control_rto_ * 2, config_.path.rto.max);
  if (std::holds_alternative<state::CookieWait>(state_)) {
    send_init(now);
  } else {
    send_cookie_echo(now);
  }
}

void Association::handle_init_ack(TimePoint now, const IpAddress& source,
                                  const wire::RawChunk& raw) {
  auto* wait = std::get_if<state::CookieWait>(&state_);
  if (wait == nullptr) return;  // 5.2.3: an unexpected INIT ACK is discarded
  auto parsed = wire::InitAckChunk::parse(raw);
  if (!parsed) return;
  const wire::InitAckChunk& ack = parsed.value();
  // RFC 9260 3.3.3: a zero Initiate Tag, OS or MIS: "the receiver MUST
  // destroy the association discarding its TCB" (it MAY send ABORT; with
  // a zero tag there is nobody to address it to).
  if (ack.initiate_tag.value() == 0 || ack.outbound_streams == 0 ||
      ack.max_inbound_streams == 0) {
    close(CloseInfo{CloseReason::kProtocolViolation,
                    static_cast<uint16_t>(wire::CauseCode::kInvalidMandatoryParameter)});
    return;
  }

  PeerInit peer;
  peer.peer_tag = ack.initiate_tag;
  peer.peer_initial_tsn = ack.initial_tsn;
  peer.peer_a_rwnd = ack.a_rwnd;
  peer.outbound_streams = std::min(config_.outbound_streams, ack.max_inbound_streams);
  peer.inbound_streams = std::min(config_.max_inbound_streams, ack.outbound_streams);
  peer.local_initial_tsn = wait->initial_tsn;
  peer.peer_addresses.push_back(source);
  peer.extensions = negotiate(config_.extensions, peer_extensions(ack.parameters()));

  ByteRange cookie;
  bool have_cookie = false;
  // Unrecognized parameters the peer asked to hear about: reported in an
  // ERROR bundled with the COOKIE ECHO (RFC 9260 3.2.1, 5.1 C).
  std::array<std::byte, 512> report_buffer{};
  wire::TlvWriter reports(report_buffer);
  wire::ParameterReader params = ack.parameters();
  wire::RawParameter p;
  while (params.next(p)) {
    switch (p.parameter_type()) {
      case wire::ParameterType::kStateCookie:
        if (auto c = wire::StateCookieParameter::parse(p)) {
          cookie = c.value().cookie;
          have_cookie = true;
        }
        continue;
      case wire::ParameterType::kIpv4Address:
      case wire::ParameterType::kIpv6Address:
        if (auto a = address_from_parameter(p)) peer.peer_addresses.push_back(*a);
        continue;
      case wire::ParameterType::kUnrecognizedParameter:
        continue;  // the peer's report on our INIT; nothing to do with it
      default:
        break;
    }
    // Known, and nothing this association uses yet.
    if (wire::is_init_parameter(p.parameter_type())) continue;
    wire::UnknownAction action = p.unknown_action();
    if (wire::should_report(action)) {
      // Quoted padded, as a chunk's parameters are laid out (3.2.2).
      reports.add(wire::UnrecognizedParametersCause{p.whole});
    }
    if (!wire::should_continue(action)) break;
  }
  if (!have_cookie) {
    // RFC 9260 3.3.10.2: Missing Mandatory Parameter, State Cookie.
    std::array<std::byte, 12> cause{};
    store_be16(cause.data(), static_cast<uint16_t>(wire::CauseCode::kMissingMandatoryParameter));
    store_be16(cause.data() + 2, 10);
    store_be32(cause.data() + 4, 1);
    store_be16(cause.data() + 8, static_cast<uint16_t>(wire::ParameterType::kStateCookie));
    wire::AbortChunk abort_chunk;
    abort_chunk.cause_bytes = ByteRange(std::span<const std::byte>(cause.data(), 10));
    send_chunk_now(abort_chunk, source, ack.initiate_tag);
    close(CloseInfo{CloseReason::kProtocolViolation,
                    static_cast<uint16_t>(wire::CauseCode::kMissingMandatoryParameter)});
    return;
  }

  wire::CookieEchoChunk echo{cookie};
  std::vector<std::byte> bytes(pad4(echo.serialized_size()));
  echo.serialize(bytes.data());
  if (!reports.range().empty()) {
    wire::ErrorChunk error{reports.range()};
    size_t at = bytes.size();
    bytes.resize(at + error.serialized_size());
    error.serialize(bytes.data() + at);
  }
  std::vector<IpAddress> addresses = std::move(wait->peer_addresses);
  std::unique_ptr<Tcb> t = make_tcb(now, std::move(peer));
  for (const auto& slot : t->paths) host_.on_peer_address(*this, slot->address);
  state_ = state::CookieEchoed{std::move(t), std::move(bytes), std::move(addresses)};
  // RFC 9260 5.1 C: stop T1-init, send COOKIE ECHO, start T1-cookie.
  control_retransmits_ = 0;
  control_rto_ = config_.path.rto.initial;
  send_cookie_echo(now);
}

void Association::handle_cookie_ack(TimePoint now) {
  if (!std::holds_alternative<state::CookieEchoed>(state_)) return;  // 5.2.5
  enter_established(now);
}

void Association::enter_established(TimePoint now) {
  control_timer_.cancel();
  std::unique_ptr<Tcb> t = take_tcb();
  state_ = state::Established{std::move(t)};
  Tcb& tcb_ref = *tcb();
  for (PathIndex i = 0; i < tcb_ref.paths.size(); ++i) arm_heartbeat(now, tcb_ref, i);
  if (callbacks_.connected != nullptr) callbacks_.connected(context_, *this);
  request_flush();
}

void Association::restart_handshake(TimePoint now, uint32_t staleness_us) {
  auto* echoed = std::get_if<state::CookieEchoed>(&state_);
  if (echoed == nullptr) return;
  // RFC 9260 5.2.6: a Stale Cookie error in COOKIE-ECHOED: either abort,
  // or send a new INIT with a Cookie Preservative asking for more life;
  // "it is RECOMMENDED ... double the measure of staleness" (in ms).
  if (++control_retransmits_ > config_.max_init_retransmits) {
    close(CloseInfo{CloseReason::kUnreachable, static_cast<uint16_t>(wire::CauseCode::kStaleCookie)});
    return;
  }
  uint64_t ms = (uint64_t{staleness_us} * 2 + 999) / 1000;
  Tsn initial_tsn = echoed->tcb->local_initial_tsn;
  std::vector<IpAddress> addresses = std::move(echoed->peer_addresses);
  uint32_t retransmits = control_retransmits_;
  state_ = state::CookieWait{build_init(initial_tsn, static_cast<uint32_t>(std::min<uint64_t>(ms, 0xffffffff))),
                             std::move(addresses), initial_tsn};
  control_retransmits_ = retransmits;
  control_timer_.cancel();
  send_init(now);
}

}  // namespace dsctp::sctp
