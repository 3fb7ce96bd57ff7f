//===- GraphReport.h - dlc --report=graph -----------------------*- C++ -*-===//
//
// What the graph-level passes did to a model: dlc op counts after each pass,
// the fusions made per kind, and the activation memory plan.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_GRAPHREPORT_H
#define DLC_TOOLS_DLC_GRAPHREPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassInstrumentation.h"

#include <map>
#include <string>
#include <vector>

namespace mlir::dlc {

class GraphReport {
public:
  /// Records the op counts of the module as imported.
  void recordImport(ModuleOp module);
  /// Records the passes' effects; add to the PassManager before running.
  std::unique_ptr<PassInstrumentation> createInstrumentation();
  /// Records what is only known at the end (fusions by kind, memory plan).
  void recordFinal(ModuleOp module);

  void printText(llvm::raw_ostream &os, llvm::StringRef modelPath) const;
  void printJson(llvm::raw_ostream &os, llvm::StringRef modelPath) const;

private:
  struct Snapshot {
    std::string pass;
    std::map<std::string, int64_t> opCounts; // dlc op name -> count
    int64_t total = 0;
  };
  friend class GraphReportInstrumentation;
  void recordSnapshot(llvm::StringRef pass, ModuleOp module);

  std::vector<Snapshot> snapshots;
  /// What the graph passes recorded in `dlc.graph_rewrites`.
  std::map<std::string, int64_t> rewrites;
  std::optional<uint64_t> workspaceBytes, naiveBytes, plannedBuffers,
      unplannedAllocs;
  bool loweredPastGraph = false;
};

} // namespace mlir::dlc

#endif // DLC_TOOLS_DLC_GRAPHREPORT_H
