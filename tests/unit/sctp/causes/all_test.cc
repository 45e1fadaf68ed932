#include "sctp/wire/causes/all.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "unit/sctp/causes/tlv_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test_util::Bytes;
using test_util::bytes_of;
using test_util::Split;

// A cause this stack has no type for, written as a peer might.
struct OpaqueCause {
  uint16_t code = 0;
  Bytes body;
  uint32_t serialized_size() const { return kTlvHeaderSize + static_cast<uint32_t>(body.size()); }
  void serialize(std::byte* out) const {
    write_tlv_header(out, code, static_cast<uint16_t>(serialized_size()));
    std::copy(body.begin(), body.end(), out + kTlvHeaderSize);
  }
};

const Bytes kUnknownChunk = bytes_of({0x7F, 0x00, 0x00, 0x05, 0xEE});
const Bytes kReason = bytes_of({'b', 'y', 'e'});
const std::array<ParameterTypeRecord, 1> kMissing = {{{ParameterType::kStateCookie}}};

// An ERROR chunk (RFC 9260 3.3.10) with eight causes, five of them of a
// length that needs padding.
Bytes error_chunk() {
  Bytes buf(128);
  TlvWriter w(std::span<std::byte>(buf).subspan(kChunkHeaderSize));
  EXPECT_TRUE(w.add(InvalidStreamIdentifierCause{StreamId(9)}));
  MissingMandatoryParameterCause missing;
  missing.missing = RecordList<ParameterTypeRecord>(kMissing);
  EXPECT_TRUE(w.add(missing));
  EXPECT_TRUE(add_to(w, UnrecognizedChunkTypeCause{ByteRange(kUnknownChunk)}));
  EXPECT_TRUE(add_to(w, UserInitiatedAbortCause{ByteRange(kReason)}));
  EXPECT_TRUE(w.add(UnsupportedHmacIdentifierCause{7}));
  EXPECT_TRUE(w.add(NoUserDataCause{Tsn(0x80000000)}));
  EXPECT_TRUE(w.add(OpaqueCause{0x0777, bytes_of({1})}));
  EXPECT_TRUE(w.add(IllegalAsconfAckCause{}));
  uint32_t size = kChunkHeaderSize + static_cast<uint32_t>(w.written().size());
  write_chunk_header(buf.data(), ChunkType::kError, 0, static_cast<uint16_t>(size));
  buf.resize(size);
  return buf;
}

struct Walked {
  std::vector<uint16_t> codes;         // every cause, known or not
  std::vector<AnyCause> causes;        // the known ones
  std::vector<ParseError> errors;      // what parse_cause said of the others
};

Walked walk(const ByteRange& bytes) {
  Walked out;
  ChunkReader chunks(bytes);
  RawChunk chunk;
  EXPECT_TRUE(chunks.next(chunk));
  EXPECT_EQ(chunk.chunk_type(), ChunkType::kError);
  ParameterReader reader(chunk.value);
  RawParameter raw;
  while (reader.next(raw)) {
    out.codes.push_back(raw.type);
    auto c = parse_cause(raw);
    if (c) {
      EXPECT_EQ(static_cast<uint16_t>(code_of(*c)), raw.type);
      out.causes.push_back(*c);
    } else {
      out.errors.push_back(c.error());
    }
  }
  EXPECT_FALSE(reader.error().has_value());
  EXPECT_FALSE(chunks.next(chunk));
  return out;
}

TEST(ErrorChunk, CauseListWalksBackThroughParseCause) {
  Bytes chunk = error_chunk();
  ASSERT_EQ(chunk.size(), 4u + 8 + 12 + 12 + 8 + 8 + 8 + 8 + 4);
  for (uint32_t cut = 0; cut <= chunk.size(); ++cut) {
    SCOPED_TRACE(::testing::Message() << "split at " << cut);
    Split split(chunk, cut);
    Walked w = walk(split.range());
    EXPECT_EQ(w.codes, (std::vector<uint16_t>{1, 2, 6, 12, 0x0105, 9, 0x0777, 0x00A3}));
    ASSERT_EQ(w.errors, (std::vector<ParseError>{ParseError::kWrongType}));
    ASSERT_EQ(w.causes.size(), 7u);

    EXPECT_EQ(std::get<InvalidStreamIdentifierCause>(w.causes[0]).stream, StreamId(9));
    const auto& missing = std::get<MissingMandatoryParameterCause>(w.causes[1]).missing;
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].type, ParameterType::kStateCookie);
    const auto& unknown = std::get<UnrecognizedChunkTypeCause>(w.causes[2]);
    EXPECT_EQ(unknown.chunk_type(), 0x7F);
    EXPECT_TRUE(unknown.chunk.equals(kUnknownChunk));
    EXPECT_TRUE(std::get<UserInitiatedAbortCause>(w.causes[3]).reason.equals(kReason));
    EXPECT_EQ(std::get<UnsupportedHmacIdentifierCause>(w.causes[4]).hmac_id, 7);
    EXPECT_EQ(std::get<NoUserDataCause>(w.causes[5]).tsn, Tsn(0x80000000));
    EXPECT_TRUE(std::holds_alternative<IllegalAsconfAckCause>(w.causes[6]));
  }
}

TEST(ErrorChunk, WalkedCausesReserializeToTheSameList) {
  Bytes chunk = error_chunk();
  Walked w = walk(ByteRange(chunk));
  Bytes rebuilt(128);
  TlvWriter writer(rebuilt);
  for (const AnyCause& c : w.causes) ASSERT_TRUE(add_to(writer, c));
  // The original list after the chunk header, less the opaque cause at [56, 64).
  Bytes without_opaque(chunk.begin() + 4, chunk.end());
  without_opaque.erase(without_opaque.begin() + 56, without_opaque.begin() + 64);
  EXPECT_EQ(Bytes(writer.written().begin(), writer.written().end()), without_opaque);
}

TEST(ParseCause, DispatchesEveryKnownCode) {
  const std::vector<std::pair<Bytes, CauseCode>> cases = {
      {bytes_of({0x00, 0x01, 0x00, 0x08, 0, 1, 0, 0}), CauseCode::kInvalidStreamIdentifier},
      {bytes_of({0x00, 0x02, 0x00, 0x08, 0, 0, 0, 0}), CauseCode::kMissingMandatoryParameter},
      {bytes_of({0x00, 0x03, 0x00, 0x08, 0, 0, 0, 9}), CauseCode::kStaleCookie},
      {bytes_of({0x00, 0x04, 0x00, 0x04}), CauseCode::kOutOfResource},
      {bytes_of({0x00, 0x05, 0x00, 0x08, 0x00, 0x0B, 0x00, 0x04}), CauseCode::kUnresolvableAddress},
      {bytes_of({0x00, 0x06, 0x00, 0x08, 0x40, 0x00, 0x00, 0x04}),
       CauseCode::kUnrecognizedChunkType},
      {bytes_of({0x00, 0x07, 0x00, 0x04}), CauseCode::kInvalidMandatoryParameter},
      {bytes_of({0x00, 0x08, 0x00, 0x08, 0x80, 0x09, 0x00, 0x04}),
       CauseCode::kUnrecognizedParameters},
      {bytes_of({0x00, 0x09, 0x00, 0x08, 0, 0, 0, 1}), CauseCode::kNoUserData},
      {bytes_of({0x00, 0x0A, 0x00, 0x04}), CauseCode::kCookieReceivedWhileShuttingDown},
      {bytes_of({0x00, 0x0B, 0x00, 0x0C, 0x00, 0x05, 0x00, 0x08, 1, 2, 3, 4}),
       CauseCode::kRestartWithNewAddresses},
      {bytes_of({0x00, 0x0C, 0x00, 0x04}), CauseCode::kUserInitiatedAbort},
      {bytes_of({0x00, 0x0D, 0x00, 0x05, '!'}), CauseCode::kProtocolViolation},
      {bytes_of({0x00, 0xA0, 0x00, 0x08, 0xC0, 0x02, 0x00, 0x04}),
       CauseCode::kDeleteLastRemainingAddress},
      {bytes_of({0x00, 0xA1, 0x00, 0x08, 0xC0, 0x01, 0x00, 0x04}), CauseCode::kResourceShortage},
      {bytes_of({0x00, 0xA2, 0x00, 0x08, 0xC0, 0x02, 0x00, 0x04}),
       CauseCode::kDeleteSourceAddress},
      {bytes_of({0x00, 0xA3, 0x00, 0x04}), CauseCode::kIllegalAsconfAck},
      {bytes_of({0x00, 0xA4, 0x00, 0x08, 0xC0, 0x04, 0x00, 0x04}), CauseCode::kNoAuthorization},
      {bytes_of({0x01, 0x05, 0x00, 0x06, 0x00, 0x01}), CauseCode::kUnsupportedHmacIdentifier},
  };
  ASSERT_EQ(cases.size(), std::variant_size_v<AnyCause>);
  for (const auto& [wire, code] : cases) {
    SCOPED_TRACE(name_of(code));
    ParameterReader reader{ByteRange(wire)};
    RawParameter raw;
    ASSERT_TRUE(reader.next(raw));
    auto c = parse_cause(raw);
    ASSERT_TRUE(c.has_value()) << to_string(c.error());
    EXPECT_EQ(code_of(*c), code);
    EXPECT_TRUE(is_known(code));
    Bytes out(wire.size() + 4);
    TlvWriter writer(out);
    ASSERT_TRUE(add_to(writer, *c));
    EXPECT_EQ(Bytes(writer.written().begin(), writer.written().end()), test_util::padded(wire));
  }
}

TEST(ParseCause, PassesTypedErrorsOn) {
  Bytes short_stale = bytes_of({0x00, 0x03, 0x00, 0x06, 0, 0});
  ParameterReader reader{ByteRange(short_stale)};
  RawParameter raw;
  ASSERT_TRUE(reader.next(raw));
  auto c = parse_cause(raw);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error(), ParseError::kWrongLengthForType);
}

TEST(ParseCause, RefusesUnknownCodes) {
  for (uint16_t code : {0, 14, 0x9F, 0xA5, 0x0104, 0x0106, 0xFFFF}) {
    Bytes wire = bytes_of({0, 0, 0x00, 0x04});
    store_be16(wire.data(), code);
    ParameterReader reader{ByteRange(wire)};
    RawParameter raw;
    ASSERT_TRUE(reader.next(raw));
    auto c = parse_cause(raw);
    ASSERT_FALSE(c.has_value()) << code;
    EXPECT_EQ(c.error(), ParseError::kWrongType) << code;
  }
}

TEST(AddTo, RefusesACauseThatDoesNotFit) {
  Bytes small(8);
  TlvWriter writer(small);
  EXPECT_TRUE(add_to(writer, AnyCause(NoUserDataCause{Tsn(1)})));
  EXPECT_FALSE(add_to(writer, AnyCause(OutOfResourceCause{})));
  EXPECT_EQ(writer.written().size(), 8u);
}

}  // namespace
}  // namespace dsctp::sctp::wire
