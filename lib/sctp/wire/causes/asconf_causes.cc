#include "sctp/wire/causes/asconf_causes.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

namespace {

// The four causes that quote one ASCONF parameter share one layout.
template <class T>
ParseResult<T> parse_quoting_asconf(const RawParameter& raw) {
  if (auto e = parse_helpers::check_type(raw, T::kCode)) return parse_error(*e);
  auto quoted = parse_helpers::read_single_tlv(raw.value);
  if (!quoted) return parse_error(quoted.error());
  T c;
  c.asconf_parameter = raw.value;
  return c;
}

}  // namespace

ParseResult<DeleteLastRemainingAddressCause> DeleteLastRemainingAddressCause::parse(
    const RawParameter& raw) {
  return parse_quoting_asconf<DeleteLastRemainingAddressCause>(raw);
}

void DeleteLastRemainingAddressCause::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kCode, asconf_parameter);
}

ParseResult<ResourceShortageCause> ResourceShortageCause::parse(const RawParameter& raw) {
  return parse_quoting_asconf<ResourceShortageCause>(raw);
}

void ResourceShortageCause::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kCode, asconf_parameter);
}

ParseResult<DeleteSourceAddressCause> DeleteSourceAddressCause::parse(const RawParameter& raw) {
  return parse_quoting_asconf<DeleteSourceAddressCause>(raw);
}

void DeleteSourceAddressCause::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kCode, asconf_parameter);
}

ParseResult<IllegalAsconfAckCause> IllegalAsconfAckCause::parse(const RawParameter& raw) {
  if (auto e = parse_helpers::check_empty(raw, kCode)) return parse_error(*e);
  return IllegalAsconfAckCause{};
}

void IllegalAsconfAckCause::serialize(std::byte* out) const {
  parse_helpers::write_empty(out, kCode);
}

ParseResult<NoAuthorizationCause> NoAuthorizationCause::parse(const RawParameter& raw) {
  return parse_quoting_asconf<NoAuthorizationCause>(raw);
}

void NoAuthorizationCause::serialize(std::byte* out) const {
  parse_helpers::write_opaque(out, kCode, asconf_parameter);
}

}  // namespace dsctp::sctp::wire
