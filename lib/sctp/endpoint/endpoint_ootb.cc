// Out-of-the-blue packets (RFC 9260 8.4): packets that belong to no
// association and are no INIT or COOKIE ECHO, and the replies the endpoint
// sends without an association.
#include <array>
#include <cstring>

#include "sctp/endpoint/endpoint.h"
#include "sctp/wire/causes/decoded_causes.h"
#include "sctp/wire/chunks/abort_error.h"
#include "sctp/wire/chunks/shutdown.h"

namespace dsctp::sctp {
namespace {

struct SerializedChunks {
  std::span<const std::byte> bytes;
  uint32_t serialized_size() const { return static_cast<uint32_t>(bytes.size()); }
  void serialize(std::byte* out) const { std::memcpy(out, bytes.data(), bytes.size()); }
};

}  // namespace

void Endpoint::send_reply(const IpAddress& destination, uint16_t local_port, uint16_t peer_port,
                          VerificationTag tag, std::span<const std::byte> chunks) {
  wire::CommonHeader header;
  header.source_port = local_port;
  header.destination_port = peer_port;
  header.verification_tag = tag;
  uint32_t mtu = config_.association.path.path.mtu;
  uint32_t budget = mtu > config_.association.lower_layer_overhead
                        ? mtu - config_.association.lower_layer_overhead
                        : 0;
  wire::PacketBuilder b(std::span<std::byte>(reply_buffer_).first(std::min<size_t>(budget, reply_buffer_.size())),
                        header);
  if (!b.add(SerializedChunks{chunks})) return;
  sink_.send_packet(destination, b.finish(config_.association.checksum_offload
                                               ? wire::ChecksumMode::kLeaveZero
                                               : wire::ChecksumMode::kCompute));
}

void Endpoint::send_abort_reply(const IpAddress& destination, const wire::PacketView& packet,
                                VerificationTag tag, bool reflected,
                                std::span<const std::byte> causes) {
  wire::AbortChunk abort;
  abort.flags = reflected ? wire::AbortChunk::kTagReflected : 0;
  abort.cause_bytes = ByteRange(causes);
  std::vector<std::byte> bytes(abort.serialized_size());
  abort.serialize(bytes.data());
  ++stats_.aborts_sent;
  send_reply(destination, packet, tag, bytes);
}

void Endpoint::handle_out_of_the_blue(const IpAddress& source, const wire::PacketView& packet) {
  ++stats_.out_of_the_blue;
  wire::ChunkReader reader = packet.chunk_reader();
  wire::RawChunk c;
  bool first = true;
  bool shutdown_ack = false;
  while (reader.next(c)) {
    switch (c.chunk_type()) {
      case wire::ChunkType::kAbort:             // 8.4 step 2
      case wire::ChunkType::kShutdownComplete:  // step 6
      case wire::ChunkType::kCookieAck:         // step 7
        return;
      case wire::ChunkType::kError: {
        // Step 7: a "Stale Cookie" ERROR is discarded.
        auto e = wire::ErrorChunk::parse(c);
        wire::RawParameter cause;
        if (e && e.value().causes().next(cause) &&
            cause.cause_code() == wire::CauseCode::kStaleCookie) {
          return;
        }
        break;
      }
      case wire::ChunkType::kShutdownAck:
        shutdown_ack = shutdown_ack || first;
        break;
      default:
        break;
    }
    first = false;
  }
  if (reader.error()) return;  // malformed: no answer
  if (shutdown_ack) {
    // Step 5: SHUTDOWN COMPLETE with the T bit, the packet's tag reflected.
    std::array<std::byte, 4> chunk{};
    wire::ShutdownCompleteChunk{wire::ShutdownCompleteChunk::kTagReflected}.serialize(chunk.data());
    send_reply(source, packet, packet.header.verification_tag, chunk);
    return;
  }
  // Step 8: ABORT with the T bit, the packet's tag reflected. (A rate limit
  // on these replies belongs to the runtime, which sees the packet rate.)
  send_abort_reply(source, packet, packet.header.verification_tag, true, {});
}

}  // namespace dsctp::sctp
