// Scenarios that drive two usrsctp endpoints through as much of SCTP as
// usrsctp will put on the wire, each recorded packet by packet. Shared by
// the interop tests and by the fuzz-corpus generator.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "interop/usrsctp_pair.h"

namespace dsctp::interop {

struct Capture {
  std::string scenario;
  std::vector<CapturedPacket> packets;
  // Indexed by the sending side (kClient, kServer): what each side's
  // application handed to usrsctp, what PR-SCTP abandoned of it, and what
  // the other side's application received.
  std::array<std::vector<Message>, 2> sent;
  std::array<std::vector<Message>, 2> abandoned;
  std::array<std::vector<Message>, 2> received_from;
  // Steps that did not complete ("connect", "wait for SENDER_DRY", ...).
  std::vector<std::string> failures;
};

inline size_t index_of(Direction side) { return side == kClient ? 0 : 1; }

struct Scenario {
  const char* name;
  Capture (*run)();
};

// Every scenario, in a fixed order.
const std::vector<Scenario>& all_scenarios();

// Runs each scenario once per process and keeps the captures.
const std::vector<Capture>& all_captures();

}  // namespace dsctp::interop
