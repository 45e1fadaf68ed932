#include "sctp/wire/chunks/asconf.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {
namespace {

bool is_address(const RawParameter& p) {
  return p.parameter_type() == ParameterType::kIpv4Address ||
         p.parameter_type() == ParameterType::kIpv6Address;
}

// The serial number and what follows it, shared by ASCONF and ASCONF-ACK.
template <class C>
ParseResult<C> parse_serial_and_params(const RawChunk& raw) {
  constexpr uint32_t kFixed = C::kHeaderSize - kChunkHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, C::kType, kFixed, scratch);
  if (!p) return parse_error(p.error());
  C c;
  c.serial_number = load_be32(*p);
  c.parameter_bytes = parse_helpers::rest_after(raw, kFixed);
  return c;
}

template <class C>
void serialize_serial_and_params(const C& c, std::byte* out) {
  parse_helpers::write_header(out, C::kType, 0, c.serialized_size());
  store_be32(out + 4, c.serial_number);
  c.parameter_bytes.copy_to(out + C::kHeaderSize);
}

}  // namespace

ParseResult<AsconfChunk> AsconfChunk::parse(const RawChunk& raw) {
  auto c = parse_serial_and_params<AsconfChunk>(raw);
  if (!c) return c;
  if (c->parameter_bytes.size() < kTlvHeaderSize) {
    return parse_error(ParseError::kTooShortForType);
  }
  auto first = c->address_parameter();
  if (!first) return parse_error(first.error());
  return c;
}

ParseResult<RawParameter> AsconfChunk::address_parameter() const {
  ParameterReader reader = parameters();
  RawParameter first;
  if (!reader.next(first)) {
    return parse_error(reader.error().value_or(ParseError::kTruncatedHeader));
  }
  if (!is_address(first)) return parse_error(ParseError::kInvalidField);
  return first;
}

void AsconfChunk::serialize(std::byte* out) const {
  serialize_serial_and_params(*this, out);
}

ParseResult<AsconfAckChunk> AsconfAckChunk::parse(const RawChunk& raw) {
  return parse_serial_and_params<AsconfAckChunk>(raw);
}

void AsconfAckChunk::serialize(std::byte* out) const {
  serialize_serial_and_params(*this, out);
}

}  // namespace dsctp::sctp::wire
