// A value or an error, for code built without exceptions (C++20 has no
// std::expected yet). Deliberately a plain struct rather than a variant:
// the compiler keeps it in registers on the parse path, which a
// std::variant defeats.
#pragma once

#include <type_traits>
#include <utility>

namespace dsctp {

template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected(E) -> Unexpected<E>;

template <class T, class E>
class [[nodiscard]] Expected {
  static_assert(std::is_default_constructible_v<T>,
                "Expected holds a default-constructed T when it holds an error");

 public:
  Expected(T value) : value_(std::move(value)), ok_(true) {}
  Expected(Unexpected<E> u) : error_(u.error), ok_(false) {}

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }

  // Asking for the alternative that is not there is a programming error:
  // lib/ has no exceptions, so it traps instead of reading garbage.
  T& value() {
    if (!ok_) __builtin_trap();
    return value_;
  }
  const T& value() const {
    if (!ok_) __builtin_trap();
    return value_;
  }
  E error() const {
    if (ok_) __builtin_trap();
    return error_;
  }

  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  T value_{};
  E error_{};
  bool ok_;
};

}  // namespace dsctp
