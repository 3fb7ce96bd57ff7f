//===- DlcOps.cpp - dlc dialect operations --------------------------------===//
//
// Verifiers check each op's declared result against the shape rules in
// DlcShapes.cpp, so a shape error is reported once, with the rule's reason.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DlcOps.h"
#include "dlc/Dialect/DlcShapes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dlc;

static ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// Checks the op's single result against the shape its rule infers; the rule
/// itself reports why it failed, through the op.
static LogicalResult verifyResultShape(Operation *op, FailureOr<Shape> shape) {
  if (failed(shape))
    return failure();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (resultType.getShape() != ArrayRef<int64_t>(*shape))
    return op->emitOpError("result shape ")
           << formatShape(resultType.getShape())
           << " does not match the inferred shape " << formatShape(*shape);
  Type operandElement =
      cast<ShapedType>(op->getOperand(0).getType()).getElementType();
  if (resultType.getElementType() != operandElement)
    return op->emitOpError("result element type ")
           << resultType.getElementType() << " differs from the operand's "
           << operandElement;
  return success();
}

#define DLC_OP_ERRORS [op = getOperation()]() { return op->emitOpError(); }

static LogicalResult verifyActivation(Operation *op, Activation activation,
                                      APFloat alpha, APFloat beta) {
  if (activation == Activation::Clip &&
      alpha.convertToFloat() > beta.convertToFloat())
    return op->emitOpError("clip activation: min ")
           << alpha.convertToFloat() << " is greater than max "
           << beta.convertToFloat();
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2dOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2dOp::verify() {
  if (failed(verifyResultShape(
          *this, inferConv2dShape(shapeOf(getInput()), shapeOf(getFilter()),
                                  getStrides(), getPads(), getDilations(),
                                  getGroup(), DLC_OP_ERRORS))))
    return failure();
  if (Value bias = getBias()) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    int64_t outChannels = getFilter().getType().getDimSize(0);
    if (biasType.getRank() != 1 || biasType.getDimSize(0) != outChannels)
      return emitOpError("bias must be a 1-D tensor of ")
             << outChannels << " values (one per output channel), got "
             << formatShape(biasType.getShape());
  }
  if (Value residual = getResidual())
    if (residual.getType() != getOutput().getType())
      return emitOpError("residual ")
             << residual.getType() << " must have the output's type "
             << getOutput().getType();
  return verifyActivation(*this, getActivation(), getActivationAlpha(),
                          getActivationBeta());
}

//===----------------------------------------------------------------------===//
// GemmOp, MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::verify() {
  std::optional<ArrayRef<int64_t>> c;
  if (getC())
    c = shapeOf(getC());
  if (failed(verifyResultShape(
          *this, inferGemmShape(shapeOf(getA()), shapeOf(getB()), c,
                                getTransA(), getTransB(), DLC_OP_ERRORS))))
    return failure();
  return verifyActivation(*this, getActivation(), getActivationAlpha(),
                          getActivationBeta());
}

LogicalResult MatMulOp::verify() {
  return verifyResultShape(
      *this,
      inferMatMulShape(shapeOf(getLhs()), shapeOf(getRhs()), DLC_OP_ERRORS));
}

//===----------------------------------------------------------------------===//
// BatchNormOp, SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput());
  if (input.size() < 2)
    return emitOpError("expects rank >= 2 (N, C, ...), got ")
           << formatShape(input);
  int64_t channels = input[1];
  Value params[] = {getScale(), getBias(), getMean(), getVariance()};
  const char *names[] = {"scale", "bias", "mean", "variance"};
  for (auto [param, name] : llvm::zip(params, names)) {
    ArrayRef<int64_t> shape = shapeOf(param);
    if (shape.size() != 1 || shape[0] != channels)
      return emitOpError() << name << " must have " << channels
                           << " values (one per channel), got "
                           << formatShape(shape);
  }
  if (getOutput().getType() != getInput().getType())
    return emitOpError("result type must equal the input type");
  return success();
}

LogicalResult SoftmaxOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (getAxis() < 0 || getAxis() >= rank)
    return emitOpError("axis ") << getAxis() << " is out of range for rank "
                                << rank;
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

LogicalResult MaxPool2dOp::verify() {
  return verifyResultShape(
      *this, inferPool2dShape(shapeOf(getInput()), getKernelShape(),
                              getStrides(), getPads(), getDilations(),
                              getCeilMode(), DLC_OP_ERRORS));
}

LogicalResult AvgPool2dOp::verify() {
  int64_t unitDilations[] = {1, 1};
  return verifyResultShape(
      *this, inferPool2dShape(shapeOf(getInput()), getKernelShape(),
                              getStrides(), getPads(), unitDilations,
                              getCeilMode(), DLC_OP_ERRORS));
}

static FailureOr<Shape> inferGlobalPoolShape(Operation *op, Value input) {
  ArrayRef<int64_t> shape = shapeOf(input);
  if (shape.size() < 3) {
    op->emitOpError("expects rank >= 3 (N, C, spatial...), got ")
        << formatShape(shape);
    return failure();
  }
  Shape result(shape.begin(), shape.end());
  std::fill(result.begin() + 2, result.end(), 1);
  return result;
}

LogicalResult GlobalAvgPoolOp::verify() {
  return verifyResultShape(*this, inferGlobalPoolShape(*this, getInput()));
}

LogicalResult GlobalMaxPoolOp::verify() {
  return verifyResultShape(*this, inferGlobalPoolShape(*this, getInput()));
}

//===----------------------------------------------------------------------===//
// Element-wise
//===----------------------------------------------------------------------===//

LogicalResult ClipOp::verify() {
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError("min ") << getMin().convertToFloat()
                               << " is greater than max "
                               << getMax().convertToFloat();
  return success();
}

#define DLC_BINARY_VERIFY(OpTy)                                                \
  LogicalResult OpTy::verify() {                                               \
    return verifyResultShape(*this, inferBroadcastShape(shapeOf(getLhs()),     \
                                                        shapeOf(getRhs()),     \
                                                        DLC_OP_ERRORS));       \
  }
DLC_BINARY_VERIFY(AddOp)
DLC_BINARY_VERIFY(SubOp)
DLC_BINARY_VERIFY(MulOp)
DLC_BINARY_VERIFY(DivOp)
DLC_BINARY_VERIFY(MaxOp)
DLC_BINARY_VERIFY(MinOp)
DLC_BINARY_VERIFY(PowOp)
DLC_BINARY_VERIFY(PReluOp)
#undef DLC_BINARY_VERIFY

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  if (!in.hasStaticShape() || !out.hasStaticShape())
    return emitOpError("needs static shapes");
  if (in.getElementType() != out.getElementType())
    return emitOpError("cannot change the element type");
  if (in.getNumElements() != out.getNumElements())
    return emitOpError("cannot reshape ")
           << formatShape(in.getShape()) << " (" << in.getNumElements()
           << " elements) to " << formatShape(out.getShape()) << " ("
           << out.getNumElements() << " elements)";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  // reshape(reshape(x)) is one reshape.
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    setOperand(producer.getInput());
    return getResult();
  }
  return {};
}

LogicalResult PadOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput());
  ArrayRef<int64_t> pads = getPads();
  if (pads.size() != 2 * input.size())
    return emitOpError("pads must have ")
           << 2 * input.size() << " values (begin and end per dim), got "
           << pads.size();
  Shape expected(input.begin(), input.end());
  for (size_t i = 0; i < input.size(); ++i) {
    if (pads[i] < 0 || pads[i + input.size()] < 0)
      return emitOpError("negative pads (cropping) are not supported");
    expected[i] += pads[i] + pads[i + input.size()];
  }
  return verifyResultShape(*this, expected);
}

LogicalResult TransposeOp::verify() {
  return verifyResultShape(
      *this, inferTransposeShape(shapeOf(getInput()), getPerm(), DLC_OP_ERRORS));
}

LogicalResult ConcatOp::verify() {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value input : getInputs())
    shapes.push_back(shapeOf(input));
  if (shapes.empty())
    return emitOpError("needs at least one input");
  return verifyResultShape(*this,
                           inferConcatShape(shapes, getAxis(), DLC_OP_ERRORS));
}

LogicalResult SliceOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput());
  ArrayRef<int64_t> result = shapeOf(getOutput());
  ArrayRef<int64_t> offsets = getOffsets(), strides = getStrides();
  if (result.size() != input.size() || offsets.size() != input.size() ||
      strides.size() != input.size())
    return emitOpError("needs one offset and stride per dim of the rank-")
           << input.size() << " input and a result of the same rank";
  // The last element read, plus one: must lie inside the input.
  SmallVector<int64_t> ends;
  for (size_t i = 0; i < input.size(); ++i) {
    int64_t end = offsets[i] + (result[i] - 1) * strides[i] + 1;
    if (result[i] < 1 || end > input[i])
      return emitOpError("result ")
             << formatShape(result) << " reads past the input "
             << formatShape(input) << " in dim " << i;
    ends.push_back(end);
  }
  return verifyResultShape(
      *this, inferSliceShape(input, offsets, ends, strides, DLC_OP_ERRORS));
}

//===----------------------------------------------------------------------===//
// ResizeOp
//===----------------------------------------------------------------------===//

LogicalResult ResizeOp::verify() {
  auto inputType = getInput().getType(), outputType = getOutput().getType();
  ArrayRef<double> scales = getScales();
  if (!inputType.hasStaticShape() || !outputType.hasStaticShape())
    return emitOpError("needs static shapes");
  if (outputType.getRank() != inputType.getRank())
    return emitOpError("result ")
           << formatShape(outputType.getShape()) << " must have the rank of the input "
           << formatShape(inputType.getShape());
  if (static_cast<int64_t>(scales.size()) != inputType.getRank())
    return emitOpError("needs one scale per dim of the rank-")
           << inputType.getRank() << " input, got " << scales.size();
  for (auto [dim, scale] : llvm::enumerate(scales))
    if (!(scale > 0) || !std::isfinite(scale))
      return emitOpError("scale ") << scale << " of dim " << dim
                                   << " must be positive and finite";
  return success();
}

template <typename ReduceOpTy>
static LogicalResult verifyReduce(ReduceOpTy op) {
  return verifyResultShape(
      op, inferReduceShape(shapeOf(op.getInput()), op.getAxes(),
                           [&]() { return op.emitOpError(); }));
}

LogicalResult ReduceMeanOp::verify() { return verifyReduce(*this); }
LogicalResult ReduceSumOp::verify() { return verifyReduce(*this); }
LogicalResult ReduceMaxOp::verify() { return verifyReduce(*this); }

#define GET_OP_CLASSES
#include "dlc/Dialect/DlcOps.cpp.inc"
