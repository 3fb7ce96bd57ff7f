//===- OnnxOpCoverage.h - ONNX ops the frontend imports ---------*- C++ -*-===//
//
// The one list of ONNX op types dlc imports, with the opsets of the default
// ONNX domain each is supported for and what it becomes. The importer's
// first pass and `dlc --check`-style reports both read it.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_ONNXOPCOVERAGE_H
#define DLC_FRONTEND_ONNXOPCOVERAGE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace mlir::dlc {

/// Model opsets (of the default domain) the frontend knows; ONNX 1.12's
/// shape inference stops at 17. Legacy attributes of opsets 1 to 6
/// (consumed_inputs, is_test, broadcast/axis, ...) are understood.
constexpr int64_t kMinOnnxOpset = 1;
constexpr int64_t kMaxOnnxOpset = 17;

/// One supported ONNX op type of the default domain ("" or "ai.onnx").
struct OnnxOpCoverage {
  llvm::StringRef opType;
  /// Model opsets the op is imported for (inclusive).
  int64_t minOpset;
  int64_t maxOpset;
  /// The dlc ops it becomes, e.g. "dlc.conv2d".
  llvm::StringRef importsAs;
  /// Restrictions beyond the ONNX spec ("" when none); violating one makes
  /// the model Unsupported.
  llvm::StringRef limits;
};

/// Every supported op type, sorted by name.
llvm::ArrayRef<OnnxOpCoverage> getOnnxOpCoverage();

/// Whether `domain` names the default ONNX operator set.
bool isDefaultOnnxDomain(llvm::StringRef domain);

/// The entry for an op of `domain` in a model importing `opset` of that
/// domain, or null when dlc cannot import it.
const OnnxOpCoverage *lookupOnnxOpCoverage(llvm::StringRef domain,
                                           llvm::StringRef opType,
                                           int64_t opset);

} // namespace mlir::dlc

#endif // DLC_FRONTEND_ONNXOPCOVERAGE_H
