//===- OnnxImporter.h - ONNX protobuf to the dlc dialect --------*- C++ -*-===//
#ifndef DLC_FRONTEND_ONNXIMPORTER_H
#define DLC_FRONTEND_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace mlir::dlc {

struct OnnxImportOptions {
  /// Overrides of graph input shapes by input name (e.g. a symbolic batch).
  llvm::StringMap<std::vector<int64_t>> inputShapes;
};

enum class OnnxImportStatus {
  Success,
  /// The file is fine but uses ops, attributes or types dlc cannot compile.
  Unsupported,
  /// The file is unreadable, malformed or inconsistent.
  Invalid,
};

struct OnnxImportResult {
  OnnxImportStatus status = OnnxImportStatus::Invalid;
  OwningOpRef<ModuleOp> module;
};

/// Reads an ONNX model file, runs ONNX shape inference and builds a module
/// with one `func.func @main` on static tensors. Errors are reported as MLIR
/// diagnostics whose locations name the file and the ONNX node.
OnnxImportResult importOnnxModel(MLIRContext &context, llvm::StringRef path,
                                 const OnnxImportOptions &options = {});

/// Registers the dialects the importer produces ops of.
void registerOnnxImporterDialects(DialectRegistry &registry);

} // namespace mlir::dlc

#endif // DLC_FRONTEND_ONNXIMPORTER_H
