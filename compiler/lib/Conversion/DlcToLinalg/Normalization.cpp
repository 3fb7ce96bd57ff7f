//===- Normalization.cpp - Lower dlc.batch_norm and dlc.softmax -----------===//

#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// (x - mean) * scale / sqrt(var + eps) + bias, with the per-channel
/// parameters read through maps (d0, d1, ...) -> (d1).
struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel = AffineMap::get(rank, 0, getAffineDimExpr(1, ctx), ctx);
    SmallVector<AffineMap> maps = {identity, channel, channel, channel, channel,
                                   identity};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    double epsilon = op.getEpsilon().convertToFloat();
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, type,
            ValueRange{adaptor.getInput(), adaptor.getScale(),
                       adaptor.getBias(), adaptor.getMean(),
                       adaptor.getVariance()},
            createEmpty(rewriter, loc, type), maps, iterators,
            [epsilon](OpBuilder &b, Location l, ValueRange x) {
              Value stddev = math::SqrtOp::create(
                  b, l, arith::AddFOp::create(b, l, x[4], createF32(b, l, epsilon)));
              Value centered = arith::SubFOp::create(b, l, x[0], x[3]);
              Value normalized = arith::DivFOp::create(
                  b, l, arith::MulFOp::create(b, l, centered, x[1]), stddev);
              linalg::YieldOp::create(
                  b, l, arith::AddFOp::create(b, l, normalized, x[2]).getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// exp(x - max) / sum(exp(x - max)) along `axis`, as two reductions and two
/// element-wise generics.
struct SoftmaxLowering : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank(), axis = op.getAxis();
    SmallVector<int64_t> reducedShape(type.getShape());
    reducedShape[axis] = 1;
    auto reducedType =
        RankedTensorType::get(reducedShape, type.getElementType());
    SmallVector<AffineExpr> reducedExprs;
    for (int64_t i = 0; i < rank; ++i)
      reducedExprs.push_back(i == axis ? getAffineConstantExpr(0, ctx)
                                       : getAffineDimExpr(i, ctx));
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reducedMap = AffineMap::get(rank, 0, reducedExprs, ctx);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;

    auto reduce = [&](Value input, double init, auto combine) {
      return linalg::GenericOp::create(
                 rewriter, loc, reducedType, input,
                 createFilled(rewriter, loc, reducedType, init),
                 SmallVector<AffineMap>{identity, reducedMap}, iterators,
                 [&](OpBuilder &b, Location l, ValueRange x) {
                   linalg::YieldOp::create(b, l, combine(b, l, x[0], x[1]));
                 })
          .getResult(0);
    };
    Value max = reduce(adaptor.getInput(),
                       -std::numeric_limits<double>::infinity(),
                       [](OpBuilder &b, Location l, Value x, Value acc) {
                         return arith::MaximumFOp::create(b, l, x, acc)
                             .getResult();
                       });
    Value exps = createElementwise(
        rewriter, loc, type, ValueRange{adaptor.getInput(), max},
        [](OpBuilder &b, Location l, ValueRange x) -> Value {
          return math::ExpOp::create(b, l,
                                     arith::SubFOp::create(b, l, x[0], x[1]));
        });
    Value sum = reduce(exps, 0.0, [](OpBuilder &b, Location l, Value x, Value acc) {
      return arith::AddFOp::create(b, l, x, acc).getResult();
    });
    Value result = createElementwise(
        rewriter, loc, type, ValueRange{exps, sum},
        [](OpBuilder &b, Location l, ValueRange x) -> Value {
          return arith::DivFOp::create(b, l, x[0], x[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::dlc::populateNormalizationPatterns(RewritePatternSet &patterns) {
  patterns.add<BatchNormLowering, SoftmaxLowering>(patterns.getContext());
}
