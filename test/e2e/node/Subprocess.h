//===- Subprocess.h - Run a command with a timeout, capturing output ------===//
//
// Spawns a command in its own process group with posix_spawn (stdin from
// /dev/null, stdout and stderr captured through pipes), and kills the whole
// group if it outlives its time limit. Safe to call from several threads.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TEST_E2E_NODE_SUBPROCESS_H
#define DLC_TEST_E2E_NODE_SUBPROCESS_H

#include <cstddef>
#include <string>
#include <vector>

namespace dlc::nodetests {

struct ProcessResult {
  enum class Status {
    Exited,      ///< exited normally; see exitCode
    Signaled,    ///< killed by a signal; see signal
    TimedOut,    ///< still running at the time limit, then killed
    SpawnFailed, ///< could not be started; see spawnError
  };
  Status status = Status::SpawnFailed;
  int exitCode = -1;
  int signal = 0;
  std::string out, err; ///< captured output, each cut at the capture limit
  bool outTruncated = false, errTruncated = false;
  double seconds = 0; ///< wall time
  std::string spawnError;

  bool exitedWith(int code) const {
    return status == Status::Exited && exitCode == code;
  }
  /// "exited with 1", "killed by SIGSEGV", "timed out after 10 s", ...
  std::string describe(double timeoutSeconds) const;
};

/// Runs `argv` (argv[0] is looked up in PATH if it has no '/') for at most
/// `timeoutSeconds` (<= 0: no limit), keeping up to `captureLimit` bytes of
/// each output stream.
ProcessResult runProcess(const std::vector<std::string> &argv,
                         double timeoutSeconds,
                         size_t captureLimit = size_t(1) << 20);

/// "SIGSEGV" for 11, "signal 99" for an unknown number.
std::string signalName(int signal);

} // namespace dlc::nodetests

#endif // DLC_TEST_E2E_NODE_SUBPROCESS_H
