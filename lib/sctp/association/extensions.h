// The SCTP extensions an association may use, and their negotiation in
// INIT and INIT ACK.
//
// Each side lists what it supports; an extension is used only when both
// did (RFC 3758 3.3, RFC 8260 2.2.1, RFC 6525 5.1, RFC 9653 5.1). The
// wire signals differ per extension:
//  - PR-SCTP: the Forward-TSN-Supported parameter (RFC 3758 3.1); FORWARD
//    TSN in Supported Extensions is accepted as well, as stacks send both.
//  - I-DATA: I-DATA in Supported Extensions (RFC 8260 2.2.1). PR-SCTP
//    with I-DATA needs I-FORWARD-TSN in the list as well (RFC 8260 2.3.1):
//    it is offered whenever both I-DATA and PR-SCTP are, and a peer that
//    interleaves without listing it does not get PR-SCTP.
//  - Stream reconfiguration: RE-CONFIG in Supported Extensions (RFC 6525
//    5.1).
//  - Zero checksum: the Zero Checksum Acceptable parameter with the EDMID
//    that protects the packets (RFC 9653 4).
#pragma once

#include <cstdint>

#include "sctp/wire/tlv.h"

namespace dsctp::sctp {

struct Extensions {
  bool partial_reliability = false;  // PR-SCTP, FORWARD-TSN
  bool interleaving = false;         // I-DATA, I-FORWARD-TSN
  bool stream_reconfig = false;      // RE-CONFIG
  // Zero checksum accepted, protected by this Error Detection Method
  // (0: not offered; RFC 9653 reserves 0).
  uint32_t zero_checksum_edmid = 0;

  bool zero_checksum() const { return zero_checksum_edmid != 0; }
  bool operator==(const Extensions&) const = default;
};

// What an INIT or INIT ACK's parameters say the peer supports.
Extensions peer_extensions(wire::ParameterReader params);

// What both sides support: what the association uses.
Extensions negotiate(const Extensions& ours, const Extensions& peer);

// Adds the parameters that offer `ours` to an INIT or INIT ACK being built.
// False when `w` ran out of room.
bool add_extension_parameters(wire::TlvWriter& w, const Extensions& ours);

// The most bytes add_extension_parameters() writes: Supported Extensions
// with four chunk types, Forward-TSN-Supported, Zero Checksum Acceptable.
inline constexpr uint32_t kExtensionParametersRoom = 8 + 4 + 8;

}  // namespace dsctp::sctp
