#include "sctp/endpoint/state_cookie.h"

#include <algorithm>
#include <limits>

#include "base/bytes.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp {
namespace {

// Field offsets of the layout in state_cookie.h.
constexpr uint32_t kVersionAt = 0;
constexpr uint32_t kFlagsAt = 1;
constexpr uint32_t kParamsLengthAt = 2;
constexpr uint32_t kEpochAt = 4;
constexpr uint32_t kCreatedAt = 8;
constexpr uint32_t kLifetimeAt = 16;
constexpr uint32_t kLocalTagAt = 24;
constexpr uint32_t kLocalTsnAt = 28;
constexpr uint32_t kPeerTagAt = 32;
constexpr uint32_t kPeerTsnAt = 36;
constexpr uint32_t kPeerRwndAt = 40;
constexpr uint32_t kOutboundAt = 44;
constexpr uint32_t kInboundAt = 46;
constexpr uint32_t kLocalTieTagAt = 48;
constexpr uint32_t kPeerTieTagAt = 52;
constexpr uint32_t kLocalPortAt = 56;
constexpr uint32_t kPeerPortAt = 58;
static_assert(kPeerPortAt + 2 == StateCookie::kFixedSize);

// How many leading bytes of `params` to keep within `budget`: all of them
// when they fit, else the whole parameters that fit, since half a TLV
// would not parse when the association reads them back.
uint32_t params_to_keep(ByteRange params, uint32_t budget) {
  if (params.size() <= budget) return params.size();
  wire::ParameterReader reader(params);
  wire::RawParameter p;
  uint32_t keep = 0;
  uint32_t start = reader.offset();
  while (reader.next(p) && start + p.length <= budget) {
    keep = start + p.length;
    start = reader.offset();
  }
  return keep;
}

// The room left for the peer's parameters.
uint32_t params_budget(const CookieConfig& config, size_t out_size) {
  uint64_t room = std::min<uint64_t>({out_size, config.max_cookie_size, StateCookie::kMaxSize});
  return static_cast<uint32_t>(std::min<uint64_t>(room - StateCookie::kOverhead,
                                                  config.max_peer_params));
}

void write_fixed(const StateCookie& c, Duration lifetime, uint32_t epoch, uint16_t params_length,
                 uint8_t flags, std::byte* out) {
  out[kVersionAt] = std::byte{StateCookie::kVersion};
  out[kFlagsAt] = std::byte{flags};
  store_be16(out + kParamsLengthAt, params_length);
  store_be32(out + kEpochAt, epoch);
  store_be64(out + kCreatedAt, static_cast<uint64_t>(c.created.time_since_epoch().count()));
  store_be64(out + kLifetimeAt, static_cast<uint64_t>(lifetime.count()));
  store_be32(out + kLocalTagAt, c.local_tag.value());
  store_be32(out + kLocalTsnAt, c.local_initial_tsn.value());
  store_be32(out + kPeerTagAt, c.peer_tag.value());
  store_be32(out + kPeerTsnAt, c.peer_initial_tsn.value());
  store_be32(out + kPeerRwndAt, c.peer_a_rwnd);
  store_be16(out + kOutboundAt, c.outbound_streams);
  store_be16(out + kInboundAt, c.inbound_streams);
  store_be32(out + kLocalTieTagAt, c.local_tie_tag.value());
  store_be32(out + kPeerTieTagAt, c.peer_tie_tag.value());
  store_be16(out + kLocalPortAt, c.local_port);
  store_be16(out + kPeerPortAt, c.peer_port);
}

StateCookie read_fixed(const std::byte* in) {
  StateCookie c;
  c.created = TimePoint(Duration(static_cast<int64_t>(load_be64(in + kCreatedAt))));
  c.lifetime = Duration(static_cast<int64_t>(load_be64(in + kLifetimeAt)));
  c.local_tag = VerificationTag(load_be32(in + kLocalTagAt));
  c.local_initial_tsn = Tsn(load_be32(in + kLocalTsnAt));
  c.peer_tag = VerificationTag(load_be32(in + kPeerTagAt));
  c.peer_initial_tsn = Tsn(load_be32(in + kPeerTsnAt));
  c.peer_a_rwnd = load_be32(in + kPeerRwndAt);
  c.outbound_streams = load_be16(in + kOutboundAt);
  c.inbound_streams = load_be16(in + kInboundAt);
  c.local_tie_tag = VerificationTag(load_be32(in + kLocalTieTagAt));
  c.peer_tie_tag = VerificationTag(load_be32(in + kPeerTieTagAt));
  c.local_port = load_be16(in + kLocalPortAt);
  c.peer_port = load_be16(in + kPeerPortAt);
  c.peer_params_truncated =
      (std::to_integer<uint8_t>(in[kFlagsAt]) & StateCookie::kFlagPeerParamsTruncated) != 0;
  return c;
}

Unexpected<CookieRejection> reject(CookieError e, uint32_t staleness_us = 0) {
  return {CookieRejection{e, staleness_us}};
}

// Microseconds in `d` (> 0), rounded up so that any staleness reads as
// non-zero, and saturated to the cause's 32 bits.
uint32_t to_staleness_us(Duration d) {
  int64_t us = (d.count() + 999) / 1000;
  return static_cast<uint32_t>(std::min<int64_t>(us, std::numeric_limits<uint32_t>::max()));
}

}  // namespace

const char* to_string(CookieError e) {
  switch (e) {
    case CookieError::kTooShort: return "state cookie too short";
    case CookieError::kTooLong: return "state cookie too long";
    case CookieError::kBadVersion: return "state cookie of an unknown version";
    case CookieError::kBadMac: return "state cookie failed authentication";
    case CookieError::kStale: return "state cookie expired";
  }
  return "unknown state cookie error";
}

uint32_t seal_state_cookie(const StateCookie& cookie, const CookieConfig& config,
                           CookieSigner& signer, std::span<std::byte> out) {
  if (out.size() < StateCookie::kOverhead || config.max_cookie_size < StateCookie::kOverhead ||
      !signer.valid()) {
    return 0;
  }
  uint32_t params_length = params_to_keep(cookie.peer_params, params_budget(config, out.size()));
  uint8_t flags = params_length < cookie.peer_params.size()
                      ? StateCookie::kFlagPeerParamsTruncated : uint8_t{0};
  // Never seal a longer life than this endpoint would grant.
  Duration lifetime = std::clamp(cookie.lifetime, Duration::zero(),
                                 config.lifetime + config.max_lifetime_increment);
  write_fixed(cookie, lifetime, signer.current_epoch(), static_cast<uint16_t>(params_length),
              flags, out.data());
  if (params_length != 0) {
    cookie.peer_params.subrange(0, params_length).copy_to(out.data() + StateCookie::kFixedSize);
  }
  uint32_t body_size = StateCookie::kFixedSize + params_length;
  CookieMac mac;
  if (!signer.sign(ByteRange(out.first(body_size)), mac)) return 0;
  std::copy(mac.begin(), mac.end(), out.begin() + body_size);
  return body_size + kCookieMacSize;
}

Expected<StateCookie, CookieRejection> open_state_cookie(ByteRange bytes,
                                                         const CookieConfig& config,
                                                         CookieSigner& signer, TimePoint now) {
  uint32_t size = bytes.size();
  if (size < StateCookie::kOverhead) return reject(CookieError::kTooShort);
  if (size > config.max_cookie_size) return reject(CookieError::kTooLong);
  std::byte fixed_scratch[StateCookie::kFixedSize];
  const std::byte* fixed = bytes.read(0, StateCookie::kFixedSize, fixed_scratch);
  if (std::to_integer<uint8_t>(fixed[kVersionAt]) != StateCookie::kVersion) {
    return reject(CookieError::kBadVersion);
  }
  uint32_t expected_size = StateCookie::kOverhead + load_be16(fixed + kParamsLengthAt);
  if (size < expected_size) return reject(CookieError::kTooShort);
  if (size > expected_size) return reject(CookieError::kTooLong);

  // RFC 9260 5.1.5 steps 1-2: "Compute a MAC using the TCB data carried in
  // the State Cookie and the secret key" and compare; "If this comparison
  // fails, the SCTP packet, including the COOKIE ECHO chunk and any DATA
  // chunks, SHOULD be silently discarded."
  uint32_t body_size = size - kCookieMacSize;
  CookieMac mac_scratch;
  const std::byte* mac = bytes.read(body_size, kCookieMacSize, mac_scratch.data());
  std::span<const std::byte, kCookieMacSize> carried(mac, kCookieMacSize);
  if (!signer.verify(load_be32(fixed + kEpochAt), bytes.subrange(0, body_size), carried)) {
    return reject(CookieError::kBadMac);
  }

  StateCookie c = read_fixed(fixed);
  c.peer_params = bytes.subrange(StateCookie::kFixedSize, body_size - StateCookie::kFixedSize);
  // Step 4: "If the elapsed time is longer than the lifespan carried in the
  // State Cookie, then the packet ... SHOULD be discarded, and the endpoint
  // MUST transmit an ERROR chunk with a "Stale Cookie" error cause". At
  // exactly the lifespan the cookie is still good.
  Duration elapsed = now - c.created;
  if (elapsed > c.lifetime) {
    return reject(CookieError::kStale, to_staleness_us(elapsed - c.lifetime));
  }
  return c;
}

}  // namespace dsctp::sctp
