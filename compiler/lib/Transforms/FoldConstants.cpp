//===- FoldConstants.cpp - Evaluate weight-only subgraphs at compile time -===//
//
// A dlc op whose operands are all f32 constants (a weight transposed for a
// MatMul, scaled by a constant, concatenated, padded, a BatchNorm of
// constants, ...) is computed here with the reference evaluator
// (dlc/Dialect/DlcEvaluate.h) and replaced by an arith.constant: dense when
// small, a dense_resource blob otherwise, as the importer stores weights.
// Ops are visited in program order, so a chain of such ops folds in one
// sweep. Results above `max-result-elements` and ops above `max-flops` are
// left alone, so that folding never balloons the model or the compile.
//
//===----------------------------------------------------------------------===//

#include "ConstantUtils.h"

#include "dlc/Dialect/DlcCost.h"
#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Dialect/DlcEvaluate.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_FOLDCONSTANTS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

struct FoldConstantsPass
    : mlir::dlc::impl::FoldConstantsBase<FoldConstantsPass> {
  using FoldConstantsBase::FoldConstantsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (isa<DlcDialect>(op->getDialect()) && op->getNumResults() == 1)
        ops.push_back(op);
    });
    int64_t folded = 0;
    for (Operation *op : ops)
      if (succeeded(fold(op)))
        ++folded;
    numFolded += folded;
    recordRewrites(module, "dlc ops folded into constants", folded);
  }

  LogicalResult fold(Operation *op) {
    auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32() ||
        type.getNumElements() > maxResultElements)
      return failure();
    std::optional<int64_t> flops = estimateFlops(op);
    if (flops && *flops > maxFlops)
      return failure();
    std::vector<std::vector<float>> operands;
    for (Value operand : op->getOperands()) {
      std::optional<std::vector<float>> values = getConstantFloats(operand);
      if (!values)
        return failure();
      operands.push_back(std::move(*values));
    }
    std::optional<std::vector<float>> result = evaluateOp(op, operands);
    if (!result)
      return failure();
    operands.clear();

    OpBuilder builder(op);
    Value constant = createConstantFloats(
        builder, op->getLoc(), type, *result,
        derivedConstantName(op->getOperand(0), op->getName().stripDialect()));
    op->getResult(0).replaceAllUsesWith(constant);
    // Drop the inputs that nothing reads any more now, so that a chain of
    // folds does not hold every intermediate blob until canonicalize.
    llvm::SetVector<Operation *> inputs;
    for (Value operand : op->getOperands())
      inputs.insert(operand.getDefiningOp());
    op->erase();
    for (Operation *input : inputs)
      if (input->use_empty())
        input->erase();
    return success();
  }
};

} // namespace
