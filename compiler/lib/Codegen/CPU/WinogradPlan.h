//===- WinogradPlan.h - How the Winograd kernel splits a layer --*- C++ -*-===//
//
// Shared by the Winograd kernel (ConvWinograd.cpp) and the cost model, so
// that the estimate counts the work the kernel really does: padded tiles,
// input transforms repeated per filter block, partial sums reloaded per
// channel block.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_CODEGEN_CPU_WINOGRADPLAN_H
#define DLC_CODEGEN_CPU_WINOGRADPLAN_H

#include "dlc/Dialect/DlcKernelLayouts.h"

#include <optional>

namespace mlir::dlc::cpu {

/// A task computes one image's block of output tiles (whole GEMM panels of
/// 16 tiles, or of 8 when that pads less) for one block of filters (whole
/// 6-row panels), looping over the channels in blocks: transformed input V
/// [alpha^2][tile panel][channel block][tile columns] and transformed
/// partial outputs M [alpha^2][filter][tiles] live on its stack.
struct WinogradPlan {
  int64_t m, alpha;
  int64_t tilesH, tilesW, tiles; // output tiles of one image
  int64_t tileColumns; // tiles per GEMM panel: 16 (6x16 register tile) or
                       // 8 (two 6-row A panels by 8 tiles)
  int64_t tilePanelsPerTask, tileBlocks;
  int64_t filterPanels, filterPanelsPerTask, filterBlocks;
  int64_t channelBlock, channelBlocks;

  int64_t xis() const { return alpha * alpha; }
  int64_t tilesPerTask() const { return tilePanelsPerTask * tileColumns; }
  int64_t filtersPerTask() const { return filterPanelsPerTask * kGemmTileRows; }
  /// Floats between consecutive xi in V and M (padded off multiples of
  /// 4 KiB, which would put all alpha^2 rows of a tile in one L1 set).
  int64_t vStride() const;
  int64_t mStride() const;
  int64_t stackBytes() const { return 4 * xis() * (vStride() + mStride()); }
};

/// The plan for `algo` (winograd or winograd_f2) on a layer, nullopt for
/// other algorithms.
std::optional<WinogradPlan> planWinograd(ConvAlgo algo, int64_t batch,
                                         int64_t channels, int64_t filters,
                                         int64_t outH, int64_t outW);

} // namespace mlir::dlc::cpu

#endif // DLC_CODEGEN_CPU_WINOGRADPLAN_H
