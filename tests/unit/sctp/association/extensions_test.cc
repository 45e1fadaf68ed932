// Extension negotiation: what an INIT's parameters offer and what both
// sides end up using.
#include "sctp/association/extensions.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "sctp/wire/parameters/extensions.h"

namespace dsctp::sctp {
namespace {

// The parameters `offer` writes, read back as a peer would.
Extensions round_trip(const Extensions& offer) {
  std::array<std::byte, kExtensionParametersRoom> buffer{};
  wire::TlvWriter w(buffer);
  EXPECT_TRUE(add_extension_parameters(w, offer));
  return peer_extensions(wire::ParameterReader(w.range()));
}

TEST(Extensions, EachOfferReadsBackAsItself) {
  EXPECT_EQ(round_trip({}), Extensions{});
  // I-DATA with PR-SCTP lists I-FORWARD-TSN, so a peer keeps both.
  EXPECT_EQ(round_trip({true, true, true, 1}), (Extensions{true, true, true, 1}));
  EXPECT_EQ(round_trip({true, true, false, 0}), (Extensions{true, true, false, 0}));
  EXPECT_EQ(round_trip({true, false, true, 1}), (Extensions{true, false, true, 1}));
  EXPECT_EQ(round_trip({true, false, false, 0}), (Extensions{true, false, false, 0}));
  EXPECT_EQ(round_trip({false, true, false, 0}), (Extensions{false, true, false, 0}));
  EXPECT_EQ(round_trip({false, false, true, 0}), (Extensions{false, false, true, 0}));
  EXPECT_EQ(round_trip({false, false, false, 7}), (Extensions{false, false, false, 7}));
}

TEST(Extensions, OnlyWhatBothOfferIsUsed) {
  Extensions ours{true, true, false, 1};
  Extensions peer{true, false, true, 1};
  EXPECT_EQ(negotiate(ours, peer), (Extensions{true, false, false, 1}));
  EXPECT_EQ(negotiate(ours, Extensions{}), Extensions{});
  // RFC 8260 2.3.1: both together, PR-SCTP then abandoning by MID.
  EXPECT_EQ(negotiate(Extensions{true, true, false, 0}, Extensions{true, true, false, 0}),
            (Extensions{true, true, false, 0}));
  EXPECT_EQ(negotiate(Extensions{true, true, false, 0}, Extensions{false, true, false, 0}),
            (Extensions{false, true, false, 0}));
  // RFC 9653 5.1: a different error detection method is no agreement.
  EXPECT_EQ(negotiate(ours, Extensions{false, false, false, 2}).zero_checksum_edmid, 0u);
}

std::vector<std::byte> supported_extensions(std::initializer_list<wire::ChunkType> types) {
  std::vector<wire::ChunkTypeRecord> records;
  for (auto t : types) records.push_back({t});
  wire::SupportedExtensionsParameter p;
  p.chunk_types = wire::RecordList<wire::ChunkTypeRecord>(records);
  std::vector<std::byte> bytes(8 + records.size());
  wire::TlvWriter w(bytes);
  EXPECT_TRUE(w.add(p));
  auto r = w.range();
  return std::vector<std::byte>(r.contiguous().begin(), r.contiguous().end());
}

TEST(Extensions, ForwardTsnListedAloneMeansPartialReliability) {
  auto bytes = supported_extensions({wire::ChunkType::kForwardTsn});
  EXPECT_TRUE(peer_extensions(wire::ParameterReader(ByteRange(std::span<const std::byte>(bytes)))).partial_reliability);
}

// RFC 8260 2.3.1: with I-DATA, abandoning needs I-FORWARD-TSN.
TEST(Extensions, InterleavingWithoutIForwardTsnDropsPartialReliability) {
  auto bytes = supported_extensions({wire::ChunkType::kForwardTsn, wire::ChunkType::kIData});
  Extensions e = peer_extensions(wire::ParameterReader(ByteRange(std::span<const std::byte>(bytes))));
  EXPECT_TRUE(e.interleaving);
  EXPECT_FALSE(e.partial_reliability);
}

TEST(Extensions, InterleavingWithIForwardTsnKeepsPartialReliability) {
  auto bytes = supported_extensions(
      {wire::ChunkType::kForwardTsn, wire::ChunkType::kIData, wire::ChunkType::kIForwardTsn});
  Extensions e = peer_extensions(wire::ParameterReader(ByteRange(std::span<const std::byte>(bytes))));
  EXPECT_TRUE(e.interleaving);
  EXPECT_TRUE(e.partial_reliability);
}

TEST(Extensions, IForwardTsnIsListedOnlyWithBothInterleavingAndPartialReliability) {
  auto lists_iforward = [](const Extensions& offer) {
    std::array<std::byte, kExtensionParametersRoom> buffer{};
    wire::TlvWriter w(buffer);
    EXPECT_TRUE(add_extension_parameters(w, offer));
    wire::ParameterReader params(w.range());
    wire::RawParameter p;
    while (params.next(p)) {
      if (p.parameter_type() != wire::ParameterType::kSupportedExtensions) continue;
      auto list = wire::SupportedExtensionsParameter::parse(p);
      return list && list.value().contains(wire::ChunkType::kIForwardTsn);
    }
    return false;
  };
  EXPECT_TRUE(lists_iforward({true, true, true, 0}));
  EXPECT_FALSE(lists_iforward({true, false, true, 0}));
  EXPECT_FALSE(lists_iforward({false, true, true, 0}));
}

TEST(Extensions, GarbageAndUnknownParametersOfferNothing) {
  std::vector<std::byte> junk = {std::byte{0x80}, std::byte{0x08}, std::byte{0}, std::byte{3}};
  EXPECT_EQ(peer_extensions(wire::ParameterReader(ByteRange(std::span<const std::byte>(junk)))), Extensions{});
  std::vector<std::byte> unknown = {std::byte{0x7f}, std::byte{0x00}, std::byte{0},
                                    std::byte{4}};
  EXPECT_EQ(peer_extensions(wire::ParameterReader(ByteRange(std::span<const std::byte>(unknown)))), Extensions{});
}

}  // namespace
}  // namespace dsctp::sctp
