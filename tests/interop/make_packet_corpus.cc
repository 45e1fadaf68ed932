// Writes the seed corpus of the SCTP packet fuzz targets: the packets
// usrsctp emitted in the interop scenarios (usrsctp-<scenario>-<n>.bin, n
// the packet's place in its scenario) and the packets our own builders make
// (built-<name>.bin). Not part of the test suite; run it by hand when the
// scenarios or builders change:
//
//   build/tests/interop/make_packet_corpus tests/fuzz/corpus/packet
//
// A usrsctp packet with the same chunks (types and flags) and size as one
// already written is left out: the scenarios repeat shapes (every
// handshake, every heartbeat) that add nothing to a corpus. Every built
// packet is kept; each was made for a reason.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "interop/built_packets.h"
#include "interop/usrsctp_scenarios.h"
#include "sctp/wire/packet.h"

namespace fs = std::filesystem;
using namespace dsctp::interop;

namespace {

// Chunk types and flags, and the packet's size.
using Shape = std::pair<std::vector<uint16_t>, size_t>;

Shape shape_of(const std::vector<std::byte>& packet) {
  Shape s{{}, packet.size()};
  auto view = dsctp::sctp::wire::PacketView::parse(dsctp::ByteRange(std::span(packet)));
  if (!view) return s;
  auto reader = view->chunk_reader();
  dsctp::sctp::wire::RawChunk raw;
  while (reader.next(raw)) s.first.push_back(static_cast<uint16_t>(raw.type << 8 | raw.flags));
  return s;
}

bool write(const fs::path& path, const std::vector<std::byte>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return out.good();
}

bool ours(const fs::path& p) {
  std::string name = p.filename().string();
  return p.extension() == ".bin" && (name.rfind("usrsctp-", 0) == 0 || name.rfind("built-", 0) == 0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus directory>\n", argv[0]);
    return 2;
  }
  fs::path dir = argv[1];
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    std::fprintf(stderr, "cannot create %s: %s\n", dir.c_str(), ec.message().c_str());
    return 1;
  }
  // Files of an earlier run go; anything else in the directory stays.
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (ours(entry.path())) fs::remove(entry.path());
  }

  std::set<Shape> shapes;
  size_t files = 0;
  size_t bytes = 0;
  auto keep = [&](const std::string& name, const std::vector<std::byte>& packet) {
    ++files;
    bytes += packet.size();
    return write(dir / name, packet);
  };

  bool ok = true;
  for (const Capture& c : all_captures()) {
    for (const std::string& f : c.failures) {
      std::fprintf(stderr, "scenario %s: %s\n", c.scenario.c_str(), f.c_str());
      ok = false;
    }
    for (size_t i = 0; i < c.packets.size(); ++i) {
      if (!shapes.insert(shape_of(c.packets[i].bytes)).second) continue;
      ok &= keep("usrsctp-" + c.scenario + "-" + std::to_string(i) + ".bin", c.packets[i].bytes);
    }
  }
  for (const BuiltPacket& p : built_packets()) ok &= keep("built-" + p.name + ".bin", p.bytes);
  std::printf("%zu files, %zu bytes in %s\n", files, bytes, dir.c_str());
  return ok ? 0 : 1;
}
