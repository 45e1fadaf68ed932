#include "sctp/wire/parameters/all.h"

#include <type_traits>
#include <utility>

namespace dsctp::sctp::wire {

namespace {

template <class P>
ParseResult<AnyParameter> typed(const RawParameter& raw) {
  auto p = P::parse(raw);
  if (!p) return parse_error(p.error());
  return AnyParameter(std::in_place_type<P>, std::move(*p));
}

}  // namespace

ParseResult<AnyParameter> parse_parameter(const RawParameter& raw) {
  switch (raw.parameter_type()) {
    case ParameterType::kHeartbeatInfo:
      return typed<HeartbeatInfoParameter>(raw);
    case ParameterType::kIpv4Address:
      return typed<Ipv4AddressParameter>(raw);
    case ParameterType::kIpv6Address:
      return typed<Ipv6AddressParameter>(raw);
    case ParameterType::kStateCookie:
      return typed<StateCookieParameter>(raw);
    case ParameterType::kUnrecognizedParameter:
      return typed<UnrecognizedParameter>(raw);
    case ParameterType::kCookiePreservative:
      return typed<CookiePreservativeParameter>(raw);
    case ParameterType::kHostNameAddress:
      return typed<HostNameAddressParameter>(raw);
    case ParameterType::kSupportedAddressTypes:
      return typed<SupportedAddressTypesParameter>(raw);
    case ParameterType::kEcnCapable:
      return typed<EcnCapableParameter>(raw);
    case ParameterType::kZeroChecksumAcceptable:
      return typed<ZeroChecksumAcceptableParameter>(raw);
    case ParameterType::kRandom:
      return typed<RandomParameter>(raw);
    case ParameterType::kChunkList:
      return typed<ChunkListParameter>(raw);
    case ParameterType::kRequestedHmacAlgorithm:
      return typed<RequestedHmacAlgorithmParameter>(raw);
    case ParameterType::kPadding:
      return typed<PaddingParameter>(raw);
    case ParameterType::kSupportedExtensions:
      return typed<SupportedExtensionsParameter>(raw);
    case ParameterType::kForwardTsnSupported:
      return typed<ForwardTsnSupportedParameter>(raw);
    case ParameterType::kAddIpAddress:
      return typed<AddIpAddressParameter>(raw);
    case ParameterType::kDeleteIpAddress:
      return typed<DeleteIpAddressParameter>(raw);
    case ParameterType::kErrorCauseIndication:
      return typed<ErrorCauseIndicationParameter>(raw);
    case ParameterType::kSetPrimaryAddress:
      return typed<SetPrimaryAddressParameter>(raw);
    case ParameterType::kSuccessIndication:
      return typed<SuccessIndicationParameter>(raw);
    case ParameterType::kAdaptationLayerIndication:
      return typed<AdaptationLayerIndicationParameter>(raw);
    default:
      // RE-CONFIG (13-18) and every unassigned number.
      return parse_error(ParseError::kWrongType);
  }
}

ParameterType type_of(const AnyParameter& p) {
  return std::visit([](const auto& x) { return std::decay_t<decltype(x)>::kType; }, p);
}

}  // namespace dsctp::sctp::wire
