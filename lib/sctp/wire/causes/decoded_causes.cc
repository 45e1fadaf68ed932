#include "sctp/wire/causes/decoded_causes.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<InvalidStreamIdentifierCause> InvalidStreamIdentifierCause::parse(
    const RawParameter& raw) {
  std::byte scratch[kSize - kTlvHeaderSize];
  auto p = parse_helpers::read_exact(raw, kCode, kSize - kTlvHeaderSize, scratch);
  if (!p) return parse_error(p.error());
  InvalidStreamIdentifierCause c;
  c.stream = StreamId(load_be16(*p));
  return c;
}

void InvalidStreamIdentifierCause::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kCode, serialized_size());
  store_be16(out + 4, stream.value());
  store_be16(out + 6, 0);
}

ParseResult<MissingMandatoryParameterCause> MissingMandatoryParameterCause::parse(
    const RawParameter& raw) {
  constexpr uint32_t kFixed = kFixedSize - kTlvHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, kCode, kFixed, scratch);
  if (!p) return parse_error(p.error());
  auto missing = parse_helpers::read_records<ParameterTypeRecord>(raw, kFixed);
  if (!missing) return parse_error(missing.error());
  if (load_be32(*p) != missing->size()) return parse_error(ParseError::kCountMismatch);
  MissingMandatoryParameterCause c;
  c.missing = *missing;
  return c;
}

void MissingMandatoryParameterCause::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kCode, serialized_size());
  store_be32(out + 4, static_cast<uint32_t>(missing.size()));
  missing.encode(out + kFixedSize);
}

ParseResult<StaleCookieCause> StaleCookieCause::parse(const RawParameter& raw) {
  static_assert(kSize == kTlvHeaderSize + 4);
  auto v = parse_helpers::read_value<uint32_t>(raw, kCode);
  if (!v) return parse_error(v.error());
  StaleCookieCause c;
  c.staleness_us = *v;
  return c;
}

void StaleCookieCause::serialize(std::byte* out) const {
  parse_helpers::write_u32(out, kCode, staleness_us);
}

ParseResult<OutOfResourceCause> OutOfResourceCause::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_empty(raw, kCode)) return parse_error(*e);
  return OutOfResourceCause{};
}

void OutOfResourceCause::serialize(std::byte* out) const {
  parse_helpers::write_empty(out, kCode);
}

ParseResult<InvalidMandatoryParameterCause> InvalidMandatoryParameterCause::parse(
    const RawParameter& raw) {
  if (auto e = parse_helpers::check_empty(raw, kCode)) return parse_error(*e);
  return InvalidMandatoryParameterCause{};
}

void InvalidMandatoryParameterCause::serialize(std::byte* out) const {
  parse_helpers::write_empty(out, kCode);
}

ParseResult<NoUserDataCause> NoUserDataCause::parse(const RawParameter& raw) {
  static_assert(kSize == kTlvHeaderSize + 4);
  auto v = parse_helpers::read_value<uint32_t>(raw, kCode);
  if (!v) return parse_error(v.error());
  NoUserDataCause c;
  c.tsn = Tsn(*v);
  return c;
}

void NoUserDataCause::serialize(std::byte* out) const {
  parse_helpers::write_u32(out, kCode, tsn.value());
}

ParseResult<CookieReceivedWhileShuttingDownCause> CookieReceivedWhileShuttingDownCause::parse(
    const RawParameter& raw) {
  if (auto e = parse_helpers::check_empty(raw, kCode)) return parse_error(*e);
  return CookieReceivedWhileShuttingDownCause{};
}

void CookieReceivedWhileShuttingDownCause::serialize(std::byte* out) const {
  parse_helpers::write_empty(out, kCode);
}

ParseResult<UnsupportedHmacIdentifierCause> UnsupportedHmacIdentifierCause::parse(
    const RawParameter& raw) {
  static_assert(kSize == kTlvHeaderSize + 2);
  auto v = parse_helpers::read_value<uint16_t>(raw, kCode);
  if (!v) return parse_error(v.error());
  UnsupportedHmacIdentifierCause c;
  c.hmac_id = *v;
  return c;
}

void UnsupportedHmacIdentifierCause::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kCode, serialized_size());
  store_be16(out + 4, hmac_id);
}

}  // namespace dsctp::sctp::wire
