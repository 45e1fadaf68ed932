// Every RE-CONFIG parameter as one type, for walking a RE-CONFIG chunk
// (RFC 6525 3.1) without knowing in advance which requests it carries.
#pragma once

#include <variant>

#include "sctp/wire/reconfig/parameters.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

using AnyReconfigParameter = std::variant<OutgoingSsnResetRequestParameter,    // 13
                                          IncomingSsnResetRequestParameter,    // 14
                                          SsnTsnResetRequestParameter,         // 15
                                          ReconfigurationResponseParameter,    // 16
                                          AddOutgoingStreamsRequestParameter,  // 17
                                          AddIncomingStreamsRequestParameter>; // 18

// Parses any of the six RE-CONFIG parameter types; kWrongType for every
// other type, whose handling the caller takes from its action bits
// (RFC 6525 4: unknown types stop the processing of the chunk).
ParseResult<AnyReconfigParameter> parse_reconfig_parameter(const RawParameter& raw);

ParameterType type_of(const AnyReconfigParameter& p);

// Appends whichever parameter `p` holds; false when it does not fit.
bool add_to(TlvWriter& writer, const AnyReconfigParameter& p);

}  // namespace dsctp::sctp::wire
