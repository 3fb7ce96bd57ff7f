//===- LowerConvKernels.cpp - Expand dlc.conv2d_kernel into vector code ---===//
//
// Dispatches each dlc.conv2d_kernel (on memrefs) to its algorithm's emitter.
// Emitters index the input, output and residual through collapsed views, so
// a buffer that cannot be collapsed (a strided view whose dims are not
// contiguous) is first copied into a contiguous one.
//
//===----------------------------------------------------------------------===//

#include "ConvKernels.h"
#include "KernelBuilder.h"

#include "dlc/Codegen/Passes.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_LOWERCONVKERNELS
#include "dlc/Codegen/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

/// True when dims 1.. of `memref` (rank 4) can be collapsed into one.
static bool isContiguousImage(Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  return memref::CollapseShapeOp::isGuaranteedCollapsible(
      type, {ReassociationIndices{0}, ReassociationIndices{1, 2, 3}});
}

/// A contiguous copy of `memref` when the kernels cannot index it in place
/// (freed after `op`; this pass runs after buffer deallocation and memory
/// planning, and such inputs are rare).
static Value makeContiguous(RewriterBase &rewriter, Operation *op,
                            Value memref) {
  if (isContiguousImage(memref))
    return memref;
  auto type = cast<MemRefType>(memref.getType());
  Location loc = op->getLoc();
  Value copy = memref::AllocOp::create(
      rewriter, loc, MemRefType::get(type.getShape(), type.getElementType()));
  memref::CopyOp::create(rewriter, loc, memref, copy);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointAfter(op);
  memref::DeallocOp::create(rewriter, loc, copy);
  return copy;
}

/// True when `op` is a 1x1, stride-1, unpadded conv, as the GEMM of an
/// explicit im2col is.
static bool isPointwise(Conv2dKernelOp op) {
  ArrayRef<int64_t> filter = op.getFilterShape();
  return filter[2] == 1 && filter[3] == 1 &&
         llvm::all_of(op.getStrides(), [](int64_t s) { return s == 1; }) &&
         llvm::all_of(op.getPads(), [](int64_t p) { return p == 0; });
}

namespace {

struct LowerConvKernelsPass
    : dlc::impl::LowerConvKernelsBase<LowerConvKernelsPass> {
  using LowerConvKernelsBase::LowerConvKernelsBase;

  void runOnOperation() override {
    SmallVector<Conv2dKernelOp> kernels;
    getOperation().walk([&](Conv2dKernelOp op) { kernels.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (Conv2dKernelOp op : kernels) {
      if (!isa<MemRefType>(op.getInit().getType())) {
        op.emitOpError("must be bufferized before dlc-lower-conv-kernels");
        return signalPassFailure();
      }
      rewriter.setInsertionPoint(op);
      Value input = makeContiguous(rewriter, op, op.getInput());
      op.getInputMutable().assign(input);
      if (!isContiguousImage(op.getInit()) ||
          (op.getResidual() && !isContiguousImage(op.getResidual()))) {
        op.emitOpError("output and residual buffers must be contiguous per "
                       "image");
        return signalPassFailure();
      }
      LogicalResult lowered = failure();
      switch (op.getAlgo()) {
      case ConvAlgo::Gemm:
      case ConvAlgo::Indirect:
        lowered = cpu::lowerGemmConv(rewriter, op);
        break;
      case ConvAlgo::Dense:
        lowered = cpu::lowerDenseConv(rewriter, op);
        break;
      case ConvAlgo::Im2row:
        // Other convs were given their im2col matrix by the lowering to
        // linalg: what is left is a 1x1 conv on it (the kernel checks).
        lowered = cpu::lowerIm2rowConv(rewriter, op, vectorBits);
        break;
      case ConvAlgo::Winograd:
      case ConvAlgo::WinogradF2:
        lowered = cpu::lowerWinogradConv(rewriter, op, vectorBits);
        break;
      case ConvAlgo::Im2col:
        // The lowering to linalg materialised the im2col matrix: what is
        // left is a 1x1 conv on it, the `gemm` kernel's case.
        if (!isPointwise(op)) {
          op.emitOpError("algorithm 'im2col' runs on the im2col matrix: "
                         "expected a 1x1, stride-1, unpadded conv");
          return signalPassFailure();
        }
        rewriter.modifyOpInPlace(op, [&] { op.setAlgo(ConvAlgo::Gemm); });
        lowered = cpu::lowerGemmConv(rewriter, op);
        break;
      case ConvAlgo::Direct:
        lowered = cpu::lowerDirectConv(rewriter, op);
        break;
      case ConvAlgo::FFT:
        lowered = cpu::lowerFftConv(rewriter, op);
        break;
      default:
        op.emitOpError("no CPU kernel for algorithm '")
            << stringifyConvAlgo(op.getAlgo()) << "'";
      }
      if (failed(lowered))
        return signalPassFailure();
    }
  }
};

} // namespace
