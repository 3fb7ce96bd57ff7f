//===- DlcOps.cpp - dlc dialect operations --------------------------------===//
//
// Verifiers check each op's declared result against the shape rules in
// DlcShapes.cpp, so a shape error is reported once, with the rule's reason.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DlcOps.h"
#include "dlc/Dialect/DlcKernelLayouts.h"
#include "dlc/Dialect/DlcEvaluate.h"
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
// Folders. They fold splat constants and algebraic identities only: a whole
// weight tensor computed at compile time is dlc-fold-constants' job, which
// stores large results as resource blobs and counts what it folds.
//===----------------------------------------------------------------------===//

/// A splat `attr` as a splat of `type` (same element type), or null.
static Attribute resplat(Attribute attr, Type type) {
  auto splat = dyn_cast_or_null<SplatElementsAttr>(attr);
  if (!splat)
    return {};
  return SplatElementsAttr::get(cast<ShapedType>(type),
                                splat.getSplatValue<Attribute>());
}

/// The element-wise `op` on splat operands: a splat of the result type.
static Attribute foldSplatElementwise(Operation *op,
                                      ArrayRef<Attribute> operands) {
  SmallVector<float> scalars;
  for (Attribute operand : operands) {
    std::optional<float> scalar = getSplatFloat(operand);
    if (!scalar)
      return {};
    scalars.push_back(*scalar);
  }
  std::optional<float> result = evaluateElementwise(op, scalars);
  if (!result)
    return {};
  return DenseElementsAttr::get(cast<ShapedType>(op->getResult(0).getType()),
                                ArrayRef<float>(*result));
}

#define DLC_UNARY_FOLD(OpTy)                                                   \
  OpFoldResult OpTy::fold(FoldAdaptor adaptor) {                               \
    return foldSplatElementwise(*this, adaptor.getOperands());                 \
  }
DLC_UNARY_FOLD(SigmoidOp)
DLC_UNARY_FOLD(TanhOp)
DLC_UNARY_FOLD(ExpOp)
DLC_UNARY_FOLD(LogOp)
DLC_UNARY_FOLD(SqrtOp)
DLC_UNARY_FOLD(ReciprocalOp)
DLC_UNARY_FOLD(ErfOp)
DLC_UNARY_FOLD(SoftplusOp)
DLC_UNARY_FOLD(SoftsignOp)
DLC_UNARY_FOLD(HardSwishOp)
DLC_UNARY_FOLD(LeakyReluOp)
DLC_UNARY_FOLD(EluOp)
DLC_UNARY_FOLD(SeluOp)
DLC_UNARY_FOLD(HardSigmoidOp)
DLC_UNARY_FOLD(ClipOp)
#undef DLC_UNARY_FOLD

// f(f(x)) = f(x).
#define DLC_IDEMPOTENT_FOLD(OpTy)                                              \
  OpFoldResult OpTy::fold(FoldAdaptor adaptor) {                               \
    if (getInput().getDefiningOp<OpTy>())                                      \
      return getInput();                                                       \
    return foldSplatElementwise(*this, adaptor.getOperands());                 \
  }
DLC_IDEMPOTENT_FOLD(ReluOp)
DLC_IDEMPOTENT_FOLD(AbsOp)
DLC_IDEMPOTENT_FOLD(FloorOp)
DLC_IDEMPOTENT_FOLD(CeilOp)
#undef DLC_IDEMPOTENT_FOLD

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (auto producer = getInput().getDefiningOp<NegOp>())
    return producer.getInput();
  return foldSplatElementwise(*this, adaptor.getOperands());
}

/// Two splats, or an operand that a splat leaves unchanged (x * 1, 1 * x,
/// x / 1, x - 0; not x + 0, which turns -0 into +0) and that the other
/// operand does not broadcast.
static OpFoldResult foldBinary(Operation *op, ArrayRef<Attribute> operands) {
  if (Attribute splat = foldSplatElementwise(op, operands))
    return splat;
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  Type resultType = op->getResult(0).getType();
  std::optional<float> l = getSplatFloat(operands[0]);
  std::optional<float> r = getSplatFloat(operands[1]);
  bool lhsIsResult = lhs.getType() == resultType;
  if (isa<MulOp, DivOp>(op) && r == 1.0f && lhsIsResult)
    return lhs;
  if (isa<MulOp>(op) && l == 1.0f && rhs.getType() == resultType)
    return rhs;
  if (isa<SubOp>(op) && r == 0.0f && !std::signbit(*r) && lhsIsResult)
    return lhs;
  return {};
}

#define DLC_BINARY_FOLD(OpTy)                                                  \
  OpFoldResult OpTy::fold(FoldAdaptor adaptor) {                               \
    return foldBinary(*this, adaptor.getOperands());                           \
  }
DLC_BINARY_FOLD(AddOp)
DLC_BINARY_FOLD(SubOp)
DLC_BINARY_FOLD(MulOp)
DLC_BINARY_FOLD(DivOp)
DLC_BINARY_FOLD(MaxOp)
DLC_BINARY_FOLD(MinOp)
DLC_BINARY_FOLD(PowOp)
DLC_BINARY_FOLD(PReluOp)
#undef DLC_BINARY_FOLD

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

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  if (Attribute splat = resplat(adaptor.getInput(), getType()))
    return splat;
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

OpFoldResult PadOp::fold(FoldAdaptor adaptor) {
  if (llvm::all_of(getPads(), [](int64_t pad) { return pad == 0; }))
    return getInput();
  // Padding a splat with its own value.
  if (getSplatFloat(adaptor.getInput()) == getValue().convertToFloat())
    return resplat(adaptor.getInput(), getType());
  return {};
}

LogicalResult TransposeOp::verify() {
  return verifyResultShape(
      *this, inferTransposeShape(shapeOf(getInput()), getPerm(), DLC_OP_ERRORS));
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  if (Attribute splat = resplat(adaptor.getInput(), getType()))
    return splat;
  // transpose(transpose(x, p), q) reads dim p[q[i]] of x.
  if (auto producer = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t i : perm)
      composed.push_back(producer.getPerm()[i]);
    setPerm(composed);
    setOperand(producer.getInput());
    return getResult();
  }
  return {};
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

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  // Splats of one value.
  std::optional<float> value = getSplatFloat(adaptor.getInputs()[0]);
  if (!value || llvm::any_of(adaptor.getInputs(), [&](Attribute input) {
        return getSplatFloat(input) != value;
      }))
    return {};
  return resplat(adaptor.getInputs()[0], getType());
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

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  // A slice as large as its input reads all of it, in order.
  if (getInput().getType() == getType())
    return getInput();
  return resplat(adaptor.getInput(), getType());
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

//===----------------------------------------------------------------------===//
// Conv2dKernelOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2dKernelOp::verify() {
  auto shape = [](Value v) { return cast<ShapedType>(v.getType()).getShape(); };
  bool onTensors = isa<RankedTensorType>(getInit().getType());
  for (Value operand : getOperation()->getOperands())
    if (isa<RankedTensorType>(operand.getType()) != onTensors)
      return emitOpError("operands must be all tensors or all memrefs");
  if (onTensors != (getNumResults() == 1))
    return emitOpError(onTensors ? "on tensors returns its destination"
                                 : "on memrefs has no results");
  if (onTensors && getResult()[0].getType() != getInit().getType())
    return emitOpError("result type must be the destination's type");
  ArrayRef<int64_t> filterShape = getFilterShape();
  FailureOr<Shape> outShape =
      inferConv2dShape(shape(getInput()), filterShape, getStrides(), getPads(),
                       getDilations(), getGroup(), DLC_OP_ERRORS);
  if (failed(outShape))
    return failure();
  if (shape(getInit()) != ArrayRef<int64_t>(*outShape))
    return emitOpError("destination shape ") << formatShape(shape(getInit()))
           << " does not match the convolution's " << formatShape(*outShape);
  std::optional<SmallVector<int64_t>> packed =
      getPackedFilterShape(getAlgo(), filterShape, getGroup(),
                           ArrayRef<int64_t>(*outShape).take_back(2));
  if (!packed)
    return emitOpError("algorithm '")
           << stringifyConvAlgo(getAlgo())
           << "' has no kernel for this convolution (filter "
           << formatShape(filterShape) << ", group " << getGroup() << ")";
  // Winograd and FFT tiles overlap by the filter size minus one.
  if ((getWinogradTile(getAlgo()) || getAlgo() == ConvAlgo::FFT) &&
      (llvm::any_of(getStrides(), [](int64_t s) { return s != 1; }) ||
       llvm::any_of(getDilations(), [](int64_t d) { return d != 1; })))
    return emitOpError("algorithm '")
           << stringifyConvAlgo(getAlgo())
           << "' needs stride 1 and dilation 1";
  if (shape(getPackedFilter()) != ArrayRef<int64_t>(*packed))
    return emitOpError("packed filter shape ")
           << formatShape(shape(getPackedFilter())) << " is not the "
           << stringifyConvAlgo(getAlgo()) << " layout "
           << formatShape(*packed);
  if (Value bias = getBias())
    if (shape(bias) != ArrayRef<int64_t>{filterShape[0]})
      return emitOpError("bias must hold one value per output channel");
  if (Value residual = getResidual())
    if (shape(residual) != shape(getInit()))
      return emitOpError("residual must have the destination's shape");
  return verifyActivation(*this, getActivation(), getActivationAlpha(),
                          getActivationBeta());
}

void Conv2dKernelOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  // On tensors it is pure; on memrefs it reads its inputs and writes `init`.
  for (OpOperand &operand : getOperation()->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    if (&operand == &getInitMutable())
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
    else
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DlcOps.cpp.inc"
