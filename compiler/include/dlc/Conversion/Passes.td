//===- Passes.td - dlc conversion passes -------------------*- tablegen -*-===//

#ifndef DLC_CONVERSION_PASSES_TD
#define DLC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDlcToLinalg : Pass<"convert-dlc-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower dlc ops to linalg, tensor, arith and math";
  let description = [{
    One conversion pattern file per op family (Conv, Pooling, Elementwise,
    Matmul, Normalization, Shape). Fails, naming the op, if a dlc op has no
    lowering.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::tensor::TensorDialect"
  ];
}

#endif // DLC_CONVERSION_PASSES_TD
