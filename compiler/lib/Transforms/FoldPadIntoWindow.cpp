//===- FoldPadIntoWindow.cpp - Fold dlc.pad into conv/pool padding --------===//
//
// A zero dlc.pad of only the spatial dims that feeds a conv2d is the conv's
// own padding; one that feeds an avg_pool2d is count_include_pad padding
// (torch exports AvgPool2d(padding=p) as Pad + AveragePool). Folding saves a
// copy of the whole tensor.
//
//===----------------------------------------------------------------------===//

#include "ConstantUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_FOLDPADINTOWINDOW
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

/// The [top, left, bottom, right] padding of an NCHW zero pad that leaves N
/// and C alone, or nullopt.
static std::optional<SmallVector<int64_t>> getSpatialZeroPads(PadOp pad) {
  ArrayRef<int64_t> p = pad.getPads();
  if (p.size() != 8 || !pad.getValue().isZero() || p[0] || p[1] || p[4] ||
      p[5])
    return std::nullopt;
  return SmallVector<int64_t>{p[2], p[3], p[6], p[7]};
}

static SmallVector<int64_t> addPads(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  SmallVector<int64_t> sum;
  for (auto [x, y] : llvm::zip(a, b))
    sum.push_back(x + y);
  return sum;
}

namespace {

struct FoldPadIntoConv : OpRewritePattern<Conv2dOp> {
  FoldPadIntoConv(MLIRContext *ctx, int64_t &counter)
      : OpRewritePattern(ctx), counter(counter) {}

  LogicalResult matchAndRewrite(Conv2dOp conv,
                                PatternRewriter &rewriter) const override {
    auto pad = conv.getInput().getDefiningOp<PadOp>();
    std::optional<SmallVector<int64_t>> pads;
    if (!pad || !(pads = getSpatialZeroPads(pad)))
      return rewriter.notifyMatchFailure(conv, "input is not a spatial zero pad");
    rewriter.modifyOpInPlace(conv, [&] {
      conv.getInputMutable().assign(pad.getInput());
      conv.setPads(addPads(conv.getPads(), *pads));
    });
    ++counter;
    return success();
  }

  int64_t &counter;
};

struct FoldPadIntoAvgPool : OpRewritePattern<AvgPool2dOp> {
  FoldPadIntoAvgPool(MLIRContext *ctx, int64_t &counter)
      : OpRewritePattern(ctx), counter(counter) {}

  LogicalResult matchAndRewrite(AvgPool2dOp pool,
                                PatternRewriter &rewriter) const override {
    auto pad = pool.getInput().getDefiningOp<PadOp>();
    std::optional<SmallVector<int64_t>> pads;
    if (!pad || !(pads = getSpatialZeroPads(pad)))
      return rewriter.notifyMatchFailure(pool, "input is not a spatial zero pad");
    // Only when the result is unchanged: explicit pads already counted (or
    // none), and the merged pads stay smaller than the kernel.
    bool hasOwnPads = llvm::any_of(pool.getPads(), [](int64_t p) { return p; });
    if (hasOwnPads && !pool.getCountIncludePad())
      return rewriter.notifyMatchFailure(pool, "pads counted differently");
    SmallVector<int64_t> merged = addPads(pool.getPads(), *pads);
    ArrayRef<int64_t> kernel = pool.getKernelShape();
    for (int i = 0; i < 4; ++i)
      if (merged[i] >= kernel[i % 2])
        return rewriter.notifyMatchFailure(pool, "pads reach the kernel size");
    rewriter.modifyOpInPlace(pool, [&] {
      pool.getInputMutable().assign(pad.getInput());
      pool.setPads(merged);
      pool.setCountIncludePad(true);
    });
    ++counter;
    return success();
  }

  int64_t &counter;
};

struct FoldPadIntoWindowPass
    : mlir::dlc::impl::FoldPadIntoWindowBase<FoldPadIntoWindowPass> {
  void runOnOperation() override {
    int64_t folded = 0;
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldPadIntoConv, FoldPadIntoAvgPool>(&getContext(), folded);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    recordRewrites(getOperation(), "pad folded into conv2d/avg_pool2d", folded);
  }
};

} // namespace
