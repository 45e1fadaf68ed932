#include "sctp/address_parameters.h"

#include <algorithm>

#include "sctp/wire/parameters/address.h"

namespace dsctp::sctp {

bool add_address_parameter(wire::TlvWriter& writer, const IpAddress& address) {
  if (address.family() == IpAddress::Family::kIpv4) {
    wire::Ipv4AddressParameter p;
    std::copy_n(address.bytes().begin(), 4, p.address.bytes.begin());
    return writer.add(p);
  }
  if (address.family() == IpAddress::Family::kIpv6) {
    wire::Ipv6AddressParameter p;
    p.address.bytes = address.bytes();
    return writer.add(p);
  }
  return false;
}

std::optional<IpAddress> address_from_parameter(const wire::RawParameter& parameter) {
  switch (parameter.parameter_type()) {
    case wire::ParameterType::kIpv4Address:
      if (auto a = wire::Ipv4AddressParameter::parse(parameter)) {
        return IpAddress::ipv4(a.value().address.bytes);
      }
      return std::nullopt;
    case wire::ParameterType::kIpv6Address:
      if (auto a = wire::Ipv6AddressParameter::parse(parameter)) {
        return IpAddress::ipv6(a.value().address.bytes);
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace dsctp::sctp
