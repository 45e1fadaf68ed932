#include "sctp/association/extensions.h"

#include <array>

#include "sctp/wire/parameters/extensions.h"

namespace dsctp::sctp {

Extensions peer_extensions(wire::ParameterReader params) {
  Extensions e;
  bool forward_tsn_listed = false;
  bool iforward_tsn_listed = false;
  wire::RawParameter p;
  while (params.next(p)) {
    switch (p.parameter_type()) {
      case wire::ParameterType::kForwardTsnSupported:
        e.partial_reliability = true;
        break;
      case wire::ParameterType::kSupportedExtensions:
        if (auto s = wire::SupportedExtensionsParameter::parse(p)) {
          const auto& list = s.value();
          forward_tsn_listed = forward_tsn_listed || list.contains(wire::ChunkType::kForwardTsn);
          iforward_tsn_listed =
              iforward_tsn_listed || list.contains(wire::ChunkType::kIForwardTsn);
          e.interleaving = e.interleaving || list.contains(wire::ChunkType::kIData);
          e.stream_reconfig = e.stream_reconfig || list.contains(wire::ChunkType::kReconfig);
        }
        break;
      case wire::ParameterType::kZeroChecksumAcceptable:
        if (auto z = wire::ZeroChecksumAcceptableParameter::parse(p)) {
          e.zero_checksum_edmid = z.value().error_detection_method;
        }
        break;
      default:
        break;
    }
  }
  e.partial_reliability = e.partial_reliability || forward_tsn_listed;
  // RFC 8260 2.3.1: with I-DATA, abandoning messages needs I-FORWARD-TSN;
  // a peer that offers I-DATA and FORWARD-TSN but not I-FORWARD-TSN cannot
  // use PR-SCTP with interleaving.
  if (e.interleaving && e.partial_reliability && !iforward_tsn_listed) {
    e.partial_reliability = false;
  }
  return e;
}

Extensions negotiate(const Extensions& ours, const Extensions& peer) {
  Extensions e;
  e.interleaving = ours.interleaving && peer.interleaving;
  // peer_extensions() already took PR-SCTP away from a peer that
  // interleaves without I-FORWARD-TSN; ours lists it whenever it can.
  e.partial_reliability = ours.partial_reliability && peer.partial_reliability;
  e.stream_reconfig = ours.stream_reconfig && peer.stream_reconfig;
  // RFC 9653 5.1: both must name the same method.
  if (ours.zero_checksum() && ours.zero_checksum_edmid == peer.zero_checksum_edmid) {
    e.zero_checksum_edmid = ours.zero_checksum_edmid;
  }
  return e;
}

bool add_extension_parameters(wire::TlvWriter& w, const Extensions& ours) {
  std::array<wire::ChunkTypeRecord, 4> types{};
  size_t n = 0;
  if (ours.partial_reliability) types[n++].type = wire::ChunkType::kForwardTsn;
  if (ours.interleaving) types[n++].type = wire::ChunkType::kIData;
  // RFC 8260 2.3.1: PR-SCTP with I-DATA abandons messages by MID.
  if (ours.interleaving && ours.partial_reliability) {
    types[n++].type = wire::ChunkType::kIForwardTsn;
  }
  if (ours.stream_reconfig) types[n++].type = wire::ChunkType::kReconfig;
  bool ok = true;
  if (n > 0) {
    wire::SupportedExtensionsParameter list;
    list.chunk_types = wire::RecordList<wire::ChunkTypeRecord>(
        std::span<const wire::ChunkTypeRecord>(types.data(), n));
    ok = w.add(list);
  }
  if (ours.partial_reliability) ok = ok && w.add(wire::ForwardTsnSupportedParameter{});
  if (ours.zero_checksum()) {
    ok = ok && w.add(wire::ZeroChecksumAcceptableParameter{ours.zero_checksum_edmid});
  }
  return ok;
}

}  // namespace dsctp::sctp
