#include "sctp/endpoint/cookie_config.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "sctp/endpoint/state_cookie.h"

namespace dsctp::sctp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(CookieConfig, DefaultsFollowRfcAndAreConsistent) {
  CookieConfig c;
  EXPECT_EQ(seconds(60), c.lifetime);  // Valid.Cookie.Life
  EXPECT_EQ(nullptr, check_cookie_config(c));
}

TEST(CookieConfig, RejectsUnworkableSettings) {
  CookieConfig c;
  c.lifetime = Duration::zero();
  EXPECT_STREQ("cookie lifetime must be positive", check_cookie_config(c));

  c = CookieConfig{};
  c.max_lifetime_increment = Duration(-1);
  EXPECT_NE(nullptr, check_cookie_config(c));

  c = CookieConfig{};
  c.max_cookie_size = StateCookie::kOverhead - 1;
  EXPECT_STREQ("max cookie size is below the cookie's fixed part and MAC",
               check_cookie_config(c));
  c.max_cookie_size = StateCookie::kOverhead;
  EXPECT_EQ(nullptr, check_cookie_config(c));
  c.max_cookie_size = 65532;
  EXPECT_NE(nullptr, check_cookie_config(c));

  // A key must outlive every cookie it signed: interval >= 60 s + 30 s.
  c = CookieConfig{};
  c.key_rotation_interval = seconds(90) - Duration(1);
  EXPECT_STREQ("key rotation interval is shorter than the longest cookie lifetime",
               check_cookie_config(c));
  c.key_rotation_interval = seconds(90);
  EXPECT_EQ(nullptr, check_cookie_config(c));
}

TEST(CookieConfig, CookiePreservativeIsHonouredUpToTheCap) {
  CookieConfig c;  // 60 s, increments capped at 30 s
  EXPECT_EQ(seconds(60), granted_cookie_lifetime(c, 0));
  EXPECT_EQ(seconds(60) + milliseconds(1500), granted_cookie_lifetime(c, 1500));
  EXPECT_EQ(seconds(90), granted_cookie_lifetime(c, 30000));
  EXPECT_EQ(seconds(90), granted_cookie_lifetime(c, 30001));
  EXPECT_EQ(seconds(90), granted_cookie_lifetime(c, 0xffffffffu));
  c.max_lifetime_increment = Duration::zero();  // preservatives ignored
  EXPECT_EQ(seconds(60), granted_cookie_lifetime(c, 5000));
}

}  // namespace
}  // namespace dsctp::sctp
