#include "delivery_check.h"

#include <map>

#include "base/bytes.h"

namespace dsctp::test {

std::vector<std::byte> message_bytes(uint32_t index, uint32_t size) {
  std::vector<std::byte> b = pattern(index, size);
  for (uint32_t i = 0; i < 4 && i < size; ++i) b[i] = static_cast<std::byte>(index >> (24 - 8 * i));
  return b;
}

bool send_message(sctp::Association& a, const SentMessage& m) {
  std::vector<std::byte> b = message_bytes(m.index, m.size);
  return a.send(sctp::StreamId(m.stream), sctp::Ppid(m.index), b,
                sctp::SendOptions{m.unordered}) == sctp::SendStatus::kOk;
}

std::string check_delivery(const std::vector<SentMessage>& sent,
                           const std::vector<Delivered>& delivered) {
  std::string problems;
  auto problem = [&](const std::string& p) {
    if (problems.size() < 600) problems += p + "; ";
  };
  std::map<uint32_t, const SentMessage*> by_index;
  for (const SentMessage& m : sent) by_index[m.index] = &m;
  std::map<uint32_t, int> seen;
  std::map<uint16_t, uint32_t> last_ordered;  // per stream, index + 1
  for (const Delivered& d : delivered) {
    auto it = by_index.find(d.ppid);
    if (it == by_index.end()) {
      problem("unknown message " + std::to_string(d.ppid));
      continue;
    }
    const SentMessage& m = *it->second;
    if (++seen[m.index] > 1) problem("message " + std::to_string(m.index) + " delivered twice");
    if (d.stream != m.stream || d.unordered != m.unordered) {
      problem("message " + std::to_string(m.index) + " on the wrong stream or flag");
    }
    if (d.bytes != message_bytes(m.index, m.size)) {
      problem("message " + std::to_string(m.index) + " corrupted (" +
              std::to_string(d.bytes.size()) + " of " + std::to_string(m.size) + " bytes)");
    }
    if (!m.unordered) {
      uint32_t& last = last_ordered[m.stream];
      if (last > m.index + 1) {
        problem("message " + std::to_string(m.index) + " out of order on stream " +
                std::to_string(m.stream));
      }
      last = m.index + 1;
    }
  }
  for (const SentMessage& m : sent) {
    if (seen[m.index] == 0) problem("message " + std::to_string(m.index) + " never delivered");
  }
  return problems;
}

}  // namespace dsctp::test
