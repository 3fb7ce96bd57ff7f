//===- DlcCost.cpp - Cost estimates of dlc ops ----------------------------===//

#include "dlc/Dialect/DlcCost.h"
#include "dlc/Dialect/DlcOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::dlc;

/// The elements of a static ranked tensor, or nullopt.
static std::optional<int64_t> numElements(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return std::nullopt;
  return tensor.getNumElements();
}

static std::optional<int64_t> resultElements(Operation *op) {
  if (op->getNumResults() != 1)
    return std::nullopt;
  return numElements(op->getResult(0).getType());
}

static std::optional<int64_t> times(std::optional<int64_t> elements,
                                    int64_t factor) {
  if (!elements)
    return std::nullopt;
  return *elements * factor;
}

static ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

std::optional<int64_t> mlir::dlc::estimateFlops(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<int64_t>>(op)
      .Case([](Conv2dOp conv) -> std::optional<int64_t> {
        // Per output element: (C / group) * kH * kW multiply-adds.
        ArrayRef<int64_t> filter = shapeOf(conv.getFilter());
        if (filter.size() != 4)
          return std::nullopt;
        return times(resultElements(conv),
                     2 * filter[1] * filter[2] * filter[3]);
      })
      .Case([](GemmOp gemm) -> std::optional<int64_t> {
        ArrayRef<int64_t> a = shapeOf(gemm.getA());
        if (a.size() != 2)
          return std::nullopt;
        int64_t k = gemm.getTransA() ? a[0] : a[1];
        return times(resultElements(gemm), 2 * k);
      })
      .Case([](MatMulOp matmul) -> std::optional<int64_t> {
        ArrayRef<int64_t> lhs = shapeOf(matmul.getLhs());
        if (lhs.empty())
          return std::nullopt;
        return times(resultElements(matmul), 2 * lhs.back());
      })
      .Case([](BatchNormOp bn) { return times(resultElements(bn), 2); })
      .Case([](SoftmaxOp softmax) { return times(resultElements(softmax), 5); })
      .Case<MaxPool2dOp, AvgPool2dOp>([](auto pool) -> std::optional<int64_t> {
        int64_t window = 1;
        for (int64_t k : pool.getKernelShape())
          window *= k;
        return times(resultElements(pool), window);
      })
      .Case<GlobalAvgPoolOp, GlobalMaxPoolOp, ReduceMeanOp, ReduceSumOp,
            ReduceMaxOp>(
          [](auto op) { return numElements(op.getInput().getType()); })
      .Case<ReshapeOp, TransposeOp, ConcatOp, PadOp, SliceOp>(
          [](Operation *) { return std::optional<int64_t>(0); })
      .Default([](Operation *op) -> std::optional<int64_t> {
        // Unary and binary element-wise ops (and any op added later that
        // is element-wise): one operation per result element.
        bool elementwise = op->hasTrait<OpTrait::Elementwise>() ||
                           isa<AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp, PowOp,
                               PReluOp>(op);
        if (elementwise)
          return resultElements(op);
        return std::nullopt;
      });
}
