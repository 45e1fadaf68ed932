#include "sctp/wire/reconfig/parameters.h"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <vector>

#include "unit/sctp/causes/tlv_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test_util::Bytes;
using test_util::bytes_of;
using test_util::exact_length;
using test_util::expect_format;
using test_util::expect_length_rule;
using test_util::fixed_then_records;
using test_util::parse_bytes;

std::vector<StreamId> ids_of(const RecordList<StreamIdRecord>& list) {
  std::vector<StreamId> out;
  for (StreamId s : list) out.push_back(s);
  return out;
}

// RFC 6525 4.1, three streams: 16 + 2 * 3 = 22 bytes, padded to 24 on the wire.
const Bytes kOutgoing = bytes_of({
    0x00, 0x0D, 0x00, 0x16,  // type 13, length 22
    0x80, 0x00, 0x00, 0x01,  // request sn
    0x7F, 0xFF, 0xFF, 0xFF,  // response sn
    0xDE, 0xAD, 0xBE, 0xEF,  // sender's last assigned TSN
    0x00, 0x01, 0xFF, 0xFE,  // streams 1, 65534
    0x12, 0x34,              // stream 0x1234
});

TEST(OutgoingSsnResetRequestParameter, WireFormat) {
  const std::array<StreamIdRecord, 3> streams = {
      {{StreamId(1)}, {StreamId(0xFFFE)}, {StreamId(0x1234)}}};
  OutgoingSsnResetRequestParameter built;
  built.request_sn = ReconfigRequestSn(0x80000001);
  built.response_sn = ReconfigRequestSn(0x7FFFFFFF);
  built.sender_last_assigned_tsn = Tsn(0xDEADBEEF);
  built.streams = RecordList<StreamIdRecord>(streams);
  EXPECT_EQ(built.serialized_size(), 22u);
  expect_format(built, kOutgoing, [](const OutgoingSsnResetRequestParameter& r) {
    EXPECT_EQ(r.request_sn, ReconfigRequestSn(0x80000001));
    EXPECT_EQ(r.response_sn, ReconfigRequestSn(0x7FFFFFFF));
    EXPECT_EQ(r.sender_last_assigned_tsn, Tsn(0xDEADBEEF));
    EXPECT_EQ(ids_of(r.streams),
              (std::vector<StreamId>{StreamId(1), StreamId(0xFFFE), StreamId(0x1234)}));
  });
}

TEST(OutgoingSsnResetRequestParameter, EmptyListMeansAllStreams) {
  Bytes wire = test_util::with_length(kOutgoing, 16);
  auto r = parse_bytes<OutgoingSsnResetRequestParameter>(ByteRange(wire));
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->streams.empty());
  EXPECT_EQ(r->sender_last_assigned_tsn, Tsn(0xDEADBEEF));
  EXPECT_EQ(test_util::serialize_padded(*r), wire);
}

TEST(OutgoingSsnResetRequestParameter, EveryLength) {
  expect_length_rule<OutgoingSsnResetRequestParameter>(kOutgoing, 32, fixed_then_records(16, 2));
}

const Bytes kIncoming = bytes_of({
    0x00, 0x0E, 0x00, 0x0C,  // type 14, length 12
    0x00, 0x00, 0x00, 0x2A,  // request sn 42
    0x00, 0x07, 0x80, 0x00,  // streams 7, 0x8000
});

TEST(IncomingSsnResetRequestParameter, WireFormat) {
  const std::array<StreamIdRecord, 2> streams = {{{StreamId(7)}, {StreamId(0x8000)}}};
  IncomingSsnResetRequestParameter built;
  built.request_sn = ReconfigRequestSn(42);
  built.streams = RecordList<StreamIdRecord>(streams);
  expect_format(built, kIncoming, [](const IncomingSsnResetRequestParameter& r) {
    EXPECT_EQ(r.request_sn, ReconfigRequestSn(42));
    EXPECT_EQ(ids_of(r.streams), (std::vector<StreamId>{StreamId(7), StreamId(0x8000)}));
  });
}

TEST(IncomingSsnResetRequestParameter, EveryLength) {
  expect_length_rule<IncomingSsnResetRequestParameter>(kIncoming, 24, fixed_then_records(8, 2));
}

const Bytes kSsnTsn = bytes_of({0x00, 0x0F, 0x00, 0x08, 0xFF, 0xFF, 0xFF, 0xFF});

TEST(SsnTsnResetRequestParameter, WireFormat) {
  SsnTsnResetRequestParameter built;
  built.request_sn = ReconfigRequestSn(0xFFFFFFFF);
  expect_format(built, kSsnTsn, [](const SsnTsnResetRequestParameter& r) {
    EXPECT_EQ(r.request_sn, ReconfigRequestSn(0xFFFFFFFF));
  });
}

TEST(SsnTsnResetRequestParameter, EveryLength) {
  expect_length_rule<SsnTsnResetRequestParameter>(kSsnTsn, 20, exact_length(8));
}

const Bytes kResponseShort = bytes_of({
    0x00, 0x10, 0x00, 0x0C,  // type 16, length 12
    0x01, 0x02, 0x03, 0x04,  // response sn
    0x00, 0x00, 0x00, 0x04,  // result: request already in progress
});

const Bytes kResponseLong = bytes_of({
    0x00, 0x10, 0x00, 0x14,  // type 16, length 20
    0x01, 0x02, 0x03, 0x05,  // response sn
    0x00, 0x00, 0x00, 0x01,  // result: success, performed
    0xAA, 0xBB, 0xCC, 0xDD,  // sender's next TSN
    0x11, 0x22, 0x33, 0x44,  // receiver's next TSN
});

TEST(ReconfigurationResponseParameter, WireFormatWithoutTsns) {
  ReconfigurationResponseParameter built;
  built.response_sn = ReconfigRequestSn(0x01020304);
  built.result = ReconfigResult::kErrorRequestAlreadyInProgress;
  expect_format(built, kResponseShort, [](const ReconfigurationResponseParameter& r) {
    EXPECT_EQ(r.response_sn, ReconfigRequestSn(0x01020304));
    EXPECT_EQ(r.result, ReconfigResult::kErrorRequestAlreadyInProgress);
    EXPECT_FALSE(r.next_tsns.has_value());
  });
}

TEST(ReconfigurationResponseParameter, WireFormatWithTsns) {
  ReconfigurationResponseParameter built;
  built.response_sn = ReconfigRequestSn(0x01020305);
  built.result = ReconfigResult::kSuccessPerformed;
  built.next_tsns = ReconfigurationResponseParameter::NextTsns{Tsn(0xAABBCCDD), Tsn(0x11223344)};
  EXPECT_EQ(built.serialized_size(), 20u);
  expect_format(built, kResponseLong, [](const ReconfigurationResponseParameter& r) {
    EXPECT_EQ(r.response_sn, ReconfigRequestSn(0x01020305));
    EXPECT_EQ(r.result, ReconfigResult::kSuccessPerformed);
    ASSERT_TRUE(r.next_tsns.has_value());
    EXPECT_EQ(r.next_tsns->sender_next_tsn, Tsn(0xAABBCCDD));
    EXPECT_EQ(r.next_tsns->receiver_next_tsn, Tsn(0x11223344));
  });
}

TEST(ReconfigurationResponseParameter, SixteenBytesIsOneTsnAndRejected) {
  Bytes wire = test_util::with_length(kResponseLong, 16);
  auto r = parse_bytes<ReconfigurationResponseParameter>(ByteRange(wire));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), ParseError::kWrongLengthForType);
}

TEST(ReconfigurationResponseParameter, EveryLength) {
  auto rule = [](uint32_t len) -> std::optional<ParseError> {
    if (len < 12) return ParseError::kTooShortForType;
    if (len == 12 || len == 20) return std::nullopt;
    return ParseError::kWrongLengthForType;
  };
  expect_length_rule<ReconfigurationResponseParameter>(kResponseLong, 32, rule);
  expect_length_rule<ReconfigurationResponseParameter>(kResponseShort, 32, rule);
}

TEST(ReconfigurationResponseParameter, UnlistedResultParsesAsIs) {
  Bytes wire = kResponseShort;
  wire[11] = std::byte{0x63};
  auto r = parse_bytes<ReconfigurationResponseParameter>(ByteRange(wire));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(static_cast<uint32_t>(r->result), 0x63u);
  EXPECT_FALSE(is_known(r->result));
  EXPECT_STREQ(name_of(r->result), "UNKNOWN");
}

TEST(ReconfigResult, NamesEveryRfcValue) {
  EXPECT_STREQ(name_of(ReconfigResult::kSuccessNothingToDo), "Success - Nothing to do");
  EXPECT_STREQ(name_of(ReconfigResult::kSuccessPerformed), "Success - Performed");
  EXPECT_STREQ(name_of(ReconfigResult::kDenied), "Denied");
  EXPECT_STREQ(name_of(ReconfigResult::kErrorWrongSsn), "Error - Wrong SSN");
  EXPECT_STREQ(name_of(ReconfigResult::kErrorRequestAlreadyInProgress),
               "Error - Request already in progress");
  EXPECT_STREQ(name_of(ReconfigResult::kErrorBadSequenceNumber), "Error - Bad Sequence Number");
  EXPECT_STREQ(name_of(ReconfigResult::kInProgress), "In progress");
  for (uint32_t v = 0; v <= 6; ++v) EXPECT_TRUE(is_known(static_cast<ReconfigResult>(v))) << v;
  EXPECT_FALSE(is_known(static_cast<ReconfigResult>(7)));
}

const Bytes kAddOutgoing = bytes_of({
    0x00, 0x11, 0x00, 0x0C,  // type 17, length 12
    0x00, 0x01, 0x00, 0x00,  // request sn 65536
    0x01, 0x00, 0x00, 0x00,  // 256 new streams, reserved
});

TEST(AddOutgoingStreamsRequestParameter, WireFormat) {
  AddOutgoingStreamsRequestParameter built;
  built.request_sn = ReconfigRequestSn(65536);
  built.new_streams = 256;
  expect_format(built, kAddOutgoing, [](const AddOutgoingStreamsRequestParameter& r) {
    EXPECT_EQ(r.request_sn, ReconfigRequestSn(65536));
    EXPECT_EQ(r.new_streams, 256);
  });
}

TEST(AddOutgoingStreamsRequestParameter, IgnoresReservedAndChecksLength) {
  Bytes wire = kAddOutgoing;
  wire[10] = std::byte{0xFF};
  wire[11] = std::byte{0x01};
  auto r = parse_bytes<AddOutgoingStreamsRequestParameter>(ByteRange(wire));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->new_streams, 256);
  EXPECT_EQ(test_util::serialize_padded(*r), kAddOutgoing) << "reserved goes out as 0";
  expect_length_rule<AddOutgoingStreamsRequestParameter>(kAddOutgoing, 24, exact_length(12));
}

const Bytes kAddIncoming = bytes_of({
    0x00, 0x12, 0x00, 0x0C,  // type 18, length 12
    0x00, 0x00, 0x00, 0x09,  // request sn 9
    0xFF, 0xFF, 0x00, 0x00,  // 65535 new streams, reserved
});

TEST(AddIncomingStreamsRequestParameter, WireFormat) {
  AddIncomingStreamsRequestParameter built;
  built.request_sn = ReconfigRequestSn(9);
  built.new_streams = 0xFFFF;
  expect_format(built, kAddIncoming, [](const AddIncomingStreamsRequestParameter& r) {
    EXPECT_EQ(r.request_sn, ReconfigRequestSn(9));
    EXPECT_EQ(r.new_streams, 0xFFFF);
  });
  expect_length_rule<AddIncomingStreamsRequestParameter>(kAddIncoming, 24, exact_length(12));
}

TEST(AddStreamsRequests, DoNotParseAsEachOther) {
  auto r = parse_bytes<AddIncomingStreamsRequestParameter>(ByteRange(kAddOutgoing));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), ParseError::kWrongType);
}

TEST(ReconfigRequestSn, ComparesAcrossTheWrap) {
  EXPECT_LT(ReconfigRequestSn(0xFFFFFFFF), ReconfigRequestSn(0));
  EXPECT_EQ(ReconfigRequestSn(0xFFFFFFFF) + 1, ReconfigRequestSn(0));
}

}  // namespace
}  // namespace dsctp::sctp::wire
