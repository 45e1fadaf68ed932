// Every error cause this stack knows as one type, for walking the cause
// list of an ERROR or ABORT chunk (RFC 9260 3.3.7, 3.3.10) or of an Error
// Cause Indication (RFC 5061 4.2.3).
#pragma once

#include <variant>

#include "sctp/wire/causes/asconf_causes.h"
#include "sctp/wire/causes/decoded_causes.h"
#include "sctp/wire/causes/quoting_causes.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

// In cause-code order.
using AnyCause = std::variant<
    InvalidStreamIdentifierCause, MissingMandatoryParameterCause, StaleCookieCause,
    OutOfResourceCause, UnresolvableAddressCause, UnrecognizedChunkTypeCause,
    InvalidMandatoryParameterCause, UnrecognizedParametersCause, NoUserDataCause,
    CookieReceivedWhileShuttingDownCause, RestartWithNewAddressesCause, UserInitiatedAbortCause,
    ProtocolViolationCause, DeleteLastRemainingAddressCause, ResourceShortageCause,
    DeleteSourceAddressCause, IllegalAsconfAckCause, NoAuthorizationCause,
    UnsupportedHmacIdentifierCause>;

// Parses any known cause; kWrongType for a code this stack does not know
// (RFC 9260 gives causes no action bits: an unknown one is just reported
// or logged through the RawParameter).
ParseResult<AnyCause> parse_cause(const RawParameter& raw);

CauseCode code_of(const AnyCause& c);

// Appends whichever cause `c` holds; false when it does not fit.
bool add_to(TlvWriter& writer, const AnyCause& c);

}  // namespace dsctp::sctp::wire
