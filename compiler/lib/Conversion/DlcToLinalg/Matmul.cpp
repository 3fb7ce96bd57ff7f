//===- Matmul.cpp - Lower dlc.gemm and dlc.matmul to linalg ---------------===//

#include "LoweringUtils.h"

#include "Transforms/ConstantUtils.h"
#include "dlc/Dialect/DlcKernelLayouts.h"
#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace mlir::dlc;

static Value transpose2d(OpBuilder &b, Location loc, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  auto transposedType = RankedTensorType::get(
      {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  return linalg::TransposeOp::create(b, loc, input,
                                     createEmpty(b, loc, transposedType),
                                     ArrayRef<int64_t>{1, 0})
      .getResult()[0];
}

/// Y[M, N] = alpha * A[M, K] * W + beta * bias[N] (+ activation) with a
/// constant W ([K, N], or [N, K] when `transposedWeights`): the rows of A are
/// M one-pixel images of K channels and W is a 1x1 conv's filter, so dlc's
/// dense GEMM kernel (algo dense: the images are the GEMM's rows, the filter
/// is packed at compile time) computes it.
/// Returns null when the weights or the bias are not constants.
static Value lowerDenseToKernel(ConversionPatternRewriter &rewriter,
                                Location loc, Value a, Value weights,
                                bool transposedWeights, double alpha,
                                Value bias, double beta,
                                Activation activation, FloatAttr actAlpha,
                                FloatAttr actBeta) {
  auto aType = cast<RankedTensorType>(a.getType());
  auto wType = cast<RankedTensorType>(weights.getType());
  if (aType.getRank() != 2 || wType.getRank() != 2)
    return Value();
  int64_t m = aType.getDimSize(0), k = aType.getDimSize(1);
  int64_t n = transposedWeights ? wType.getDimSize(0) : wType.getDimSize(1);
  std::optional<std::vector<float>> w = getConstantFloats(weights);
  if (!w)
    return Value();
  std::optional<std::vector<float>> biasValues;
  if (bias && beta != 0.0) {
    auto biasShape = cast<RankedTensorType>(bias.getType()).getShape();
    bool perColumn = (biasShape.size() == 1 && biasShape[0] == n) ||
                     (biasShape.size() == 2 && biasShape[0] == 1 &&
                      biasShape[1] == n);
    biasValues = getConstantFloats(bias);
    if (!perColumn || !biasValues)
      return Value();
  }
  std::vector<float> filter(n * k);
  for (int64_t row = 0; row < n; ++row)
    for (int64_t col = 0; col < k; ++col)
      filter[row * k + col] =
          alpha * (transposedWeights ? (*w)[row * k + col] : (*w)[col * n + row]);
  SmallVector<int64_t> filterShape = {n, k, 1, 1};
  auto packedShape =
      *getPackedFilterShape(ConvAlgo::Dense, filterShape, 1, {1, 1});
  Type f32 = rewriter.getF32Type();
  Value packed = createConstantFloats(
      rewriter, loc, RankedTensorType::get(packedShape, f32),
      packFilter(ConvAlgo::Dense, filterShape, 1, {1, 1}, filter),
      derivedConstantName(weights, "packed_dense"));
  Value biasConstant;
  if (biasValues) {
    for (float &value : *biasValues)
      value *= beta;
    biasConstant =
        createConstantFloats(rewriter, loc, RankedTensorType::get({n}, f32),
                             *biasValues, derivedConstantName(bias, "bias"));
  }
  auto imageType = RankedTensorType::get({m, k, 1, 1}, f32);
  auto outType = RankedTensorType::get({m, n, 1, 1}, f32);
  auto kernel = Conv2dKernelOp::create(
      rewriter, loc, TypeRange{outType}, reshapeTo(rewriter, loc, a, imageType),
      packed, biasConstant, /*residual=*/Value(),
      createEmpty(rewriter, loc, outType),
      rewriter.getDenseI64ArrayAttr(filterShape),
      rewriter.getDenseI64ArrayAttr({1, 1}),
      rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}),
      rewriter.getDenseI64ArrayAttr({1, 1}), rewriter.getI64IntegerAttr(1),
      ConvAlgoAttr::get(rewriter.getContext(), ConvAlgo::Dense),
      ActivationAttr::get(rewriter.getContext(), activation), actAlpha,
      actBeta);
  return reshapeTo(rewriter, loc, kernel.getResult()[0],
                   RankedTensorType::get({m, n}, f32));
}

namespace {

/// alpha * op(A) * op(B) + beta * C. When alpha is 1 the matmul accumulates
/// directly onto beta * C; otherwise the product is scaled afterwards.
struct GemmLowering : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value a = adaptor.getA(), b = adaptor.getB();
    // Dense layers (constant weights): dlc's packed GEMM kernel.
    if (!op.getTransA())
      if (Value kernel = lowerDenseToKernel(
              rewriter, loc, a, b, op.getTransB(),
              op.getAlpha().convertToFloat(), adaptor.getC(),
              op.getBeta().convertToFloat(), op.getActivation(),
              op.getActivationAlphaAttr(), op.getActivationBetaAttr())) {
        rewriter.replaceOp(op, kernel);
        return success();
      }
    if (op.getTransA())
      a = transpose2d(rewriter, loc, a);
    if (op.getTransB())
      b = transpose2d(rewriter, loc, b);
    double alpha = op.getAlpha().convertToFloat();
    double beta = op.getBeta().convertToFloat();
    Value c = adaptor.getC();
    bool useC = c && beta != 0.0;

    auto scaledC = [&]() {
      return createElementwise(
          rewriter, loc, resultType, ValueRange{c},
          [beta](OpBuilder &nb, Location l, ValueRange x) -> Value {
            if (beta == 1.0)
              return x[0];
            return arith::MulFOp::create(nb, l, x[0], createF32(nb, l, beta));
          });
    };
    Value init = (useC && alpha == 1.0)
                     ? scaledC()
                     : createFilled(rewriter, loc, resultType, 0.0);
    Value product = linalg::MatmulOp::create(rewriter, loc,
                                             TypeRange{resultType},
                                             ValueRange{a, b}, ValueRange{init})
                        .getResult(0);
    if (alpha != 1.0) {
      SmallVector<Value> operands = {product};
      if (useC)
        operands.push_back(scaledC());
      product = createElementwise(
          rewriter, loc, resultType, operands,
          [alpha](OpBuilder &nb, Location l, ValueRange x) -> Value {
            Value scaled =
                arith::MulFOp::create(nb, l, x[0], createF32(nb, l, alpha));
            return x.size() > 1 ? arith::AddFOp::create(nb, l, scaled, x[1])
                                : scaled;
          });
    }
    product = applyEpilogue(rewriter, loc, product, /*residual=*/Value(),
                            op.getActivation(),
                            op.getActivationAlpha().convertToFloat(),
                            op.getActivationBeta().convertToFloat());
    rewriter.replaceOp(op, product);
    return success();
  }
};

/// NumPy matmul as one linalg.generic over (batch..., m, n, k): batch dims
/// broadcast through the indexing maps, 1-D operands are promoted to 2-D.
struct MatMulLowering : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type f32 = resultType.getElementType();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    if (lhsType.getRank() == 1) {
      lhsType = RankedTensorType::get({1, lhsType.getDimSize(0)}, f32);
      lhs = reshapeTo(rewriter, loc, lhs, lhsType);
    }
    if (rhsType.getRank() == 1) {
      rhsType = RankedTensorType::get({rhsType.getDimSize(0), 1}, f32);
      rhs = reshapeTo(rewriter, loc, rhs, rhsType);
    }
    ArrayRef<int64_t> l = lhsType.getShape(), r = rhsType.getShape();
    int64_t m = l[l.size() - 2], k = l.back(), n = r.back();
    int64_t batchRank = std::max(l.size(), r.size()) - 2;
    SmallVector<int64_t> batch(batchRank, 1);
    for (int64_t i = 0; i < batchRank; ++i) {
      int64_t li = i - (batchRank - (int64_t)(l.size() - 2));
      int64_t ri = i - (batchRank - (int64_t)(r.size() - 2));
      batch[i] = std::max(li >= 0 ? l[li] : 1, ri >= 0 ? r[ri] : 1);
    }

    if (batchRank == 0 && resultType.getRank() == 2) {
      if (Value kernel = lowerDenseToKernel(
              rewriter, loc, lhs, rhs, /*transposedWeights=*/false, 1.0,
              Value(), 0.0, Activation::None,
              rewriter.getF32FloatAttr(0), rewriter.getF32FloatAttr(0))) {
        rewriter.replaceOp(op, reshapeTo(rewriter, loc, kernel, resultType));
        return success();
      }
      Value init = createFilled(rewriter, loc, resultType, 0.0);
      rewriter.replaceOp(op, linalg::MatmulOp::create(
                                 rewriter, loc, TypeRange{resultType},
                                 ValueRange{lhs, rhs}, ValueRange{init})
                                 .getResult(0));
      return success();
    }

    // Loop dims: batch..., m, n, k.
    int64_t numDims = batchRank + 3;
    auto dim = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    auto operandMap = [&](ArrayRef<int64_t> shape, AffineExpr row,
                          AffineExpr col) {
      int64_t operandBatch = shape.size() - 2;
      SmallVector<AffineExpr> exprs;
      for (int64_t i = 0; i < operandBatch; ++i) {
        int64_t loopDim = i + batchRank - operandBatch;
        exprs.push_back(shape[i] == 1 && batch[loopDim] != 1
                            ? getAffineConstantExpr(0, ctx)
                            : dim(loopDim));
      }
      exprs.push_back(row);
      exprs.push_back(col);
      return AffineMap::get(numDims, 0, exprs, ctx);
    };
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < batchRank + 2; ++i)
      outExprs.push_back(dim(i));
    SmallVector<AffineMap> maps = {
        operandMap(l, dim(batchRank), dim(batchRank + 2)),
        operandMap(r, dim(batchRank + 2), dim(batchRank + 1)),
        AffineMap::get(numDims, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(numDims,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;

    SmallVector<int64_t> fullShape(batch);
    fullShape.push_back(m);
    fullShape.push_back(n);
    auto fullType = RankedTensorType::get(fullShape, f32);
    (void)k;
    Value product =
        linalg::GenericOp::create(
            rewriter, loc, fullType, ValueRange{lhs, rhs},
            createFilled(rewriter, loc, fullType, 0.0), maps, iterators,
            [](OpBuilder &b, Location l, ValueRange args) {
              Value mul = arith::MulFOp::create(b, l, args[0], args[1]);
              linalg::YieldOp::create(b, l,
                                      arith::AddFOp::create(b, l, args[2], mul)
                                          .getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, product, resultType));
    return success();
  }
};

} // namespace

void mlir::dlc::populateMatmulPatterns(RewritePatternSet &patterns) {
  patterns.add<GemmLowering, MatMulLowering>(patterns.getContext());
}
