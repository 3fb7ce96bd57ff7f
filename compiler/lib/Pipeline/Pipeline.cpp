//===- Pipeline.cpp - The dlc compilation pipeline ------------------------===//
//
// dlc (graph) -> linalg on tensors -> bufferized memrefs -> loops -> LLVM.
// Passes are named by their textual pipeline form so that --dump-ir file
// names, --mlir-print-ir-after-all and `dlc-opt` all speak the same names.
//
//===----------------------------------------------------------------------===//

#include "dlc/Pipeline/Pipeline.h"

#include "dlc/Codegen/Passes.h"
#include "dlc/Conversion/Passes.h"
#include "dlc/Dialect/BufferizableOpInterfaceImpl.h"
#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Transforms/Passes.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

std::vector<std::string>
mlir::dlc::getLoweringPipeline(const PipelineOptions &options) {
  std::vector<std::string> passes;
  bool optimize = options.optLevel > 0;
  if (optimize) {
    // Graph level: fold what is constant, fuse what follows a conv/gemm.
    passes.insert(passes.end(),
                  {"canonicalize", "cse", "dlc-fold-constants",
                   "dlc-fold-pad-into-window",
                   "dlc-fold-batch-norm", "dlc-fuse-residual-add",
                   "dlc-fuse-activation", "canonicalize"});
  }
  // Per conv layer: which kernel computes it. At -O0 every conv is the
  // reference loop nest, unless an algorithm is asked for.
  if (optimize || !options.convAlgo.empty() || !options.algoConfig.empty()) {
    std::string select = "dlc-select-conv-algo{vector-bits=" +
                         std::to_string(options.vectorBits);
    if (!options.convAlgo.empty() || !options.algoConfig.empty())
      select += " conv-algo=" + options.convAlgo +
                " algo-config=" + options.algoConfig;
    passes.push_back(select + "}");
  }
  if (options.profile)
    passes.push_back("dlc-instrument-layers");
  passes.push_back("convert-dlc-to-linalg");
  if (optimize) {
    passes.push_back("canonicalize");
    passes.push_back("cse");
  }
  if (options.optLevel >= 2 && !options.profile)
    passes.push_back("linalg-fuse-elementwise-ops");
  // Values that end up in a slice of another (concat inputs) are computed
  // in that slice instead of a buffer of their own; first make concats that
  // extend others (DenseNet) one buffer, let element-wise ops overwrite
  // their dying input, and undo CSE's sharing of destination tensors,
  // which would force copies.
  if (optimize) {
    passes.push_back("dlc-share-concat-prefixes");
    passes.push_back("dlc-elementwise-in-place");
    passes.push_back("dlc-unshare-destinations");
    passes.push_back("eliminate-empty-tensors");
  }
  passes.insert(
      passes.end(),
      {
          "one-shot-bufferize{bufferize-function-boundaries "
          "function-boundary-type-conversion=identity-layout-map}",
          // Outputs become caller-provided buffers (the model.so ABI).
          "buffer-results-to-out-params{modify-public-functions "
          "hoist-static-allocs}",
      });
  // Every static buffer of @main becomes a view of the workspace: nothing
  // left to free, no malloc at run time. Before deallocation, which then
  // only sees what could not be planned.
  if (optimize)
    passes.push_back("dlc-plan-memory");
  passes.insert(
      passes.end(),
      {
          "buffer-deallocation-pipeline",
          // The kernels of the conv layers, as loops over vector code (after
          // deallocation, which does not know their stack save/restore).
          "dlc-lower-conv-kernels{vector-bits=" +
              std::to_string(options.vectorBits) + "}",
          // Strided copies (padding, slices) have no LLVM lowering of their
          // own: make them loops.
          "dlc-lower-strided-copies",
      });
  // Element-wise ops on strided views (pooling windows, padding) as vector
  // code: LLVM leaves most of them scalar.
  if (optimize)
    passes.push_back("dlc-vectorize-strided-elementwise");
  // At -O1 and up, the parallel dims of linalg ops become scf.parallel and
  // the outermost worthwhile parallel loops (the kernels' scf.forall too)
  // run on the runtime's thread pool; -O0 stays on one thread.
  if (optimize)
    passes.insert(passes.end(), {"convert-linalg-to-parallel-loops",
                                 "dlc-outline-parallel-loops"});
  else
    passes.push_back("convert-linalg-to-loops");
  passes.insert(
      passes.end(),
      {
          "lower-affine",
          "convert-scf-to-cf",
          "expand-strided-metadata",
          "convert-vector-to-llvm",
          "finalize-memref-to-llvm",
          "convert-math-to-llvm",
          "convert-math-to-libm",
          "convert-arith-to-llvm",
          // Bare pointers: the ABI wrapper passes plain buffers.
          "convert-func-to-llvm{use-bare-ptr-memref-call-conv}",
          "convert-cf-to-llvm",
          "convert-ub-to-llvm",
          "reconcile-unrealized-casts",
      });
  if (optimize)
    passes.push_back("canonicalize");
  llvm::erase_if(passes, [&](const std::string &pass) {
    return llvm::is_contained(options.disabledPasses, passName(pass));
  });
  return passes;
}

StringRef mlir::dlc::passName(StringRef pipelineEntry) {
  return pipelineEntry.take_until([](char c) { return c == '{'; });
}

std::vector<std::string> mlir::dlc::getOptionalPasses() {
  return {"canonicalize",
          "cse",
          "dlc-elementwise-in-place",
          "dlc-fold-batch-norm",
          "dlc-fold-constants",
          "dlc-fold-pad-into-window",
          "dlc-fuse-activation",
          "dlc-fuse-residual-add",
          "dlc-outline-parallel-loops",
          "dlc-plan-memory",
          "dlc-select-conv-algo",
          "dlc-share-concat-prefixes",
          "dlc-unshare-destinations",
          "dlc-vectorize-strided-elementwise",
          "eliminate-empty-tensors",
          "linalg-fuse-elementwise-ops"};
}

LogicalResult mlir::dlc::buildLoweringPipeline(OpPassManager &pm,
                                               const PipelineOptions &options) {
  for (const std::string &pass : getLoweringPipeline(options)) {
    std::string error;
    llvm::raw_string_ostream errorStream(error);
    if (failed(parsePassPipeline(pass, pm, errorStream))) {
      llvm::errs() << "dlc: internal error: bad pipeline entry '" << pass
                   << "': " << error << "\n";
      return failure();
    }
  }
  return success();
}

void mlir::dlc::registerCompilerDialects(DialectRegistry &registry) {
  registry.insert<DlcDialect>();
  registerBufferizableOpInterfaceExternalModels(registry);
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

void mlir::dlc::registerCompilerPasses() {
  registerDlcCodegenPasses();
  registerDlcConversionPasses();
  registerDlcTransformsPasses();
  registerTransformsPasses();
  registerConversionPasses();
  registerLinalgPasses();
  bufferization::registerBufferizationPasses();
  bufferization::registerBufferizationPipelines();
  memref::registerMemRefPasses();
  PassPipelineRegistration<>(
      "dlc-lower-to-llvm",
      "The whole dlc pipeline at -O2: dlc dialect down to the LLVM dialect",
      [](OpPassManager &pm) {
        (void)buildLoweringPipeline(pm, PipelineOptions{});
      });
}
