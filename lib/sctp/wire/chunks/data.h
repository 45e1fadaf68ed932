// DATA (RFC 9260 3.3.1) and I-DATA (RFC 8260 2.1).
#pragma once

#include "sctp/types.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

// Flags shared by DATA and I-DATA.
struct DataFlags {
  static constexpr uint8_t kEnding = 0x01;     // E: last fragment
  static constexpr uint8_t kBeginning = 0x02;  // B: first fragment
  static constexpr uint8_t kUnordered = 0x04;  // U
  static constexpr uint8_t kImmediate = 0x08;  // I: SACK now (RFC 7053)
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 0    |  Res  |I|U|B|E|            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              TSN                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Stream Identifier S      |   Stream Sequence Number n    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Payload Protocol Identifier                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                 User Data (seq n of Stream S)                 |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// An empty payload parses (length 16): RFC 9260 6.2 has the receiver answer
// it with an ABORT carrying "No User Data", which is the association's call.
struct DataChunk {
  static constexpr ChunkType kType = ChunkType::kData;
  static constexpr uint32_t kHeaderSize = 16;

  uint8_t flags = DataFlags::kBeginning | DataFlags::kEnding;
  Tsn tsn;
  StreamId stream;
  Ssn ssn;
  Ppid ppid;
  ByteRange payload;

  bool unordered() const { return flags & DataFlags::kUnordered; }
  bool beginning() const { return flags & DataFlags::kBeginning; }
  bool ending() const { return flags & DataFlags::kEnding; }
  bool immediate() const { return flags & DataFlags::kImmediate; }

  static ParseResult<DataChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + payload.size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 64   |  Res  |I|U|B|E|       Length = Variable       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              TSN                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Stream Identifier      |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Message Identifier                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Payload Protocol Identifier / Fragment Sequence Number     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                           User Data                           |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The fifth word is the PPID when B is set and the FSN otherwise
// (RFC 8260 2.1); the first fragment's FSN is 0.
struct IDataChunk {
  static constexpr ChunkType kType = ChunkType::kIData;
  static constexpr uint32_t kHeaderSize = 20;

  uint8_t flags = DataFlags::kBeginning | DataFlags::kEnding;
  Tsn tsn;
  StreamId stream;
  Mid mid;
  Ppid ppid;   // meaningful when beginning()
  Fsn fsn;     // meaningful when !beginning(); 0 for the first fragment
  ByteRange payload;

  bool unordered() const { return flags & DataFlags::kUnordered; }
  bool beginning() const { return flags & DataFlags::kBeginning; }
  bool ending() const { return flags & DataFlags::kEnding; }
  bool immediate() const { return flags & DataFlags::kImmediate; }

  static ParseResult<IDataChunk> parse(const RawChunk& raw);
  uint32_t serialized_size() const { return kHeaderSize + payload.size(); }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
