// Starting, watching and stopping the processes of the embedded default:
// each pinned to one core, its output to a log file or to ours.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace dsctp::apps {

// Starts argv[0] with `argv`, pinned to `cpu`, stdout and stderr to
// `log_path` (empty: inherited). -1 when it cannot start.
pid_t spawn_pinned(const std::vector<std::string>& argv, int cpu, const std::string& log_path);

// Waits until `log_path` holds `text`; false if the process exits first or
// `timeout_ms` passes.
bool wait_for_text(pid_t pid, const std::string& log_path, const std::string& text,
                   int timeout_ms);

// The exit status (0-255), 128+signal if it died of one, or -1 when it had
// to be killed after `timeout_ms`.
int wait_exit(pid_t pid, int timeout_ms);

// SIGINT, then SIGKILL if it is still there after `grace_ms`.
void stop_child(pid_t pid, int grace_ms);

// The last lines of a log, for an error message.
std::string log_tail(const std::string& log_path, int lines);

// Removes the runtime directory EAL made for a child's --file-prefix
// (EAL leaves it behind when the process ends).
void remove_eal_runtime_dir(const std::string& file_prefix);

// The directory of this program's executable.
std::string own_directory();

}  // namespace dsctp::apps
