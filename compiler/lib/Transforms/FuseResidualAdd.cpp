//===- FuseResidualAdd.cpp - Fuse a residual Add into the conv epilogue ---===//
//
// add(conv(x), r) with r of the conv's output type becomes conv(x) with
// `residual(r)`: the sum is formed as each output element is produced
// (ResNet blocks). A following activation is then fused by
// dlc-fuse-activation, as the epilogue applies the residual first.
//
//===----------------------------------------------------------------------===//

#include "ConstantUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_FUSERESIDUALADD
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

struct FuseAddIntoConv : OpRewritePattern<AddOp> {
  FuseAddIntoConv(MLIRContext *ctx, int64_t &counter)
      : OpRewritePattern(ctx), counter(counter) {}

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (int i = 0; i < 2; ++i) {
      auto conv = add->getOperand(i).getDefiningOp<Conv2dOp>();
      Value residual = add->getOperand(1 - i);
      if (!conv || !conv->hasOneUse() || conv.getResidual() ||
          conv.getActivation() != Activation::None ||
          residual.getType() != conv.getType() || residual == conv.getResult())
        continue;
      // The new conv sits at the add, where both operands are available.
      rewriter.setInsertionPoint(add);
      auto fused = cast<Conv2dOp>(rewriter.clone(*conv));
      rewriter.modifyOpInPlace(fused, [&] {
        fused.getResidualMutable().append(residual);
        fused->setLoc(rewriter.getFusedLoc({conv.getLoc(), add.getLoc()}));
      });
      rewriter.replaceOp(add, fused.getResult());
      rewriter.eraseOp(conv);
      ++counter;
      return success();
    }
    return rewriter.notifyMatchFailure(add, "no single-use conv operand");
  }

  int64_t &counter;
};

struct FuseResidualAddPass
    : mlir::dlc::impl::FuseResidualAddBase<FuseResidualAddPass> {
  void runOnOperation() override {
    int64_t fused = 0;
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseAddIntoConv>(&getContext(), fused);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    recordRewrites(getOperation(), "residual add fused into conv2d", fused);
  }
};

} // namespace
