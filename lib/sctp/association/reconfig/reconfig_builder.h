// One RE-CONFIG chunk (RFC 6525 3.1) of up to two parameters, built in
// place: what association_reconfig*.cc send. Private to association/.
#pragma once

#include <array>
#include <cstdint>

#include "sctp/association/association.h"
#include "sctp/wire/chunks/reconfig.h"
#include "sctp/wire/reconfig/all.h"

namespace dsctp::sctp {

class ReconfigBuilder {
 public:
  // The largest chunk we build: a reset request listing the most streams.
  static constexpr uint32_t kMaxSize =
      wire::ReconfigChunk::kHeaderSize + wire::OutgoingSsnResetRequestParameter::kFixedSize +
      2 * Association::kMaxResetStreams;

  bool add(const wire::AnyReconfigParameter& p) { return wire::add_to(writer_, p); }
  wire::ReconfigChunk chunk() const { return wire::ReconfigChunk{writer_.range()}; }

 private:
  std::array<std::byte, kMaxSize> buffer_{};
  wire::TlvWriter writer_{buffer_};
};

}  // namespace dsctp::sctp
