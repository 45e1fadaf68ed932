#include "interop/built_packets.h"

#include <array>
#include <cstring>
#include <stdexcept>

#include "sctp/wire/causes/all.h"
#include "sctp/wire/chunks/all.h"
#include "sctp/wire/packet.h"
#include "sctp/wire/parameters/all.h"
#include "sctp/wire/reconfig/all.h"

namespace dsctp::interop {
namespace {

using namespace sctp;
using namespace sctp::wire;

constexpr uint16_t kSourcePort = 5001;
constexpr uint16_t kDestinationPort = 5002;
constexpr uint32_t kTag = 0x1234abcd;

ByteRange text(const char* s) { return ByteRange(as_bytes_of(s, std::strlen(s))); }

template <size_t N>
ByteRange bytes_of(const std::array<std::byte, N>& a) {
  return ByteRange(std::span<const std::byte>(a));
}

// Bytes that look like something, so a dissector shows them as bytes.
template <size_t N>
std::array<std::byte, N> pattern(uint8_t seed) {
  std::array<std::byte, N> a{};
  for (size_t i = 0; i < N; ++i) a[i] = static_cast<std::byte>(seed + i * 17);
  return a;
}

// One TLV alone, unpadded, e.g. to quote it inside a cause.
template <Serializable T>
std::vector<std::byte> tlv_bytes(const T& item) {
  std::vector<std::byte> v(item.serialized_size());
  item.serialize(v.data());
  return v;
}

ByteRange range_of(const std::vector<std::byte>& v) { return ByteRange(std::span(v)); }

// A record list over a static array (two conversions are one too many for
// aggregate initialization to find on its own).
template <class R, size_t N>
RecordList<R> list(const R (&records)[N]) {
  return RecordList<R>(std::span<const R>(records));
}

// The parameters or causes of one chunk. RFC 9260 3.2 leaves the padding
// of the last TLV out of the chunk length, so range() stops before it;
// padded_range() keeps it, for lists nested inside a parameter.
class TlvList {
 public:
  TlvList() = default;
  TlvList(const TlvList&) = delete;
  TlvList& operator=(const TlvList&) = delete;

  template <Serializable T>
  TlvList& add(const T& item) {
    if (!writer_.add(item)) throw std::length_error("TLV list full");
    return *this;
  }
  ByteRange range() const { return writer_.range(); }
  ByteRange padded_range() const { return ByteRange(writer_.written()); }

 private:
  std::array<std::byte, 1024> buf_{};
  TlvWriter writer_{buf_};
};

class Packet {
 public:
  explicit Packet(std::string name, uint32_t tag = kTag)
      : builder_(buf_, CommonHeader{kSourcePort, kDestinationPort, VerificationTag(tag), 0}) {
    out_.name = std::move(name);
  }

  template <Serializable C>
  Packet& add(const C& chunk) {
    if (!builder_.add(chunk)) throw std::length_error(out_.name + ": chunk does not fit");
    out_.chunk_types.push_back(C::kType);
    return *this;
  }

  BuiltPacket finish() {
    auto bytes = builder_.finish();
    out_.bytes.assign(bytes.begin(), bytes.end());
    return std::move(out_);
  }

 private:
  std::array<std::byte, 1500> buf_{};
  PacketBuilder builder_;
  BuiltPacket out_;
};

Ipv4Address ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return Ipv4Address{{a, b, c, d}}; }

Ipv6Address ipv6_doc(uint8_t last) {  // 2001:db8::last
  Ipv6Address a;
  a.bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last};
  return a;
}

DataChunk data_chunk(uint8_t flags, uint32_t tsn, uint16_t stream, uint16_t ssn, ByteRange payload) {
  DataChunk d;
  d.flags = flags;
  d.tsn = Tsn(tsn);
  d.stream = StreamId(stream);
  d.ssn = Ssn(ssn);
  d.ppid = Ppid(51);
  d.payload = payload;
  return d;
}

BuiltPacket data() {
  using F = DataFlags;
  return Packet("data")
      .add(data_chunk(F::kBeginning, 1000, 1, 7, text("the first fragment, ")))
      .add(data_chunk(F::kEnding, 1001, 1, 7, text("and the last one")))
      .add(data_chunk(F::kBeginning | F::kEnding | F::kUnordered | F::kImmediate, 1002, 2, 0,
                      text("unordered, SACK at once")))
      .finish();
}

IDataChunk idata_chunk(uint8_t flags, uint32_t mid, uint32_t fsn, ByteRange payload) {
  IDataChunk d;
  d.flags = flags;
  d.tsn = Tsn(2000 + fsn + (flags & DataFlags::kUnordered ? 10 : 0));
  d.stream = StreamId(3);
  d.mid = Mid(mid);
  d.ppid = Ppid(52);
  d.fsn = Fsn(fsn);
  d.payload = payload;
  return d;
}

BuiltPacket idata() {
  using F = DataFlags;
  return Packet("idata")
      .add(idata_chunk(F::kBeginning, 4, 0, text("I-DATA one, ")))
      .add(idata_chunk(0, 4, 1, text("two, ")))
      .add(idata_chunk(F::kEnding, 4, 2, text("three")))
      .add(idata_chunk(F::kBeginning | F::kEnding | F::kUnordered, 9, 0, text("unordered")))
      .finish();
}

// Every INIT parameter this stack can build.
void add_capabilities(TlvList& params) {
  static constexpr ChunkTypeRecord kExtensions[] = {
      {ChunkType::kForwardTsn}, {ChunkType::kAuth},      {ChunkType::kAsconf},
      {ChunkType::kAsconfAck},  {ChunkType::kReconfig},  {ChunkType::kIData},
      {ChunkType::kIForwardTsn}};
  static constexpr ChunkTypeRecord kAuthenticated[] = {{ChunkType::kAsconf},
                                                       {ChunkType::kAsconfAck}};
  static constexpr HmacIdRecord kHmacs[] = {{HmacIdRecord::kSha256}, {HmacIdRecord::kSha1}};
  static const auto kRandom = pattern<32>(3);
  params.add(EcnCapableParameter{})
      .add(ForwardTsnSupportedParameter{})
      .add(SupportedExtensionsParameter{list(kExtensions)})
      .add(RandomParameter{bytes_of(kRandom)})
      .add(ChunkListParameter{list(kAuthenticated)})
      .add(RequestedHmacAlgorithmParameter{list(kHmacs)})
      .add(AdaptationLayerIndicationParameter{0x01020304});
}

BuiltPacket init() {
  static constexpr AddressTypeRecord kTypes[] = {{ParameterType::kIpv4Address},
                                                 {ParameterType::kIpv6Address}};
  static const std::array<std::byte, 16> kZeros{};
  TlvList params;
  params.add(Ipv4AddressParameter{ipv4(192, 0, 2, 1)})
      .add(Ipv6AddressParameter{ipv6_doc(1)})
      .add(CookiePreservativeParameter{5000})
      .add(SupportedAddressTypesParameter{list(kTypes)});
  add_capabilities(params);
  params.add(ZeroChecksumAcceptableParameter{})
      .add(PaddingParameter{bytes_of(kZeros)});
  InitChunk c;
  c.initiate_tag = VerificationTag(kTag);
  c.a_rwnd = 131072;
  c.outbound_streams = 10;
  c.max_inbound_streams = 65535;
  c.initial_tsn = Tsn(1000);
  c.parameter_bytes = params.range();
  return Packet("init", 0).add(c).finish();  // an INIT carries tag 0
}

BuiltPacket init_ack() {
  static const auto kCookie = pattern<44>(9);
  // An INIT parameter of an unassigned type whose high bits (01) ask for a
  // report, quoted back as Unrecognized Parameter with its padding, as
  // usrsctp and Linux quote it (Wireshark calls the unpadded form
  // malformed: "Parameter length is not padded to a multiple of 4 bytes").
  static const auto kUnknownValue = pattern<6>(1);
  std::vector<std::byte> unknown(pad4(4 + kUnknownValue.size()));
  write_tlv_header(unknown.data(), 0x4123, static_cast<uint16_t>(4 + kUnknownValue.size()));
  std::memcpy(unknown.data() + 4, kUnknownValue.data(), kUnknownValue.size());
  TlvList params;
  params.add(StateCookieParameter{bytes_of(kCookie)})
      .add(Ipv4AddressParameter{ipv4(192, 0, 2, 2)});
  add_capabilities(params);
  params.add(UnrecognizedParameter{range_of(unknown)});
  InitAckChunk c;
  c.initiate_tag = VerificationTag(0x5678ef01);
  c.a_rwnd = 65536;
  c.outbound_streams = 16;
  c.max_inbound_streams = 10;
  c.initial_tsn = Tsn(7000);
  c.parameter_bytes = params.range();
  return Packet("init-ack").add(c).finish();
}

BuiltPacket cookie_echo() {
  static const auto kCookie = pattern<44>(9);
  return Packet("cookie-echo")
      .add(CookieEchoChunk{bytes_of(kCookie)})
      .add(data_chunk(DataFlags::kBeginning | DataFlags::kEnding, 1000, 0, 0,
                      text("data bundled with the cookie")))
      .finish();
}

SackChunk sack_chunk() {
  static constexpr GapAckBlock kGaps[] = {{2, 3}, {5, 5}};
  static constexpr DuplicateTsn kDups[] = {{Tsn(998)}, {Tsn(999)}};
  SackChunk s;
  s.cumulative_tsn_ack = Tsn(1000);
  s.a_rwnd = 65536;
  s.gap_blocks = list(kGaps);
  s.duplicate_tsns = list(kDups);
  return s;
}

BuiltPacket cookie_ack() {
  return Packet("cookie-ack").add(CookieAckChunk{}).add(sack_chunk()).finish();
}

BuiltPacket sack() { return Packet("sack").add(sack_chunk()).finish(); }

BuiltPacket nr_sack() {
  static constexpr GapAckBlock kGaps[] = {{2, 3}};
  static constexpr GapAckBlock kNrGaps[] = {{5, 6}, {8, 8}};
  static constexpr DuplicateTsn kDups[] = {{Tsn(999)}};
  NrSackChunk s;
  s.cumulative_tsn_ack = Tsn(1000);
  s.a_rwnd = 65536;
  s.gap_blocks = list(kGaps);
  s.nr_gap_blocks = list(kNrGaps);
  s.duplicate_tsns = list(kDups);
  return Packet("nr-sack").add(s).finish();
}

template <class C>
BuiltPacket heartbeat(const char* name, bool with_pad) {
  static const auto kInfo = pattern<20>(5);
  static const std::array<std::byte, 64> kZeros{};
  TlvList params;
  params.add(HeartbeatInfoParameter{bytes_of(kInfo)});
  Packet p(name);
  p.add(C{params.range()});
  if (with_pad) p.add(PadChunk{bytes_of(kZeros)});  // RFC 4820: a PMTU probe
  return p.finish();
}

BuiltPacket abort_with_causes() {
  TlvList causes;
  causes.add(UserInitiatedAbortCause{text("application closed")})
      .add(ProtocolViolationCause{text("unexpected chunk")});
  AbortChunk a;
  a.cause_bytes = causes.range();
  return Packet("abort").add(a).finish();
}

BuiltPacket abort_reflected() {
  TlvList causes;
  causes.add(InvalidStreamIdentifierCause{StreamId(77)});
  AbortChunk a;
  a.flags = AbortChunk::kTagReflected;
  a.cause_bytes = causes.range();
  return Packet("abort-tag-reflected").add(a).finish();
}

// The RFC 9260 causes that fit an ERROR.
BuiltPacket error_base() {
  static constexpr ParameterTypeRecord kMissing[] = {{ParameterType::kStateCookie}};
  static const std::array<std::byte, 8> kChunk = {std::byte{0xce}, std::byte{0}, std::byte{0},
                                                  std::byte{8},    std::byte{'a'}, std::byte{'b'},
                                                  std::byte{'c'},  std::byte{'d'}};
  static const auto kUnknownValue = pattern<4>(2);
  std::vector<std::byte> unknown(4 + kUnknownValue.size());
  write_tlv_header(unknown.data(), 0xc123, static_cast<uint16_t>(unknown.size()));
  std::memcpy(unknown.data() + 4, kUnknownValue.data(), kUnknownValue.size());
  auto address = tlv_bytes(Ipv4AddressParameter{ipv4(198, 51, 100, 7)});
  TlvList causes;
  causes.add(InvalidStreamIdentifierCause{StreamId(9)})
      .add(MissingMandatoryParameterCause{list(kMissing)})
      .add(StaleCookieCause{250000})
      .add(OutOfResourceCause{})
      .add(UnresolvableAddressCause{range_of(address)})
      .add(UnrecognizedChunkTypeCause{bytes_of(kChunk)})
      .add(InvalidMandatoryParameterCause{})
      .add(UnrecognizedParametersCause{range_of(unknown)})
      .add(NoUserDataCause{Tsn(1234)})
      .add(CookieReceivedWhileShuttingDownCause{})
      .add(RestartWithNewAddressesCause{range_of(address)});
  ErrorChunk e;
  e.cause_bytes = causes.range();
  return Packet("error").add(e).finish();
}

// The causes of the extensions: ASCONF (RFC 5061) and AUTH (RFC 4895).
BuiltPacket error_extensions() {
  auto request = tlv_bytes(DeleteIpAddressParameter{5, Ipv4AddressParameter{ipv4(192, 0, 2, 9)}});
  TlvList causes;
  causes.add(DeleteLastRemainingAddressCause{range_of(request)})
      .add(ResourceShortageCause{range_of(request)})
      .add(DeleteSourceAddressCause{range_of(request)})
      .add(IllegalAsconfAckCause{})
      .add(NoAuthorizationCause{range_of(request)})
      .add(UnsupportedHmacIdentifierCause{2});
  ErrorChunk e;
  e.cause_bytes = causes.range();
  return Packet("error-extensions").add(e).finish();
}

BuiltPacket shutdown() { return Packet("shutdown").add(ShutdownChunk{Tsn(1000)}).finish(); }
BuiltPacket shutdown_ack() { return Packet("shutdown-ack").add(ShutdownAckChunk{}).finish(); }
BuiltPacket shutdown_complete() {
  return Packet("shutdown-complete").add(ShutdownCompleteChunk{}).finish();
}

BuiltPacket ecne() { return Packet("ecne").add(EcneChunk{Tsn(1000), std::nullopt}).finish(); }
// The 12-byte form FreeBSD and usrsctp send.
BuiltPacket ecne_long() { return Packet("ecne-long").add(EcneChunk{Tsn(1000), 3}).finish(); }
BuiltPacket cwr() { return Packet("cwr").add(CwrChunk{Tsn(1000)}).finish(); }

BuiltPacket forward_tsn() {
  static constexpr ForwardTsnStream kStreams[] = {{StreamId(1), Ssn(7)}, {StreamId(2), Ssn(3)}};
  return Packet("forward-tsn").add(ForwardTsnChunk{Tsn(1010), list(kStreams)}).finish();
}

BuiltPacket i_forward_tsn() {
  static constexpr IForwardTsnStream kStreams[] = {{StreamId(1), false, Mid(4)},
                                                   {StreamId(2), true, Mid(9)}};
  return Packet("i-forward-tsn").add(IForwardTsnChunk{Tsn(1010), list(kStreams)}).finish();
}

AuthChunk auth_chunk() {
  static const auto kHmac = pattern<20>(11);  // SHA-1 length
  return AuthChunk{0, HmacIdRecord::kSha1, bytes_of(kHmac)};
}

BuiltPacket auth() {
  return Packet("auth")
      .add(auth_chunk())
      .add(data_chunk(DataFlags::kBeginning | DataFlags::kEnding, 1003, 0, 1,
                      text("authenticated data")))
      .finish();
}

BuiltPacket asconf() {
  TlvList params;
  params.add(Ipv4AddressParameter{ipv4(192, 0, 2, 1)})
      .add(AddIpAddressParameter{1, Ipv4AddressParameter{ipv4(192, 0, 2, 3)}})
      .add(DeleteIpAddressParameter{2, Ipv4AddressParameter{ipv4(192, 0, 2, 4)}})
      .add(SetPrimaryAddressParameter{3, Ipv6AddressParameter{ipv6_doc(3)}});
  return Packet("asconf").add(auth_chunk()).add(AsconfChunk{7, params.range()}).finish();
}

BuiltPacket asconf_ack() {
  auto request = tlv_bytes(DeleteIpAddressParameter{2, Ipv4AddressParameter{ipv4(192, 0, 2, 4)}});
  TlvList nested;
  nested.add(DeleteLastRemainingAddressCause{range_of(request)});
  TlvList params;
  params.add(SuccessIndicationParameter{1})
      .add(ErrorCauseIndicationParameter{2, nested.padded_range()})
      .add(SuccessIndicationParameter{3});
  return Packet("asconf-ack").add(auth_chunk()).add(AsconfAckChunk{7, params.range()}).finish();
}

template <class... Params>
BuiltPacket reconfig(const char* name, const Params&... p) {
  TlvList params;
  (params.add(p), ...);
  return Packet(name).add(ReconfigChunk{params.range()}).finish();
}

std::vector<BuiltPacket> reconfigs() {
  using Sn = ReconfigRequestSn;
  static constexpr StreamIdRecord kOut[] = {{StreamId(1)}, {StreamId(2)}};
  static constexpr StreamIdRecord kIn[] = {{StreamId(3)}};
  ReconfigurationResponseParameter performed{Sn(200), ReconfigResult::kSuccessPerformed, std::nullopt};
  ReconfigurationResponseParameter with_tsns{Sn(102), ReconfigResult::kSuccessPerformed,
                                    ReconfigurationResponseParameter::NextTsns{Tsn(5000), Tsn(6000)}};
  ReconfigurationResponseParameter in_progress{Sn(201), ReconfigResult::kInProgress, std::nullopt};
  return {
      reconfig("reconfig-reset-streams", OutgoingSsnResetRequestParameter{Sn(100), Sn(200), Tsn(999), list(kOut)},
               IncomingSsnResetRequestParameter{Sn(101), list(kIn)}),
      reconfig("reconfig-reset-all", OutgoingSsnResetRequestParameter{Sn(103), Sn(200), Tsn(999), {}}),
      reconfig("reconfig-ssn-tsn", SsnTsnResetRequestParameter{Sn(102)}),
      reconfig("reconfig-responses", performed, in_progress),
      reconfig("reconfig-response-tsns", with_tsns),
      reconfig("reconfig-add-streams", AddOutgoingStreamsRequestParameter{Sn(104), 2},
               AddIncomingStreamsRequestParameter{Sn(105), 3}),
  };
}

}  // namespace

std::vector<BuiltPacket> built_packets() {
  std::vector<BuiltPacket> out = {
      data(),
      idata(),
      init(),
      init_ack(),
      cookie_echo(),
      cookie_ack(),
      sack(),
      nr_sack(),
      heartbeat<HeartbeatChunk>("heartbeat", false),
      heartbeat<HeartbeatAckChunk>("heartbeat-ack", false),
      heartbeat<HeartbeatChunk>("heartbeat-pad", true),
      abort_with_causes(),
      abort_reflected(),
      error_base(),
      error_extensions(),
      shutdown(),
      shutdown_ack(),
      shutdown_complete(),
      ecne(),
      ecne_long(),
      cwr(),
      forward_tsn(),
      i_forward_tsn(),
      auth(),
      asconf(),
      asconf_ack(),
  };
  for (BuiltPacket& p : reconfigs()) out.push_back(std::move(p));
  return out;
}

}  // namespace dsctp::interop
