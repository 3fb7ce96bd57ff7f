//===- DlcKernelLayouts.h - Weight layouts of dlc's CPU kernels -*- C++ -*-===//
//
// The layouts dlc.conv2d_kernel's packed filters are in. Weights are packed
// once, at compile time, into the order the kernels stream them; the
// verifier, the lowering that packs them and the kernels all read the
// shapes from here.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECT_DLCKERNELLAYOUTS_H
#define DLC_DIALECT_DLCKERNELLAYOUTS_H

#include "dlc/Dialect/DlcOps.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <vector>

namespace mlir::dlc {

/// The CPU GEMM register tile: MR rows of A (broadcast one at a time) by NR
/// columns of B (two 8-lane vectors): 12 accumulators, which with the two B
/// vectors and one broadcast fit AVX2's 16 registers.
inline constexpr int64_t kGemmTileRows = 6;  // MR
inline constexpr int64_t kGemmTileCols = 16; // NR
inline constexpr int64_t kVectorWidth = 8;

/// Winograd F(m x m, 3 x 3) (`winograd`: m = 4, `winograd_f2`: m = 2):
/// m x m output tiles computed from alpha x alpha input tiles, alpha = m + 2.
struct WinogradTile {
  int64_t m, alpha;
};
std::optional<WinogradTile> getWinogradTile(ConvAlgo algo);
/// Entry (row, col) of Winograd F(m, 3)'s filter transform G (alpha x 3):
/// U = G g G^T.
double getWinogradG(WinogradTile tile, int64_t row, int64_t col);
/// True when an outH x outW output has at most MR Winograd tiles. The
/// kernel then makes the tiles the register tile's rows and 16 filters its
/// columns instead of padding the tiles to an 8- or 16-tile panel, and
/// transforms the filter as it goes: with so few tiles per transformed
/// weight, reading the alpha^2 / 9 times larger U would cost more than
/// computing it (ResNet-50's 512-channel 7x7 layer: 37.7 MB of U).
bool isWinogradTilesAsRows(WinogradTile tile, int64_t outH, int64_t outW);

/// Shape of a [F, Cg, kH, kW] filter packed for `algo`, or nullopt when
/// `algo` has no kernel (loops, auto) or cannot run this convolution.
/// `outputSize` is the conv's [OH, OW] (Winograd's layout depends on it).
std::optional<SmallVector<int64_t>>
getPackedFilterShape(ConvAlgo algo, ArrayRef<int64_t> filterShape,
                     int64_t group, ArrayRef<int64_t> outputSize);

/// `filter` (row-major [F, Cg, kH, kW]) rearranged into the layout of
/// getPackedFilterShape(algo, ...); padding rows are zero.
std::vector<float> packFilter(ConvAlgo algo, ArrayRef<int64_t> filterShape,
                              int64_t group, ArrayRef<int64_t> outputSize,
                              ArrayRef<float> filter);

} // namespace mlir::dlc

#endif // DLC_DIALECT_DLCKERNELLAYOUTS_H
