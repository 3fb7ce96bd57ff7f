//===- AlgoReport.h - dlc --report=algo -------------------------*- C++ -*-===//
//
// The convolution algorithm chosen for each conv layer, with the cost
// model's estimate for every candidate and the reason for the choice, as
// recorded by dlc-select-conv-algo in the module attribute dlc.algo_report.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_ALGOREPORT_H
#define DLC_TOOLS_DLC_ALGOREPORT_H

#include "mlir/IR/BuiltinOps.h"

namespace mlir::dlc {

void printAlgoReportText(ModuleOp module, llvm::raw_ostream &os,
                         llvm::StringRef modelPath);
void printAlgoReportJson(ModuleOp module, llvm::raw_ostream &os,
                         llvm::StringRef modelPath);

} // namespace mlir::dlc

#endif // DLC_TOOLS_DLC_ALGOREPORT_H
