// The stack's rte_log types: "dsctp.rt" for the runtime (ports, engines),
// "dsctp.net" and "dsctp.sctp" for what the runtime has to say about the
// IP layer and the SCTP endpoint, which do no I/O and never log
// themselves. The EAL's `--log-level=dsctp.*:debug` (or one type's name)
// sets their levels; INFO otherwise.
#pragma once

#include <rte_log.h>

#include <cstdint>

namespace dsctp::rt {

enum class LogType : uint8_t { kRt, kNet, kSctp };

// The rte_log id of `type`. All three are registered together on first
// use, when the EAL has already read --log-level: the level it gives them
// is picked up then.
uint32_t log_type_id(LogType type);

// One line, prefixed with the type's name; the newline is added here.
[[gnu::format(printf, 3, 4)]] void log_line(LogType type, uint32_t level, const char* format,
                                            ...);

}  // namespace dsctp::rt

// DSCTP_LOG(INFO, kRt, "port %u started", id): the level is an rte_log
// level's short name (ERR, WARNING, NOTICE, INFO, DEBUG), the type a
// LogType enumerator.
#define DSCTP_LOG(level, type, ...) \
  ::dsctp::rt::log_line(::dsctp::rt::LogType::type, RTE_LOG_##level, __VA_ARGS__)
