#include "sctp/endpoint/state_cookie.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <random>
#include <vector>

namespace dsctp::sctp {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr TimePoint kT0 = TimePoint(seconds(1000));

std::array<std::byte, kCookieKeySize> key_filled(uint8_t v) {
  std::array<std::byte, kCookieKeySize> k;
  k.fill(std::byte{v});
  return k;
}

std::vector<std::byte> bytes(std::initializer_list<uint8_t> v) {
  std::vector<std::byte> out;
  for (uint8_t b : v) out.push_back(std::byte{b});
  return out;
}

// The parameters of a typical INIT: IPv4 address, Supported Extensions
// (6 bytes + 2 padding), Forward-TSN-Supported, ECN Capable. 24 bytes.
const std::vector<std::byte> kPeerParams = bytes({
    0x00, 0x05, 0x00, 0x08, 192, 168, 1, 2,      // IPv4 address, ends at 8
    0x80, 0x08, 0x00, 0x06, 0x82, 0xc0, 0, 0,    // extensions, ends at 14 (16 padded)
    0xc0, 0x00, 0x00, 0x04,                      // Forward-TSN-Supported, ends at 20
    0x80, 0x00, 0x00, 0x04,                      // ECN Capable, ends at 24
});

StateCookie sample_cookie() {
  StateCookie c;
  c.local_tag = VerificationTag(0x11223344);
  c.local_initial_tsn = Tsn(0xfffffff0);
  c.peer_tag = VerificationTag(0xa1b2c3d4);
  c.peer_initial_tsn = Tsn(12345);
  c.peer_a_rwnd = 131072;
  c.outbound_streams = 10;
  c.inbound_streams = 2048;
  c.local_tie_tag = VerificationTag(0x5a5a0001);
  c.peer_tie_tag = VerificationTag(0xa5a50002);
  c.local_port = 2905;
  c.peer_port = 36412;
  c.created = kT0;
  c.lifetime = seconds(60);
  c.peer_params = ByteRange(kPeerParams);
  return c;
}

class StateCookieTest : public ::testing::Test {
 protected:
  std::vector<std::byte> seal(const StateCookie& c) {
    std::vector<std::byte> out(config_.max_cookie_size);
    uint32_t n = seal_state_cookie(c, config_, signer_, out);
    out.resize(n);
    return out;
  }
  Expected<StateCookie, CookieRejection> open(const std::vector<std::byte>& b,
                                              TimePoint now = kT0) {
    return open_state_cookie(ByteRange(b), config_, signer_, now);
  }
  CookieError error_of(const std::vector<std::byte>& b, TimePoint now = kT0) {
    auto r = open(b, now);
    EXPECT_FALSE(r.has_value());
    return r ? CookieError::kBadMac : r.error().error;
  }

  CookieConfig config_;
  CookieSigner signer_{kT0, config_.key_rotation_interval, key_filled(0x42)};
};

TEST_F(StateCookieTest, RoundTripsEveryField) {
  std::vector<std::byte> sealed = seal(sample_cookie());
  ASSERT_EQ(StateCookie::kOverhead + 24u, sealed.size());
  EXPECT_EQ(116u, sealed.size());
  EXPECT_EQ(std::byte{StateCookie::kVersion}, sealed[0]);

  auto r = open(sealed, kT0 + seconds(3));
  ASSERT_TRUE(r.has_value());
  const StateCookie& c = *r;
  EXPECT_EQ(VerificationTag(0x11223344), c.local_tag);
  EXPECT_EQ(Tsn(0xfffffff0), c.local_initial_tsn);
  EXPECT_EQ(VerificationTag(0xa1b2c3d4), c.peer_tag);
  EXPECT_EQ(Tsn(12345), c.peer_initial_tsn);
  EXPECT_EQ(131072u, c.peer_a_rwnd);
  EXPECT_EQ(10u, c.outbound_streams);
  EXPECT_EQ(2048u, c.inbound_streams);
  EXPECT_EQ(VerificationTag(0x5a5a0001), c.local_tie_tag);
  EXPECT_EQ(VerificationTag(0xa5a50002), c.peer_tie_tag);
  EXPECT_EQ(2905u, c.local_port);
  EXPECT_EQ(36412u, c.peer_port);
  EXPECT_EQ(kT0, c.created);
  EXPECT_EQ(seconds(60), c.lifetime);
  EXPECT_TRUE(c.peer_params.equals(kPeerParams));
  EXPECT_FALSE(c.peer_params_truncated);
}

TEST_F(StateCookieTest, ZeroTieTagsAndNoParamsRoundTrip) {
  StateCookie in = sample_cookie();
  in.local_tie_tag = VerificationTag(0);
  in.peer_tie_tag = VerificationTag(0);
  in.peer_params = ByteRange();
  std::vector<std::byte> sealed = seal(in);
  ASSERT_EQ(StateCookie::kOverhead, sealed.size());
  auto r = open(sealed);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(VerificationTag(0), r->local_tie_tag);
  EXPECT_EQ(VerificationTag(0), r->peer_tie_tag);
  EXPECT_EQ(0u, r->peer_params.size());
}

TEST_F(StateCookieTest, MatchesOnlyThePacketItWasMeantFor) {
  std::vector<std::byte> sealed = seal(sample_cookie());
  auto r = open(sealed);
  ASSERT_TRUE(r.has_value());
  // From the peer's port to ours, carrying the tag we chose.
  EXPECT_TRUE(r->matches_packet(36412, 2905, VerificationTag(0x11223344)));
  EXPECT_FALSE(r->matches_packet(2905, 36412, VerificationTag(0x11223344)));
  EXPECT_FALSE(r->matches_packet(36413, 2905, VerificationTag(0x11223344)));
  EXPECT_FALSE(r->matches_packet(36412, 2906, VerificationTag(0x11223344)));
  EXPECT_FALSE(r->matches_packet(36412, 2905, VerificationTag(0xa1b2c3d4)));
}

TEST_F(StateCookieTest, OpensFromASegmentedPacket) {
  std::vector<std::byte> sealed = seal(sample_cookie());
  Segment segs[] = {{sealed.data(), 7}, {sealed.data() + 7, 60}, {sealed.data() + 67, 49}};
  auto r = open_state_cookie(ByteRange(std::span<const Segment>(segs)), config_, signer_, kT0);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(VerificationTag(0xa1b2c3d4), r->peer_tag);
  EXPECT_TRUE(r->peer_params.equals(kPeerParams));
}

TEST_F(StateCookieTest, AnySingleBitFlipIsRejected) {
  const std::vector<std::byte> sealed = seal(sample_cookie());
  for (size_t bit = 0; bit < sealed.size() * 8; ++bit) {
    std::vector<std::byte> b = sealed;
    size_t at = bit / 8;
    b[at] ^= std::byte(static_cast<uint8_t>(1u << (bit % 8)));
    // The version byte and the length field are read before the MAC is
    // computed, so a flip there is refused for what it breaks.
    CookieError want = at == 0 ? CookieError::kBadVersion : CookieError::kBadMac;
    if (at == 2 || at == 3) {
      uint32_t claimed = StateCookie::kOverhead + ((std::to_integer<uint32_t>(b[2]) << 8) |
                                                   std::to_integer<uint32_t>(b[3]));
      want = claimed > b.size() ? CookieError::kTooShort : CookieError::kTooLong;
    }
    EXPECT_EQ(want, error_of(b)) << "bit " << bit;
  }
}

TEST_F(StateCookieTest, TruncationAndExtensionAreRejected) {
  const std::vector<std::byte> sealed = seal(sample_cookie());
  for (size_t n = 0; n < sealed.size(); ++n) {
    std::vector<std::byte> b(sealed.begin(), sealed.begin() + static_cast<ptrdiff_t>(n));
    EXPECT_EQ(CookieError::kTooShort, error_of(b)) << "length " << n;
  }
  for (size_t extra = 1; extra <= 8; ++extra) {
    std::vector<std::byte> b = sealed;
    b.resize(sealed.size() + extra, std::byte{0});
    EXPECT_EQ(CookieError::kTooLong, error_of(b)) << "extra " << extra;
  }
  std::vector<std::byte> huge(config_.max_cookie_size + 1, std::byte{1});
  EXPECT_EQ(CookieError::kTooLong, error_of(huge));
}

TEST_F(StateCookieTest, ExpiresJustAfterItsLifetimeWithStaleness) {
  const std::vector<std::byte> sealed = seal(sample_cookie());
  // RFC 9260 5.1.5 step 4: stale only when the elapsed time is longer.
  EXPECT_TRUE(open(sealed, kT0 + seconds(60)).has_value());

  auto r = open(sealed, kT0 + seconds(60) + Duration(1));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(CookieError::kStale, r.error().error);
  EXPECT_EQ(1u, r.error().staleness_us);  // rounded up, never 0

  r = open(sealed, kT0 + seconds(60) + milliseconds(1500));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(CookieError::kStale, r.error().error);
  EXPECT_EQ(1500000u, r.error().staleness_us);

  r = open(sealed, kT0 + seconds(60) + microseconds(1234567) + Duration(1));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(1234568u, r.error().staleness_us);

  // Saturates at the cause field's 32 bits (about 71.6 minutes).
  r = open(sealed, kT0 + seconds(60) + std::chrono::hours(2));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(0xffffffffu, r.error().staleness_us);
}

TEST_F(StateCookieTest, VerifiesAcrossOneRotationButNotTwo) {
  const std::vector<std::byte> sealed = seal(sample_cookie());
  signer_.rotate(kT0 + seconds(1), key_filled(0x01));
  auto r = open(sealed, kT0 + seconds(2));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(VerificationTag(0x11223344), r->local_tag);

  // A cookie sealed after the rotation carries the new epoch and verifies.
  StateCookie later = sample_cookie();
  later.created = kT0 + seconds(2);
  const std::vector<std::byte> fresh = seal(later);
  EXPECT_TRUE(open(fresh, kT0 + seconds(3)).has_value());

  signer_.rotate(kT0 + seconds(3), key_filled(0x02));
  EXPECT_EQ(CookieError::kBadMac, error_of(sealed, kT0 + seconds(4)));
  EXPECT_TRUE(open(fresh, kT0 + seconds(4)).has_value());
}

TEST_F(StateCookieTest, CookieFromAnotherSecretIsRejected) {
  CookieSigner other(kT0, config_.key_rotation_interval, key_filled(0x43));
  std::vector<std::byte> out(config_.max_cookie_size);
  out.resize(seal_state_cookie(sample_cookie(), config_, other, out));
  ASSERT_EQ(116u, out.size());
  // Same epoch (0), same layout, different key.
  EXPECT_EQ(CookieError::kBadMac, error_of(out));
  EXPECT_TRUE(open_state_cookie(ByteRange(out), config_, other, kT0).has_value());
}

TEST_F(StateCookieTest, PreservedLifetimeIsCappedWhenSealed) {
  StateCookie c = sample_cookie();
  c.lifetime = granted_cookie_lifetime(config_, 5000);
  std::vector<std::byte> sealed = seal(c);
  auto r = open(sealed, kT0 + seconds(65));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(seconds(65), r->lifetime);

  c.lifetime = std::chrono::hours(1);  // more than the endpoint grants
  sealed = seal(c);
  r = open(sealed, kT0);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(seconds(90), r->lifetime);
  EXPECT_TRUE(open(sealed, kT0 + seconds(90)).has_value());
  auto stale = open(sealed, kT0 + seconds(91));
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(1000000u, stale.error().staleness_us);
}

TEST_F(StateCookieTest, PeerParamsKeepWholeParametersWithinBudget) {
  // The opened peer_params is a view into the sealed bytes: keep them.
  config_.max_peer_params = 20;  // room for the first three exactly
  std::vector<std::byte> sealed = seal(sample_cookie());
  auto r = open(sealed);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->peer_params_truncated);
  EXPECT_TRUE(r->peer_params.equals(std::span(kPeerParams).first(20)));

  config_.max_peer_params = 19;  // extensions is the last whole one, unpadded
  sealed = seal(sample_cookie());
  r = open(sealed);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->peer_params_truncated);
  EXPECT_TRUE(r->peer_params.equals(std::span(kPeerParams).first(14)));

  config_.max_peer_params = 7;  // not even the address
  sealed = seal(sample_cookie());
  r = open(sealed);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->peer_params_truncated);
  EXPECT_EQ(0u, r->peer_params.size());
}

TEST_F(StateCookieTest, SizeIsBoundedByConfigAndBuffer) {
  // 60000 bytes of parameters: 1500 Supported Extensions TLVs of 40 bytes.
  std::vector<std::byte> big;
  for (int i = 0; i < 1500; ++i) {
    auto p = bytes({0x80, 0x08, 0x00, 0x28});
    big.insert(big.end(), p.begin(), p.end());
    big.resize(big.size() + 36, std::byte{0x41});
  }
  StateCookie c = sample_cookie();
  c.peer_params = ByteRange(big);
  std::vector<std::byte> sealed = seal(c);
  // 512 bytes of budget hold 12 whole 40-byte parameters.
  EXPECT_EQ(StateCookie::kOverhead + 480u, sealed.size());
  EXPECT_LE(sealed.size(), config_.max_cookie_size);
  auto r = open(sealed);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->peer_params_truncated);

  config_.max_peer_params = 60000;  // now the cookie size bounds it
  sealed = seal(c);
  EXPECT_EQ(StateCookie::kOverhead + 920u, sealed.size());  // 23 of 40 in 932
  EXPECT_TRUE(open(sealed).has_value());

  // The caller's buffer bounds it too; too small for the fixed part: 0.
  std::vector<std::byte> out(StateCookie::kOverhead + 100);
  EXPECT_EQ(StateCookie::kOverhead + 80u, seal_state_cookie(c, config_, signer_, out));
  std::vector<std::byte> tiny(StateCookie::kOverhead - 1);
  EXPECT_EQ(0u, seal_state_cookie(c, config_, signer_, tiny));
}

TEST_F(StateCookieTest, ArbitraryBytesNeverOpen) {
  std::mt19937 rng(20260);  // fixed seed: reproducible
  const std::vector<std::byte> sealed = seal(sample_cookie());
  int by_error[5] = {};
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::byte> b;
    switch (i % 3) {
      case 0:  // pure noise of any length up to past the maximum
        b.resize(rng() % (config_.max_cookie_size + 64));
        for (auto& x : b) x = std::byte(static_cast<uint8_t>(rng()));
        break;
      case 1: {  // noise framed well enough to reach the MAC check
        uint16_t n = static_cast<uint16_t>(rng() % 200);
        b.resize(StateCookie::kOverhead + n);
        for (auto& x : b) x = std::byte(static_cast<uint8_t>(rng()));
        b[0] = std::byte{StateCookie::kVersion};
        b[2] = std::byte(static_cast<uint8_t>(n >> 8));
        b[3] = std::byte(static_cast<uint8_t>(n));
        break;
      }
      default: {  // a real cookie with a few random bytes replaced
        b = sealed;
        for (uint32_t k = 1 + rng() % 4; k != 0; --k) {
          size_t at = rng() % b.size();
          b[at] ^= std::byte(static_cast<uint8_t>(1 + rng() % 255));
        }
        break;
      }
    }
    auto r = open(b, kT0 + seconds(1));
    ASSERT_FALSE(r.has_value()) << "iteration " << i;
    ++by_error[static_cast<int>(r.error().error)];
  }
  // Every framed-noise case (a third) reached the MAC and failed it.
  EXPECT_GE(by_error[static_cast<int>(CookieError::kBadMac)], 20000 / 3);
  EXPECT_GT(by_error[static_cast<int>(CookieError::kTooShort)], 0);
  EXPECT_GT(by_error[static_cast<int>(CookieError::kTooLong)], 0);
  EXPECT_GT(by_error[static_cast<int>(CookieError::kBadVersion)], 0);
  EXPECT_EQ(0, by_error[static_cast<int>(CookieError::kStale)]);
}

TEST(CookieError, NamesEveryError) {
  EXPECT_STREQ("state cookie too short", to_string(CookieError::kTooShort));
  EXPECT_STREQ("state cookie too long", to_string(CookieError::kTooLong));
  EXPECT_STREQ("state cookie of an unknown version", to_string(CookieError::kBadVersion));
  EXPECT_STREQ("state cookie failed authentication", to_string(CookieError::kBadMac));
  EXPECT_STREQ("state cookie expired", to_string(CookieError::kStale));
}

}  // namespace
}  // namespace dsctp::sctp
