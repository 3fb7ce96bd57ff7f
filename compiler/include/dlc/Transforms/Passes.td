//===- Passes.td - dlc transformation passes ---------------*- tablegen -*-===//
//
// Every dlc transformation pass, alphabetically. One pass per file in
// compiler/lib/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerStridedCopies : Pass<"dlc-lower-strided-copies"> {
  let summary = "Rewrite memref.copy between non-contiguous buffers as linalg.copy";
  let description = [{
    memref.copy of two contiguous row-major buffers becomes a memcpy; any
    other copy would need MLIR's C runner library at run time, which a
    self-contained model.so cannot use. Such copies become linalg.copy, and
    so loops.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def PlanMemory : Pass<"dlc-plan-memory", "ModuleOp"> {
  let summary = "Place @main's static buffers in one arena, the model.so workspace";
  let description = [{
    Runs on bufferized IR, before deallocation. Every memref.alloc and
    memref.alloca of static size at the top level of `@main` becomes a
    `memref.view` into one `memref<Nxi8>` passed as a new trailing argument
    of `@main` (the `workspace` of `dlc_abi_run`, marked `llvm.noalias`:
    only the views reach it), and its deallocations are erased. A buffer
    is live from the first to the last top-level op that uses it or an
    alias of it (views, reshapes, casts, values yielded from regions);
    buffers are placed largest first at the lowest 64-byte aligned offset
    that no buffer with an overlapping lifetime occupies.
    Allocations inside regions, of dynamic size or returned from `@main`
    stay, marked `dlc.unplanned = "<why>"`. Copies of a buffer onto itself
    (left by values computed in place in their concat slice) are erased.
    The module gets `dlc.workspace_size`, `dlc.naive_activation_bytes`,
    `dlc.planned_buffers` and `dlc.unplanned_allocs`
    (dlc/Transforms/PlanMemory.h). A module that has them is left alone.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
