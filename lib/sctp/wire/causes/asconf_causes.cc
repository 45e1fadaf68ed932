#include "sctp/wire/causes/asconf_causes.h"

#include "sctp/wire/causes/cause_parsing.h"

namespace dsctp::sctp::wire {

using cause_parsing::check_code;
using cause_parsing::check_empty;
using cause_parsing::check_single_tlv;
using cause_parsing::write_header;

namespace {

// The four causes that quote one ASCONF parameter share one layout.
template <class T>
ParseResult<T> parse_quoting_asconf(const RawParameter& raw) {
  if (auto e = check_code(raw, T::kCode)) return parse_error(*e);
  if (auto e = check_single_tlv(raw.value)) return parse_error(*e);
  T c;
  c.asconf_parameter = raw.value;
  return c;
}

template <class T>
void serialize_quoting_asconf(std::byte* out, const T& cause) {
  write_header(out, cause);
  cause.asconf_parameter.copy_to(out + kTlvHeaderSize);
}

}  // namespace

ParseResult<DeleteLastRemainingAddressCause> DeleteLastRemainingAddressCause::parse(
    const RawParameter& raw) {
  return parse_quoting_asconf<DeleteLastRemainingAddressCause>(raw);
}

void DeleteLastRemainingAddressCause::serialize(std::byte* out) const {
  serialize_quoting_asconf(out, *this);
}

ParseResult<ResourceShortageCause> ResourceShortageCause::parse(const RawParameter& raw) {
  return parse_quoting_asconf<ResourceShortageCause>(raw);
}

void ResourceShortageCause::serialize(std::byte* out) const {
  serialize_quoting_asconf(out, *this);
}

ParseResult<DeleteSourceAddressCause> DeleteSourceAddressCause::parse(const RawParameter& raw) {
  return parse_quoting_asconf<DeleteSourceAddressCause>(raw);
}

void DeleteSourceAddressCause::serialize(std::byte* out) const {
  serialize_quoting_asconf(out, *this);
}

ParseResult<IllegalAsconfAckCause> IllegalAsconfAckCause::parse(const RawParameter& raw) {
  if (auto e = check_empty(raw, kCode)) return parse_error(*e);
  return IllegalAsconfAckCause{};
}

void IllegalAsconfAckCause::serialize(std::byte* out) const { write_header(out, *this); }

ParseResult<NoAuthorizationCause> NoAuthorizationCause::parse(const RawParameter& raw) {
  return parse_quoting_asconf<NoAuthorizationCause>(raw);
}

void NoAuthorizationCause::serialize(std::byte* out) const {
  serialize_quoting_asconf(out, *this);
}

}  // namespace dsctp::sctp::wire
