//===- PlanMemory.h - The contract of dlc-plan-memory -----------*- C++ -*-===//
//
// `dlc-plan-memory` turns every static memref.alloc/alloca at the top level
// of @main into a memref.view of one arena, a trailing argument of @main
//
//   func.func @main(%in..., %out..., %ws: memref<Nxi8> {llvm.noalias})
//
// and records its numbers on the module:
//
//   dlc.workspace_size         i64  N, the arena's bytes (model.so's
//                                   dlc_model_desc.workspace_size)
//   dlc.naive_activation_bytes i64  what one buffer per allocation would take
//   dlc.planned_buffers        i64  allocations placed in the arena
//   dlc.unplanned_allocs       i64  allocations left as they were; each has a
//                                   `dlc.unplanned` string saying why
//
// The model.so ABI (compiler/lib/Target/ModelABI.cpp) passes the caller's
// workspace as that argument whenever dlc.workspace_size is present.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TRANSFORMS_PLANMEMORY_H
#define DLC_TRANSFORMS_PLANMEMORY_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace mlir::dlc::memory_plan {

inline constexpr llvm::StringLiteral kWorkspaceSizeAttr = "dlc.workspace_size";
inline constexpr llvm::StringLiteral kNaiveBytesAttr =
    "dlc.naive_activation_bytes";
inline constexpr llvm::StringLiteral kPlannedBuffersAttr =
    "dlc.planned_buffers";
inline constexpr llvm::StringLiteral kUnplannedAllocsAttr =
    "dlc.unplanned_allocs";
/// String attribute on an allocation the pass left alone: the reason.
inline constexpr llvm::StringLiteral kUnplannedAttr = "dlc.unplanned";
/// Every planned buffer starts at a multiple of this many bytes.
inline constexpr int64_t kAlignment = 64;

/// The numbers dlc-plan-memory left on a module.
struct Summary {
  uint64_t workspaceBytes = 0;
  uint64_t naiveBytes = 0;
  uint64_t plannedBuffers = 0;
  uint64_t unplannedAllocs = 0;
};

/// The plan recorded on `module`, or nullopt if dlc-plan-memory did not run
/// on it (then @main has no workspace argument).
inline std::optional<Summary> readSummary(ModuleOp module) {
  auto get = [&](llvm::StringRef name) -> std::optional<uint64_t> {
    if (auto attr = module->getAttrOfType<IntegerAttr>(name))
      return attr.getValue().getZExtValue();
    return std::nullopt;
  };
  std::optional<uint64_t> workspace = get(kWorkspaceSizeAttr);
  if (!workspace)
    return std::nullopt;
  Summary summary;
  summary.workspaceBytes = *workspace;
  summary.naiveBytes = get(kNaiveBytesAttr).value_or(0);
  summary.plannedBuffers = get(kPlannedBuffersAttr).value_or(0);
  summary.unplannedAllocs = get(kUnplannedAllocsAttr).value_or(0);
  return summary;
}

} // namespace mlir::dlc::memory_plan

#endif // DLC_TRANSFORMS_PLANMEMORY_H
