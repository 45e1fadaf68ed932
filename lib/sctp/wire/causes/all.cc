#include "sctp/wire/causes/all.h"

#include <type_traits>

namespace dsctp::sctp::wire {

namespace {

template <class T>
ParseResult<AnyCause> parse_as(const RawParameter& raw) {
  auto r = T::parse(raw);
  if (!r) return parse_error(r.error());
  return AnyCause(std::move(*r));
}

}  // namespace

ParseResult<AnyCause> parse_cause(const RawParameter& raw) {
  switch (raw.cause_code()) {
    case CauseCode::kInvalidStreamIdentifier:
      return parse_as<InvalidStreamIdentifierCause>(raw);
    case CauseCode::kMissingMandatoryParameter:
      return parse_as<MissingMandatoryParameterCause>(raw);
    case CauseCode::kStaleCookie:
      return parse_as<StaleCookieCause>(raw);
    case CauseCode::kOutOfResource:
      return parse_as<OutOfResourceCause>(raw);
    case CauseCode::kUnresolvableAddress:
      return parse_as<UnresolvableAddressCause>(raw);
    case CauseCode::kUnrecognizedChunkType:
      return parse_as<UnrecognizedChunkTypeCause>(raw);
    case CauseCode::kInvalidMandatoryParameter:
      return parse_as<InvalidMandatoryParameterCause>(raw);
    case CauseCode::kUnrecognizedParameters:
      return parse_as<UnrecognizedParametersCause>(raw);
    case CauseCode::kNoUserData:
      return parse_as<NoUserDataCause>(raw);
    case CauseCode::kCookieReceivedWhileShuttingDown:
      return parse_as<CookieReceivedWhileShuttingDownCause>(raw);
    case CauseCode::kRestartWithNewAddresses:
      return parse_as<RestartWithNewAddressesCause>(raw);
    case CauseCode::kUserInitiatedAbort:
      return parse_as<UserInitiatedAbortCause>(raw);
    case CauseCode::kProtocolViolation:
      return parse_as<ProtocolViolationCause>(raw);
    case CauseCode::kDeleteLastRemainingAddress:
      return parse_as<DeleteLastRemainingAddressCause>(raw);
    case CauseCode::kResourceShortage:
      return parse_as<ResourceShortageCause>(raw);
    case CauseCode::kDeleteSourceAddress:
      return parse_as<DeleteSourceAddressCause>(raw);
    case CauseCode::kIllegalAsconfAck:
      return parse_as<IllegalAsconfAckCause>(raw);
    case CauseCode::kNoAuthorization:
      return parse_as<NoAuthorizationCause>(raw);
    case CauseCode::kUnsupportedHmacIdentifier:
      return parse_as<UnsupportedHmacIdentifierCause>(raw);
  }
  return parse_error(ParseError::kWrongType);
}

CauseCode code_of(const AnyCause& c) {
  return std::visit([](const auto& x) { return std::decay_t<decltype(x)>::kCode; }, c);
}

bool add_to(TlvWriter& writer, const AnyCause& c) {
  return std::visit([&writer](const auto& x) { return writer.add(x); }, c);
}

}  // namespace dsctp::sctp::wire
