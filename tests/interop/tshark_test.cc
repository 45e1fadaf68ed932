// Wireshark's SCTP dissector as an outside judge of the packets our
// builders make (built_packets.cc): each one goes out as an Ethernet /
// IPv4 frame in a pcap file, and tshark must find a good CRC32c, nothing
// malformed and no expert warning, and the same chunks, error causes,
// parameters and RE-CONFIG results that we built.
//
// What tshark 4.0 does not dissect fully, and so cannot vouch for: the
// Zero Checksum Acceptable (0x8001, RFC 9653) and Padding (0x8005,
// RFC 4820) parameters, shown as "Unknown parameter" with their bytes; and
// the fourth word of the 12-byte ECNE usrsctp sends, which it ignores. The
// tests check what it does show.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "interop/built_packets.h"
#include "support/packet_decoder.h"
#include "interop/pcap_writer.h"

namespace dsctp::interop {
namespace {

using test::decode_packet;
using test::DecodedPacket;
using test::hex;

// A fresh directory, removed with everything in it however the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "dsctp-tshark-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

std::string tshark_program() {
  const char* configured = std::getenv("TSHARK");
  return configured != nullptr ? configured : "tshark";
}

// Runs a shell command; its stdout, or an exception naming the failure
// (with stderr, which otherwise only holds tshark's "running as root").
std::string run(const std::string& command, const TempDir& dir) {
  std::string err = dir.file("stderr.txt");
  FILE* p = popen((command + " 2>" + err).c_str(), "r");
  if (p == nullptr) throw std::runtime_error("popen failed: " + command);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream e(err);
    std::stringstream text;
    text << e.rdbuf();
    throw std::runtime_error(command + " failed:\n" + text.str());
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!s.empty() && s.back() == sep) parts.push_back("");
  return parts;
}

std::vector<long> numbers(const std::string& list) {
  std::vector<long> out;
  for (const std::string& n : split(list, ',')) {
    if (!n.empty()) out.push_back(std::stol(n, nullptr, 0));
  }
  return out;
}

void write_pcap(const std::string& path, const std::vector<BuiltPacket>& packets) {
  PcapWriter w(path);
  for (const BuiltPacket& p : packets) {
    w.write_frame(ethernet_ipv4_sctp_frame(p.bytes, {192, 0, 2, 1}, {192, 0, 2, 2}));
  }
  w.close();
  if (!w.ok()) throw std::runtime_error("cannot write " + path);
}

// TSN analysis is off: it relates the packets to each other as one
// association, which these unrelated samples are not.
std::string tshark_command(const std::string& pcap) {
  return tshark_program() + " -n -r " + pcap +
         " -o sctp.checksum:CRC-32C -o sctp.tsn_analysis:FALSE";
}

// One frame as tshark saw it, from -T fields.
struct Row {
  std::vector<long> chunk_types;
  std::string checksum_status;  // 1 Good, 0 Bad, 2 Unverified
  std::vector<long> cause_codes;
  std::vector<long> parameter_types;
  std::vector<long> reconfig_results;
  std::string malformed;
  std::vector<long> expert_severities;
  std::string expert_messages;
};

constexpr const char* kFields[] = {
    "sctp.chunk_type",   "sctp.checksum.status", "sctp.cause_code",
    "sctp.parameter_type", "sctp.parameter_reconfig_response_result",
    "_ws.malformed",     "_ws.expert.severity",  "_ws.expert.message"};

std::vector<Row> tshark_rows(const std::string& pcap, const TempDir& dir) {
  std::string cmd = tshark_command(pcap) +
                    " -T fields -E separator=/t -E occurrence=a -E aggregator=,";
  for (const char* f : kFields) cmd += std::string(" -e ") + f;
  std::vector<Row> rows;
  for (const std::string& line : split(run(cmd, dir), '\n')) {
    if (line.empty()) continue;
    std::vector<std::string> f = split(line, '\t');
    f.resize(std::size(kFields));
    rows.push_back(Row{numbers(f[0]), f[1], numbers(f[2]), numbers(f[3]), numbers(f[4]), f[5],
                       numbers(f[6]), f[7]});
  }
  return rows;
}

// Wireshark's expert severities (epan/proto.h, PI_SEVERITY_MASK values).
constexpr long kSeverityWarning = 0x00600000;

// One pcap, two tshark runs (each costs a second or more of start-up): the
// built packets, then a copy of the first with one bit flipped, which
// tshark must call bad, or "checksum good" could mean it checked nothing.
class Tshark : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    packets_ = new std::vector<BuiltPacket>(built_packets());
    std::vector<BuiltPacket> frames = *packets_;
    frames.push_back(frames.front());
    frames.back().bytes.back() ^= std::byte{0x40};
    TempDir dir;
    std::string pcap = dir.file("built.pcap");
    write_pcap(pcap, frames);
    rows_ = new std::vector<Row>(tshark_rows(pcap, dir));
    corrupt_row_ = new Row(rows_->empty() ? Row{} : rows_->back());
    if (!rows_->empty()) rows_->pop_back();
    verbose_ = new std::string(run(tshark_command(pcap) + " -V -Y 'frame.number <= " +
                                       std::to_string(packets_->size()) + "'",
                                   dir));
  }
  static void TearDownTestSuite() {
    delete packets_;
    delete rows_;
    delete corrupt_row_;
    delete verbose_;
  }

  static std::vector<BuiltPacket>* packets_;
  static std::vector<Row>* rows_;  // one per built packet
  static Row* corrupt_row_;
  static std::string* verbose_;
};

std::vector<BuiltPacket>* Tshark::packets_ = nullptr;
std::vector<Row>* Tshark::rows_ = nullptr;
Row* Tshark::corrupt_row_ = nullptr;
std::string* Tshark::verbose_ = nullptr;

DecodedPacket decode(const BuiltPacket& p) { return decode_packet(ByteRange(std::span(p.bytes))); }

TEST_F(Tshark, OurParsersAcceptWhatOurBuildersMade) {
  for (const BuiltPacket& p : *packets_) {
    DecodedPacket d = decode(p);
    for (const std::string& e : d.errors) ADD_FAILURE() << p.name << ": " << e;
    EXPECT_EQ(d.chunk_types, p.chunk_types) << p.name;
  }
}

TEST_F(Tshark, EveryChunkTypeWeKnowIsBuilt) {
  std::set<sctp::wire::ChunkType> built;
  for (const BuiltPacket& p : *packets_) built.insert(p.chunk_types.begin(), p.chunk_types.end());
  for (int t = 0; t < 256; ++t) {
    auto type = static_cast<sctp::wire::ChunkType>(t);
    if (sctp::wire::is_known(type)) {
      EXPECT_TRUE(built.count(type)) << sctp::wire::name_of(type);
    }
  }
}

TEST_F(Tshark, ReadsOneFramePerPacket) { EXPECT_EQ(rows_->size(), packets_->size()); }

TEST_F(Tshark, ChecksumsAreGood) {
  for (size_t i = 0; i < std::min(rows_->size(), packets_->size()); ++i) {
    EXPECT_EQ((*rows_)[i].checksum_status, "1") << (*packets_)[i].name << ": 1 is Good";
  }
}

TEST_F(Tshark, NothingIsMalformedOrWarnedAbout) {
  for (size_t i = 0; i < std::min(rows_->size(), packets_->size()); ++i) {
    const Row& r = (*rows_)[i];
    const std::string& name = (*packets_)[i].name;
    EXPECT_EQ(r.malformed, "") << name;
    for (long s : r.expert_severities) {
      EXPECT_LT(s, kSeverityWarning) << name << ": " << r.expert_messages;
    }
  }
  for (const char* bad : {"Malformed", "[Bad checksum", "Expert Info (Error", "Expert Info (Warning"}) {
    EXPECT_EQ(verbose_->find(bad), std::string::npos) << "tshark -V says " << bad;
  }
}

TEST_F(Tshark, SeesTheChunksWeBuilt) {
  for (size_t i = 0; i < std::min(rows_->size(), packets_->size()); ++i) {
    DecodedPacket d = decode((*packets_)[i]);
    std::vector<long> want(d.chunk_types_with_quoted.begin(), d.chunk_types_with_quoted.end());
    EXPECT_EQ((*rows_)[i].chunk_types, want) << (*packets_)[i].name;
  }
}

TEST_F(Tshark, SeesTheCausesAndReconfigResultsWeBuilt) {
  for (size_t i = 0; i < std::min(rows_->size(), packets_->size()); ++i) {
    DecodedPacket d = decode((*packets_)[i]);
    const std::string& name = (*packets_)[i].name;
    EXPECT_EQ((*rows_)[i].cause_codes, std::vector<long>(d.cause_codes.begin(), d.cause_codes.end()))
        << name;
    EXPECT_EQ((*rows_)[i].reconfig_results,
              std::vector<long>(d.reconfig_results.begin(), d.reconfig_results.end()))
        << name;
  }
}

// tshark also lists parameters quoted inside causes, so ours (the chunks'
// own parameter lists) must be among its, in order.
TEST_F(Tshark, SeesTheParametersWeBuilt) {
  for (size_t i = 0; i < std::min(rows_->size(), packets_->size()); ++i) {
    DecodedPacket d = decode((*packets_)[i]);
    const std::vector<long>& seen = (*rows_)[i].parameter_types;
    auto at = seen.begin();
    for (uint16_t p : d.parameter_types) {
      at = std::find(at, seen.end(), static_cast<long>(p));
      EXPECT_NE(at, seen.end()) << (*packets_)[i].name << ": parameter " << p;
      if (at == seen.end()) break;
      ++at;
    }
  }
}

TEST_F(Tshark, CatchesACorruptedChecksum) {
  EXPECT_EQ(corrupt_row_->checksum_status, "0") << "0 is Bad";
}

}  // namespace
}  // namespace dsctp::interop
