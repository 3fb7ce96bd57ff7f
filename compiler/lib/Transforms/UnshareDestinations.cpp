//===- UnshareDestinations.cpp - One destination tensor per use -----------===//
//
// CSE merges identical tensor.empty ops, and identical fills and broadcasts
// of constants (a zero bias, say), so after the lowering one destination
// tensor typically feeds many ops. One-shot bufferization then gives them
// one buffer and copies to keep their results apart, and
// eliminate-empty-tensors cannot compute each concat input in its own slice
// of the concat. A copy of the destination right before each use undoes
// that (a copy costs no more than the buffer copy it saves) and leaves it
// where eliminate-empty-tensors can replace it with a slice of a concat.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_UNSHAREDESTINATIONS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

/// Puts a copy of `op` right before each user of its (single) result and
/// erases `op`. Its operands dominate `op`, hence every user.
static void cloneForEachUse(OpBuilder &builder, Operation *op) {
  SmallVector<OpOperand *> uses;
  for (OpOperand &use : op->getResult(0).getUses())
    uses.push_back(&use);
  for (OpOperand *use : uses) {
    builder.setInsertionPoint(use->getOwner());
    use->set(builder.clone(*op)->getResult(0));
  }
  op->erase();
}

namespace {
struct UnshareDestinationsPass
    : mlir::dlc::impl::UnshareDestinationsBase<UnshareDestinationsPass> {
  void runOnOperation() override {
    auto isUsed = [](Operation *op) {
      return op->getNumResults() == 1 && !op->getResult(0).use_empty();
    };
    // Fills and broadcasts into an empty tensor first (each copy takes the
    // same empty tensor), then the empty tensors.
    SmallVector<Operation *> inits, empties;
    getOperation()->walk([&](Operation *op) {
      if (isa<linalg::FillOp, linalg::BroadcastOp>(op) && isUsed(op) &&
          cast<DestinationStyleOpInterface>(op)
              .getDpsInitOperand(0)
              ->get()
              .getDefiningOp<tensor::EmptyOp>())
        inits.push_back(op);
    });
    OpBuilder builder(&getContext());
    for (Operation *op : inits)
      cloneForEachUse(builder, op);
    getOperation()->walk([&](tensor::EmptyOp empty) {
      if (isUsed(empty))
        empties.push_back(empty);
    });
    for (Operation *empty : empties)
      cloneForEachUse(builder, empty);
  }
};
} // namespace
