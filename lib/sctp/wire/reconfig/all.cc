#include "sctp/wire/reconfig/all.h"

#include <type_traits>

namespace dsctp::sctp::wire {

namespace {

template <class T>
ParseResult<AnyReconfigParameter> parse_as(const RawParameter& raw) {
  auto r = T::parse(raw);
  if (!r) return parse_error(r.error());
  return AnyReconfigParameter(std::move(*r));
}

}  // namespace

ParseResult<AnyReconfigParameter> parse_reconfig_parameter(const RawParameter& raw) {
  switch (raw.parameter_type()) {
    case ParameterType::kOutgoingSsnResetRequest:
      return parse_as<OutgoingSsnResetRequestParameter>(raw);
    case ParameterType::kIncomingSsnResetRequest:
      return parse_as<IncomingSsnResetRequestParameter>(raw);
    case ParameterType::kSsnTsnResetRequest:
      return parse_as<SsnTsnResetRequestParameter>(raw);
    case ParameterType::kReconfigurationResponse:
      return parse_as<ReconfigurationResponseParameter>(raw);
    case ParameterType::kAddOutgoingStreamsRequest:
      return parse_as<AddOutgoingStreamsRequestParameter>(raw);
    case ParameterType::kAddIncomingStreamsRequest:
      return parse_as<AddIncomingStreamsRequestParameter>(raw);
    default:
      return parse_error(ParseError::kWrongType);
  }
}

ParameterType type_of(const AnyReconfigParameter& p) {
  return std::visit([](const auto& x) { return std::decay_t<decltype(x)>::kType; }, p);
}

bool add_to(TlvWriter& writer, const AnyReconfigParameter& p) {
  return std::visit([&writer](const auto& x) { return writer.add(x); }, p);
}

}  // namespace dsctp::sctp::wire
