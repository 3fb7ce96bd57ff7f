//===- CheckReport.cpp - dlc --check --------------------------------------===//

#include "CheckReport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::dlc;

int mlir::dlc::checkExitCode(const OnnxCheckReport &report) {
  switch (report.status) {
  case OnnxImportStatus::Success:
    return 0;
  case OnnxImportStatus::Unsupported:
    return 3;
  case OnnxImportStatus::Invalid:
    return 1;
  }
  return 1;
}

static StringRef kindName(OnnxImportStatus kind) {
  return kind == OnnxImportStatus::Invalid ? "invalid" : "unsupported";
}

static StringRef statusName(OnnxImportStatus status) {
  switch (status) {
  case OnnxImportStatus::Success:
    return "ok";
  case OnnxImportStatus::Unsupported:
    return "unsupported";
  case OnnxImportStatus::Invalid:
    return "invalid";
  }
  return "invalid";
}

static std::string qualifiedOpType(StringRef domain, StringRef opType) {
  if (domain.empty() || domain == "ai.onnx")
    return opType.str();
  return (domain + "." + opType).str();
}

static std::string plural(size_t n, StringRef noun) {
  return std::to_string(n) + " " + noun.str() + (n == 1 ? "" : "s");
}

void mlir::dlc::printCheckText(raw_ostream &os, const OnnxCheckReport &report,
                               StringRef modelPath) {
  os << modelPath << ": ";
  if (report.opset >= 0)
    os << "ONNX opset " << report.opset << ", ";
  os << plural(report.numNodes, "node") << ", "
     << plural(report.opTypes.size(), "op type") << "\n";

  if (!report.opTypes.empty()) {
    size_t width = 7;
    for (const OnnxOpTypeUse &use : report.opTypes)
      width = std::max(width, qualifiedOpType(use.domain, use.opType).size());
    os << "\n"
       << llvm::format("  %-*s %6s %6s %9s\n", int(width), "op type", "opset",
                       "nodes", "imported");
    for (const OnnxOpTypeUse &use : report.opTypes) {
      std::string name = qualifiedOpType(use.domain, use.opType);
      os << llvm::format("  %-*s %6lld %6zu %9zu", int(width), name.c_str(),
                         (long long)use.opset, use.nodes, use.imported);
      if (!use.inCoverageTable)
        os << "  not supported by dlc";
      os << "\n";
    }
  }

  auto printIssue = [&](const OnnxCheckIssue &issue) {
    os << "  ";
    if (!issue.node.empty())
      os << "node '" << issue.node << "' ("
         << qualifiedOpType(issue.domain, issue.opType) << ", opset "
         << issue.opset << "): ";
    os << kindName(issue.kind) << ": " << issue.reason << "\n";
  };
  size_t graphIssues = llvm::count_if(
      report.issues, [](const OnnxCheckIssue &i) { return i.node.empty(); });
  if (graphIssues > 0) {
    os << "\nmodel and graph:\n";
    for (const OnnxCheckIssue &issue : report.issues)
      if (issue.node.empty())
        printIssue(issue);
  }
  size_t failedNodes = report.numFailedNodes();
  if (failedNodes > 0) {
    os << "\n" << plural(failedNodes, "node") << " cannot be imported:\n";
    for (const OnnxCheckIssue &issue : report.issues)
      if (!issue.node.empty())
        printIssue(issue);
  }
  if (!report.unchecked.empty()) {
    os << "\n"
       << plural(report.unchecked.size(), "node")
       << " not checked (an input comes from a node or graph input that "
          "cannot be imported):\n";
    for (const OnnxUncheckedNode &node : report.unchecked)
      os << "  node '" << node.node << "' (" << node.opType << "): after "
         << node.blockedBy << "\n";
  }

  os << "\n" << statusName(report.status) << ": ";
  if (report.status == OnnxImportStatus::Success) {
    os << "every node can be imported; dlc can compile this model\n";
    return;
  }
  SmallVector<std::string> parts;
  if (failedNodes > 0)
    parts.push_back(std::to_string(failedNodes) + " of " +
                    plural(report.numNodes, "node") + " cannot be imported");
  if (graphIssues > 0)
    parts.push_back(plural(graphIssues, "problem") +
                    " with the model or its inputs and outputs");
  os << llvm::join(parts, ", ") << "; dlc cannot compile this model (exit "
     << checkExitCode(report) << ")\n";
}

void mlir::dlc::printCheckJson(raw_ostream &os, const OnnxCheckReport &report,
                               StringRef modelPath) {
  llvm::json::Array opTypes;
  for (const OnnxOpTypeUse &use : report.opTypes)
    opTypes.push_back(llvm::json::Object{{"op_type", use.opType},
                                         {"domain", use.domain},
                                         {"opset", use.opset},
                                         {"nodes", int64_t(use.nodes)},
                                         {"imported", int64_t(use.imported)},
                                         {"supported", use.inCoverageTable}});
  llvm::json::Array issues;
  for (const OnnxCheckIssue &issue : report.issues) {
    llvm::json::Object entry{{"kind", kindName(issue.kind)},
                             {"reason", issue.reason}};
    if (issue.node.empty()) {
      entry["node"] = nullptr;
    } else {
      entry["node"] = issue.node;
      entry["node_index"] = issue.nodeIndex;
      entry["op_type"] = issue.opType;
      entry["domain"] = issue.domain;
      entry["opset"] = issue.opset;
    }
    issues.push_back(std::move(entry));
  }
  llvm::json::Array unchecked;
  for (const OnnxUncheckedNode &node : report.unchecked)
    unchecked.push_back(llvm::json::Object{{"node", node.node},
                                           {"op_type", node.opType},
                                           {"blocked_by", node.blockedBy}});
  llvm::json::Object json{
      {"model", modelPath.str()},
      {"status", statusName(report.status)},
      {"exit_code", checkExitCode(report)},
      {"opset", report.opset},
      {"nodes", int64_t(report.numNodes)},
      {"imported_nodes", int64_t(report.numImported)},
      {"failed_nodes", int64_t(report.numFailedNodes())},
      {"unchecked_nodes", int64_t(report.unchecked.size())},
      {"op_types", std::move(opTypes)},
      {"issues", std::move(issues)},
      {"unchecked", std::move(unchecked)}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(json))) << "\n";
}
