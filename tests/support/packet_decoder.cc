#include "support/packet_decoder.h"

#include <cstdarg>
#include <cstdio>
#include <variant>

#include "sctp/wire/causes/all.h"
#include "sctp/wire/chunks/all.h"
#include "sctp/wire/packet.h"
#include "sctp/wire/parameters/all.h"
#include "sctp/wire/reconfig/all.h"

namespace dsctp::test {

using namespace sctp::wire;

std::string hex(const ByteRange& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  bytes.for_each_segment([&](std::span<const std::byte> s) {
    for (std::byte b : s) {
      out.push_back(kDigits[std::to_integer<unsigned>(b) >> 4]);
      out.push_back(kDigits[std::to_integer<unsigned>(b) & 15]);
    }
  });
  return out;
}

namespace {

std::vector<std::byte> copy_of(const ByteRange& r) {
  std::vector<std::byte> v(r.size());
  if (!v.empty()) r.copy_to(v.data());
  return v;
}

// Walks one packet into a DecodedPacket; nested TLVs are indented.
class Decoder {
 public:
  explicit Decoder(DecodedPacket& out) : out_(out) {}

  void packet(const ByteRange& bytes);

  // One overload per typed view with something worth recording or nested
  // TLVs to walk; the template covers the rest.
  template <class T>
  void chunk(const T&) {}
  void chunk(const DataChunk& c);
  void chunk(const IDataChunk& c);
  void chunk(const InitChunk& c) { init_like(c); }
  void chunk(const InitAckChunk& c) { init_like(c); }
  void chunk(const SackChunk& c);
  void chunk(const NrSackChunk& c);
  void chunk(const HeartbeatChunk& c) { heartbeat_like(c); }
  void chunk(const HeartbeatAckChunk& c) { heartbeat_like(c); }
  void chunk(const AbortChunk& c);
  void chunk(const ErrorChunk& c) { causes(c.cause_bytes); }
  void chunk(const ShutdownChunk& c);
  void chunk(const ShutdownCompleteChunk& c);
  void chunk(const CookieEchoChunk& c);
  void chunk(const EcneChunk& c);
  void chunk(const CwrChunk& c);
  void chunk(const AuthChunk& c);
  void chunk(const ForwardTsnChunk& c);
  void chunk(const IForwardTsnChunk& c);
  void chunk(const AsconfChunk& c);
  void chunk(const AsconfAckChunk& c);
  void chunk(const ReconfigChunk& c) { parameters(c.parameter_bytes); }
  void chunk(const PadChunk& c);

 private:
  __attribute__((format(printf, 2, 3))) void line(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    va_list again;
    va_copy(again, ap);
    int n = std::vsnprintf(nullptr, 0, fmt, ap);
    va_end(ap);
    std::string buf(static_cast<size_t>(n) + 1, '\0');
    std::vsnprintf(buf.data(), buf.size(), fmt, again);
    va_end(again);
    buf.pop_back();
    out_.text.append(static_cast<size_t>(depth_) * 2, ' ');
    out_.text += buf;
    out_.text += '\n';
  }
  void error(const std::string& what) {
    out_.errors.push_back(what);
    line("ERROR %s", what.c_str());
  }

  template <class C>
  void init_like(const C& c) {
    line("tag %08x a_rwnd %u os %u mis %u initial_tsn %u", c.initiate_tag.value(),
         c.a_rwnd, c.outbound_streams, c.max_inbound_streams, c.initial_tsn.value());
    parameters(c.parameter_bytes);
  }
  template <class C>
  void heartbeat_like(const C& c) {
    if (!c.info()) error("HEARTBEAT without Heartbeat Info first");
    parameters(c.parameter_bytes);
  }

  void parameters(const ByteRange& bytes);
  void parameter(const RawParameter& p);
  void reconfig_parameter(const RawParameter& p);
  void causes(const ByteRange& bytes);
  void gaps(const char* what, const RecordList<GapAckBlock>& blocks);

  DecodedPacket& out_;
  int depth_ = 0;
};

bool is_reconfig_parameter(uint16_t type) { return type >= 13 && type <= 18; }

void Decoder::packet(const ByteRange& bytes) {
  auto view = PacketView::parse(bytes);
  if (!view) {
    error(std::string("packet: ") + to_string(view.error()));
    return;
  }
  line("ports %u > %u tag %08x checksum %08x", view->header.source_port,
       view->header.destination_port, view->header.verification_tag.value(),
       view->header.checksum);
  ChunkReader reader = view->chunk_reader();
  RawChunk raw;
  while (reader.next(raw)) {
    out_.chunk_types.push_back(raw.chunk_type());
    out_.chunk_types_with_quoted.push_back(raw.type);
    line("chunk %s(%u) flags %02x length %u value %s", name_of(raw.chunk_type()), raw.type,
         raw.flags, raw.length, hex(raw.value).c_str());
    if (!is_known(raw.chunk_type())) {
      error("chunk type " + std::to_string(raw.type) + " unknown to this stack");
      continue;
    }
    auto parsed = parse_chunk(raw);
    if (!parsed) {
      error(std::string(name_of(raw.chunk_type())) + ": " + to_string(parsed.error()));
      continue;
    }
    if (type_of(*parsed) != raw.chunk_type()) error("parse_chunk gave another type");
    ++depth_;
    std::visit([this](const auto& c) { chunk(c); }, *parsed);
    --depth_;
  }
  if (reader.error()) {
    error("chunk framing at offset " + std::to_string(reader.offset()) + ": " +
          to_string(*reader.error()));
  }
}

void Decoder::chunk(const DataChunk& c) {
  line("tsn %u stream %u ssn %u ppid %u payload %u", c.tsn.value(), c.stream.value(),
       c.ssn.value(), c.ppid.value(), c.payload.size());
  out_.user_chunks.push_back(UserChunk{false, c.flags, c.tsn.value(), c.stream.value(),
                                       c.ssn.value(), c.ppid.value(), 0, copy_of(c.payload)});
}

void Decoder::chunk(const IDataChunk& c) {
  line("tsn %u stream %u mid %u ppid %u fsn %u payload %u", c.tsn.value(),
       c.stream.value(), c.mid.value(), c.ppid.value(), c.fsn.value(), c.payload.size());
  out_.user_chunks.push_back(UserChunk{true, c.flags, c.tsn.value(), c.stream.value(),
                                       c.mid.value(), c.ppid.value(), c.fsn.value(),
                                       copy_of(c.payload)});
}

void Decoder::gaps(const char* what, const RecordList<GapAckBlock>& blocks) {
  for (GapAckBlock b : blocks) line("%s %u-%u", what, b.start, b.end);
}

void Decoder::chunk(const SackChunk& c) {
  line("cum_ack %u a_rwnd %u", c.cumulative_tsn_ack.value(), c.a_rwnd);
  gaps("gap", c.gap_blocks);
  for (DuplicateTsn d : c.duplicate_tsns) line("dup %u", d.tsn.value());
}

void Decoder::chunk(const NrSackChunk& c) {
  line("cum_ack %u a_rwnd %u", c.cumulative_tsn_ack.value(), c.a_rwnd);
  gaps("gap", c.gap_blocks);
  gaps("nr_gap", c.nr_gap_blocks);
  for (DuplicateTsn d : c.duplicate_tsns) line("dup %u", d.tsn.value());
}

void Decoder::chunk(const AbortChunk& c) {
  line("tag_reflected %d", c.tag_reflected());
  causes(c.cause_bytes);
}

void Decoder::chunk(const ShutdownChunk& c) {
  line("cum_ack %u", c.cumulative_tsn_ack.value());
}

void Decoder::chunk(const ShutdownCompleteChunk& c) {
  line("tag_reflected %d", c.tag_reflected());
}

void Decoder::chunk(const CookieEchoChunk& c) { line("cookie %u bytes", c.cookie.size()); }

void Decoder::chunk(const EcneChunk& c) {
  line("lowest_tsn %u packets_since_cwr %s", c.lowest_tsn.value(),
       c.packets_since_cwr ? std::to_string(*c.packets_since_cwr).c_str() : "-");
}

void Decoder::chunk(const CwrChunk& c) { line("lowest_tsn %u", c.lowest_tsn.value()); }

void Decoder::chunk(const AuthChunk& c) {
  line("key %u hmac_id %u hmac %s", c.shared_key_id, c.hmac_id, hex(c.hmac).c_str());
}

void Decoder::chunk(const ForwardTsnChunk& c) {
  line("new_cum_tsn %u", c.new_cumulative_tsn.value());
  for (ForwardTsnStream s : c.streams) line("stream %u ssn %u", s.stream.value(), s.ssn.value());
}

void Decoder::chunk(const IForwardTsnChunk& c) {
  line("new_cum_tsn %u", c.new_cumulative_tsn.value());
  for (IForwardTsnStream s : c.streams) {
    line("stream %u unordered %d mid %u", s.stream.value(), s.unordered, s.mid.value());
  }
}

void Decoder::chunk(const AsconfChunk& c) {
  line("serial %u", c.serial_number);
  parameters(c.parameter_bytes);
}

void Decoder::chunk(const AsconfAckChunk& c) {
  line("serial %u", c.serial_number);
  parameters(c.parameter_bytes);
}

void Decoder::chunk(const PadChunk& c) { line("padding %u bytes", c.padding.size()); }

void Decoder::parameters(const ByteRange& bytes) {
  ParameterReader reader(bytes);
  RawParameter p;
  ++depth_;
  while (reader.next(p)) {
    out_.parameter_types.push_back(p.type);
    line("param %s(%04x) length %u value %s", name_of(p.parameter_type()), p.type, p.length,
         hex(p.value).c_str());
    if (!is_known(p.parameter_type())) {
      error("parameter type " + std::to_string(p.type) + " unknown to this stack");
    } else if (is_reconfig_parameter(p.type)) {
      reconfig_parameter(p);
    } else {
      parameter(p);
    }
  }
  if (reader.error()) error(std::string("parameter framing: ") + to_string(*reader.error()));
  --depth_;
}

void Decoder::parameter(const RawParameter& p) {
  auto parsed = parse_parameter(p);
  if (!parsed) {
    error(std::string(name_of(p.parameter_type())) + ": " + to_string(parsed.error()));
    return;
  }
  if (type_of(*parsed) != p.parameter_type()) error("parse_parameter gave another type");
  if (auto* u = std::get_if<UnrecognizedParameter>(&*parsed); u && !u->quoted()) {
    error("Unrecognized Parameter quotes no whole TLV");
  }
  if (auto* e = std::get_if<ErrorCauseIndicationParameter>(&*parsed)) causes(e->causes);
}

void Decoder::reconfig_parameter(const RawParameter& p) {
  auto parsed = parse_reconfig_parameter(p);
  if (!parsed) {
    error(std::string(name_of(p.parameter_type())) + ": " + to_string(parsed.error()));
    return;
  }
  if (type_of(*parsed) != p.parameter_type()) error("parse_reconfig_parameter gave another type");
  if (auto* r = std::get_if<ReconfigurationResponseParameter>(&*parsed)) {
    out_.reconfig_results.push_back(static_cast<uint32_t>(r->result));
    line("  result %s", name_of(r->result));
  }
}

void Decoder::causes(const ByteRange& bytes) {
  ParameterReader reader(bytes);
  RawParameter p;
  ++depth_;
  while (reader.next(p)) {
    out_.cause_codes.push_back(p.type);
    line("cause %s(%u) length %u value %s", name_of(p.cause_code()), p.type, p.length,
         hex(p.value).c_str());
    auto parsed = parse_cause(p);
    if (!parsed) {
      error(std::string("cause ") + name_of(p.cause_code()) + ": " + to_string(parsed.error()));
      continue;
    }
    if (code_of(*parsed) != p.cause_code()) error("parse_cause gave another code");
    if (auto* u = std::get_if<UnrecognizedChunkTypeCause>(&*parsed)) {
      line("  quoted chunk type %u", u->chunk_type());
      out_.chunk_types_with_quoted.push_back(u->chunk_type());
    }
  }
  if (reader.error()) error(std::string("cause framing: ") + to_string(*reader.error()));
  --depth_;
}

}  // namespace

DecodedPacket decode_packet(const ByteRange& packet) {
  DecodedPacket out;
  Decoder(out).packet(packet);
  return out;
}

}  // namespace dsctp::interop
