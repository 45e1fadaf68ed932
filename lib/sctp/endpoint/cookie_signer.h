// The keys that authenticate State Cookies (RFC 9260 5.1.3, 5.1.5):
// HMAC-SHA256 under a secret that rotates, keeping the previous key so
// that cookies handed out just before a rotation still verify.
//
// RFC 9260 5.1.3: "The secret key SHOULD be random ([RFC4086] provides
// some information on randomness guidelines); it SHOULD be changed
// reasonably frequently, and the timestamp in the State Cookie MAY be used
// to determine which key should be used to verify the MAC."
//
// Sans-IO: the caller reads the clock and the random source. Each key has
// an epoch number, written (authenticated) into every cookie it signs, so
// verifying costs one HMAC whichever key signed it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/byte_range.h"
#include "base/time.h"

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX, kept out of this header.

namespace dsctp::sctp {

inline constexpr size_t kCookieKeySize = 32;
inline constexpr size_t kCookieMacSize = 32;  // HMAC-SHA256, untruncated

using CookieKey = std::span<const std::byte, kCookieKeySize>;
using CookieMac = std::array<std::byte, kCookieMacSize>;

class CookieSigner {
 public:
  // Starts with `key` current (epoch 0) and no previous key. The key bytes
  // are handed to OpenSSL; the caller should wipe its copy.
  CookieSigner(TimePoint now, Duration rotation_interval, CookieKey key);
  ~CookieSigner();
  CookieSigner(CookieSigner&& other) noexcept;
  CookieSigner& operator=(CookieSigner&& other) noexcept;
  CookieSigner(const CookieSigner&) = delete;
  CookieSigner& operator=(const CookieSigner&) = delete;

  // False when libcrypto could not set up HMAC-SHA256 (out of memory, or a
  // provider without it). An invalid signer signs nothing and verifies
  // nothing: it fails closed.
  bool valid() const { return current_.ctx != nullptr; }

  // Whether the current key has signed for a whole interval. The caller
  // then draws kCookieKeySize random bytes and calls rotate().
  bool rotation_due(TimePoint now) const { return now - rotated_at_ >= interval_; }

  // Makes `fresh` the current key; the current one becomes the previous and
  // the previous is forgotten, so a cookie survives one rotation, not two.
  void rotate(TimePoint now, CookieKey fresh);

  uint32_t current_epoch() const { return current_.epoch; }

  // The MAC of `body` under the current key; false if it could not be made.
  bool sign(ByteRange body, CookieMac& mac);

  // Whether `mac` is the MAC of `body` under the key of `epoch` (the
  // current or the previous one), compared in constant time.
  bool verify(uint32_t epoch, ByteRange body, std::span<const std::byte, kCookieMacSize> mac);

 private:
  struct Key {
    evp_mac_ctx_st* ctx = nullptr;  // keyed once; re-initialised per MAC
    uint32_t epoch = 0;
    bool present = false;
  };

  static bool compute(evp_mac_ctx_st* ctx, ByteRange body, CookieMac& mac);
  void release();

  Key current_;
  Key previous_;
  Duration interval_;
  TimePoint rotated_at_;
};

}  // namespace dsctp::sctp
