// The State Cookie (RFC 9260 5.1.3): everything the endpoint needs to
// create an association from a COOKIE ECHO without having kept any state
// between its INIT ACK and that COOKIE ECHO.
//
// RFC 9260 5.1.3: "After sending the INIT ACK with the State Cookie
// parameter, the sender SHOULD delete the TCB and any other local resource
// related to the new association, so as to prevent resource attacks."
//
// Layout (version 1, big-endian), sealed as body || HMAC-SHA256(body);
// offsets on the right:
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Version    |     Flags     |    Peer Parameters Length     |  0
// |                           Key Epoch                           |  4
// |                  Creation Time (ns, 64 bits)                  |  8
// |                     Lifetime (ns, 64 bits)                    | 16
// |                           Local Tag                           | 24
// |                       Local Initial TSN                       | 28
// |                           Peer Tag                            | 32
// |                       Peer Initial TSN                        | 36
// |                          Peer a_rwnd                          | 40
// |       Outbound Streams        |        Inbound Streams        | 44
// |                         Local Tie-Tag                         | 48
// |                         Peer Tie-Tag                          | 52
// |          Local Port           |           Peer Port           | 56
// |       Peer's INIT parameters (Peer Parameters Length bytes)   | 60
// |              HMAC-SHA256 of all the above (32 bytes)          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The format is private to this endpoint (5.1.3: "The hashing method used
// to generate the MAC is strictly a private matter for the receiver of the
// INIT chunk"); the version lets a later format be told apart. Times are
// this stack's TimePoint, so a cookie only means something to the process
// that sealed it, which is also the only one holding the key.
#pragma once

#include <cstdint>
#include <span>

#include "base/byte_range.h"
#include "base/expected.h"
#include "base/time.h"
#include "sctp/endpoint/cookie_config.h"
#include "sctp/endpoint/cookie_signer.h"
#include "sctp/types.h"

namespace dsctp::sctp {

struct StateCookie {
  static constexpr uint8_t kVersion = 1;
  static constexpr uint32_t kFixedSize = 60;
  static constexpr uint32_t kOverhead = kFixedSize + kCookieMacSize;
  // What the value of a State Cookie parameter can hold (16-bit TLV length).
  static constexpr uint32_t kMaxSize = 0xffff - 4;
  // Flags bit: the peer's INIT parameters did not all fit.
  static constexpr uint8_t kFlagPeerParamsTruncated = 0x01;

  // Our side, as sent in the INIT ACK.
  VerificationTag local_tag;        // our Initiate Tag: the peer's tag for us
  Tsn local_initial_tsn;
  // The peer's side, as received in the INIT.
  VerificationTag peer_tag;         // the peer's Initiate Tag
  Tsn peer_initial_tsn;
  uint32_t peer_a_rwnd = 0;
  // Negotiated stream counts (RFC 9260 5.1.1): ours outbound is at most
  // the peer's MIS, ours inbound at most the peer's OS.
  uint16_t outbound_streams = 0;
  uint16_t inbound_streams = 0;
  // RFC 9260 5.2.2 Tie-Tags, for telling a restart or a collision from a
  // new association (5.2.4); zero when no association existed.
  VerificationTag local_tie_tag;
  VerificationTag peer_tie_tag;
  uint16_t local_port = 0;
  uint16_t peer_port = 0;
  TimePoint created;
  Duration lifetime{};              // see granted_cookie_lifetime()
  // The parameters of the peer's INIT (addresses, extensions, AUTH), so the
  // association can learn them when the cookie comes back. When sealing: a
  // window onto the INIT. When opened: a window onto the COOKIE ECHO, valid
  // as long as the packet is.
  ByteRange peer_params;
  // Set by open_state_cookie(): seal kept only the leading whole parameters
  // that fit the budget, so some of the peer's INIT is missing.
  bool peer_params_truncated = false;

  // RFC 9260 5.1.5 step 3: "Compare the port numbers and the Verification
  // Tag contained within the COOKIE ECHO chunk to the actual port numbers
  // and the Verification Tag within the SCTP common header of the received
  // packet. If these values do not match, the packet MUST be silently
  // discarded." The COOKIE ECHO comes from the peer, to us, with our tag.
  bool matches_packet(uint16_t source_port, uint16_t destination_port,
                      VerificationTag tag) const {
    return source_port == peer_port && destination_port == local_port && tag == local_tag;
  }
};

// Why a cookie was refused. Only kStale is answered on the wire: RFC 9260
// 5.1.5 tells the endpoint to silently discard the rest.
enum class CookieError : uint8_t {
  kTooShort,    // shorter than its fixed part and MAC, or than it says
  kTooLong,     // longer than configured, or than it says
  kBadVersion,  // a format this code does not read
  kBadMac,      // not sealed by us, altered, or its key has rotated out
  kStale,       // authentic, but older than its lifetime
};

const char* to_string(CookieError e);

struct CookieRejection {
  CookieError error = CookieError::kBadMac;
  // For kStale: how long past expiry, in microseconds (rounded up,
  // saturated), for the Stale Cookie cause's Measure of Staleness (RFC 9260
  // 3.3.10.3: "the difference, in microseconds, between the current time
  // and the time the State Cookie expired").
  uint32_t staleness_us = 0;
};

// Seals `cookie` into `out` under the signer's current key, with epoch and
// body filled in as laid out above. The lifetime is capped at what the
// configuration allows; the peer's parameters are kept whole, in order,
// as far as config.max_peer_params, config.max_cookie_size and out.size()
// leave room. Returns the bytes written, or 0 when out cannot hold even
// the fixed part or the signer cannot sign.
uint32_t seal_state_cookie(const StateCookie& cookie, const CookieConfig& config,
                           CookieSigner& signer, std::span<std::byte> out);

// Authenticates and decodes the cookie of a COOKIE ECHO (RFC 9260 5.1.5
// steps 1, 2 and 4). Checks are ordered cheapest first, so junk costs no
// HMAC. Step 3 is StateCookie::matches_packet(); steps 5-6 (create the
// association, answer COOKIE ACK) and the 5.2.4 tie-tag cases are the
// endpoint's.
Expected<StateCookie, CookieRejection> open_state_cookie(ByteRange bytes,
                                                         const CookieConfig& config,
                                                         CookieSigner& signer, TimePoint now);

}  // namespace dsctp::sctp
