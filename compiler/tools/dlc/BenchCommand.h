//===- BenchCommand.h - `dlc bench`: time a compiled model ------*- C++ -*-===//
//
// `dlc bench model.so [--warmup N] [--runs N | --min-time S] [--threads N]
// [--per-layer] [--json]` runs a model.so through the runtime (dlcrt) on
// seeded random inputs and reports its latency distribution and throughput;
// with --per-layer, a model compiled with `dlc --profile` also gets a table
// of its layers by time, GFLOP/s and % of the machine's measured peak.
// `dlc bench --peak` measures that peak.
//
// Built into the static library DLCBenchCommand (compiler/lib/Support),
// which depends on DLCRunCommand, DLCSupport and dlcrt but not on MLIR or
// LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_BENCHCOMMAND_H
#define DLC_TOOLS_DLC_BENCHCOMMAND_H

#include <iosfwd>
#include <string>
#include <vector>

namespace dlc::tools {

/// Entry point the `dlc` driver dispatches `dlc bench ...` to. argv[0] names
/// the command in messages ("dlc bench"); the arguments follow it. Exit
/// codes are those of `dlc run` (RunExitCode).
int benchCommandMain(int argc, char **argv);

/// The same with explicit streams, for tests: `args` excludes the command
/// name, which is `prog`. The report goes to `out`, errors to `err`.
int benchCommand(const std::string &prog, const std::vector<std::string> &args,
                 std::ostream &out, std::ostream &err);

/// Latency statistics of a set of run times, in milliseconds.
struct LatencyStats {
  size_t runs = 0;
  double minMs = 0, medianMs = 0, meanMs = 0, p90Ms = 0, maxMs = 0;
  double stddevMs = 0;
};

/// min, median (mean of the middle two for an even count), mean, p90
/// (nearest rank: the ceil(0.9 n)-th smallest), max and the sample standard
/// deviation of `ms`. Exposed for tests.
LatencyStats computeLatencyStats(std::vector<double> ms);

/// `text` as a JSON string literal, quotes included. Exposed for tests.
std::string jsonString(const std::string &text);

} // namespace dlc::tools

#endif // DLC_TOOLS_DLC_BENCHCOMMAND_H
