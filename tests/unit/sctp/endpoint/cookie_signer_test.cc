#include "sctp/endpoint/cookie_signer.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstring>
#include <utility>

namespace dsctp::sctp {
namespace {

using std::chrono::seconds;

constexpr TimePoint kT0 = TimePoint(seconds(1000));
constexpr Duration kInterval = seconds(100);

std::array<std::byte, kCookieKeySize> key_filled(uint8_t start, uint8_t step) {
  std::array<std::byte, kCookieKeySize> k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = std::byte(static_cast<uint8_t>(start + i * step));
  return k;
}

ByteRange text(const char* s) { return ByteRange(as_bytes_of(s, std::strlen(s))); }

// HMAC-SHA256("abc") under key 00 01 .. 1f, from
// `openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f`.
constexpr uint8_t kAbcUnderCountingKey[kCookieMacSize] = {
    0xf0, 0x13, 0x37, 0x29, 0xc4, 0x16, 0x3d, 0xed, 0xe8, 0x1e, 0x21, 0xcd, 0x47, 0x83, 0x92, 0x56,
    0xda, 0x58, 0x17, 0x12, 0x38, 0xc8, 0xa0, 0xd8, 0x74, 0x39, 0x7c, 0x73, 0xb1, 0x4e, 0x1e, 0x47};
// The same under key 20 20 .. 20.
constexpr uint8_t kAbcUnderSpaceKey[kCookieMacSize] = {
    0xac, 0x53, 0xcf, 0x5e, 0x83, 0xeb, 0xcb, 0xfb, 0xb9, 0xef, 0xef, 0xf5, 0x5e, 0x41, 0xf0, 0xef,
    0x98, 0x88, 0x4e, 0xa0, 0x4e, 0x9f, 0xca, 0x80, 0x16, 0x72, 0x92, 0x95, 0x97, 0xf7, 0xfd, 0x05};

std::span<const std::byte, kCookieMacSize> as_mac(const uint8_t (&m)[kCookieMacSize]) {
  return std::span<const std::byte, kCookieMacSize>(reinterpret_cast<const std::byte*>(m),
                                                    kCookieMacSize);
}

TEST(CookieSigner, SignsWithHmacSha256KnownAnswer) {
  CookieSigner signer(kT0, kInterval, key_filled(0, 1));
  ASSERT_TRUE(signer.valid());
  CookieMac mac;
  ASSERT_TRUE(signer.sign(text("abc"), mac));
  EXPECT_EQ(0, std::memcmp(mac.data(), kAbcUnderCountingKey, kCookieMacSize));
  // Signing again re-uses the keyed context: same answer.
  CookieMac again;
  ASSERT_TRUE(signer.sign(text("abc"), again));
  EXPECT_EQ(mac, again);
  EXPECT_TRUE(signer.verify(0, text("abc"), as_mac(kAbcUnderCountingKey)));
}

TEST(CookieSigner, MacOfSegmentedBodyEqualsContiguous) {
  CookieSigner signer(kT0, kInterval, key_filled(0, 1));
  const char* a = "a";
  const char* bc = "bc";
  Segment segs[] = {{reinterpret_cast<const std::byte*>(a), 1},
                    {reinterpret_cast<const std::byte*>(bc), 2}};
  CookieMac mac;
  ASSERT_TRUE(signer.sign(ByteRange(std::span<const Segment>(segs)), mac));
  EXPECT_EQ(0, std::memcmp(mac.data(), kAbcUnderCountingKey, kCookieMacSize));
}

TEST(CookieSigner, RotationIsDueAfterOneInterval) {
  CookieSigner signer(kT0, kInterval, key_filled(0, 1));
  EXPECT_FALSE(signer.rotation_due(kT0));
  EXPECT_FALSE(signer.rotation_due(kT0 + kInterval - Duration(1)));
  EXPECT_TRUE(signer.rotation_due(kT0 + kInterval));
  signer.rotate(kT0 + kInterval, key_filled(0x20, 0));
  EXPECT_EQ(1u, signer.current_epoch());
  EXPECT_FALSE(signer.rotation_due(kT0 + kInterval));
  EXPECT_TRUE(signer.rotation_due(kT0 + 2 * kInterval));
}

TEST(CookieSigner, PreviousKeyVerifiesForOneRotationOnly) {
  CookieSigner signer(kT0, kInterval, key_filled(0, 1));
  signer.rotate(kT0 + kInterval, key_filled(0x20, 0));
  // The new key signs...
  CookieMac mac;
  ASSERT_TRUE(signer.sign(text("abc"), mac));
  EXPECT_EQ(0, std::memcmp(mac.data(), kAbcUnderSpaceKey, kCookieMacSize));
  EXPECT_TRUE(signer.verify(1, text("abc"), as_mac(kAbcUnderSpaceKey)));
  // ...and the old one still verifies, but only under its own epoch.
  EXPECT_TRUE(signer.verify(0, text("abc"), as_mac(kAbcUnderCountingKey)));
  EXPECT_FALSE(signer.verify(1, text("abc"), as_mac(kAbcUnderCountingKey)));
  EXPECT_FALSE(signer.verify(0, text("abc"), as_mac(kAbcUnderSpaceKey)));
  // A second rotation forgets epoch 0.
  signer.rotate(kT0 + 2 * kInterval, key_filled(7, 3));
  EXPECT_EQ(2u, signer.current_epoch());
  EXPECT_FALSE(signer.verify(0, text("abc"), as_mac(kAbcUnderCountingKey)));
  EXPECT_TRUE(signer.verify(1, text("abc"), as_mac(kAbcUnderSpaceKey)));
  EXPECT_FALSE(signer.verify(2, text("abc"), as_mac(kAbcUnderSpaceKey)));
}

TEST(CookieSigner, RejectsAnyAlteredMacOrBody) {
  CookieSigner signer(kT0, kInterval, key_filled(0, 1));
  for (size_t i = 0; i < kCookieMacSize * 8; ++i) {
    CookieMac m;
    std::memcpy(m.data(), kAbcUnderCountingKey, kCookieMacSize);
    m[i / 8] ^= std::byte(static_cast<uint8_t>(1u << (i % 8)));
    EXPECT_FALSE(signer.verify(0, text("abc"), m)) << "bit " << i;
  }
  EXPECT_FALSE(signer.verify(0, text("abd"), as_mac(kAbcUnderCountingKey)));
  EXPECT_FALSE(signer.verify(0, text("abcd"), as_mac(kAbcUnderCountingKey)));
  EXPECT_FALSE(signer.verify(0, text(""), as_mac(kAbcUnderCountingKey)));
}

TEST(CookieSigner, MovedSignerKeepsItsKeys) {
  CookieSigner a(kT0, kInterval, key_filled(0, 1));
  CookieSigner b(std::move(a));
  EXPECT_TRUE(b.verify(0, text("abc"), as_mac(kAbcUnderCountingKey)));
  CookieSigner c(kT0, kInterval, key_filled(0x20, 0));
  c = std::move(b);
  EXPECT_TRUE(c.verify(0, text("abc"), as_mac(kAbcUnderCountingKey)));
  EXPECT_FALSE(c.verify(0, text("abc"), as_mac(kAbcUnderSpaceKey)));
}

}  // namespace
}  // namespace dsctp::sctp
