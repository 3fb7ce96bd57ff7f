//===- GraphReport.cpp - dlc --report=graph -------------------------------===//

#include "GraphReport.h"

#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Transforms/PlanMemory.h"

#include "mlir/Pass/Pass.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <set>

using namespace mlir;
using namespace mlir::dlc;

void GraphReport::recordSnapshot(StringRef pass, ModuleOp module) {
  Snapshot snapshot;
  snapshot.pass = pass.str();
  module.walk([&](Operation *op) {
    if (isa<DlcDialect>(op->getDialect())) {
      ++snapshot.opCounts[op->getName().stripDialect().str()];
      ++snapshot.total;
    }
  });
  snapshots.push_back(std::move(snapshot));
}

void GraphReport::recordImport(ModuleOp module) {
  recordSnapshot("import", module);
}

namespace mlir::dlc {
/// Snapshots the graph after every pass until it is lowered out of the dlc
/// dialect, and collects every pass's statistics.
class GraphReportInstrumentation : public PassInstrumentation {
public:
  explicit GraphReportInstrumentation(GraphReport &report) : report(report) {}

  void runAfterPass(Pass *pass, Operation *op) override {
    auto module = dyn_cast<ModuleOp>(op);
    if (!module)
      return;
    std::string name = pass->getArgument().str();
    if (report.loweredPastGraph)
      return;
    report.recordSnapshot(name, module);
    if (report.snapshots.back().total == 0)
      report.loweredPastGraph = true;
  }

private:
  GraphReport &report;
};
} // namespace mlir::dlc

std::unique_ptr<PassInstrumentation> GraphReport::createInstrumentation() {
  return std::make_unique<GraphReportInstrumentation>(*this);
}

void GraphReport::recordFinal(ModuleOp module) {
  if (auto rewrites = module->getAttrOfType<DictionaryAttr>("dlc.graph_rewrites"))
    for (NamedAttribute entry : rewrites)
      if (auto count = dyn_cast<IntegerAttr>(entry.getValue()))
        this->rewrites[entry.getName().str()] = count.getInt();
  if (std::optional<memory_plan::Summary> plan =
          memory_plan::readSummary(module)) {
    workspaceBytes = plan->workspaceBytes;
    naiveBytes = plan->naiveBytes;
    plannedBuffers = plan->plannedBuffers;
    unplannedAllocs = plan->unplannedAllocs;
  }
}

/// Op kinds in order of their count at import, then the new ones.
static std::vector<std::string>
columnOrder(const std::vector<std::map<std::string, int64_t>> &counts) {
  std::vector<std::string> columns;
  std::set<std::string> seen;
  for (const auto &snapshot : counts) {
    std::vector<std::pair<int64_t, std::string>> kinds;
    for (const auto &[name, count] : snapshot)
      if (!seen.count(name))
        kinds.emplace_back(-count, name);
    llvm::sort(kinds);
    for (auto &[negCount, name] : kinds) {
      seen.insert(name);
      columns.push_back(name);
    }
  }
  return columns;
}

void GraphReport::printText(raw_ostream &os, StringRef modelPath) const {
  os << "dlc graph report: " << modelPath << "\n\n";
  // Only the passes that changed the op counts, plus the first and last.
  std::vector<const Snapshot *> shown;
  for (const Snapshot &snapshot : snapshots) {
    if (snapshot.total == 0 && &snapshot != &snapshots.front())
      break; // lowered out of the dlc dialect
    if (shown.empty() || shown.back()->opCounts != snapshot.opCounts)
      shown.push_back(&snapshot);
  }
  std::vector<std::map<std::string, int64_t>> counts;
  for (const Snapshot *snapshot : shown)
    counts.push_back(snapshot->opCounts);
  std::vector<std::string> columns = columnOrder(counts);

  os << "dlc ops after each graph pass (passes that changed nothing are "
        "left out)\n";
  os << llvm::format("  %-28s %6s", "pass", "total");
  for (const std::string &column : columns)
    os << llvm::format(" %*s", std::max<int>(column.size(), 5),
                       column.c_str());
  os << "\n";
  for (const Snapshot *snapshot : shown) {
    os << llvm::format("  %-28s %6lld", snapshot->pass.c_str(),
                       (long long)snapshot->total);
    for (const std::string &column : columns) {
      auto it = snapshot->opCounts.find(column);
      os << llvm::format(" %*lld", std::max<int>(column.size(), 5),
                         (long long)(it == snapshot->opCounts.end()
                                         ? 0
                                         : it->second));
    }
    os << "\n";
  }

  os << "\nrewrites\n";
  if (rewrites.empty())
    os << "  none\n";
  for (const auto &[name, value] : rewrites)
    os << llvm::format("  %-44s %6lld\n", name.c_str(), (long long)value);

  os << "\nactivation memory\n";
  if (!workspaceBytes) {
    os << "  not planned (dlc-plan-memory did not run, e.g. at -O0)\n";
    return;
  }
  auto mib = [](uint64_t bytes) { return double(bytes) / (1024.0 * 1024.0); };
  os << llvm::format("  arena (peak activation memory) %10.2f MiB\n",
                     mib(*workspaceBytes));
  os << llvm::format("  naive sum of all buffers       %10.2f MiB\n",
                     mib(*naiveBytes));
  if (*workspaceBytes > 0)
    os << llvm::format("  saving                         %10.1fx\n",
                       double(*naiveBytes) / double(*workspaceBytes));
  os << llvm::format("  buffers planned %llu, left to the heap %llu\n",
                     (unsigned long long)*plannedBuffers,
                     (unsigned long long)*unplannedAllocs);
}

void GraphReport::printJson(raw_ostream &os, StringRef modelPath) const {
  llvm::json::Array passes;
  for (const Snapshot &snapshot : snapshots) {
    if (snapshot.total == 0 && &snapshot != &snapshots.front())
      break;
    llvm::json::Object ops;
    for (const auto &[name, count] : snapshot.opCounts)
      ops[name] = count;
    passes.push_back(llvm::json::Object{{"pass", snapshot.pass},
                                        {"total", snapshot.total},
                                        {"ops", std::move(ops)}});
  }
  llvm::json::Object rewriteCounts;
  for (const auto &[name, value] : rewrites)
    rewriteCounts[name] = value;
  llvm::json::Object report{{"model", modelPath.str()},
                            {"passes", std::move(passes)},
                            {"rewrites", std::move(rewriteCounts)}};
  if (workspaceBytes)
    report["memory"] = llvm::json::Object{
        {"arena_bytes", int64_t(*workspaceBytes)},
        {"naive_bytes", int64_t(*naiveBytes)},
        {"planned_buffers", int64_t(*plannedBuffers)},
        {"unplanned_allocations", int64_t(*unplannedAllocs)}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
}
