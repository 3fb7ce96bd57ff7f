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
///
/// With at most MR tiles per image (isWinogradTilesAsRows) the GEMMs are
/// transposed and fused with the filter transform: for each row i of the
/// alpha x alpha positions, the register tile holds the tiles (rows) of
/// `transformColumns` positions (i, j) by 16 filters, and each channel's
/// 3x3 taps of 16 filters are transformed into those positions' U in
/// registers. V is then [alpha][channel block][alpha][8 tiles]; M keeps its
/// layout.
struct WinogradPlan {
  int64_t m, alpha;
  int64_t tilesH, tilesW, tiles; // output tiles of one image
  bool tilesAsRows;
  int64_t tileColumns; // tiles per V panel: 16 (6x16 register tile) or
                       // 8 (two 6-row A panels by 8 tiles; tiles as rows)
  int64_t tilePanelsPerTask, tileBlocks;
  int64_t filterPanels, filterPanelsPerTask, filterBlocks;
  int64_t channelBlock, channelBlocks;
  int64_t transformColumns; // tiles as rows: positions j per register tile

  int64_t xis() const { return alpha * alpha; }
  /// Filters per panel of the packed filter: MR, or NR with tiles as rows.
  int64_t panelFilters() const {
    return tilesAsRows ? kGemmTileCols : kGemmTileRows;
  }
  int64_t tilesPerTask() const { return tilePanelsPerTask * tileColumns; }
  int64_t filtersPerTask() const { return filterPanelsPerTask * panelFilters(); }
  /// Floats between consecutive xi in V and M (padded off multiples of
  /// 4 KiB, which would put all alpha^2 rows of a tile in one L1 set).
  int64_t vStride() const;
  int64_t mStride() const;
  int64_t stackBytes() const { return 4 * xis() * (vStride() + mStride()); }
};

/// The plan for `algo` (winograd or winograd_f2) on a layer, nullopt for
/// other algorithms.
/// `vectorBits` (256: AVX2, 512: AVX-512) bounds the register tile.
std::optional<WinogradPlan> planWinograd(ConvAlgo algo, int64_t batch,
                                         int64_t channels, int64_t filters,
                                         int64_t outH, int64_t outW,
                                         int64_t vectorBits);

/// With the tiles as rows: the 16-lane vector ops (FMAs and the filter
/// transform) of one image's fused GEMMs over `channels`.
double fusedGemmUnits(const WinogradPlan &plan, int64_t channels);

} // namespace mlir::dlc::cpu

#endif // DLC_CODEGEN_CPU_WINOGRADPLAN_H
