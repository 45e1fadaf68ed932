// Every typed chunk, and one dispatch from a framed RawChunk to its view.
// Handlers usually parse the one type they expect (XChunk::parse); this is
// for code that takes any chunk: tracing, fuzzers, tests.
#pragma once

#include <variant>

#include "sctp/wire/chunks/abort_error.h"
#include "sctp/wire/chunks/asconf.h"
#include "sctp/wire/chunks/auth.h"
#include "sctp/wire/chunks/cookie.h"
#include "sctp/wire/chunks/data.h"
#include "sctp/wire/chunks/ecn.h"
#include "sctp/wire/chunks/forward_tsn.h"
#include "sctp/wire/chunks/heartbeat.h"
#include "sctp/wire/chunks/init.h"
#include "sctp/wire/chunks/pad.h"
#include "sctp/wire/chunks/reconfig.h"
#include "sctp/wire/chunks/sack.h"
#include "sctp/wire/chunks/shutdown.h"

namespace dsctp::sctp::wire {

// In type-number order; the tests check that these are exactly the types
// is_known(ChunkType) accepts.
using AnyChunk = std::variant<DataChunk,               // 0
                              InitChunk,               // 1
                              InitAckChunk,            // 2
                              SackChunk,               // 3
                              HeartbeatChunk,          // 4
                              HeartbeatAckChunk,       // 5
                              AbortChunk,              // 6
                              ShutdownChunk,           // 7
                              ShutdownAckChunk,        // 8
                              ErrorChunk,              // 9
                              CookieEchoChunk,         // 10
                              CookieAckChunk,          // 11
                              EcneChunk,               // 12
                              CwrChunk,                // 13
                              ShutdownCompleteChunk,   // 14
                              AuthChunk,               // 15
                              NrSackChunk,             // 16
                              IDataChunk,              // 64
                              AsconfAckChunk,          // 128
                              ReconfigChunk,           // 130
                              PadChunk,                // 132
                              ForwardTsnChunk,         // 192
                              AsconfChunk,             // 193
                              IForwardTsnChunk>;       // 194

// Parses `raw` as its type's view. kWrongType for a type without one:
// callers check is_known() first and apply the unknown-chunk action bits.
ParseResult<AnyChunk> parse_chunk(const RawChunk& raw);

// The chunk type of whichever view `chunk` holds.
ChunkType type_of(const AnyChunk& chunk);

}  // namespace dsctp::sctp::wire
