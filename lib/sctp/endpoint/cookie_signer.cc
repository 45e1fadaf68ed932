#include "sctp/endpoint/cookie_signer.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <utility>

namespace dsctp::sctp {
namespace {

// Sets `key` on `ctx` with SHA-256 as the HMAC digest.
bool set_key(EVP_MAC_CTX* ctx, CookieKey key) {
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  auto* k = reinterpret_cast<const unsigned char*>(key.data());
  return EVP_MAC_init(ctx, k, key.size(), params) == 1;
}

// A context keyed with `key`, or nullptr.
EVP_MAC_CTX* new_keyed_ctx(CookieKey key) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) return nullptr;
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  EVP_MAC_free(mac);  // the context holds its own reference
  if (ctx != nullptr && !set_key(ctx, key)) {
    EVP_MAC_CTX_free(ctx);
    return nullptr;
  }
  return ctx;
}

}  // namespace

CookieSigner::CookieSigner(TimePoint now, Duration rotation_interval, CookieKey key)
    : interval_(rotation_interval), rotated_at_(now) {
  current_.ctx = new_keyed_ctx(key);
  current_.present = current_.ctx != nullptr;
}

CookieSigner::~CookieSigner() { release(); }

CookieSigner::CookieSigner(CookieSigner&& other) noexcept
    : current_(std::exchange(other.current_, {})),
      previous_(std::exchange(other.previous_, {})),
      interval_(other.interval_),
      rotated_at_(other.rotated_at_) {}

CookieSigner& CookieSigner::operator=(CookieSigner&& other) noexcept {
  if (this != &other) {
    release();
    current_ = std::exchange(other.current_, {});
    previous_ = std::exchange(other.previous_, {});
    interval_ = other.interval_;
    rotated_at_ = other.rotated_at_;
  }
  return *this;
}

void CookieSigner::release() {
  // EVP_MAC_CTX_free cleanses the key material it holds.
  EVP_MAC_CTX_free(current_.ctx);
  EVP_MAC_CTX_free(previous_.ctx);
  current_ = {};
  previous_ = {};
}

void CookieSigner::rotate(TimePoint now, CookieKey fresh) {
  if (!valid()) return;
  // Re-key the oldest context rather than allocate a new one.
  EVP_MAC_CTX* ctx = previous_.ctx;
  if (ctx == nullptr) {
    ctx = new_keyed_ctx(fresh);
  } else if (!set_key(ctx, fresh)) {
    EVP_MAC_CTX_free(ctx);
    ctx = nullptr;
  }
  Key next{ctx, current_.epoch + 1, ctx != nullptr};
  previous_ = current_;
  current_ = next;
  rotated_at_ = now;
  // A failed re-key leaves no current key: the signer fails closed.
  if (ctx == nullptr) release();
}

bool CookieSigner::compute(EVP_MAC_CTX* ctx, ByteRange body, CookieMac& mac) {
  // A null key re-initialises with the key already set (EVP_MAC_init(3)).
  if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1) return false;
  bool ok = true;
  body.for_each_segment([&](std::span<const std::byte> s) {
    auto* p = reinterpret_cast<const unsigned char*>(s.data());
    ok = ok && EVP_MAC_update(ctx, p, s.size()) == 1;
  });
  size_t len = 0;
  auto* out = reinterpret_cast<unsigned char*>(mac.data());
  return ok && EVP_MAC_final(ctx, out, &len, mac.size()) == 1 && len == mac.size();
}

bool CookieSigner::sign(ByteRange body, CookieMac& mac) {
  return valid() && compute(current_.ctx, body, mac);
}

bool CookieSigner::verify(uint32_t epoch, ByteRange body,
                          std::span<const std::byte, kCookieMacSize> mac) {
  const Key* key = nullptr;
  if (current_.present && current_.epoch == epoch) key = &current_;
  if (previous_.present && previous_.epoch == epoch) key = &previous_;
  if (key == nullptr) return false;
  CookieMac expected;
  if (!compute(key->ctx, body, expected)) return false;
  // RFC 9260 5.1.5 compares the MACs; a constant-time comparison keeps the
  // time taken from telling an attacker how many leading bytes were right.
  return CRYPTO_memcmp(expected.data(), mac.data(), mac.size()) == 0;
}

}  // namespace dsctp::sctp
