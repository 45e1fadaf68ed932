#include "sctp/endpoint/cookie_config.h"

#include <algorithm>

#include "sctp/endpoint/state_cookie.h"

namespace dsctp::sctp {

const char* check_cookie_config(const CookieConfig& c) {
  if (c.lifetime <= Duration::zero()) return "cookie lifetime must be positive";
  if (c.max_lifetime_increment < Duration::zero()) {
    return "cookie lifetime increment cap must not be negative";
  }
  if (c.max_cookie_size < StateCookie::kOverhead) {
    return "max cookie size is below the cookie's fixed part and MAC";
  }
  if (c.max_cookie_size > StateCookie::kMaxSize) {
    return "max cookie size exceeds what a State Cookie parameter can carry";
  }
  if (c.key_rotation_interval < c.lifetime + c.max_lifetime_increment) {
    return "key rotation interval is shorter than the longest cookie lifetime";
  }
  return nullptr;
}

Duration granted_cookie_lifetime(const CookieConfig& c, uint32_t requested_increment_ms) {
  Duration asked = std::chrono::milliseconds(requested_increment_ms);
  return c.lifetime + std::min(asked, c.max_lifetime_increment);
}

}  // namespace dsctp::sctp
