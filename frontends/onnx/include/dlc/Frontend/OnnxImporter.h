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

/// A fixed value for a graph input (dlc --const-input).
struct OnnxConstantInput {
  /// The ONNX TensorProto data type (1 float, 7 int64, 9 bool, ...).
  int32_t dataType = 0;
  std::vector<int64_t> dims;
  /// The elements, row-major, little-endian.
  std::string rawData;
};

struct OnnxImportOptions {
  /// Overrides of graph input shapes by input name (e.g. a symbolic batch).
  llvm::StringMap<std::vector<int64_t>> inputShapes;
  /// Graph inputs that become constants (initializers), by name: what ops
  /// read only as constants (shapes, axes, Resize scales, Clip bounds) can
  /// then come from a graph input.
  llvm::StringMap<OnnxConstantInput> constantInputs;
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

/// Reads an ONNX model file, applies `options.inputShapes`, runs ONNX shape
/// inference and builds the module the compiler takes:
///
///   module attributes {dlc.model_name = "<graph name>", dlc.source = "<path>"}
///     func.func @main(<graph inputs that are not initializers, in order>)
///         -> (<graph outputs>)
///         attributes {dlc.input_names = [...], dlc.output_names = [...]}
///
/// All arguments and results are static tensor<...xf32>. The body holds dlc
/// ops, and arith.constant for the float32 weights a dlc op reads as a tensor
/// (dense_resource blobs that took over the protobuf's bytes; small or splat
/// ones as dense<...>). Integer tensors (shapes, axes, pads) and the bounds of
/// Clip are read at import time and never materialised. Every op's location
/// is NameLoc(<node name>, FileLineColLoc(path, 0, 0)), an unnamed node being
/// named <OpType>_<index>; weights and arguments carry their tensor's name.
///
/// Before importing a node, every node is checked against the coverage table
/// (OnnxOpCoverage.h): all unsupported op types are reported in one error,
/// then attribute values dlc cannot compile, one error each. Errors are MLIR
/// diagnostics; node errors read "<OpType> '<name>': <what>" at the node's
/// location. The status says whether the model is Invalid (unreadable,
/// malformed or inconsistent) or Unsupported (valid ONNX beyond dlc).
OnnxImportResult importOnnxModel(MLIRContext &context, llvm::StringRef path,
                                 const OnnxImportOptions &options = {});

/// Registers the dialects the importer produces ops of.
void registerOnnxImporterDialects(DialectRegistry &registry);

} // namespace mlir::dlc

#endif // DLC_FRONTEND_ONNXIMPORTER_H
