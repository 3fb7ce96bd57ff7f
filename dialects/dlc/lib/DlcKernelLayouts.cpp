//===- DlcKernelLayouts.cpp - Weight layouts of dlc's CPU kernels ---------===//

#include "dlc/Dialect/DlcKernelLayouts.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::dlc;

/// A GEMM's A matrix per group: [group, panels of MR rows, K, MR].
static SmallVector<int64_t> gemmPackedShape(ArrayRef<int64_t> filterShape,
                                            int64_t group) {
  int64_t rowsPerGroup = filterShape[0] / group;
  int64_t depth = filterShape[1] * filterShape[2] * filterShape[3];
  return {group, llvm::divideCeil(rowsPerGroup, kGemmTileRows), depth,
          kGemmTileRows};
}

std::optional<SmallVector<int64_t>>
mlir::dlc::getPackedFilterShape(ConvAlgo algo, ArrayRef<int64_t> filterShape,
                                int64_t group) {
  if (filterShape.size() != 4 || group < 1 || filterShape[0] % group != 0)
    return std::nullopt;
  switch (algo) {
  case ConvAlgo::Gemm:
    if (filterShape[2] != 1 || filterShape[3] != 1)
      return std::nullopt;
    return gemmPackedShape(filterShape, group);
  case ConvAlgo::Indirect:
  case ConvAlgo::Im2col:
    // im2col: the same A matrix, multiplied by the materialised im2col
    // matrix (a 1x1 conv over Cg * kH * kW channels).
    return gemmPackedShape(filterShape, group);
  case ConvAlgo::Direct:
    // Depthwise only (one input channel per group, one filter per group):
    // the taps of each channel, [C, kH * kW].
    if (filterShape[1] != 1 || filterShape[0] != group)
      return std::nullopt;
    return SmallVector<int64_t>{group, filterShape[2] * filterShape[3]};
  default:
    return std::nullopt;
  }
}

std::vector<float> mlir::dlc::packFilter(ConvAlgo algo,
                                         ArrayRef<int64_t> filterShape,
                                         int64_t group,
                                         ArrayRef<float> filter) {
  std::optional<SmallVector<int64_t>> shape =
      getPackedFilterShape(algo, filterShape, group);
  assert(shape && "packFilter: no packed layout for this algorithm");
  int64_t numElements = 1;
  for (int64_t dim : *shape)
    numElements *= dim;
  std::vector<float> packed(numElements, 0.0f);
  switch (algo) {
  case ConvAlgo::Direct:
    // [C, 1, kH, kW] is already [C, kH * kW].
    std::copy(filter.begin(), filter.end(), packed.begin());
    break;
  case ConvAlgo::Gemm:
  case ConvAlgo::Indirect:
  case ConvAlgo::Im2col: {
    // Row f of group g, column k (c, kh, kw in filter order) goes to
    // [g][f / MR][k][f % MR].
    int64_t rowsPerGroup = filterShape[0] / group;
    int64_t panels = (*shape)[1], depth = (*shape)[2];
    for (int64_t g = 0; g < group; ++g)
      for (int64_t f = 0; f < rowsPerGroup; ++f) {
        const float *row = filter.data() + (g * rowsPerGroup + f) * depth;
        float *panel = packed.data() +
                       ((g * panels + f / kGemmTileRows) * depth) *
                           kGemmTileRows +
                       f % kGemmTileRows;
        for (int64_t k = 0; k < depth; ++k)
          panel[k * kGemmTileRows] = row[k];
      }
    break;
  }
  default:
    llvm_unreachable("packFilter: no packed layout for this algorithm");
  }
  return packed;
}
