//===- ConvCostModel.h - Estimated time of each conv algorithm --*- C++ -*-===//
//
// A model of dlc's own CPU kernels, used by dlc-select-conv-algo: each
// estimate is in cycles of one core, from the arithmetic the kernel really
// does (including the padding of its register tiles) at the efficiency it
// reaches, plus the cost of the data movement it adds (gathering im2col
// panels, Winograd and FFT transforms). The constants were measured with
// benchmarks/kernels on AVX2/AVX-512 x86 cores; only their ratios matter.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_CODEGEN_CPU_CONVCOSTMODEL_H
#define DLC_CODEGEN_CPU_CONVCOSTMODEL_H

#include "dlc/Dialect/DlcOps.h"

#include <optional>
#include <string>

namespace mlir::dlc::cpu {

/// The static description of a conv layer the model needs.
struct ConvShape {
  int64_t batch, channels, height, width;
  int64_t filters, kernelH, kernelW, group;
  int64_t outH, outW;
  int64_t strideH, strideW, dilationH, dilationW;
  int64_t padTop, padLeft, padBottom, padRight;
  bool constantFilter;

  static ConvShape get(Conv2dOp op);
  double flops() const;
  bool isDepthwise() const {
    return group == channels && group == filters && group > 1;
  }
};

/// One algorithm's estimate, or why it cannot compute the layer.
struct AlgoEstimate {
  ConvAlgo algo;
  std::optional<double> cycles; // nullopt: not applicable
  std::string why;              // the limiting term, or why not applicable
};

/// The algorithms dlc can generate code for, in the order they are tried.
ArrayRef<ConvAlgo> getKernelAlgorithms();

/// `vectorBits`: the target's vector register width (256: AVX2, 512:
/// AVX-512), which sets some kernels' register tiles.
AlgoEstimate estimate(ConvAlgo algo, const ConvShape &shape,
                      int64_t vectorBits);

} // namespace mlir::dlc::cpu

#endif // DLC_CODEGEN_CPU_CONVCOSTMODEL_H
