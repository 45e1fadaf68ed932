#include "sctp/wire/reconfig/all.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "unit/sctp/causes/tlv_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test_util::Bytes;
using test_util::bytes_of;
using test_util::Split;

// A RE-CONFIG chunk (RFC 6525 3.1) around the parameters `fill` adds.
template <class Fill>
Bytes reconfig_chunk(Fill fill) {
  Bytes buf(256);
  TlvWriter writer(std::span<std::byte>(buf).subspan(kChunkHeaderSize));
  fill(writer);
  uint32_t size = kChunkHeaderSize + static_cast<uint32_t>(writer.written().size());
  write_chunk_header(buf.data(), ChunkType::kReconfig, 0, static_cast<uint16_t>(size));
  buf.resize(size);
  return buf;
}

std::vector<AnyReconfigParameter> walk_parameters(const ByteRange& params_bytes) {
  std::vector<AnyReconfigParameter> out;
  ParameterReader params(params_bytes);
  RawParameter raw;
  while (params.next(raw)) {
    auto p = parse_reconfig_parameter(raw);
    EXPECT_TRUE(p.has_value()) << name_of(raw.parameter_type()) << ": " << to_string(p.error());
    if (p) out.push_back(*p);
  }
  EXPECT_FALSE(params.error().has_value());
  return out;
}

std::vector<AnyReconfigParameter> walk(const ByteRange& chunk_bytes) {
  ChunkReader chunks(chunk_bytes);
  RawChunk chunk;
  EXPECT_TRUE(chunks.next(chunk));
  EXPECT_EQ(chunk.chunk_type(), ChunkType::kReconfig);
  return walk_parameters(chunk.value);
}

// RFC 6525 3.1 allows an Outgoing and an Incoming SSN Reset Request in one
// chunk; an odd stream count makes the first one need padding.
TEST(ReconfigChunk, CarriesTwoRequestsThatWalkBack) {
  const std::array<StreamIdRecord, 1> out_streams = {{{StreamId(3)}}};
  const std::array<StreamIdRecord, 2> in_streams = {{{StreamId(4)}, {StreamId(5)}}};
  Bytes chunk = reconfig_chunk([&](TlvWriter& w) {
    OutgoingSsnResetRequestParameter out;
    out.request_sn = ReconfigRequestSn(100);
    out.response_sn = ReconfigRequestSn(77);
    out.sender_last_assigned_tsn = Tsn(0xFFFFFFF0);
    out.streams = RecordList<StreamIdRecord>(out_streams);
    IncomingSsnResetRequestParameter in;
    in.request_sn = ReconfigRequestSn(101);
    in.streams = RecordList<StreamIdRecord>(in_streams);
    ASSERT_TRUE(add_to(w, AnyReconfigParameter(out)));
    ASSERT_TRUE(w.add(in));
  });
  ASSERT_EQ(chunk.size(), 4u + 20u + 12u) << "18 padded to 20, then 12";
  EXPECT_EQ(chunk[4 + 18], std::byte{0});
  EXPECT_EQ(chunk[4 + 19], std::byte{0});

  for (uint32_t cut = 0; cut <= chunk.size(); ++cut) {
    SCOPED_TRACE(::testing::Message() << "split at " << cut);
    Split split(chunk, cut);
    auto params = walk(split.range());
    ASSERT_EQ(params.size(), 2u);
    EXPECT_EQ(type_of(params[0]), ParameterType::kOutgoingSsnResetRequest);
    EXPECT_EQ(type_of(params[1]), ParameterType::kIncomingSsnResetRequest);
    const auto* out = std::get_if<OutgoingSsnResetRequestParameter>(&params[0]);
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(out->request_sn, ReconfigRequestSn(100));
    EXPECT_EQ(out->response_sn, ReconfigRequestSn(77));
    EXPECT_EQ(out->sender_last_assigned_tsn, Tsn(0xFFFFFFF0));
    ASSERT_EQ(out->streams.size(), 1u);
    EXPECT_EQ(out->streams[0].stream, StreamId(3));
    const auto* in = std::get_if<IncomingSsnResetRequestParameter>(&params[1]);
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(in->request_sn, ReconfigRequestSn(101));
    ASSERT_EQ(in->streams.size(), 2u);
    EXPECT_EQ(in->streams[0].stream, StreamId(4));
    EXPECT_EQ(in->streams[1].stream, StreamId(5));
  }
}

// A RE-CONFIG chunk holds at most two parameters, so the other four types
// are checked as a bare parameter list.
TEST(ParseReconfigParameter, DispatchesTheOtherFourTypes) {
  Bytes list(64);
  TlvWriter w(list);
  ASSERT_TRUE(add_to(w, SsnTsnResetRequestParameter{ReconfigRequestSn(1)}));
  ReconfigurationResponseParameter resp;
  resp.response_sn = ReconfigRequestSn(2);
  resp.result = ReconfigResult::kDenied;
  ASSERT_TRUE(add_to(w, resp));
  ASSERT_TRUE(add_to(w, AddOutgoingStreamsRequestParameter{ReconfigRequestSn(3), 10}));
  ASSERT_TRUE(add_to(w, AddIncomingStreamsRequestParameter{ReconfigRequestSn(4), 20}));
  auto params = walk_parameters(w.range());
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(std::get<SsnTsnResetRequestParameter>(params[0]).request_sn, ReconfigRequestSn(1));
  EXPECT_EQ(std::get<ReconfigurationResponseParameter>(params[1]).result, ReconfigResult::kDenied);
  EXPECT_EQ(std::get<AddOutgoingStreamsRequestParameter>(params[2]).new_streams, 10);
  EXPECT_EQ(std::get<AddIncomingStreamsRequestParameter>(params[3]).new_streams, 20);
  EXPECT_EQ(type_of(params[3]), ParameterType::kAddIncomingStreamsRequest);
}

TEST(ParseReconfigParameter, RefusesOtherTypesAndPassesErrorsOn) {
  auto heartbeat_info = bytes_of({0x00, 0x01, 0x00, 0x08, 1, 2, 3, 4});
  auto r = test_util::parse_bytes<OutgoingSsnResetRequestParameter>(ByteRange(heartbeat_info));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), ParseError::kWrongType);

  ParameterReader reader{ByteRange(heartbeat_info)};
  RawParameter raw;
  ASSERT_TRUE(reader.next(raw));
  auto any = parse_reconfig_parameter(raw);
  ASSERT_FALSE(any.has_value());
  EXPECT_EQ(any.error(), ParseError::kWrongType);

  auto short_ssn_tsn = bytes_of({0x00, 0x0F, 0x00, 0x06, 0, 0});
  ParameterReader reader2{ByteRange(short_ssn_tsn)};
  ASSERT_TRUE(reader2.next(raw));
  any = parse_reconfig_parameter(raw);
  ASSERT_FALSE(any.has_value());
  EXPECT_EQ(any.error(), ParseError::kWrongLengthForType);
}

}  // namespace
}  // namespace dsctp::sctp::wire
