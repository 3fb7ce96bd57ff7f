//===- DlcOps.cpp - dlc dialect operations --------------------------------===//
//
// Result types come from the shape rules in DlcShapes.cpp; the
// InferTypeOpInterface verifier then rejects ops whose declared result type
// disagrees, so shape errors are reported once, with the rule's reason.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DlcOps.h"
#include "dlc/Dialect/DlcShapes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {
/// Reports through `location` when there is one (inference may run without).
struct LocationErrors {
  std::optional<Location> location;
  InFlightDiagnostic operator()() const {
    return location ? mlir::emitError(*location) : InFlightDiagnostic();
  }
};
} // namespace

static std::optional<ArrayRef<int64_t>> shapeOf(Value value) {
  if (!value)
    return std::nullopt;
  if (auto type = dyn_cast<RankedTensorType>(value.getType()))
    return type.getShape();
  return std::nullopt;
}

static LogicalResult setResult(FailureOr<Shape> shape, Type elementType,
                               SmallVectorImpl<Type> &types) {
  if (failed(shape))
    return failure();
  types.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

static Type elementTypeOf(Value value) {
  return cast<ShapedType>(value.getType()).getElementType();
}

//===----------------------------------------------------------------------===//
// Conv2dOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto input = shapeOf(adaptor.getInput()), filter = shapeOf(adaptor.getFilter());
  if (!input || !filter)
    return failure();
  return setResult(inferConv2dShape(*input, *filter, adaptor.getStrides(),
                                    adaptor.getPads(), adaptor.getDilations(),
                                    adaptor.getGroup(), LocationErrors{loc}),
                   elementTypeOf(adaptor.getInput()), types);
}

LogicalResult Conv2dOp::verify() {
  if (Value bias = getBias()) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    int64_t outChannels = getFilter().getType().getDimSize(0);
    if (biasType.getRank() != 1 || biasType.getDimSize(0) != outChannels)
      return emitOpError("bias must be a 1-D tensor of ")
             << outChannels << " values (one per output channel), got "
             << formatShape(biasType.getShape());
  }
  return success();
}

//===----------------------------------------------------------------------===//
// GemmOp, MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  auto a = shapeOf(adaptor.getA()), b = shapeOf(adaptor.getB());
  if (!a || !b)
    return failure();
  return setResult(inferGemmShape(*a, *b, shapeOf(adaptor.getC()),
                                  adaptor.getTransA(), adaptor.getTransB(),
                                  LocationErrors{loc}),
                   elementTypeOf(adaptor.getA()), types);
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto lhs = shapeOf(adaptor.getLhs()), rhs = shapeOf(adaptor.getRhs());
  if (!lhs || !rhs)
    return failure();
  return setResult(inferMatMulShape(*lhs, *rhs, LocationErrors{loc}),
                   elementTypeOf(adaptor.getLhs()), types);
}

//===----------------------------------------------------------------------===//
// BatchNormOp, SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto input = shapeOf(adaptor.getInput());
  if (!input)
    return failure();
  LocationErrors emitError{loc};
  if (input->size() < 2) {
    emitError() << "batch_norm expects rank >= 2 (N, C, ...), got "
                << formatShape(*input);
    return failure();
  }
  int64_t channels = (*input)[1];
  Value params[] = {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                    adaptor.getVariance()};
  const char *names[] = {"scale", "bias", "mean", "variance"};
  for (auto [param, name] : llvm::zip(params, names)) {
    auto shape = shapeOf(param);
    if (!shape || shape->size() != 1 || (*shape)[0] != channels) {
      emitError() << "batch_norm " << name << " must have " << channels
                  << " values (one per channel), got "
                  << (shape ? formatShape(*shape) : std::string("unranked"));
      return failure();
    }
  }
  types.push_back(adaptor.getInput().getType());
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

LogicalResult MaxPool2dOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto input = shapeOf(adaptor.getInput());
  if (!input)
    return failure();
  return setResult(inferPool2dShape(*input, adaptor.getKernelShape(),
                                    adaptor.getStrides(), adaptor.getPads(),
                                    adaptor.getDilations(),
                                    adaptor.getCeilMode(), LocationErrors{loc}),
                   elementTypeOf(adaptor.getInput()), types);
}

LogicalResult AvgPool2dOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto input = shapeOf(adaptor.getInput());
  if (!input)
    return failure();
  int64_t unitDilations[] = {1, 1};
  return setResult(inferPool2dShape(*input, adaptor.getKernelShape(),
                                    adaptor.getStrides(), adaptor.getPads(),
                                    unitDilations, adaptor.getCeilMode(),
                                    LocationErrors{loc}),
                   elementTypeOf(adaptor.getInput()), types);
}

static LogicalResult inferGlobalPool(Value input, std::optional<Location> loc,
                                     SmallVectorImpl<Type> &types) {
  auto shape = shapeOf(input);
  if (!shape)
    return failure();
  if (shape->size() < 3) {
    LocationErrors{loc}() << "global pooling expects rank >= 3 (N, C, "
                             "spatial...), got "
                          << formatShape(*shape);
    return failure();
  }
  Shape result(shape->begin(), shape->end());
  std::fill(result.begin() + 2, result.end(), 1);
  return setResult(result, elementTypeOf(input), types);
}

LogicalResult GlobalAvgPoolOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferGlobalPool(adaptor.getInput(), loc, types);
}

LogicalResult GlobalMaxPoolOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferGlobalPool(adaptor.getInput(), loc, types);
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

#define DLC_BINARY_INFER(OpTy)                                                 \
  LogicalResult OpTy::inferReturnTypes(MLIRContext *,                          \
                                       std::optional<Location> loc,            \
                                       Adaptor adaptor,                        \
                                       SmallVectorImpl<Type> &types) {         \
    auto lhs = shapeOf(adaptor.getLhs()), rhs = shapeOf(adaptor.getRhs());     \
    if (!lhs || !rhs)                                                          \
      return failure();                                                        \
    return setResult(inferBroadcastShape(*lhs, *rhs, LocationErrors{loc}),     \
                     elementTypeOf(adaptor.getLhs()), types);                  \
  }
DLC_BINARY_INFER(AddOp)
DLC_BINARY_INFER(SubOp)
DLC_BINARY_INFER(MulOp)
DLC_BINARY_INFER(DivOp)
DLC_BINARY_INFER(MaxOp)
DLC_BINARY_INFER(MinOp)
DLC_BINARY_INFER(PowOp)
DLC_BINARY_INFER(PReluOp)
#undef DLC_BINARY_INFER

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
  // reshape(reshape(x)) is one reshape.
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    setOperand(producer.getInput());
    return getResult();
  }
  return {};
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto input = shapeOf(adaptor.getInput());
  if (!input)
    return failure();
  return setResult(
      inferTransposeShape(*input, adaptor.getPerm(), LocationErrors{loc}),
      elementTypeOf(adaptor.getInput()), types);
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value input : adaptor.getInputs()) {
    auto shape = shapeOf(input);
    if (!shape)
      return failure();
    shapes.push_back(*shape);
  }
  if (shapes.empty()) {
    LocationErrors{loc}() << "concat needs at least one input";
    return failure();
  }
  return setResult(
      inferConcatShape(shapes, adaptor.getAxis(), LocationErrors{loc}),
      elementTypeOf(adaptor.getInputs().front()), types);
}

#define GET_OP_CLASSES
#include "dlc/Dialect/DlcOps.cpp.inc"
