//===- Diagnostics.h - Compiler-style error messages ------------*- C++ -*-===//
#ifndef DLC_TOOLS_DLC_DIAGNOSTICS_H
#define DLC_TOOLS_DLC_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"

namespace mlir::dlc {

/// Prints diagnostics as `model.onnx: node 'conv1': error: message`, reading
/// the node name and file from the NameLoc the ONNX importer attaches.
class CompilerDiagnosticHandler : public ScopedDiagnosticHandler {
public:
  explicit CompilerDiagnosticHandler(MLIRContext *context);
  unsigned getNumErrors() const { return numErrors; }

private:
  void print(Diagnostic &diag, llvm::raw_ostream &os);
  unsigned numErrors = 0;
};

} // namespace mlir::dlc

#endif // DLC_TOOLS_DLC_DIAGNOSTICS_H
