//===- ElementwiseInPlace.cpp - Element-wise ops over a dying input -------===//
//
// The lowering gives every element-wise linalg.generic (an activation, a
// BatchNorm that could not be folded) a fresh tensor.empty to write into, so
// bufferization gives it a buffer of its own even when its input is never
// read again: a conv and its ReLU then hold two buffers of the same size.
// Writing over the input instead (outs = that input) lets bufferization
// compute in place; the payload never reads the old output value, so the
// result is the same.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_ELEMENTWISEINPLACE
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

/// The input `generic` may write over, or null: an input of the result's
/// type, read through the same indexing map as the output, used by nothing
/// else and computed by a destination-style op (so not a function argument
/// or a constant, whose buffers must not be written).
static OpOperand *overwritableInput(linalg::GenericOp generic) {
  if (generic.getNumDpsInits() != 1 || generic->getNumResults() != 1 ||
      generic.getNumReductionLoops() != 0)
    return nullptr;
  OpOperand *init = generic.getDpsInitOperand(0);
  if (!init->get().getDefiningOp<tensor::EmptyOp>() ||
      generic.payloadUsesValueFromOperand(init))
    return nullptr;
  AffineMap initMap = generic.getMatchingIndexingMap(init);
  for (OpOperand *input : generic.getDpsInputOperands()) {
    Value value = input->get();
    if (value.getType() == init->get().getType() && value.hasOneUse() &&
        generic.getMatchingIndexingMap(input) == initMap &&
        value.getDefiningOp<DestinationStyleOpInterface>())
      return input;
  }
  return nullptr;
}

namespace {
struct ElementwiseInPlacePass
    : mlir::dlc::impl::ElementwiseInPlaceBase<ElementwiseInPlacePass> {
  void runOnOperation() override {
    getOperation()->walk([](linalg::GenericOp generic) {
      OpOperand *input = overwritableInput(generic);
      if (!input)
        return;
      OpOperand *init = generic.getDpsInitOperand(0);
      Operation *empty = init->get().getDefiningOp();
      init->set(input->get());
      if (empty->use_empty())
        empty->erase();
    });
  }
};
} // namespace
