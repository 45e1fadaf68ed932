// Settings of the State Cookie (RFC 9260 5.1.3): how long a cookie lives,
// how much longer a peer may ask it to live, how big it may grow and how
// often the key that signs it changes.
#pragma once

#include <chrono>
#include <cstdint>

#include "base/time.h"

namespace dsctp::sctp {

struct CookieConfig {
  // Valid.Cookie.Life (RFC 9260 16): 60 seconds.
  Duration lifetime = std::chrono::seconds(60);
  // The most a Cookie Preservative may add to `lifetime`. RFC 9260 3.3.2.1:
  // "The receiver MAY choose to ignore the suggested cookie life-span
  // increase for its own security reasons" -- a long-lived cookie is a
  // longer replay window, so the grant is capped here.
  Duration max_lifetime_increment = std::chrono::seconds(30);
  // The most bytes of the peer's INIT parameters copied into a cookie.
  // RFC 9260 5.1.3: "An implementation SHOULD make the cookie as small as
  // possible to ensure interoperability."
  uint32_t max_peer_params = 512;
  // The most bytes a whole cookie may have, both when sealing one and when
  // accepting one back; anything longer is refused before any MAC work.
  uint32_t max_cookie_size = 1024;
  // How long a signing key stays current. RFC 9260 5.1.3: the secret key
  // "SHOULD be changed reasonably frequently". One hour, as FreeBSD does.
  Duration key_rotation_interval = std::chrono::hours(1);
};

// Why a configuration cannot work, or nullptr when it can. A key verifies
// for one interval after it stops signing, so the interval must cover the
// longest lifetime a cookie can be granted, or fresh cookies would fail.
const char* check_cookie_config(const CookieConfig& config);

// The lifetime to put into a cookie for an INIT whose Cookie Preservative
// (RFC 9260 3.3.2.1) asked for `requested_increment_ms` more (0 when the
// INIT had none): the default plus the request, capped.
Duration granted_cookie_lifetime(const CookieConfig& config, uint32_t requested_increment_ms);

}  // namespace dsctp::sctp
