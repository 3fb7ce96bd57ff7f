//===- CheckReport.h - dlc --check ------------------------------*- C++ -*-===//
//
// Prints what checkOnnxModel found: the op types the model uses and whether
// dlc imports them, every node (and graph input) it cannot import with the
// reason, and the verdict with the exit code a compile would end with.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_CHECKREPORT_H
#define DLC_TOOLS_DLC_CHECKREPORT_H

#include "dlc/Frontend/OnnxCheck.h"

#include "llvm/Support/raw_ostream.h"

namespace mlir::dlc {

/// The exit code of `dlc --check` (and of a compile of the model): 0 when it
/// imports, 3 when it uses what dlc does not support, 1 when it is invalid.
int checkExitCode(const OnnxCheckReport &report);

void printCheckText(llvm::raw_ostream &os, const OnnxCheckReport &report,
                    llvm::StringRef modelPath);
void printCheckJson(llvm::raw_ostream &os, const OnnxCheckReport &report,
                    llvm::StringRef modelPath);

} // namespace mlir::dlc

#endif // DLC_TOOLS_DLC_CHECKREPORT_H
