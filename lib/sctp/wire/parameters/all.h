// Every typed parameter this stack knows, as one variant, and a parser
// that picks the type from the TLV. RE-CONFIG parameters (RFC 6525) live
// with the RE-CONFIG chunk and are not in this list.
#pragma once

#include <variant>

#include "sctp/wire/parameters/address.h"
#include "sctp/wire/parameters/asconf.h"
#include "sctp/wire/parameters/auth.h"
#include "sctp/wire/parameters/extensions.h"
#include "sctp/wire/parameters/init_params.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

using AnyParameter = std::variant<HeartbeatInfoParameter,               // 1
                                  Ipv4AddressParameter,                 // 5
                                  Ipv6AddressParameter,                 // 6
                                  StateCookieParameter,                 // 7
                                  UnrecognizedParameter,                // 8
                                  CookiePreservativeParameter,          // 9
                                  HostNameAddressParameter,             // 11
                                  SupportedAddressTypesParameter,       // 12
                                  EcnCapableParameter,                  // 0x8000
                                  ZeroChecksumAcceptableParameter,      // 0x8001
                                  RandomParameter,                      // 0x8002
                                  ChunkListParameter,                   // 0x8003
                                  RequestedHmacAlgorithmParameter,      // 0x8004
                                  PaddingParameter,                     // 0x8005
                                  SupportedExtensionsParameter,         // 0x8008
                                  ForwardTsnSupportedParameter,         // 0xC000
                                  AddIpAddressParameter,                // 0xC001
                                  DeleteIpAddressParameter,             // 0xC002
                                  ErrorCauseIndicationParameter,        // 0xC003
                                  SetPrimaryAddressParameter,           // 0xC004
                                  SuccessIndicationParameter,           // 0xC005
                                  AdaptationLayerIndicationParameter>;  // 0xC006

// The typed form of `raw`. kWrongType means "not a type listed above": the
// caller then follows the type's action bits (raw.unknown_action()). Any
// other error is a known type with a malformed value.
ParseResult<AnyParameter> parse_parameter(const RawParameter& raw);

// The type of whichever parameter `p` holds.
ParameterType type_of(const AnyParameter& p);

}  // namespace dsctp::sctp::wire
