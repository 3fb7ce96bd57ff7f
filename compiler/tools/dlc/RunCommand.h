//===- RunCommand.h - `dlc run`: run a compiled model once -------*- C++
//-*-===//
//
// `dlc run model.so [--input NAME=FILE]... [--output-dir DIR] [--seed N]`
// loads a model.so through the runtime (dlcrt), feeds it tensors read from
// files or seeded random data, runs it once and summarizes each output.
//
// Built into the static library DLCRunCommand (compiler/lib/Support), which
// depends on DLCSupport and dlcrt but not on MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_RUNCOMMAND_H
#define DLC_TOOLS_DLC_RUNCOMMAND_H

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace dlc::support {
struct HostTensor;
} // namespace dlc::support

namespace dlc::tools {

/// Exit codes of `dlc run`.
enum RunExitCode {
  RunOk = 0,
  RunError = 1, ///< unreadable file, bad input, model load or run failure
  RunUsage = 2, ///< bad command line
};

/// Entry point the `dlc` driver dispatches `dlc run ...` to. argv[0] names
/// the command in messages ("dlc run"); the arguments follow it.
int runCommandMain(int argc, char **argv);

/// The same with explicit streams, for tests: `args` excludes the command
/// name, which is `prog`. The summary goes to `out`, errors to `err`.
int runCommand(const std::string &prog, const std::vector<std::string> &args,
               std::ostream &out, std::ostream &err);

/// Fills `tensor` with the seeded random data `dlc run` feeds an input that
/// is not given (floats uniform in [-1, 1), integers in [0, 10), bools 0 or
/// 1); it depends only on `seed` and the input's position `index`. `dlc
/// bench` uses it too, so both see the same inputs for the same seed.
void fillRandomInput(support::HostTensor &tensor, uint64_t seed, size_t index);

/// Turns a tensor name into a file name: characters other than
/// [A-Za-z0-9._-] become '_'; an empty name, "." and ".." become "_", "_.",
/// "_..". Exposed for tests.
std::string sanitizeFileName(const std::string &name);

} // namespace dlc::tools

#endif // DLC_TOOLS_DLC_RUNCOMMAND_H
