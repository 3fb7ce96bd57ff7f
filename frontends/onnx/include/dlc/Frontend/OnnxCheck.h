//===- OnnxCheck.h - Can dlc import this ONNX model? ------------*- C++ -*-===//
//
// `dlc --check`: the importer run in a mode that records every node it
// cannot import, with the reason, and goes on with the rest of the graph
// (the outputs of such a node stand in with the shapes ONNX's shape
// inference gives them), instead of stopping at the first problem.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_ONNXCHECK_H
#define DLC_FRONTEND_ONNXCHECK_H

#include "dlc/Frontend/OnnxImporter.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mlir::dlc {

/// Something the importer rejects: at a node, or (node empty) in the model
/// file or the graph's inputs and outputs.
struct OnnxCheckIssue {
  /// The node's name (an unnamed node is <OpType>_<index>), or empty.
  std::string node;
  std::string opType;
  std::string domain;
  /// The opset of the node's domain the model imports; -1 when none.
  int64_t opset = -1;
  /// The node's index in graph.node; -1 for the model and graph.
  int64_t nodeIndex = -1;
  /// Unsupported (valid ONNX beyond dlc) or Invalid (malformed).
  OnnxImportStatus kind = OnnxImportStatus::Unsupported;
  std::string reason;
};

/// The nodes of one op type (and domain) in the model.
struct OnnxOpTypeUse {
  std::string domain;
  std::string opType;
  int64_t opset = -1;
  /// Whether dlc's coverage table has the op type at this opset.
  bool inCoverageTable = false;
  size_t nodes = 0;
  /// Nodes imported (or folded to constants) without an issue.
  size_t imported = 0;
};

/// A node that was not checked because an input of it comes from a node (or
/// graph input) that cannot be imported, and has no stand-in.
struct OnnxUncheckedNode {
  std::string node;
  std::string opType;
  /// The node or graph input whose problem stops it, e.g. "node 'topk'".
  std::string blockedBy;
};

struct OnnxCheckReport {
  /// Success: the model would import (and so compile); Unsupported: it uses
  /// what dlc does not support; Invalid: it is malformed or unreadable.
  OnnxImportStatus status = OnnxImportStatus::Invalid;
  /// The opset of the default ONNX domain; -1 when the model has none.
  int64_t opset = -1;
  size_t numNodes = 0;
  size_t numImported = 0;
  /// In order of first use.
  std::vector<OnnxOpTypeUse> opTypes;
  /// Model and graph issues first, then node issues in node order.
  std::vector<OnnxCheckIssue> issues;
  std::vector<OnnxUncheckedNode> unchecked;

  /// The number of distinct nodes with at least one issue.
  size_t numFailedNodes() const;
};

/// Reads the model at `path`, applies `options.inputShapes`, runs ONNX shape
/// inference and imports every node it can, collecting every problem rather
/// than stopping at the first. A graph input with dynamic dims is reported,
/// then checked further with those dims as 1. Emits no diagnostics: all of
/// them end up in the report.
OnnxCheckReport checkOnnxModel(MLIRContext &context, llvm::StringRef path,
                               const OnnxImportOptions &options = {});

} // namespace mlir::dlc

#endif // DLC_FRONTEND_ONNXCHECK_H
