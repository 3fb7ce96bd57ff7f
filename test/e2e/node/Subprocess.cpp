//===- Subprocess.cpp - Run a command with a timeout, capturing output ----===//

#include "Subprocess.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace dlc::nodetests {

std::string signalName(int signal) {
  switch (signal) {
  case SIGSEGV:
    return "SIGSEGV";
  case SIGABRT:
    return "SIGABRT";
  case SIGBUS:
    return "SIGBUS";
  case SIGFPE:
    return "SIGFPE";
  case SIGILL:
    return "SIGILL";
  case SIGKILL:
    return "SIGKILL";
  case SIGTERM:
    return "SIGTERM";
  case SIGINT:
    return "SIGINT";
  case SIGPIPE:
    return "SIGPIPE";
  case SIGTRAP:
    return "SIGTRAP";
  default:
    return "signal " + std::to_string(signal);
  }
}

std::string ProcessResult::describe(double timeoutSeconds) const {
  switch (status) {
  case Status::Exited:
    return "exited with " + std::to_string(exitCode);
  case Status::Signaled:
    return "killed by " + signalName(signal);
  case Status::TimedOut: {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "timed out after %g s", timeoutSeconds);
    return buf;
  }
  case Status::SpawnFailed:
    return "could not be started: " + spawnError;
  }
  return "?";
}

namespace {

/// Closes the descriptors it holds when it goes out of scope.
struct Fds {
  int fds[4] = {-1, -1, -1, -1}; // out read/write, err read/write
  ~Fds() {
    for (int fd : fds)
      if (fd >= 0)
        close(fd);
  }
  void closeFd(int i) {
    if (fds[i] >= 0)
      close(fds[i]);
    fds[i] = -1;
  }
};

/// Reads what is available from `fd` into `buffer`, up to `limit` bytes kept.
/// Returns false at end of file or on an error.
bool drain(int fd, std::string &buffer, bool &truncated, size_t limit) {
  char chunk[65536];
  while (true) {
    ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n > 0) {
      size_t keep = std::min(size_t(n), limit - std::min(limit, buffer.size()));
      buffer.append(chunk, keep);
      if (keep < size_t(n))
        truncated = true;
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return true;
    return false; // EOF or error
  }
}

} // namespace

ProcessResult runProcess(const std::vector<std::string> &argv,
                         double timeoutSeconds, size_t captureLimit) {
  ProcessResult result;
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  };
  if (argv.empty()) {
    result.spawnError = "empty command";
    return result;
  }

  Fds fds;
  if (pipe2(fds.fds, O_CLOEXEC) != 0 || pipe2(fds.fds + 2, O_CLOEXEC) != 0) {
    result.spawnError = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  for (int i : {0, 2})
    fcntl(fds.fds[i], F_SETFL, fcntl(fds.fds[i], F_GETFL) | O_NONBLOCK);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds.fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds.fds[3], 2);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so a timeout kills whatever it started too; a
  // clean signal mask and default handlers whatever this process has.
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
                                      POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);

  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);

  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    result.spawnError = argv[0] + ": " + std::strerror(rc);
    result.seconds = elapsed();
    return result;
  }
  fds.closeFd(1);
  fds.closeFd(3);

  bool outOpen = true, errOpen = true, exited = false, timedOut = false;
  int status = 0;
  while (true) {
    if (!exited) {
      pid_t w = waitpid(pid, &status, WNOHANG);
      if (w == pid)
        exited = true;
    }
    // Once the command has exited, take what is left in the pipes and stop,
    // even if something it started still holds them open.
    if (exited || (!outOpen && !errOpen)) {
      if (outOpen)
        drain(fds.fds[0], result.out, result.outTruncated, captureLimit);
      if (errOpen)
        drain(fds.fds[2], result.err, result.errTruncated, captureLimit);
      if (exited)
        break;
    }
    double remaining = timeoutSeconds > 0 ? timeoutSeconds - elapsed() : 1e9;
    if (remaining <= 0) {
      timedOut = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      if (outOpen)
        drain(fds.fds[0], result.out, result.outTruncated, captureLimit);
      if (errOpen)
        drain(fds.fds[2], result.err, result.errTruncated, captureLimit);
      break;
    }
    // Wake up at least every 50 ms to notice an exit while pipes stay open.
    int waitMs = int(std::min(remaining * 1000.0, 50.0)) + 1;
    pollfd pfds[2];
    int n = 0;
    if (outOpen)
      pfds[n++] = {fds.fds[0], POLLIN, 0};
    if (errOpen)
      pfds[n++] = {fds.fds[2], POLLIN, 0};
    if (n == 0) {
      // Both pipes closed but the command has not exited yet.
      usleep(useconds_t(std::min(waitMs, 20)) * 1000);
      continue;
    }
    if (poll(pfds, nfds_t(n), waitMs) < 0 && errno != EINTR)
      usleep(1000); // should not happen; keep waiting for the child
    if (outOpen &&
        !drain(fds.fds[0], result.out, result.outTruncated, captureLimit))
      outOpen = false;
    if (errOpen &&
        !drain(fds.fds[2], result.err, result.errTruncated, captureLimit))
      errOpen = false;
  }

  result.seconds = elapsed();
  if (timedOut) {
    result.status = ProcessResult::Status::TimedOut;
  } else if (WIFEXITED(status)) {
    result.status = ProcessResult::Status::Exited;
    result.exitCode = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.status = ProcessResult::Status::Signaled;
    result.signal = WTERMSIG(status);
  } else {
    result.status = ProcessResult::Status::SpawnFailed;
    result.spawnError = "unexpected wait status " + std::to_string(status);
  }
  return result;
}

} // namespace dlc::nodetests
