//===- BufferizableOpInterfaceImpl.cpp - Bufferizing dlc kernel ops -------===//
//
// dlc.conv2d_kernel is destination-style, like a linalg op: its result is
// its `outs` operand written, so it bufferizes in place into the buffer of
// `outs` (a workspace slice, or a slice of a concat's buffer) and becomes
// the same op on memrefs.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/BufferizableOpInterfaceImpl.h"

#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;
using namespace mlir::dlc;

namespace {

struct Conv2dKernelOpInterface
    : DstBufferizableOpInterfaceExternalModel<Conv2dKernelOpInterface,
                                              Conv2dKernelOp> {
  // Every output element is written without reading the old value, so the
  // destination needs no defined contents (no copy into a fresh buffer).
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &) const {
    return !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto kernel = cast<Conv2dKernelOp>(op);
    auto bufferOf = [&](Value value) -> FailureOr<Value> {
      if (!value)
        return Value();
      return getBuffer(rewriter, value, options, state);
    };
    FailureOr<Value> input = bufferOf(kernel.getInput());
    FailureOr<Value> filter = bufferOf(kernel.getPackedFilter());
    FailureOr<Value> bias = bufferOf(kernel.getBias());
    FailureOr<Value> residual = bufferOf(kernel.getResidual());
    FailureOr<Value> init = bufferOf(kernel.getInit());
    if (failed(input) || failed(filter) || failed(bias) || failed(residual) ||
        failed(init))
      return failure();
    rewriter.setInsertionPoint(op);
    Conv2dKernelOp::create(
        rewriter, op->getLoc(), TypeRange{}, *input, *filter, *bias, *residual,
        *init, kernel.getFilterShapeAttr(), kernel.getStridesAttr(),
        kernel.getPadsAttr(), kernel.getDilationsAttr(),
        kernel.getGroupAttr(), kernel.getAlgoAttr(), kernel.getActivationAttr(),
        kernel.getActivationAlphaAttr(), kernel.getActivationBetaAttr());
    replaceOpWithBufferizedValues(rewriter, op, *init);
    return success();
  }
};

} // namespace

void mlir::dlc::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, DlcDialect *) {
    Conv2dKernelOp::attachInterface<Conv2dKernelOpInterface>(*ctx);
  });
}
