//===- Pooling.cpp - Lower dlc pooling ops to linalg ----------------------===//
//
// Windows combine strided views of an explicitly padded input, one per tap,
// in element-wise linalg.generics over the output (poolWindows). ceil_mode
// only adds end padding. Average pooling divides a window sum by a count
// that is itself a sum-pool over a 0/1 mask, so every padding rule (explicit
// pads, ceil_mode, count_include_pad) is handled by the same code.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>
#include <type_traits>

using namespace mlir;
using namespace mlir::dlc;

/// Pads [top, left, bottom, right] plus the extra end padding ceil_mode needs
/// so that the last window fits.
static SmallVector<int64_t> padsWithCeilExtra(ArrayRef<int64_t> inputShape,
                                              ArrayRef<int64_t> outputShape,
                                              ArrayRef<int64_t> kernel,
                                              ArrayRef<int64_t> strides,
                                              ArrayRef<int64_t> dilations,
                                              ArrayRef<int64_t> pads) {
  SmallVector<int64_t> result(pads);
  for (int i = 0; i < 2; ++i) {
    int64_t needed = (outputShape[2 + i] - 1) * strides[i] +
                     dilations[i] * (kernel[i] - 1) + 1;
    int64_t have = inputShape[2 + i] + pads[i] + pads[i + 2];
    if (needed > have)
      result[i + 2] += needed - have;
  }
  return result;
}

static Value addF(OpBuilder &b, Location l, ValueRange args) {
  return arith::AddFOp::create(b, l, args[0], args[1]);
}
/// max that propagates NaN but may return either zero of max(-0, +0): the
/// sign of zero costs a compare and two blends per max on x86, and no model
/// depends on it.
static Value maxF(OpBuilder &b, Location l, ValueRange args) {
  return arith::MaximumFOp::create(b, l, args[0], args[1],
                                   arith::FastMathFlags::nsz);
}

/// Windows of up to this many taps are combined in one pass over the
/// output; bigger ones in one pass per window row.
static constexpr int64_t kMaxTapsPerPass = 16;

/// out[n, c, oh, ow] = combine over (kh, kw) of
/// padded[n, c, oh * sh + kh * dh, ow * sw + kw * dw], as `outType`.
/// One element-wise linalg.generic over the output whose inputs are the
/// window's taps (strided views of `padded`): each output is combined in
/// registers and stored once, and the innermost loop runs along an output
/// row. linalg's pooling ops instead accumulate into the output tap by tap,
/// a load and a store per tap that are only kept in registers when LLVM can
/// prove the output does not alias the input (it often cannot, e.g. in the
/// bodies of outlined parallel loops), which made pooling up to 5x slower.
/// Bigger windows take one such pass per window row, each onto the last.
static Value poolWindows(OpBuilder &b, Location loc, Value padded,
                         RankedTensorType outType, ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                         ArrayRef<int64_t> dilations, ScalarBodyFn combine) {
  auto tap = [&](int64_t kh, int64_t kw) -> Value {
    SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(0),
                                         b.getIndexAttr(kh * dilations[0]),
                                         b.getIndexAttr(kw * dilations[1])};
    SmallVector<OpFoldResult> steps = {b.getIndexAttr(1), b.getIndexAttr(1),
                                       b.getIndexAttr(strides[0]),
                                       b.getIndexAttr(strides[1])};
    SmallVector<OpFoldResult> sizes;
    for (int64_t dim : outType.getShape())
      sizes.push_back(b.getIndexAttr(dim));
    return tensor::ExtractSliceOp::create(b, loc, outType, padded, offsets,
                                          sizes, steps);
  };
  auto combineAll = [&](ValueRange operands) {
    return createElementwise(
        b, loc, outType, operands,
        [&](OpBuilder &nb, Location nloc, ValueRange args) -> Value {
          Value result = args[0];
          for (Value arg : args.drop_front())
            result = combine(nb, nloc, ValueRange{result, arg});
          return result;
        });
  };
  if (kernel[0] * kernel[1] <= kMaxTapsPerPass) {
    SmallVector<Value> taps;
    for (int64_t kh = 0; kh < kernel[0]; ++kh)
      for (int64_t kw = 0; kw < kernel[1]; ++kw)
        taps.push_back(tap(kh, kw));
    return combineAll(taps);
  }
  Value acc;
  for (int64_t kh = 0; kh < kernel[0]; ++kh) {
    SmallVector<Value> operands;
    if (acc)
      operands.push_back(acc);
    for (int64_t kw = 0; kw < kernel[1]; ++kw)
      operands.push_back(tap(kh, kw));
    acc = combineAll(operands);
  }
  return acc;
}

namespace {

struct MaxPool2dLowering : OpConversionPattern<MaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    double lowest = -std::numeric_limits<double>::infinity();
    SmallVector<int64_t> pads = padsWithCeilExtra(
        inputType.getShape(), resultType.getShape(), op.getKernelShape(),
        op.getStrides(), op.getDilations(), op.getPads());
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), pads, lowest);
    Value result =
        poolWindows(rewriter, loc, input, resultType, op.getKernelShape(), op.getStrides(), op.getDilations(),
                    maxF);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct AvgPool2dLowering : OpConversionPattern<AvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    Type f32 = resultType.getElementType();
    ArrayRef<int64_t> in = inputType.getShape(), out = resultType.getShape();
    int64_t dilationValues[] = {1, 1};
    ArrayRef<int64_t> dilations(dilationValues);
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<int64_t> allPads = padsWithCeilExtra(
        in, out, op.getKernelShape(), op.getStrides(), dilations, pads);
    auto sumPool = [&](Value padded, RankedTensorType type) {
      return poolWindows(rewriter, loc, padded, type, op.getKernelShape(), op.getStrides(), dilations,
                         addF);
    };
    Value sum = sumPool(padSpatial(rewriter, loc, adaptor.getInput(), allPads,
                                   0.0),
                        resultType);

    // The divisor: a sum-pool over a mask that is 1 where an element counts.
    // With count_include_pad the explicit pads count, the ceil_mode extra
    // never does.
    SmallVector<int64_t> maskShape = {1, 1, in[2], in[3]};
    SmallVector<int64_t> maskPads = allPads;
    if (op.getCountIncludePad()) {
      maskShape = {1, 1, in[2] + pads[0] + pads[2], in[3] + pads[1] + pads[3]};
      maskPads = {0, 0, allPads[2] - pads[2], allPads[3] - pads[3]};
    }
    auto maskType = RankedTensorType::get(maskShape, f32);
    Value mask = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(maskType, rewriter.getF32FloatAttr(1.0f)));
    auto countType = RankedTensorType::get({1, 1, out[2], out[3]}, f32);
    Value count =
        sumPool(padSpatial(rewriter, loc, mask, maskPads, 0.0), countType);

    Value result = createElementwise(
        rewriter, loc, resultType, ValueRange{sum, count},
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::DivFOp::create(b, l, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Reduces `axes` of `input` with `combine`, starting at `init`, into
/// `resultType` (the input's shape with the reduced dims 1).
static Value reduceAxes(OpBuilder &b, Location loc, Value input,
                        ArrayRef<int64_t> axes, RankedTensorType resultType,
                        double init, ScalarBodyFn combine) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < rank; ++i) {
    bool reduced = llvm::is_contained(axes, i);
    outExprs.push_back(reduced ? getAffineConstantExpr(0, ctx)
                               : getAffineDimExpr(i, ctx));
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
  }
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 AffineMap::get(rank, 0, outExprs, ctx)};
  return linalg::GenericOp::create(
             b, loc, resultType, input,
             createFilled(b, loc, resultType, init), maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, combine(nb, nloc, args));
             })
      .getResult(0);
}

/// Reduces all dims after the first two.
static Value reduceSpatial(OpBuilder &b, Location loc, Value input,
                           RankedTensorType resultType, double init,
                           ScalarBodyFn combine) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  SmallVector<int64_t> axes;
  for (int64_t i = 2; i < rank; ++i)
    axes.push_back(i);
  return reduceAxes(b, loc, input, axes, resultType, init, combine);
}


/// dlc.reduce_sum / reduce_max / reduce_mean: one linalg.generic reduction
/// (and, for the mean, an element-wise division by the reduced count).
template <typename ReduceOpTy>
struct ReduceLowering : OpConversionPattern<ReduceOpTy> {
  using OpConversionPattern<ReduceOpTy>::OpConversionPattern;
  using OpAdaptor = typename ReduceOpTy::Adaptor;

  LogicalResult
  matchAndRewrite(ReduceOpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    bool isMax = std::is_same_v<ReduceOpTy, ReduceMaxOp>;
    Value result = reduceAxes(
        rewriter, loc, adaptor.getInput(), op.getAxes(), resultType,
        isMax ? -std::numeric_limits<double>::infinity() : 0.0,
        isMax ? maxF : addF);
    if (std::is_same_v<ReduceOpTy, ReduceMeanOp>) {
      double count = static_cast<double>(inputType.getNumElements() /
                                         resultType.getNumElements());
      result = createElementwise(
          rewriter, loc, resultType, ValueRange{result},
          [count](OpBuilder &b, Location l, ValueRange args) -> Value {
            return arith::DivFOp::create(b, l, args[0], createF32(b, l, count));
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct GlobalAvgPoolLowering : OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    Value sum = reduceSpatial(
        rewriter, loc, adaptor.getInput(), resultType, 0.0,
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::AddFOp::create(b, l, args[0], args[1]);
        });
    double count = static_cast<double>(inputType.getNumElements() /
                                       resultType.getNumElements());
    Value result = createElementwise(
        rewriter, loc, resultType, ValueRange{sum},
        [count](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::DivFOp::create(b, l, args[0], createF32(b, l, count));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct GlobalMaxPoolLowering : OpConversionPattern<GlobalMaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GlobalMaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result = reduceSpatial(
        rewriter, op.getLoc(), adaptor.getInput(),
        cast<RankedTensorType>(op.getType()),
        -std::numeric_limits<double>::infinity(),
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::MaximumFOp::create(b, l, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::dlc::populatePoolingPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPool2dLowering, AvgPool2dLowering, GlobalAvgPoolLowering,
               GlobalMaxPoolLowering, ReduceLowering<ReduceMeanOp>,
               ReduceLowering<ReduceSumOp>, ReduceLowering<ReduceMaxOp>>(
      patterns.getContext());
}
