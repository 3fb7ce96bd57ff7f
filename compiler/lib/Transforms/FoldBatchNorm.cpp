//===- FoldBatchNorm.cpp - Fold inference BatchNorm into conv/gemm --------===//
//
// y = s * (conv(x, W) + b - mean) + beta with s = gamma / sqrt(var + eps)
//   = conv(x, s * W) + (s * (b - mean) + beta),
// so the BatchNorm disappears into new constant weights. Folding needs the
// producer's weights and the BatchNorm's statistics to be constants, the
// producer to have no other user, and no epilogue on it yet.
//
//===----------------------------------------------------------------------===//

#include "ConstantUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::dlc {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// Per-channel scale s and shift t with bn(y) = s * y + t.
struct ChannelAffine {
  std::vector<float> scale, shift;
};

static std::optional<ChannelAffine> getBatchNormAffine(BatchNormOp bn) {
  auto gamma = getConstantFloats(bn.getScale());
  auto beta = getConstantFloats(bn.getBias());
  auto mean = getConstantFloats(bn.getMean());
  auto var = getConstantFloats(bn.getVariance());
  if (!gamma || !beta || !mean || !var)
    return std::nullopt;
  float eps = bn.getEpsilon().convertToFloat();
  ChannelAffine affine;
  for (size_t c = 0; c < gamma->size(); ++c) {
    // Computed in double: the folded weights should match the unfolded
    // model to float rounding.
    double s = (*gamma)[c] / std::sqrt(double((*var)[c]) + eps);
    affine.scale.push_back(static_cast<float>(s));
    affine.shift.push_back(static_cast<float>((*beta)[c] - s * (*mean)[c]));
  }
  return affine;
}

struct FoldIntoConv : OpRewritePattern<BatchNormOp> {
  FoldIntoConv(MLIRContext *ctx, int64_t &counter)
      : OpRewritePattern(ctx), counter(counter) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2dOp>();
    if (!conv || !conv->hasOneUse() || conv.getResidual() ||
        conv.getActivation() != Activation::None)
      return rewriter.notifyMatchFailure(bn, "producer is not a plain conv");
    auto weights = getConstantFloats(conv.getFilter());
    std::optional<std::vector<float>> bias;
    if (conv.getBias() && !(bias = getConstantFloats(conv.getBias())))
      return rewriter.notifyMatchFailure(bn, "conv bias is not constant");
    std::optional<ChannelAffine> affine = getBatchNormAffine(bn);
    if (!weights || !affine)
      return rewriter.notifyMatchFailure(bn, "weights are not constant");

    auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
    int64_t outChannels = filterType.getDimSize(0);
    int64_t perChannel = filterType.getNumElements() / outChannels;
    std::vector<float> newBias(outChannels);
    for (int64_t f = 0; f < outChannels; ++f) {
      float s = affine->scale[f];
      for (int64_t i = 0; i < perChannel; ++i)
        (*weights)[f * perChannel + i] *= s;
      newBias[f] = (bias ? (*bias)[f] : 0.0f) * s + affine->shift[f];
    }
    rewriter.setInsertionPoint(conv);
    Location loc = conv.getLoc();
    Value filter = createConstantFloats(
        rewriter, loc, filterType, *weights,
        derivedConstantName(conv.getFilter(), "bn_folded"));
    Value newBiasValue = createConstantFloats(
        rewriter, loc,
        RankedTensorType::get({outChannels}, filterType.getElementType()),
        newBias, derivedConstantName(conv.getFilter(), "bn_folded_bias"));
    rewriter.modifyOpInPlace(conv, [&] {
      conv.getFilterMutable().assign(filter);
      if (conv.getBias())
        conv.getBiasMutable().assign(newBiasValue);
      else
        conv.getBiasMutable().append(newBiasValue);
    });
    // The conv now computes the BatchNorm's result, at the BatchNorm's name.
    conv->setLoc(rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()}));
    rewriter.replaceOp(bn, conv.getResult());
    ++counter;
    return success();
  }

  int64_t &counter;
};

/// BatchNorm over the features of a Gemm output [M, N]: scale the columns
/// of op(B) and fold the shift into C.
struct FoldIntoGemm : OpRewritePattern<BatchNormOp> {
  FoldIntoGemm(MLIRContext *ctx, int64_t &counter)
      : OpRewritePattern(ctx), counter(counter) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto gemm = bn.getInput().getDefiningOp<GemmOp>();
    if (!gemm || !gemm->hasOneUse() ||
        gemm.getActivation() != Activation::None)
      return rewriter.notifyMatchFailure(bn, "producer is not a plain gemm");
    auto b = getConstantFloats(gemm.getB());
    std::optional<ChannelAffine> affine = getBatchNormAffine(bn);
    if (!b || !affine)
      return rewriter.notifyMatchFailure(bn, "weights are not constant");
    auto resultType = cast<RankedTensorType>(gemm.getType());
    int64_t m = resultType.getDimSize(0), n = resultType.getDimSize(1);
    std::vector<float> c(m * n, 0.0f);
    if (gemm.getC()) {
      auto cValues = getConstantFloats(gemm.getC());
      if (!cValues)
        return rewriter.notifyMatchFailure(bn, "gemm C is not constant");
      ArrayRef<int64_t> cShape =
          cast<RankedTensorType>(gemm.getC().getType()).getShape();
      // Broadcast C to [M, N] (it is unidirectionally broadcastable).
      int64_t cRows = cShape.size() == 2 ? cShape[0] : 1;
      int64_t cCols = cShape.empty() ? 1 : cShape.back();
      float beta = gemm.getBeta().convertToFloat();
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          c[i * n + j] = beta * (*cValues)[(cRows == 1 ? 0 : i) * cCols +
                                           (cCols == 1 ? 0 : j)];
    }
    bool transB = gemm.getTransB();
    auto bType = cast<RankedTensorType>(gemm.getB().getType());
    int64_t bRows = bType.getDimSize(0), bCols = bType.getDimSize(1);
    for (int64_t r = 0; r < bRows; ++r)
      for (int64_t col = 0; col < bCols; ++col)
        (*b)[r * bCols + col] *= affine->scale[transB ? r : col];
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        c[i * n + j] = c[i * n + j] * affine->scale[j] + affine->shift[j];

    rewriter.setInsertionPoint(gemm);
    Location loc = gemm.getLoc();
    Value newB = createConstantFloats(rewriter, loc, bType, *b,
                                      derivedConstantName(gemm.getB(),
                                                          "bn_folded"));
    Value newC = createConstantFloats(
        rewriter, loc, resultType, c,
        derivedConstantName(gemm.getB(), "bn_folded_bias"));
    rewriter.modifyOpInPlace(gemm, [&] {
      gemm.getBMutable().assign(newB);
      if (gemm.getC())
        gemm.getCMutable().assign(newC);
      else
        gemm.getCMutable().append(newC);
      gemm.setBetaAttr(rewriter.getF32FloatAttr(1.0f));
      gemm->setLoc(rewriter.getFusedLoc({gemm.getLoc(), bn.getLoc()}));
    });
    rewriter.replaceOp(bn, gemm.getResult());
    ++counter;
    return success();
  }

  int64_t &counter;
};

struct FoldBatchNormPass
    : mlir::dlc::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    int64_t folded = 0;
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv, FoldIntoGemm>(&getContext(), folded);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    recordRewrites(getOperation(), "batch_norm folded into conv2d/gemm", folded);
  }
};

} // namespace
