//===- ImportElementwise.cpp - Activations and element-wise arithmetic ----===//

#include "GraphImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/APFloat.h"

#include <climits>
#include <limits>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::onnx_import;

//===----------------------------------------------------------------------===//
// Unary ops and activations
//===----------------------------------------------------------------------===//

LogicalResult mlir::dlc::onnx_import::importUnary(OnnxNode &node) {
  if (failed(node.checkArity(1, 1)))
    return failure();
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  OpBuilder &b = node.builder();
  Location loc = node.loc();
  Type type = input->getType();
  StringRef opType = node.opType();
  auto apFloat = [](float value) { return llvm::APFloat(value); };

  Value result;
  if (opType == "Relu")
    result = ReluOp::create(b, loc, type, *input);
  else if (opType == "Sigmoid")
    result = SigmoidOp::create(b, loc, type, *input);
  else if (opType == "Tanh")
    result = TanhOp::create(b, loc, type, *input);
  else if (opType == "Exp")
    result = ExpOp::create(b, loc, type, *input);
  else if (opType == "Log")
    result = LogOp::create(b, loc, type, *input);
  else if (opType == "Abs")
    result = AbsOp::create(b, loc, type, *input);
  else if (opType == "Neg")
    result = NegOp::create(b, loc, type, *input);
  else if (opType == "Sqrt")
    result = SqrtOp::create(b, loc, type, *input);
  else if (opType == "Reciprocal")
    result = ReciprocalOp::create(b, loc, type, *input);
  else if (opType == "Floor")
    result = FloorOp::create(b, loc, type, *input);
  else if (opType == "Ceil")
    result = CeilOp::create(b, loc, type, *input);
  else if (opType == "Erf")
    result = ErfOp::create(b, loc, type, *input);
  else if (opType == "Softplus")
    result = SoftplusOp::create(b, loc, type, *input);
  else if (opType == "Softsign")
    result = SoftsignOp::create(b, loc, type, *input);
  else if (opType == "HardSwish")
    result = HardSwishOp::create(b, loc, type, *input);
  else if (opType == "LeakyRelu")
    result = LeakyReluOp::create(b, loc, type, *input,
                                 apFloat(node.getFloat("alpha", 0.01f)));
  else if (opType == "Elu")
    result = EluOp::create(b, loc, type, *input,
                           apFloat(node.getFloat("alpha", 1.0f)));
  else if (opType == "Selu")
    result = SeluOp::create(
        b, loc, type, *input,
        apFloat(node.getFloat("alpha", 1.67326319217681884765625f)),
        apFloat(node.getFloat("gamma", 1.05070102214813232421875f)));
  else if (opType == "HardSigmoid")
    result = HardSigmoidOp::create(b, loc, type, *input,
                                   apFloat(node.getFloat("alpha", 0.2f)),
                                   apFloat(node.getFloat("beta", 0.5f)));
  if (!result) {
    node.invalid() << "is not a unary op dlc knows";
    return failure();
  }
  if (node.hadError()) {
    result.getDefiningOp()->erase();
    return failure();
  }
  return node.setOutput(0, result);
}

LogicalResult mlir::dlc::onnx_import::importClip(OnnxNode &node) {
  float min = std::numeric_limits<float>::lowest();
  float max = std::numeric_limits<float>::max();
  // Before opset 11 the bounds are attributes, from 11 optional inputs.
  if (node.opset() < 11) {
    if (failed(node.checkArity(1, 1)))
      return failure();
    min = node.getFloat("min", min);
    max = node.getFloat("max", max);
    if (node.hadError())
      return failure();
  } else {
    if (failed(node.checkArity(1, 3)))
      return failure();
    FailureOr<std::optional<float>> minInput = node.constantScalar(1, "min");
    if (failed(minInput))
      return failure();
    FailureOr<std::optional<float>> maxInput = node.constantScalar(2, "max");
    if (failed(maxInput))
      return failure();
    min = minInput->value_or(min);
    max = maxInput->value_or(max);
  }
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  // ONNX: when min > max every value becomes max, which clip(max, max) gives.
  if (min > max)
    min = max;
  auto clip = ClipOp::create(node.builder(), node.loc(), input->getType(),
                             *input, llvm::APFloat(min), llvm::APFloat(max));
  return node.setOutput(0, clip);
}

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

/// Builds `opType` (Add, Sub, Mul, Div, Pow, Max, Min) on two operands whose
/// result shape is `shape`.
static Value createBinary(OnnxNode &node, StringRef opType, Value lhs,
                          Value rhs, ArrayRef<int64_t> shape) {
  OpBuilder &b = node.builder();
  Location loc = node.loc();
  RankedTensorType type = node.importer().f32Tensor(shape);
  if (opType == "Add" || opType == "Sum" || opType == "Mean")
    return AddOp::create(b, loc, type, lhs, rhs);
  if (opType == "Sub")
    return SubOp::create(b, loc, type, lhs, rhs);
  if (opType == "Mul")
    return MulOp::create(b, loc, type, lhs, rhs);
  if (opType == "Div")
    return DivOp::create(b, loc, type, lhs, rhs);
  if (opType == "Pow")
    return PowOp::create(b, loc, type, lhs, rhs);
  if (opType == "Max")
    return MaxOp::create(b, loc, type, lhs, rhs);
  if (opType == "Min")
    return MinOp::create(b, loc, type, lhs, rhs);
  return Value();
}

/// An f32 arith.constant holding `values` with `shape`, at the node.
static Value createF32Constant(OnnxNode &node, ArrayRef<int64_t> shape,
                               ArrayRef<float> values) {
  RankedTensorType type = node.importer().f32Tensor(shape);
  return arith::ConstantOp::create(node.builder(), node.loc(),
                                   DenseElementsAttr::get(type, values));
}

/// Pow's exponent may be an integer tensor from opset 12; a constant one is
/// converted to float32.
static FailureOr<Value> powExponent(OnnxNode &node) {
  ConstTensor *constant = node.importer().lookupConstant(node.inputName(1));
  if (!constant || !isIntegerDataType(constant->tensor->data_type()))
    return node.input(1);
  auto emitInvalid = [&] {
    return node.invalid() << "exponent '" << node.inputName(1) << "': ";
  };
  FailureOr<SmallVector<int64_t>> shape =
      tensorShape(*constant->tensor, emitInvalid);
  FailureOr<SmallVector<int64_t>> ints =
      decodeIntTensor(*constant->tensor, emitInvalid);
  if (failed(shape) || failed(ints))
    return failure();
  SmallVector<float> values(ints->begin(), ints->end());
  return createF32Constant(node, *shape, values);
}

LogicalResult mlir::dlc::onnx_import::importBinary(OnnxNode &node) {
  if (failed(node.checkArity(2, 2)))
    return failure();
  FailureOr<Value> lhs = node.input(0);
  if (failed(lhs))
    return failure();
  FailureOr<Value> rhs =
      node.opType() == "Pow" ? powExponent(node) : node.input(1);
  if (failed(rhs))
    return failure();
  ArrayRef<int64_t> lhsShape = shapeOf(*lhs);

  // Before opset 7: no broadcasting unless broadcast=1, and then B matches a
  // contiguous run of A's dims starting at `axis` (default: the last ones).
  if (node.opset() < 7) {
    bool broadcast = node.getInt("broadcast", 0) != 0;
    std::optional<int64_t> axisAttr;
    if (node.hasAttr("axis"))
      axisAttr = node.getInt("axis", 0);
    if (node.hadError())
      return failure();
    ArrayRef<int64_t> rhsShape = shapeOf(*rhs);
    if (!broadcast) {
      if (lhsShape != rhsShape) {
        node.invalid() << "inputs " << formatShape(lhsShape) << " and "
                       << formatShape(rhsShape)
                       << " differ and broadcast is not set";
        return failure();
      }
    } else {
      int64_t lhsRank = lhsShape.size(), rhsRank = rhsShape.size();
      int64_t axis = axisAttr.value_or(lhsRank - rhsRank);
      if (axis < 0)
        axis += lhsRank;
      if (rhsRank > lhsRank || axis < 0 || axis + rhsRank > lhsRank) {
        node.invalid() << "B " << formatShape(rhsShape)
                       << " cannot broadcast to A " << formatShape(lhsShape)
                       << " at axis " << axisAttr.value_or(axis);
        return failure();
      }
      SmallVector<int64_t> aligned(rhsShape.begin(), rhsShape.end());
      aligned.append(lhsRank - axis - rhsRank, 1);
      *rhs = node.importer().reshape(node.loc(), *rhs, aligned);
      FailureOr<Shape> shape = inferBroadcastShape(
          lhsShape, aligned, [&] { return node.invalid(); });
      if (failed(shape))
        return failure();
      if (ArrayRef<int64_t>(*shape) != lhsShape) {
        node.invalid() << "B " << formatShape(rhsShape)
                       << " cannot broadcast to A " << formatShape(lhsShape);
        return failure();
      }
    }
  }

  FailureOr<Shape> shape = inferBroadcastShape(lhsShape, shapeOf(*rhs),
                                               [&] { return node.invalid(); });
  if (failed(shape))
    return failure();
  return node.setOutput(0,
                        createBinary(node, node.opType(), *lhs, *rhs, *shape));
}

LogicalResult mlir::dlc::onnx_import::importPRelu(OnnxNode &node) {
  if (failed(node.checkArity(2, 2)))
    return failure();
  FailureOr<Value> input = node.input(0), slope = node.input(1);
  if (failed(input) || failed(slope))
    return failure();
  ArrayRef<int64_t> inputShape = shapeOf(*input);
  ArrayRef<int64_t> slopeShape = shapeOf(*slope);
  // Opset 6 predates broadcasting: a 1-D slope holds one value per channel
  // (dim 1), as Caffe2 and the PyTorch exporter meant it.
  if (node.opset() < 7 && slopeShape.size() == 1 && inputShape.size() >= 3 &&
      slopeShape[0] != 1 && slopeShape[0] == inputShape[1]) {
    SmallVector<int64_t> perChannel(inputShape.size() - 1, 1);
    perChannel[0] = slopeShape[0];
    *slope = node.importer().reshape(node.loc(), *slope, perChannel);
    slopeShape = shapeOf(*slope);
  }
  FailureOr<Shape> shape = inferBroadcastShape(inputShape, slopeShape,
                                               [&] { return node.invalid(); });
  if (failed(shape))
    return failure();
  if (ArrayRef<int64_t>(*shape) != inputShape) {
    node.invalid() << "slope " << formatShape(slopeShape)
                   << " must broadcast to the input "
                   << formatShape(inputShape);
    return failure();
  }
  auto prelu = PReluOp::create(node.builder(), node.loc(), input->getType(),
                               *input, *slope);
  return node.setOutput(0, prelu);
}

//===----------------------------------------------------------------------===//
// Variadic ops: Max, Min, Sum, Mean
//===----------------------------------------------------------------------===//

LogicalResult mlir::dlc::onnx_import::importVariadic(OnnxNode &node) {
  if (failed(node.checkArity(1, UINT_MAX)))
    return failure();
  FailureOr<Value> accumulator = node.input(0);
  if (failed(accumulator))
    return failure();
  unsigned count = node.numInputs();
  for (unsigned i = 1; i < count; ++i) {
    FailureOr<Value> next = node.input(i);
    if (failed(next))
      return failure();
    FailureOr<Shape> shape = inferBroadcastShape(
        shapeOf(*accumulator), shapeOf(*next), [&] { return node.invalid(); });
    if (failed(shape))
      return failure();
    *accumulator =
        createBinary(node, node.opType(), *accumulator, *next, *shape);
  }
  if (node.opType() == "Mean" && count > 1) {
    Value divisor = createF32Constant(node, {}, {static_cast<float>(count)});
    *accumulator = DivOp::create(node.builder(), node.loc(),
                                 accumulator->getType(), *accumulator, divisor);
  }
  return node.setOutput(0, *accumulator);
}
