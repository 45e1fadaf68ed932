// IpAddress to and from the IPv4 / IPv6 Address parameters (RFC 9260
// 3.3.2.1) that INIT and INIT ACK list a multihomed endpoint's addresses
// in.
#pragma once

#include <optional>

#include "sctp/address.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp {

// Appends the parameter for `address`; false when it does not fit or the
// address is unspecified.
bool add_address_parameter(wire::TlvWriter& writer, const IpAddress& address);

// The address an IPv4 or IPv6 Address parameter holds; nothing for any
// other parameter, or a malformed one.
std::optional<IpAddress> address_from_parameter(const wire::RawParameter& parameter);

}  // namespace dsctp::sctp
