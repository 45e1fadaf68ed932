#include "message_assembler.h"

namespace dsctp::apps::usrsctp_perf {

std::optional<std::span<const std::byte>> MessageAssembler::add(std::span<const std::byte> piece,
                                                                 bool last) {
  if (returned_) {
    pieces_.clear();
    returned_ = false;
  }
  if (last && pieces_.empty()) return piece;
  pieces_.insert(pieces_.end(), piece.begin(), piece.end());
  if (!last) return std::nullopt;
  returned_ = true;
  return std::span<const std::byte>(pieces_);
}

}  // namespace dsctp::apps::usrsctp_perf
