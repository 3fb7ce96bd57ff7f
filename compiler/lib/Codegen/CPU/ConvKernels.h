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

/// Algorithm `dense` (ConvDense.cpp): a 1x1 conv on 1x1 images, with the
/// images as the GEMM's rows.
LogicalResult lowerDenseConv(RewriterBase &rewriter, Conv2dKernelOp op);

/// Algorithm `im2row` (ConvIm2row.cpp): a 1x1, stride-1, unpadded conv with
/// group 1 (other convs come as the 1x1 conv on their im2col matrix), the
/// output pixels as the GEMM's rows and the filters as its columns.
/// `vectorBits`: the target's widest vector register (256: AVX2, 512:
/// AVX-512), which bounds the register tile's rows.
LogicalResult lowerIm2rowConv(RewriterBase &rewriter, Conv2dKernelOp op,
                              int64_t vectorBits);
/// The register tile rows (output pixels) of algo = im2row on `pixels`
/// output pixels per image: 6, or with 512-bit vectors 6 to 8.
int64_t im2rowTileRows(int64_t pixels, int64_t vectorBits);

/// algo = fft: stride-1 convs with large filters by tiled (overlap-save)
/// FFTs; per frequency a complex GEMM over channels, or for depthwise convs
/// a product per channel (ConvFft.cpp).
LogicalResult lowerFftConv(RewriterBase &rewriter, Conv2dKernelOp op);

/// How algo = fft computes a conv: T x T tiles, the blocking of its tasks,
/// and its estimated cycles on one core (for the cost model).
struct FftPlan {
  int64_t tile = 0;
  bool depthwise = false;
  int64_t tilesPerTask = 1, filterVectorsPerTask = 1;
  double weightBytes = 0; // the packed (frequency-domain) filter
  double cycles = 0;
};
/// nullopt: no fft layout for this filter (see getPackedFilterShape). Any
/// stride or dilation other than 1 is the caller's to rule out.
std::optional<FftPlan> planFftConv(int64_t batch, int64_t channels,
                                   int64_t filters, int64_t group,
                                   int64_t kernelH, int64_t kernelW,
                                   int64_t outH, int64_t outW);

/// algo = direct: a depthwise conv computed in place, 8 output columns to a
/// vector, a few output rows of accumulators in registers (ConvDirect.cpp).
LogicalResult lowerDirectConv(RewriterBase &rewriter, Conv2dKernelOp op);

/// algo = winograd (F(4x4,3x3)) or winograd_f2 (F(2x2,3x3)): input
/// transform into GEMM panels, alpha^2 packed GEMMs, output transform with
/// the epilogue (ConvWinograd.cpp).
LogicalResult lowerWinogradConv(RewriterBase &rewriter, Conv2dKernelOp op,
                                int64_t vectorBits);

} // namespace mlir::dlc::cpu

#endif // DLC_CODEGEN_CPU_CONVKERNELS_H
