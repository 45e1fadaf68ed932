// Strong types for SCTP's protocol numbers, so that a TSN is never compared
// with a stream id by accident, and RFC 1982 serial-number arithmetic written
// once for TSN, SSN and MID.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace dsctp::sctp {

// A number with an identity but no arithmetic: stream ids, PPIDs, tags.
template <class Tag, class Rep>
class StrongId {
 public:
  using rep = Rep;
  constexpr StrongId() = default;
  constexpr explicit StrongId(Rep v) : value_(v) {}
  constexpr Rep value() const { return value_; }
  friend constexpr bool operator==(StrongId, StrongId) = default;
  friend constexpr auto operator<=>(StrongId, StrongId) = default;

 private:
  Rep value_ = 0;
};

using StreamId = StrongId<struct StreamIdTag, uint16_t>;
using Ppid = StrongId<struct PpidTag, uint32_t>;
using VerificationTag = StrongId<struct VerificationTagTag, uint32_t>;

// A sequence number that wraps (RFC 1982 with SERIAL_BITS = bits of Rep).
// It deliberately has no operator<=>: ordering of serial numbers is not
// total, and two numbers exactly half the space apart are unordered.
template <class Tag, class Rep>
class SerialNumber {
  static_assert(std::is_unsigned_v<Rep>);
  using Signed = std::make_signed_t<Rep>;

 public:
  using rep = Rep;
  static constexpr Rep kHalf = Rep{1} << (std::numeric_limits<Rep>::digits - 1);

  constexpr SerialNumber() = default;
  constexpr explicit SerialNumber(Rep v) : value_(v) {}
  constexpr Rep value() const { return value_; }

  friend constexpr bool operator==(SerialNumber, SerialNumber) = default;

  // RFC 1982 3.2: s1 < s2 when s2 is ahead by less than half the space.
  friend constexpr bool operator<(SerialNumber a, SerialNumber b) {
    Rep d = static_cast<Rep>(b.value_ - a.value_);
    return d != 0 && d < kHalf;
  }
  friend constexpr bool operator>(SerialNumber a, SerialNumber b) { return b < a; }
  friend constexpr bool operator<=(SerialNumber a, SerialNumber b) {
    return a == b || a < b;
  }
  friend constexpr bool operator>=(SerialNumber a, SerialNumber b) {
    return a == b || b < a;
  }

  // RFC 1982 3.1: addition of a positive integer below half the space.
  constexpr SerialNumber operator+(Rep n) const {
    return SerialNumber(static_cast<Rep>(value_ + n));
  }
  constexpr SerialNumber operator-(Rep n) const {
    return SerialNumber(static_cast<Rep>(value_ - n));
  }
  constexpr SerialNumber& operator++() {
    ++value_;
    return *this;
  }

  // Signed distance from `from` to this, meaningful within half the space.
  constexpr Signed distance_from(SerialNumber from) const {
    return static_cast<Signed>(static_cast<Rep>(value_ - from.value_));
  }

 private:
  Rep value_ = 0;
};

using Tsn = SerialNumber<struct TsnTag, uint32_t>;
using Ssn = SerialNumber<struct SsnTag, uint16_t>;
using Mid = SerialNumber<struct MidTag, uint32_t>;
// Fragment sequence number of I-DATA (RFC 8260 2.1); it does not wrap within
// a message but shares the TSN's width.
using Fsn = SerialNumber<struct FsnTag, uint32_t>;

// Maps wrapping serial numbers onto a 64-bit line that never wraps, given a
// stream of numbers that each lie within half the space of the last one
// seen. Lets containers order TSNs with plain integer comparison.
template <class Serial>
class Unwrapper {
  using Rep = typename Serial::rep;

 public:
  int64_t unwrap(Serial s) {
    if (!started_) {
      started_ = true;
      last_ = static_cast<int64_t>(s.value());
      last_wrapped_ = s;
      return last_;
    }
    last_ += s.distance_from(last_wrapped_);
    last_wrapped_ = s;
    return last_;
  }
  // Like unwrap() but without moving the reference point.
  int64_t peek(Serial s) const {
    if (!started_) return static_cast<int64_t>(s.value());
    return last_ + s.distance_from(last_wrapped_);
  }

 private:
  bool started_ = false;
  int64_t last_ = 0;
  Serial last_wrapped_{};
};

}  // namespace dsctp::sctp
