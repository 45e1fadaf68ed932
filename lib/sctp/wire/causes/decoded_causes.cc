#include "sctp/wire/causes/decoded_causes.h"

#include "sctp/wire/causes/cause_parsing.h"

namespace dsctp::sctp::wire {

using cause_parsing::check_empty;
using cause_parsing::read_exact;
using cause_parsing::write_header;

ParseResult<InvalidStreamIdentifierCause> InvalidStreamIdentifierCause::parse(
    const RawParameter& raw) {
  std::byte scratch[kSize - kTlvHeaderSize];
  auto p = read_exact(raw, kCode, kSize - kTlvHeaderSize, scratch);
  if (!p) return parse_error(p.error());
  InvalidStreamIdentifierCause c;
  c.stream = StreamId(load_be16(*p));
  return c;
}

void InvalidStreamIdentifierCause::serialize(std::byte* out) const {
  write_header(out, *this);
  store_be16(out + 4, stream.value());
  store_be16(out + 6, 0);
}

ParseResult<MissingMandatoryParameterCause> MissingMandatoryParameterCause::parse(
    const RawParameter& raw) {
  constexpr uint32_t kFixed = kFixedSize - kTlvHeaderSize;
  if (raw.cause_code() != kCode) return parse_error(ParseError::kWrongType);
  std::byte scratch[kFixed];
  const std::byte* p = raw.value.read(0, kFixed, scratch);
  if (p == nullptr) return parse_error(ParseError::kTooShortForType);
  uint32_t list_size = raw.value.size() - kFixed;
  if (list_size % ParameterTypeRecord::kSize != 0) {
    return parse_error(ParseError::kBadRecordLength);
  }
  if (load_be32(p) != list_size / ParameterTypeRecord::kSize) {
    return parse_error(ParseError::kCountMismatch);
  }
  MissingMandatoryParameterCause c;
  c.missing = RecordList<ParameterTypeRecord>::from_wire(raw.value.subrange(kFixed, list_size));
  return c;
}

void MissingMandatoryParameterCause::serialize(std::byte* out) const {
  write_header(out, *this);
  store_be32(out + 4, static_cast<uint32_t>(missing.size()));
  missing.encode(out + kFixedSize);
}

ParseResult<StaleCookieCause> StaleCookieCause::parse(const RawParameter& raw) {
  std::byte scratch[kSize - kTlvHeaderSize];
  auto p = read_exact(raw, kCode, kSize - kTlvHeaderSize, scratch);
  if (!p) return parse_error(p.error());
  StaleCookieCause c;
  c.staleness_us = load_be32(*p);
  return c;
}

void StaleCookieCause::serialize(std::byte* out) const {
  write_header(out, *this);
  store_be32(out + 4, staleness_us);
}

ParseResult<OutOfResourceCause> OutOfResourceCause::parse(const RawParameter& raw) {
  if (auto e = check_empty(raw, kCode)) return parse_error(*e);
  return OutOfResourceCause{};
}

void OutOfResourceCause::serialize(std::byte* out) const { write_header(out, *this); }

ParseResult<InvalidMandatoryParameterCause> InvalidMandatoryParameterCause::parse(
    const RawParameter& raw) {
  if (auto e = check_empty(raw, kCode)) return parse_error(*e);
  return InvalidMandatoryParameterCause{};
}

void InvalidMandatoryParameterCause::serialize(std::byte* out) const {
  write_header(out, *this);
}

ParseResult<NoUserDataCause> NoUserDataCause::parse(const RawParameter& raw) {
  std::byte scratch[kSize - kTlvHeaderSize];
  auto p = read_exact(raw, kCode, kSize - kTlvHeaderSize, scratch);
  if (!p) return parse_error(p.error());
  NoUserDataCause c;
  c.tsn = Tsn(load_be32(*p));
  return c;
}

void NoUserDataCause::serialize(std::byte* out) const {
  write_header(out, *this);
  store_be32(out + 4, tsn.value());
}

ParseResult<CookieReceivedWhileShuttingDownCause> CookieReceivedWhileShuttingDownCause::parse(
    const RawParameter& raw) {
  if (auto e = check_empty(raw, kCode)) return parse_error(*e);
  return CookieReceivedWhileShuttingDownCause{};
}

void CookieReceivedWhileShuttingDownCause::serialize(std::byte* out) const {
  write_header(out, *this);
}

ParseResult<UnsupportedHmacIdentifierCause> UnsupportedHmacIdentifierCause::parse(
    const RawParameter& raw) {
  std::byte scratch[kSize - kTlvHeaderSize];
  auto p = read_exact(raw, kCode, kSize - kTlvHeaderSize, scratch);
  if (!p) return parse_error(p.error());
  UnsupportedHmacIdentifierCause c;
  c.hmac_id = load_be16(*p);
  return c;
}

void UnsupportedHmacIdentifierCause::serialize(std::byte* out) const {
  write_header(out, *this);
  store_be16(out + 4, hmac_id);
}

}  // namespace dsctp::sctp::wire
