// The request and response parameters of ASCONF and ASCONF-ACK
// (RFC 5061 4.2.1 to 4.2.5). Adaptation Layer Indication (4.2.6) and
// Supported Extensions (4.2.7) are INIT parameters: see extensions.h.
#pragma once

#include <cstdint>

#include "sctp/wire/parameters/address.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0xC001, 0xC002, 0xC004 |    Length = Variable          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |               ASCONF-Request Correlation ID                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Address Parameter                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The three requests that name one address: the whole IPv4 or IPv6
// Address TLV follows the correlation id. A nested TLV of any other type
// (a Host Name Address included) is kInvalidField, so that callers can
// keep kWrongType to mean "not this parameter". The correlation id is
// opaque and must come back unchanged in the response (RFC 5061 4.2.1).
// Refusing broadcast or multicast addresses, and reading 0.0.0.0 / ::0 as
// the packet's source address, is the association's job.
template <ParameterType T>
struct AsconfAddressParameter {
  static_assert(T == ParameterType::kAddIpAddress || T == ParameterType::kDeleteIpAddress ||
                T == ParameterType::kSetPrimaryAddress);
  static constexpr ParameterType kType = T;
  // Header and correlation id, before the nested address TLV.
  static constexpr uint32_t kFixedSize = 8;

  uint32_t correlation_id = 0;
  AddressParameter address;

  static ParseResult<AsconfAddressParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kFixedSize + address_serialized_size(address); }
  void serialize(std::byte* out) const;
};

extern template struct AsconfAddressParameter<ParameterType::kAddIpAddress>;
extern template struct AsconfAddressParameter<ParameterType::kDeleteIpAddress>;
extern template struct AsconfAddressParameter<ParameterType::kSetPrimaryAddress>;

// 4.2.1: add the address to the association. Only in ASCONF.
using AddIpAddressParameter = AsconfAddressParameter<ParameterType::kAddIpAddress>;
// 4.2.2: remove the address; ::0 / 0.0.0.0 removes all but the source.
// Only in ASCONF.
using DeleteIpAddressParameter = AsconfAddressParameter<ParameterType::kDeleteIpAddress>;
// 4.2.4: make the address the receiver's primary destination. May also
// appear in INIT and INIT-ACK as an initial preference.
using SetPrimaryAddressParameter = AsconfAddressParameter<ParameterType::kSetPrimaryAddress>;

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Type = 0xC003              |      Length = Variable        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |             ASCONF-Response Correlation ID                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |             Error Cause(s) or Success Indication              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 5061 4.2.3, only in ASCONF-ACK: the request with this correlation
// id failed for the wrapped error causes (RFC 9260 3.3.10 format). Their
// TLV framing is checked here so that cause_reader() walks without error;
// the causes themselves are parsed by causes/. An empty list parses
// although the RFC asks for at least one.
struct ErrorCauseIndicationParameter {
  static constexpr ParameterType kType = ParameterType::kErrorCauseIndication;
  static constexpr uint32_t kFixedSize = 8;

  uint32_t correlation_id = 0;
  ByteRange causes;  // cause TLVs with their padding, as built by TlvWriter

  ParameterReader cause_reader() const { return ParameterReader(causes); }

  static ParseResult<ErrorCauseIndicationParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kFixedSize + causes.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Type = 0xC005          |      Length = 8               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |               ASCONF-Response Correlation ID                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 5061 4.2.5, only in ASCONF-ACK: an explicit success for one
// request. Requests an ASCONF-ACK does not mention succeeded implicitly.
struct SuccessIndicationParameter {
  static constexpr ParameterType kType = ParameterType::kSuccessIndication;
  static constexpr uint32_t kSize = 8;

  uint32_t correlation_id = 0;

  static ParseResult<SuccessIndicationParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
