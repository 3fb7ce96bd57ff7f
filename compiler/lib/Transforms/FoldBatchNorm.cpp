//===- FoldBatchNorm.cpp - Fold inference BatchNorm into conv/gemm --------===//
//
// y = s * (conv(x, W) + b - mean) + beta with s = gamma / sqrt(var + eps)
//   = conv(x, s * W) + (s * (b - mean) + beta),
// so the BatchNorm disappears into new constant weights. Folding needs the
// producer's weights and the BatchNorm's statistics to be constants, the
// producer to have no other user, and no epilogue on it yet. Between the
// producer and the BatchNorm there may be reshapes and transposes that keep
// every element in its channel (dim 1).
//
// A BatchNorm that feeds a conv or gemm folds into it instead when that is
// exact: conv(s * x + t, W) = conv(x, W * s) + sum(W * t) only if no zero
// padding is read (padding of s * x + t would have to be t, not 0), so the
// conv must have no pads or the shift t must be 0; a gemm takes it when
// the BatchNorm's channels are op(A)'s columns (no trans_a).
//
//===----------------------------------------------------------------------===//

#include "ConstantUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
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

/// Where the BatchNorm's input comes from, looking through single-use
/// reshapes that keep dims 0 and 1 and transposes that keep dim 1: the
/// BatchNorm then normalizes the producer's output channels (dim 1) as if
/// it came right after it. `throughViews` says whether there were any.
static Operation *producerThroughViews(BatchNormOp bn, bool &throughViews) {
  Value value = bn.getInput();
  throughViews = false;
  while (Operation *def = value.getDefiningOp()) {
    auto shape = [](Value v) {
      return cast<RankedTensorType>(v.getType()).getShape();
    };
    if (auto reshape = dyn_cast<ReshapeOp>(def)) {
      ArrayRef<int64_t> in = shape(reshape.getInput());
      ArrayRef<int64_t> out = shape(reshape.getOutput());
      if (in.size() < 2 || out.size() < 2 ||
          in.take_front(2) != out.take_front(2))
        return nullptr;
    } else if (auto transpose = dyn_cast<TransposeOp>(def)) {
      if (transpose.getPerm()[1] != 1)
        return nullptr;
    } else {
      return def;
    }
    if (!def->hasOneUse())
      return nullptr;
    throughViews = true;
    value = def->getOperand(0);
  }
  return nullptr;
}

/// Counts folds next to the producer and those through views separately.
struct Counters {
  int64_t &direct;
  int64_t &throughViews;
  void add(bool viaViews) const { ++(viaViews ? throughViews : direct); }
};

struct FoldIntoConv : OpRewritePattern<BatchNormOp> {
  FoldIntoConv(MLIRContext *ctx, Counters counters)
      : OpRewritePattern(ctx), counters(counters) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    bool viaViews;
    auto conv = dyn_cast_or_null<Conv2dOp>(producerThroughViews(bn, viaViews));
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
    // The conv now computes the BatchNorm's result (through the views),
    // at the BatchNorm's name.
    conv->setLoc(rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()}));
    rewriter.replaceOp(bn, bn.getInput());
    counters.add(viaViews);
    return success();
  }

  Counters counters;
};

/// BatchNorm over the features of a Gemm output [M, N]: scale the columns
/// of op(B) and fold the shift into C.
struct FoldIntoGemm : OpRewritePattern<BatchNormOp> {
  FoldIntoGemm(MLIRContext *ctx, Counters counters)
      : OpRewritePattern(ctx), counters(counters) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    bool viaViews;
    auto gemm = dyn_cast_or_null<GemmOp>(producerThroughViews(bn, viaViews));
    if (!gemm || !gemm->hasOneUse() || gemm.getActivation() != Activation::None)
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
          c[i * n + j] =
              beta *
              (*cValues)[(cRows == 1 ? 0 : i) * cCols + (cCols == 1 ? 0 : j)];
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
    Value newB =
        createConstantFloats(rewriter, loc, bType, *b,
                             derivedConstantName(gemm.getB(), "bn_folded"));
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
    rewriter.replaceOp(bn, bn.getInput());
    counters.add(viaViews);
    return success();
  }

  Counters counters;
};

static bool isConstant(Value value) {
  return !value || value.getDefiningOp<arith::ConstantOp>();
}

/// Whether FoldIntoConv or FoldIntoGemm will take `bn`: then it goes into
/// its producer, which does not depend on the consumer's padding.
static bool foldsIntoProducer(BatchNormOp bn) {
  bool viaViews;
  Operation *producer = producerThroughViews(bn, viaViews);
  if (!producer || !producer->hasOneUse())
    return false;
  if (auto conv = dyn_cast<Conv2dOp>(producer))
    return !conv.getResidual() && conv.getActivation() == Activation::None &&
           isConstant(conv.getFilter()) && isConstant(conv.getBias());
  if (auto gemm = dyn_cast<GemmOp>(producer))
    return gemm.getActivation() == Activation::None &&
           isConstant(gemm.getB()) && isConstant(gemm.getC());
  return false;
}

/// bn -> conv: conv(s * x + t, W) + b = conv(x, W * s) + (b + sum W * t),
/// with s and t indexed by the conv's input channel.
struct FoldIntoNextConv : OpRewritePattern<Conv2dOp> {
  FoldIntoNextConv(MLIRContext *ctx, int64_t &counter)
      : OpRewritePattern(ctx), counter(counter) {}

  LogicalResult matchAndRewrite(Conv2dOp conv,
                                PatternRewriter &rewriter) const override {
    auto bn = conv.getInput().getDefiningOp<BatchNormOp>();
    if (!bn || !bn->hasOneUse() || foldsIntoProducer(bn))
      return rewriter.notifyMatchFailure(
          conv, "input is no single-use bn, or one its producer takes");
    auto weights = getConstantFloats(conv.getFilter());
    std::optional<std::vector<float>> bias;
    if (conv.getBias() && !(bias = getConstantFloats(conv.getBias())))
      return rewriter.notifyMatchFailure(conv, "conv bias is not constant");
    std::optional<ChannelAffine> affine = getBatchNormAffine(bn);
    if (!weights || !affine)
      return rewriter.notifyMatchFailure(conv, "weights are not constant");
    bool padded = llvm::any_of(conv.getPads(), [](int64_t p) { return p; });
    bool shifted = llvm::any_of(affine->shift, [](float t) { return t; });
    if (padded && shifted)
      return rewriter.notifyMatchFailure(
          conv, "the conv pads with 0 where the bn would give its shift");

    auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
    int64_t outChannels = filterType.getDimSize(0);
    int64_t perGroup = filterType.getDimSize(1);
    int64_t window = filterType.getDimSize(2) * filterType.getDimSize(3);
    int64_t outPerGroup = outChannels / conv.getGroup();
    std::vector<float> newBias(outChannels);
    for (int64_t f = 0; f < outChannels; ++f) {
      double sum = bias ? (*bias)[f] : 0.0;
      for (int64_t ci = 0; ci < perGroup; ++ci) {
        int64_t channel = f / outPerGroup * perGroup + ci;
        float s = affine->scale[channel], t = affine->shift[channel];
        float *w = weights->data() + (f * perGroup + ci) * window;
        for (int64_t k = 0; k < window; ++k) {
          sum += double(w[k]) * t;
          w[k] *= s;
        }
      }
      newBias[f] = static_cast<float>(sum);
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
      conv.getInputMutable().assign(bn.getInput());
      conv.getFilterMutable().assign(filter);
      if (conv.getBias())
        conv.getBiasMutable().assign(newBiasValue);
      else
        conv.getBiasMutable().append(newBiasValue);
      conv->setLoc(rewriter.getFusedLoc({bn.getLoc(), conv.getLoc()}));
    });
    rewriter.eraseOp(bn);
    ++counter;
    return success();
  }

  int64_t &counter;
};

/// bn -> gemm over A's columns: alpha * (A * diag(s) + 1 t^T) op(B) + beta C
/// = alpha * A (diag(s) op(B)) + (alpha * t^T op(B) + beta C).
struct FoldIntoNextGemm : OpRewritePattern<GemmOp> {
  FoldIntoNextGemm(MLIRContext *ctx, int64_t &counter)
      : OpRewritePattern(ctx), counter(counter) {}

  LogicalResult matchAndRewrite(GemmOp gemm,
                                PatternRewriter &rewriter) const override {
    auto bn = gemm.getA().getDefiningOp<BatchNormOp>();
    if (!bn || !bn->hasOneUse() || gemm.getTransA() || foldsIntoProducer(bn))
      return rewriter.notifyMatchFailure(
          gemm, "A is no single-use bn over its columns, or one its "
                "producer takes");
    auto b = getConstantFloats(gemm.getB());
    std::optional<ChannelAffine> affine = getBatchNormAffine(bn);
    if (!b || !affine)
      return rewriter.notifyMatchFailure(gemm, "weights are not constant");
    auto resultType = cast<RankedTensorType>(gemm.getType());
    int64_t m = resultType.getDimSize(0), n = resultType.getDimSize(1);
    std::vector<float> c(m * n, 0.0f);
    if (gemm.getC()) {
      auto cValues = getConstantFloats(gemm.getC());
      if (!cValues)
        return rewriter.notifyMatchFailure(gemm, "gemm C is not constant");
      ArrayRef<int64_t> cShape =
          cast<RankedTensorType>(gemm.getC().getType()).getShape();
      int64_t cRows = cShape.size() == 2 ? cShape[0] : 1;
      int64_t cCols = cShape.empty() ? 1 : cShape.back();
      float beta = gemm.getBeta().convertToFloat();
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          c[i * n + j] =
              beta *
              (*cValues)[(cRows == 1 ? 0 : i) * cCols + (cCols == 1 ? 0 : j)];
    }
    bool transB = gemm.getTransB();
    auto bType = cast<RankedTensorType>(gemm.getB().getType());
    int64_t bCols = bType.getDimSize(1);
    int64_t k = transB ? bCols : bType.getDimSize(0);
    float alpha = gemm.getAlpha().convertToFloat();
    // op(B)[p][j], the row p of op(B) scaled by s[p] afterwards.
    auto at = [&](int64_t p, int64_t j) -> float & {
      return (*b)[transB ? j * bCols + p : p * bCols + j];
    };
    for (int64_t j = 0; j < n; ++j) {
      double shift = 0;
      for (int64_t p = 0; p < k; ++p) {
        shift += double(at(p, j)) * affine->shift[p];
        at(p, j) *= affine->scale[p];
      }
      for (int64_t i = 0; i < m; ++i)
        c[i * n + j] += alpha * static_cast<float>(shift);
    }

    rewriter.setInsertionPoint(gemm);
    Location loc = gemm.getLoc();
    Value newB =
        createConstantFloats(rewriter, loc, bType, *b,
                             derivedConstantName(gemm.getB(), "bn_folded"));
    Value newC = createConstantFloats(
        rewriter, loc, resultType, c,
        derivedConstantName(gemm.getB(), "bn_folded_bias"));
    rewriter.modifyOpInPlace(gemm, [&] {
      gemm.getAMutable().assign(bn.getInput());
      gemm.getBMutable().assign(newB);
      if (gemm.getC())
        gemm.getCMutable().assign(newC);
      else
        gemm.getCMutable().append(newC);
      gemm.setBetaAttr(rewriter.getF32FloatAttr(1.0f));
      gemm->setLoc(rewriter.getFusedLoc({bn.getLoc(), gemm.getLoc()}));
    });
    rewriter.eraseOp(bn);
    ++counter;
    return success();
  }

  int64_t &counter;
};

struct FoldBatchNormPass
    : mlir::dlc::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    int64_t folded = 0, foldedThroughViews = 0, foldedIntoNext = 0;
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv, FoldIntoGemm>(
        &getContext(), Counters{folded, foldedThroughViews});
    patterns.add<FoldIntoNextConv, FoldIntoNextGemm>(&getContext(),
                                                     foldedIntoNext);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    numFolded += folded + foldedThroughViews + foldedIntoNext;
    recordRewrites(getOperation(), "batch_norm folded into conv2d/gemm",
                   folded);
    recordRewrites(getOperation(), "batch_norm folded through a view",
                   foldedThroughViews);
    recordRewrites(getOperation(),
                   "batch_norm folded into the next conv2d/gemm",
                   foldedIntoNext);
  }
};

} // namespace
