#include "children.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace dsctp::apps {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// -1 while running; the decoded status once it has exited.
int try_reap(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

}  // namespace

pid_t spawn_pinned(const std::vector<std::string>& argv, int cpu, const std::string& log_path) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof set, &set);
  if (!log_path.empty()) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

bool wait_for_text(pid_t pid, const std::string& log_path, const std::string& text,
                   int timeout_ms) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < end) {
    if (read_file(log_path).find(text) != std::string::npos) return true;
    if (kill(pid, 0) != 0) return false;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int wait_exit(pid_t pid, int timeout_ms) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < end) {
    int status = try_reap(pid);
    if (status >= 0) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

void stop_child(pid_t pid, int grace_ms) {
  if (pid <= 0) return;
  kill(pid, SIGINT);
  if (wait_exit(pid, grace_ms) == -1) return;  // killed by wait_exit
}

std::string log_tail(const std::string& log_path, int lines) {
  std::string text = read_file(log_path);
  size_t at = text.size();
  for (int i = 0; i <= lines && at != std::string::npos && at > 0; ++i) {
    at = text.rfind('\n', at - 1);
  }
  return at == std::string::npos ? text : text.substr(at + 1);
}

void remove_eal_runtime_dir(const std::string& file_prefix) {
  // Where EAL puts it: $RUNTIME_DIRECTORY, else /var/run for root, else
  // $XDG_RUNTIME_DIR or /tmp; then dpdk/<prefix>.
  std::string base;
  if (const char* r = std::getenv("RUNTIME_DIRECTORY")) base = r;
  if (base.empty()) {
    const char* xdg = std::getenv("XDG_RUNTIME_DIR");
    base = geteuid() == 0 ? "/var/run" : xdg != nullptr ? xdg : "/tmp";
  }
  std::error_code ignored;
  std::filesystem::remove_all(base + "/dpdk/" + file_prefix, ignored);
}

std::string own_directory() {
  char path[4096];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return ".";
  std::string s(path, static_cast<size_t>(n));
  return s.substr(0, s.rfind('/'));
}

}  // namespace dsctp::apps
