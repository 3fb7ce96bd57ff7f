//===- DlcToLinalgPass.cpp - The convert-dlc-to-linalg pass ---------------===//

#include "LoweringUtils.h"

#include "dlc/Conversion/Passes.h"
#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_CONVERTDLCTOLINALG
#include "dlc/Conversion/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {
struct ConvertDlcToLinalgPass
    : mlir::dlc::impl::ConvertDlcToLinalgBase<ConvertDlcToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    populateConvPatterns(patterns);
    populateElementwisePatterns(patterns);
    populateMatmulPatterns(patterns);
    populateNormalizationPatterns(patterns);
    populatePoolingPatterns(patterns);
    populateResizePatterns(patterns);
    populateShapePatterns(patterns);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<DlcDialect>();
    // What conv2d with a kernel algorithm lowers to; expanded after
    // bufferization by dlc-lower-conv-kernels.
    target.addLegalOp<Conv2dKernelOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
