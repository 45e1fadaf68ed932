#include "sctp/wire/parameters/all.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "param_test_util.h"

namespace dsctp::sctp::wire {
namespace {

using test::Bytes;
using test::bytes_of;

ParseResult<AnyParameter> parse_one(const Bytes& wire) {
  ParameterReader r{test::range(wire)};
  RawParameter raw;
  if (!r.next(raw)) return parse_error(*r.error());
  return parse_parameter(raw);
}

TEST(ParseParameter, DispatchesEveryKnownType) {
  struct Case {
    Bytes wire;
    ParameterType type;
  };
  const std::vector<Case> cases = {
      {bytes_of({0x00, 0x01, 0x00, 0x05, 0xAA, 0, 0, 0}), ParameterType::kHeartbeatInfo},
      {bytes_of({0x00, 0x05, 0x00, 0x08, 10, 0, 0, 1}), ParameterType::kIpv4Address},
      {bytes_of({0x00, 0x06, 0x00, 0x14, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
       ParameterType::kIpv6Address},
      {bytes_of({0x00, 0x07, 0x00, 0x08, 1, 2, 3, 4}), ParameterType::kStateCookie},
      {bytes_of({0x00, 0x08, 0x00, 0x08, 0x80, 0x77, 0x00, 0x04}),
       ParameterType::kUnrecognizedParameter},
      {bytes_of({0x00, 0x09, 0x00, 0x08, 0, 0, 0, 100}), ParameterType::kCookiePreservative},
      {bytes_of({0x00, 0x0B, 0x00, 0x06, 'x', 0, 0, 0}), ParameterType::kHostNameAddress},
      {bytes_of({0x00, 0x0C, 0x00, 0x06, 0x00, 0x06, 0, 0}), ParameterType::kSupportedAddressTypes},
      {bytes_of({0x80, 0x00, 0x00, 0x04}), ParameterType::kEcnCapable},
      {bytes_of({0x80, 0x01, 0x00, 0x08, 0, 0, 0, 1}), ParameterType::kZeroChecksumAcceptable},
      {bytes_of({0x80, 0x02, 0x00, 0x08, 9, 8, 7, 6}), ParameterType::kRandom},
      {bytes_of({0x80, 0x03, 0x00, 0x05, 0xC1, 0, 0, 0}), ParameterType::kChunkList},
      {bytes_of({0x80, 0x04, 0x00, 0x06, 0x00, 0x01, 0, 0}),
       ParameterType::kRequestedHmacAlgorithm},
      {bytes_of({0x80, 0x05, 0x00, 0x08, 0, 0, 0, 0}), ParameterType::kPadding},
      {bytes_of({0x80, 0x08, 0x00, 0x05, 0x82, 0, 0, 0}), ParameterType::kSupportedExtensions},
      {bytes_of({0xC0, 0x00, 0x00, 0x04}), ParameterType::kForwardTsnSupported},
      {bytes_of({0xC0, 0x01, 0x00, 0x10, 0, 0, 0, 1, 0, 5, 0, 8, 10, 0, 0, 2}),
       ParameterType::kAddIpAddress},
      {bytes_of({0xC0, 0x02, 0x00, 0x10, 0, 0, 0, 2, 0, 5, 0, 8, 10, 0, 0, 3}),
       ParameterType::kDeleteIpAddress},
      {bytes_of({0xC0, 0x03, 0x00, 0x0C, 0, 0, 0, 3, 0x00, 0xA4, 0x00, 0x04}),
       ParameterType::kErrorCauseIndication},
      {bytes_of({0xC0, 0x04, 0x00, 0x10, 0, 0, 0, 4, 0, 5, 0, 8, 10, 0, 0, 4}),
       ParameterType::kSetPrimaryAddress},
      {bytes_of({0xC0, 0x05, 0x00, 0x08, 0, 0, 0, 5}), ParameterType::kSuccessIndication},
      {bytes_of({0xC0, 0x06, 0x00, 0x08, 0, 0, 0, 6}), ParameterType::kAdaptationLayerIndication},
  };
  ASSERT_EQ(cases.size(), std::variant_size_v<AnyParameter>) << "one case per alternative";
  std::vector<bool> seen(std::variant_size_v<AnyParameter>, false);
  for (const Case& c : cases) {
    SCOPED_TRACE(name_of(c.type));
    auto p = parse_one(c.wire);
    ASSERT_TRUE(p.has_value()) << to_string(p.error());
    EXPECT_EQ(type_of(*p), c.type);
    EXPECT_FALSE(seen[p->index()]) << "two types landed on one alternative";
    seen[p->index()] = true;
  }
}

TEST(ParseParameter, FieldsComeThroughTheVariant) {
  const Bytes p_wire = bytes_of({0xC0, 0x04, 0x00, 0x10, 0, 0, 0, 4, 0, 5, 0, 8, 10, 0, 0, 4});
  auto p = parse_one(p_wire);
  ASSERT_TRUE(p.has_value());
  const auto& sp = std::get<SetPrimaryAddressParameter>(*p);
  EXPECT_EQ(sp.correlation_id, 4u);
  EXPECT_EQ(std::get<Ipv4AddressParameter>(sp.address).address, (Ipv4Address{{10, 0, 0, 4}}));
  const Bytes c_wire = bytes_of({0x00, 0x09, 0x00, 0x08, 0, 0, 0x01, 0xF4});
  auto c = parse_one(c_wire);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(std::get<CookiePreservativeParameter>(*c).lifespan_increment_ms, 500u);
}

TEST(ParseParameter, UnknownTypesAreWrongTypeAndMalformedKnownOnesAreNot) {
  // Unassigned, and RE-CONFIG's (parsed elsewhere).
  EXPECT_EQ(parse_one(bytes_of({0x80, 0x77, 0x00, 0x04})).error(), ParseError::kWrongType);
  EXPECT_EQ(parse_one(bytes_of({0x00, 0x0D, 0x00, 0x04})).error(), ParseError::kWrongType);
  EXPECT_EQ(parse_one(bytes_of({0x00, 0x00, 0x00, 0x04})).error(), ParseError::kWrongType);
  // Known types, wrong shape.
  EXPECT_EQ(parse_one(bytes_of({0x00, 0x05, 0x00, 0x04})).error(), ParseError::kWrongLengthForType);
  EXPECT_EQ(parse_one(bytes_of({0x80, 0x04, 0x00, 0x05, 1, 0, 0, 0})).error(),
            ParseError::kBadRecordLength);
  EXPECT_EQ(
      parse_one(bytes_of({0xC0, 0x01, 0x00, 0x10, 0, 0, 0, 1, 0, 11, 0, 8, 'a', 0, 0, 0})).error(),
      ParseError::kInvalidField);
}

// The capability part of an INIT as this stack would send it, built with
// TlvWriter and walked back with ParameterReader + parse_parameter.
struct InitList {
  std::array<std::byte, 512> buf{};
  Bytes random = Bytes(32);
  std::array<AddressTypeRecord, 2> address_types = {
      {{ParameterType::kIpv4Address}, {ParameterType::kIpv6Address}}};
  std::array<ChunkTypeRecord, 4> extensions = {{{ChunkType::kForwardTsn},
                                                {ChunkType::kReconfig},
                                                {ChunkType::kAsconf},
                                                {ChunkType::kAsconfAck}}};
  std::array<ChunkTypeRecord, 3> auth_chunks = {
      {{ChunkType::kAsconf}, {ChunkType::kAsconfAck}, {ChunkType::kData}}};
  std::array<HmacIdRecord, 2> hmacs = {{{HmacIdRecord::kSha256}, {HmacIdRecord::kSha1}}};
  uint32_t size = 0;

  InitList() {
    for (size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::byte>(i + 100);
    TlvWriter w(buf);
    const Ipv6Address v6{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a}};
    const uint32_t edmid = ZeroChecksumAcceptableParameter::kEdmidSctpOverDtls;
    EXPECT_TRUE(w.add(Ipv4AddressParameter{Ipv4Address{{192, 0, 2, 10}}}));
    EXPECT_TRUE(w.add(Ipv6AddressParameter{v6}));
    EXPECT_TRUE(w.add(SupportedAddressTypesParameter{RecordList<AddressTypeRecord>(address_types)}));
    EXPECT_TRUE(w.add(ForwardTsnSupportedParameter{}));
    EXPECT_TRUE(w.add(SupportedExtensionsParameter{RecordList<ChunkTypeRecord>(extensions)}));
    EXPECT_TRUE(w.add(RandomParameter{test::range(random)}));
    EXPECT_TRUE(w.add(ChunkListParameter{RecordList<ChunkTypeRecord>(auth_chunks)}));
    EXPECT_TRUE(w.add(RequestedHmacAlgorithmParameter{RecordList<HmacIdRecord>(hmacs)}));
    EXPECT_TRUE(w.add(ZeroChecksumAcceptableParameter{edmid}));
    size = static_cast<uint32_t>(w.written().size());
  }
};

void walk_init_list(ByteRange list, const InitList& built) {
  ParameterReader r(list);
  RawParameter raw;
  std::vector<ParameterType> order;
  while (r.next(raw)) {
    auto p = parse_parameter(raw);
    ASSERT_TRUE(p.has_value()) << name_of(raw.parameter_type()) << ": " << to_string(p.error());
    order.push_back(type_of(*p));
    if (auto* v4 = std::get_if<Ipv4AddressParameter>(&*p)) {
      EXPECT_EQ(v4->address, (Ipv4Address{{192, 0, 2, 10}}));
    } else if (auto* v6 = std::get_if<Ipv6AddressParameter>(&*p)) {
      EXPECT_EQ(v6->address.bytes[0], 0x20);
      EXPECT_EQ(v6->address.bytes[15], 0x0a);
    } else if (auto* sat = std::get_if<SupportedAddressTypesParameter>(&*p)) {
      ASSERT_EQ(sat->types.size(), 2u);
      EXPECT_TRUE(sat->contains(ParameterType::kIpv6Address));
    } else if (auto* ext = std::get_if<SupportedExtensionsParameter>(&*p)) {
      ASSERT_EQ(ext->chunk_types.size(), 4u);
      EXPECT_TRUE(ext->contains(ChunkType::kReconfig));
      EXPECT_EQ(ext->chunk_types[3].type, ChunkType::kAsconfAck);
    } else if (auto* rnd = std::get_if<RandomParameter>(&*p)) {
      EXPECT_TRUE(rnd->random.equals(built.random));
    } else if (auto* cl = std::get_if<ChunkListParameter>(&*p)) {
      ASSERT_EQ(cl->chunk_types.size(), 3u);
      EXPECT_TRUE(cl->contains(ChunkType::kData));
    } else if (auto* hm = std::get_if<RequestedHmacAlgorithmParameter>(&*p)) {
      ASSERT_EQ(hm->hmac_ids.size(), 2u);
      EXPECT_EQ(hm->hmac_ids[0].id, HmacIdRecord::kSha256);
    } else if (auto* zc = std::get_if<ZeroChecksumAcceptableParameter>(&*p)) {
      EXPECT_EQ(zc->error_detection_method, 1u);
    }
  }
  EXPECT_FALSE(r.error());
  const std::vector<ParameterType> expected = {ParameterType::kIpv4Address,
                                               ParameterType::kIpv6Address,
                                               ParameterType::kSupportedAddressTypes,
                                               ParameterType::kForwardTsnSupported,
                                               ParameterType::kSupportedExtensions,
                                               ParameterType::kRandom,
                                               ParameterType::kChunkList,
                                               ParameterType::kRequestedHmacAlgorithm,
                                               ParameterType::kZeroChecksumAcceptable};
  EXPECT_EQ(order, expected);
}

TEST(InitParameterList, BuildsAndWalksBack) {
  InitList l;
  // 8 + 20 + 8 + 4 + 8 (4+4) + 36 + 8 (4+3 padded) + 8 + 8.
  EXPECT_EQ(l.size, 108u);
  walk_init_list(ByteRange(std::span<const std::byte>(l.buf).first(l.size)), l);
}

TEST(InitParameterList, WalksTheSameSplitAtEveryOffset) {
  InitList l;
  for (uint32_t cut = 0; cut <= l.size; ++cut) {
    SCOPED_TRACE(::testing::Message() << "cut at " << cut);
    Bytes a(l.buf.begin(), l.buf.begin() + cut);
    Bytes b(l.buf.begin() + cut, l.buf.begin() + l.size);
    Segment segs[] = {{a.data(), static_cast<uint32_t>(a.size())},
                      {b.data(), static_cast<uint32_t>(b.size())}};
    walk_init_list(ByteRange(std::span<const Segment>(segs)), l);
  }
}

}  // namespace
}  // namespace dsctp::sctp::wire
