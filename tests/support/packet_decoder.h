// Decodes an SCTP packet (common header onward) with every parser in
// lib/sctp/wire, down to the parameters and error causes nested in its
// chunks, into a canonical description and a list of what failed. The
// description covers every byte the parsers saw, so two decodings of the
// same packet given in different segmentations must be equal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/byte_range.h"
#include "sctp/wire/constants.h"

namespace dsctp::test {

// A DATA or I-DATA chunk, copied out for reassembly checks.
struct UserChunk {
  bool idata = false;
  uint8_t flags = 0;
  uint32_t tsn = 0;
  uint16_t stream = 0;
  uint32_t ssn_or_mid = 0;  // SSN for DATA, MID for I-DATA
  uint32_t ppid = 0;        // when B is set (always for DATA)
  uint32_t fsn = 0;         // I-DATA without B
  std::vector<std::byte> payload;
};

struct DecodedPacket {
  std::string text;                  // canonical, one line per element
  std::vector<std::string> errors;   // empty when everything parsed
  std::vector<sctp::wire::ChunkType> chunk_types;
  // As a dissector's tree lists them: each chunk's type, followed by the
  // types of chunks quoted in its Unrecognized Chunk Type causes.
  std::vector<uint8_t> chunk_types_with_quoted;
  std::vector<uint16_t> parameter_types;  // nested anywhere, RE-CONFIG's too
  std::vector<uint16_t> cause_codes;      // in ABORT and ERROR
  std::vector<uint32_t> reconfig_results;
  std::vector<UserChunk> user_chunks;
};

DecodedPacket decode_packet(const ByteRange& packet);

// Lowercase hex, for messages.
std::string hex(const ByteRange& bytes);

}  // namespace dsctp::interop
