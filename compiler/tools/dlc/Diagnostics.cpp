//===- Diagnostics.cpp - Compiler-style error messages --------------------===//

#include "Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {
struct Where {
  std::string file;
  std::string node;
};
} // namespace

static void findWhere(Location loc, Where &where) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    if (where.node.empty())
      where.node = name.getName().str();
    findWhere(name.getChildLoc(), where);
  } else if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    if (where.file.empty()) {
      where.file = file.getFilename().str();
      if (file.getLine() != 0)
        where.file += ":" + std::to_string(file.getLine()) + ":" +
                      std::to_string(file.getColumn());
    }
  } else if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      findWhere(inner, where);
  } else if (auto callSite = dyn_cast<CallSiteLoc>(loc)) {
    findWhere(callSite.getCallee(), where);
  }
}

static StringRef severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

void CompilerDiagnosticHandler::print(Diagnostic &diag, llvm::raw_ostream &os) {
  Where where;
  findWhere(diag.getLocation(), where);
  os << (where.file.empty() ? "dlc" : where.file) << ": ";
  if (!where.node.empty())
    os << "node '" << where.node << "': ";
  os << severityName(diag.getSeverity()) << ": " << diag.str() << "\n";
  for (Diagnostic &note : diag.getNotes())
    print(note, os);
}

CompilerDiagnosticHandler::CompilerDiagnosticHandler(MLIRContext *context)
    : ScopedDiagnosticHandler(context) {
  setHandler([this](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      ++numErrors;
    print(diag, llvm::errs());
    return success();
  });
}
