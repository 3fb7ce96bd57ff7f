//===- FuseActivation.cpp - Fuse activations into conv/gemm epilogues -----===//
//
// conv2d/gemm -> {relu, leaky_relu, clip, sigmoid, tanh, hard_sigmoid,
// hard_swish} and the gated forms x * sigmoid(x) (SiLU) and
// x * hard_sigmoid(x) (HardSwish before opset 14) become the producer's
// `activation` attribute, so the activation is applied while the output is
// still in registers instead of in another pass over memory.
//
//===----------------------------------------------------------------------===//

#include "ConstantUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"

#include <cmath>
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_FUSEACTIVATION
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

struct ActivationSpec {
  Activation kind;
  float alpha = 0.0f, beta = 0.0f;
};

/// The epilogue form of a standalone activation op, if it has one.
static std::optional<ActivationSpec> getActivationSpec(Operation *op) {
  if (isa<ReluOp>(op))
    return ActivationSpec{Activation::Relu};
  if (isa<SigmoidOp>(op))
    return ActivationSpec{Activation::Sigmoid};
  if (isa<TanhOp>(op))
    return ActivationSpec{Activation::Tanh};
  if (isa<HardSwishOp>(op))
    return ActivationSpec{Activation::HardSwish};
  if (auto leaky = dyn_cast<LeakyReluOp>(op))
    return ActivationSpec{Activation::LeakyRelu,
                          leaky.getAlpha().convertToFloat()};
  if (auto clip = dyn_cast<ClipOp>(op))
    return ActivationSpec{Activation::Clip, clip.getMin().convertToFloat(),
                          clip.getMax().convertToFloat()};
  if (auto hardSigmoid = dyn_cast<HardSigmoidOp>(op))
    return ActivationSpec{Activation::HardSigmoid,
                          hardSigmoid.getAlpha().convertToFloat(),
                          hardSigmoid.getBeta().convertToFloat()};
  return std::nullopt;
}

/// A conv2d or gemm without an activation yet.
static bool canTakeActivation(Operation *op) {
  if (auto conv = dyn_cast_or_null<Conv2dOp>(op))
    return conv.getActivation() == Activation::None;
  if (auto gemm = dyn_cast_or_null<GemmOp>(op))
    return gemm.getActivation() == Activation::None;
  return false;
}

static void setActivation(PatternRewriter &rewriter, Operation *producer,
                          const ActivationSpec &spec, Location consumerLoc) {
  rewriter.modifyOpInPlace(producer, [&] {
    producer->setAttr("activation",
                      ActivationAttr::get(rewriter.getContext(), spec.kind));
    producer->setAttr("activation_alpha",
                      rewriter.getF32FloatAttr(spec.alpha));
    producer->setAttr("activation_beta", rewriter.getF32FloatAttr(spec.beta));
    producer->setLoc(rewriter.getFusedLoc({producer->getLoc(), consumerLoc}));
  });
}

struct FuseUnaryActivation : RewritePattern {
  FuseUnaryActivation(MLIRContext *ctx, llvm::StringMap<int64_t> &counts)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx),
        counts(counts) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    std::optional<ActivationSpec> spec = getActivationSpec(op);
    if (!spec)
      return failure();
    Operation *producer = op->getOperand(0).getDefiningOp();
    if (!canTakeActivation(producer) || !producer->hasOneUse())
      return rewriter.notifyMatchFailure(op, "no fusable producer");
    setActivation(rewriter, producer, *spec, op->getLoc());
    rewriter.replaceOp(op, producer->getResults());
    ++counts[stringifyActivation(spec->kind)];
    return success();
  }

  llvm::StringMap<int64_t> &counts;
};

/// The gated activation x * gate(x): SiLU for gate = sigmoid, HardSwish for
/// gate = hard_sigmoid(alpha = 1/6, beta = 1/2) (how opsets before 14
/// spell HardSwish).
static std::optional<Activation> getGatedActivation(Operation *gate) {
  if (isa<SigmoidOp>(gate))
    return Activation::Silu;
  if (auto hardSigmoid = dyn_cast<HardSigmoidOp>(gate))
    if (std::abs(hardSigmoid.getAlpha().convertToFloat() - 1.0f / 6.0f) <
            1e-6f &&
        hardSigmoid.getBeta().convertToFloat() == 0.5f)
      return Activation::HardSwish;
  return std::nullopt;
}

/// x * gate(x) (either operand order) where x is a conv/gemm used only by
/// these two ops.
struct FuseGatedActivation : OpRewritePattern<MulOp> {
  FuseGatedActivation(MLIRContext *ctx, llvm::StringMap<int64_t> &counts)
      : OpRewritePattern(ctx, /*benefit=*/2), counts(counts) {}

  LogicalResult matchAndRewrite(MulOp mul,
                                PatternRewriter &rewriter) const override {
    for (int i = 0; i < 2; ++i) {
      Value x = mul->getOperand(i);
      Operation *gate = mul->getOperand(1 - i).getDefiningOp();
      std::optional<Activation> kind;
      if (!gate || gate->getNumOperands() != 1 || gate->getOperand(0) != x ||
          !gate->hasOneUse() || !(kind = getGatedActivation(gate)))
        continue;
      Operation *producer = x.getDefiningOp();
      if (!canTakeActivation(producer) ||
          !llvm::all_of(x.getUsers(), [&](Operation *user) {
            return user == mul.getOperation() || user == gate;
          }))
        continue;
      setActivation(rewriter, producer, {*kind}, mul.getLoc());
      rewriter.replaceOp(mul, x);
      rewriter.eraseOp(gate);
      ++counts[stringifyActivation(*kind)];
      return success();
    }
    return rewriter.notifyMatchFailure(mul, "not x * gate(x)");
  }

  llvm::StringMap<int64_t> &counts;
};

struct FuseActivationPass
    : mlir::dlc::impl::FuseActivationBase<FuseActivationPass> {
  void runOnOperation() override {
    llvm::StringMap<int64_t> counts;
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseGatedActivation>(&getContext(), counts);
    patterns.add<FuseUnaryActivation>(&getContext(), counts);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    for (const auto &entry : counts)
      recordRewrites(getOperation(),
                     ("activation fused: " + entry.getKey()).str(),
                     entry.getValue());
  }
};

} // namespace
