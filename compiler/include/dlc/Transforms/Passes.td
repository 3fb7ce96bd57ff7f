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

#endif // DLC_TRANSFORMS_PASSES_TD
