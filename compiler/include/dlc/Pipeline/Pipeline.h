//===- Pipeline.h - The dlc compilation pipeline ----------------*- C++ -*-===//
#ifndef DLC_PIPELINE_PIPELINE_H
#define DLC_PIPELINE_PIPELINE_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::dlc {

struct PipelineOptions {
  /// 0 runs no optimisation; 1..3 enable graph clean-ups and fusion.
  unsigned optLevel = 2;
  /// dlc --profile: time every layer (dlc-instrument-layers) and keep layers
  /// apart (no element-wise fusion across them).
  bool profile = false;
  /// Pass names (as in --dump-ir) left out of the pipeline; only names from
  /// getOptionalPasses() may be given.
  std::vector<std::string> disabledPasses;
  /// dlc --conv-algo: the convolution algorithm to use wherever it applies
  /// ("" lets the cost model choose).
  std::string convAlgo;
  /// dlc --algo-config: a JSON file {"<ONNX node>": "<algo>"}.
  std::string algoConfig;
  /// The target's vector register width in bits (256: AVX2, 512: AVX-512):
  /// it sets the register tiles of some conv kernels, and the cost model
  /// counts those tiles. The driver takes it from the target machine.
  int64_t vectorBits = 256;
};

/// The passes --disable-pass accepts: the ones that only optimise.
std::vector<std::string> getOptionalPasses();

/// The pass name of a pipeline entry ("one-shot-bufferize{...}" ->
/// "one-shot-bufferize").
StringRef passName(StringRef pipelineEntry);

/// Adds every pass from the imported dlc module down to the LLVM dialect,
/// in order. This is the one place the pass order is written down.
LogicalResult buildLoweringPipeline(OpPassManager &pm,
                                    const PipelineOptions &options);

/// The textual form of the pipeline (one entry per pass), for --help and
/// for reproducing a compile with dlc-opt.
std::vector<std::string> getLoweringPipeline(const PipelineOptions &options);

/// Registers every dialect, pass and translation the pipeline needs.
void registerCompilerDialects(DialectRegistry &registry);
void registerCompilerPasses();

} // namespace mlir::dlc

#endif // DLC_PIPELINE_PIPELINE_H
