#include "rt/log.h"

#include <array>
#include <cstdarg>
#include <cstdio>

namespace dsctp::rt {
namespace {

constexpr std::array<const char*, 3> kTypeNames = {"dsctp.rt", "dsctp.net", "dsctp.sctp"};

uint32_t register_type(const char* name) {
  int id = rte_log_register_type_and_pick_level(name, RTE_LOG_INFO);
  // Only a full type table refuses: the lines still go out, under USER1.
  return id < 0 ? RTE_LOGTYPE_USER1 : static_cast<uint32_t>(id);
}

}  // namespace

uint32_t log_type_id(LogType type) {
  static const std::array<uint32_t, kTypeNames.size()> ids = {
      register_type(kTypeNames[0]), register_type(kTypeNames[1]), register_type(kTypeNames[2])};
  return ids[static_cast<size_t>(type)];
}

void log_line(LogType type, uint32_t level, const char* format, ...) {
  const uint32_t id = log_type_id(type);
  if (!rte_log_can_log(id, level)) return;
  std::array<char, 512> text;
  va_list ap;
  va_start(ap, format);
  std::vsnprintf(text.data(), text.size(), format, ap);
  va_end(ap);
  // One rte_log call per line: lines from two lcores never interleave.
  rte_log(level, id, "%s: %s\n", kTypeNames[static_cast<size_t>(type)], text.data());
}

}  // namespace dsctp::rt
