// Packets made with this stack's own builders (PacketBuilder and the typed
// chunk, parameter, cause and RE-CONFIG structs), one or more of every
// chunk type it knows, with the nested TLVs filled in. What an outside
// dissector (tshark) is asked to judge, and hand-made fuzz seeds.
#pragma once

#include <string>
#include <vector>

#include "sctp/wire/constants.h"

namespace dsctp::interop {

struct BuiltPacket {
  std::string name;
  std::vector<std::byte> bytes;  // common header onward, CRC32c filled in
  std::vector<sctp::wire::ChunkType> chunk_types;  // in packet order
};

std::vector<BuiltPacket> built_packets();

}  // namespace dsctp::interop
