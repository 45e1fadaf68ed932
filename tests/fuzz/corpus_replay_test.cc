// Runs the fuzz targets over their seed corpora in every build, so that a
// seed that once found a bug keeps guarding against it without libFuzzer.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "fuzz/association_fuzz.h"
#include "fuzz/net_fuzz.h"
#include "fuzz/packet_fuzz.h"

namespace {

std::vector<uint8_t> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(CorpusReplay, PacketSeedsKeepEveryProperty) {
  std::filesystem::path dir = DSCTP_CORPUS_DIR "/packet";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  size_t seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::vector<uint8_t> bytes = read_file(entry.path());
    SCOPED_TRACE(entry.path().filename().string());
    dsctp::fuzz::fuzz_packet(bytes.data(), bytes.size());
    // Every prefix too: truncation is the commonest malformation.
    for (size_t n = 0; n < bytes.size(); n += 7) dsctp::fuzz::fuzz_packet(bytes.data(), n);
    ++seeds;
  }
  EXPECT_GE(seeds, 50u) << "the seed corpus has gone missing";
}

TEST(CorpusReplay, AssociationSeedsRunClean) {
  std::filesystem::path dir = DSCTP_CORPUS_DIR "/association";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  size_t seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::vector<uint8_t> bytes = read_file(entry.path());
    SCOPED_TRACE(entry.path().filename().string());
    dsctp::fuzz::fuzz_association(bytes.data(), bytes.size());
    ++seeds;
  }
  EXPECT_GE(seeds, 100u) << "the seed corpus has gone missing";
}

TEST(CorpusReplay, NetSeedsRunClean) {
  std::filesystem::path dir = DSCTP_CORPUS_DIR "/net";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  size_t seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::vector<uint8_t> bytes = read_file(entry.path());
    SCOPED_TRACE(entry.path().filename().string());
    dsctp::fuzz::fuzz_net(bytes.data(), bytes.size());
    // Every prefix too, which cuts the last frame at every length.
    for (size_t n = 0; n < bytes.size(); ++n) dsctp::fuzz::fuzz_net(bytes.data(), n);
    ++seeds;
  }
  EXPECT_GE(seeds, 6u) << "the seed corpus has gone missing";
}

}  // namespace
