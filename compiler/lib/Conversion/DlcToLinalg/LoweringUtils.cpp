//===- LoweringUtils.cpp - Shared helpers of the dlc-to-linalg patterns ---===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;
using namespace mlir::dlc;

Value mlir::dlc::createEmpty(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value mlir::dlc::createF32(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

Value mlir::dlc::createF32Constant(OpBuilder &b, Location loc, Type type,
                                   double value) {
  if (auto vectorType = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vectorType, static_cast<float>(value)));
  return createF32(b, loc, value);
}

Value mlir::dlc::createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                              double value) {
  return linalg::FillOp::create(b, loc, createF32(b, loc, value),
                                createEmpty(b, loc, type))
      .getResult(0);
}

AffineMap mlir::dlc::getBroadcastMap(MLIRContext *ctx,
                                     ArrayRef<int64_t> operandShape,
                                     ArrayRef<int64_t> resultShape) {
  unsigned offset = resultShape.size() - operandShape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operandShape)) {
    if (size == 1 && resultShape[i + offset] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(i + offset, ctx));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, ctx);
}

Value mlir::dlc::createElementwise(OpBuilder &b, Location loc,
                                   RankedTensorType resultType,
                                   ValueRange operands, ScalarBodyFn body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value operand : operands)
    maps.push_back(getBroadcastMap(
        ctx, cast<RankedTensorType>(operand.getType()).getShape(),
        resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, operands, createEmpty(b, loc, resultType), maps,
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value result = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, result);
      });
  return generic.getResult(0);
}

Value mlir::dlc::padTensor(OpBuilder &b, Location loc, Value input,
                           ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                           double value) {
  auto isZero = [](int64_t p) { return p == 0; };
  if (llvm::all_of(low, isZero) && llvm::all_of(high, isZero))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> lowOfr, highOfr;
  for (size_t i = 0; i < shape.size(); ++i) {
    shape[i] += low[i] + high[i];
    lowOfr.push_back(b.getIndexAttr(low[i]));
    highOfr.push_back(b.getIndexAttr(high[i]));
  }
  auto paddedType = RankedTensorType::get(shape, type.getElementType());
  return tensor::PadOp::create(b, loc, paddedType, input, lowOfr, highOfr,
                               createF32(b, loc, value));
}

Value mlir::dlc::padSpatial(OpBuilder &b, Location loc, Value input,
                            ArrayRef<int64_t> pads, double value) {
  int64_t low[] = {0, 0, pads[0], pads[1]};
  int64_t high[] = {0, 0, pads[2], pads[3]};
  return padTensor(b, loc, input, low, high, value);
}

Value mlir::dlc::reshapeTo(OpBuilder &b, Location loc, Value input,
                           RankedTensorType type) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == type)
    return input;
  if (inputType.getRank() == 0 || type.getRank() == 0) {
    // collapse/expand cannot reach rank 0 from rank > 1: use tensor.reshape.
    SmallVector<int64_t> dims(type.getShape());
    auto shapeType =
        RankedTensorType::get({type.getRank()}, b.getI64Type());
    Value shape = arith::ConstantOp::create(
        b, loc, DenseIntElementsAttr::get(shapeType, dims));
    return tensor::ReshapeOp::create(b, loc, type, input, shape);
  }
  // Through a 1-D tensor: valid for any pair of static shapes.
  auto flatType = RankedTensorType::get({inputType.getNumElements()},
                                        inputType.getElementType());
  Value flat = input;
  if (inputType.getRank() != 1) {
    SmallVector<ReassociationIndices> all(1);
    for (int64_t i = 0; i < inputType.getRank(); ++i)
      all[0].push_back(i);
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, input, all);
  }
  if (type.getRank() == 1)
    return flat;
  SmallVector<ReassociationIndices> all(1);
  for (int64_t i = 0; i < type.getRank(); ++i)
    all[0].push_back(i);
  return tensor::ExpandShapeOp::create(b, loc, type, flat, all);
}

Value mlir::dlc::applyActivation(ScalarBuilder &s, Activation activation,
                                 double alpha, double beta, Value x) {
  switch (activation) {
  case Activation::None:
    return x;
  case Activation::Relu:
    return s.max(x, s.c(0.0));
  case Activation::LeakyRelu:
    return s.ifNegative(x, s.mul(x, s.c(alpha)));
  case Activation::Clip:
    return s.min(s.max(x, s.c(alpha)), s.c(beta));
  case Activation::Sigmoid:
    return s.div(s.c(1.0),
                 s.add(s.c(1.0), s.exp(arith::NegFOp::create(s.b, s.loc, x))));
  case Activation::Tanh:
    return math::TanhOp::create(s.b, s.loc, x);
  case Activation::HardSigmoid:
    return s.clamp(s.add(s.mul(x, s.c(alpha)), s.c(beta)), 0.0, 1.0);
  case Activation::HardSwish:
    return s.mul(x, s.clamp(s.add(s.mul(x, s.c(1.0 / 6.0)), s.c(0.5)), 0.0,
                            1.0));
  case Activation::Silu:
    return s.mul(x, applyActivation(s, Activation::Sigmoid, 0, 0, x));
  }
  llvm_unreachable("unknown activation");
}

Value mlir::dlc::applyEpilogue(OpBuilder &b, Location loc, Value result,
                               Value residual, Activation activation,
                               double alpha, double beta) {
  if (!residual && activation == Activation::None)
    return result;
  SmallVector<Value> operands = {result};
  if (residual)
    operands.push_back(residual);
  return createElementwise(
      b, loc, cast<RankedTensorType>(result.getType()), operands,
      [&](OpBuilder &nb, Location nloc, ValueRange x) {
        ScalarBuilder s{nb, nloc};
        Value v = x.size() > 1 ? s.add(x[0], x[1]) : x[0];
        return applyActivation(s, activation, alpha, beta, v);
      });
}
