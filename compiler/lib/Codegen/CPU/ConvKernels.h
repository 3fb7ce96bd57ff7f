//===- ConvKernels.h - Per-algorithm dlc.conv2d_kernel lowerings -*- C++ -*-===//
#ifndef DLC_CODEGEN_CPU_CONVKERNELS_H
#define DLC_CODEGEN_CPU_CONVKERNELS_H

#include "dlc/Dialect/DlcOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::dlc::cpu {

/// The static sizes of a convolution, from a dlc.conv2d_kernel on memrefs.
struct ConvGeometry {
  int64_t batch, channels, height, width;
  int64_t filters, kernelH, kernelW, group;
  int64_t outH, outW;
  int64_t strideH, strideW, dilationH, dilationW, padTop, padLeft;

  explicit ConvGeometry(Conv2dKernelOp op);
  int64_t channelsPerGroup() const { return channels / group; }
  int64_t filtersPerGroup() const { return filters / group; }
  /// The GEMM's K: one group's input channels times the window.
  int64_t depth() const { return channelsPerGroup() * kernelH * kernelW; }
  int64_t pixels() const { return outH * outW; }
};

/// algo = gemm or indirect: a packed GEMM whose B panels are gathered from
/// the input (implicit im2col; for 1x1 convs plain contiguous loads).
LogicalResult lowerGemmConv(RewriterBase &rewriter, Conv2dKernelOp op);

/// algo = direct: a depthwise conv computed in place, 8 output columns to a
/// vector, a few output rows of accumulators in registers (ConvDirect.cpp).
LogicalResult lowerDirectConv(RewriterBase &rewriter, Conv2dKernelOp op);

/// algo = winograd (F(4x4,3x3)) or winograd_f2 (F(2x2,3x3)): input
/// transform into GEMM panels, alpha^2 packed GEMMs, output transform with
/// the epilogue (ConvWinograd.cpp).
LogicalResult lowerWinogradConv(RewriterBase &rewriter, Conv2dKernelOp op);

} // namespace mlir::dlc::cpu

#endif // DLC_CODEGEN_CPU_CONVKERNELS_H
