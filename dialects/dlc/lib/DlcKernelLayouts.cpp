//===- DlcKernelLayouts.cpp - Weight layouts of dlc's CPU kernels ---------===//

#include "dlc/Dialect/DlcKernelLayouts.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::dlc;

/// A GEMM's A matrix per group: [group, panels of MR rows, K, MR].
static SmallVector<int64_t> gemmPackedShape(ArrayRef<int64_t> filterShape,
                                            int64_t group) {
  int64_t rowsPerGroup = filterShape[0] / group;
  int64_t depth = filterShape[1] * filterShape[2] * filterShape[3];
  return {group, int64_t(llvm::divideCeil(rowsPerGroup, kGemmTileRows)), depth,
          kGemmTileRows};
}

std::optional<WinogradTile> mlir::dlc::getWinogradTile(ConvAlgo algo) {
  switch (algo) {
  case ConvAlgo::Winograd:
    return WinogradTile{4, 6};
  case ConvAlgo::WinogradF2:
    return WinogradTile{2, 4};
  default:
    return std::nullopt;
  }
}

bool mlir::dlc::isWinogradTilesAsRows(WinogradTile tile, int64_t outH,
                                      int64_t outW) {
  return llvm::divideCeil(outH, tile.m) * llvm::divideCeil(outW, tile.m) <=
         kGemmTileRows;
}

/// G of Winograd F(m, 3), alpha x 3 (Lavin & Gray 2016; F(4, 3)
/// interpolates at 0, +-1, +-2 and infinity, F(2, 3) at 0, +-1 and
/// infinity). The kernels apply the matching B^T and A^T.
static const double kWinogradG4[6][3] = {
    {1.0 / 4, 0.0, 0.0},           {-1.0 / 6, -1.0 / 6, -1.0 / 6},
    {-1.0 / 6, 1.0 / 6, -1.0 / 6}, {1.0 / 24, 1.0 / 12, 1.0 / 6},
    {1.0 / 24, -1.0 / 12, 1.0 / 6}, {0.0, 0.0, 1.0}};
static const double kWinogradG2[4][3] = {
    {1.0, 0.0, 0.0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0.0, 0.0, 1.0}};

double mlir::dlc::getWinogradG(WinogradTile tile, int64_t row, int64_t col) {
  return tile.alpha == 6 ? kWinogradG4[row][col] : kWinogradG2[row][col];
}

/// Winograd: U = G g G^T as [alpha^2, ceil(F / MR), C, MR], for each of
/// the alpha^2 GEMMs (filters x channels times channels x tiles) its A
/// matrix in MR-row panels. With the tiles as rows, the filter itself in
/// 16-filter panels, [ceil(F / NR), C, 9, NR] (the kernel transforms it).
static SmallVector<int64_t> winogradPackedShape(ArrayRef<int64_t> filterShape,
                                                WinogradTile tile,
                                                ArrayRef<int64_t> outputSize) {
  if (isWinogradTilesAsRows(tile, outputSize[0], outputSize[1]))
    return {int64_t(llvm::divideCeil(filterShape[0], kGemmTileCols)),
            filterShape[1], 9, kGemmTileCols};
  return {tile.alpha * tile.alpha,
          int64_t(llvm::divideCeil(filterShape[0], kGemmTileRows)),
          filterShape[1], kGemmTileRows};
}

/// U = G g G^T of filter f, channel c (in double, rounded once) goes to
/// [xi = row * alpha + col][f / MR][c][f % MR].
static void packWinograd(WinogradTile tile, ArrayRef<int64_t> filterShape,
                         ArrayRef<float> filter, int64_t panels,
                         std::vector<float> &packed) {
  int64_t alpha = tile.alpha;
  auto g = [&](int64_t i, int64_t k) { return getWinogradG(tile, i, k); };
  int64_t filters = filterShape[0], channels = filterShape[1];
  for (int64_t f = 0; f < filters; ++f)
    for (int64_t c = 0; c < channels; ++c) {
      const float *w = filter.data() + (f * channels + c) * 9;
      double gw[6][3]; // G g
      for (int64_t i = 0; i < alpha; ++i)
        for (int64_t k = 0; k < 3; ++k)
          gw[i][k] = g(i, 0) * w[k] + g(i, 1) * w[3 + k] + g(i, 2) * w[6 + k];
      for (int64_t i = 0; i < alpha; ++i)
        for (int64_t j = 0; j < alpha; ++j) {
          double u =
              gw[i][0] * g(j, 0) + gw[i][1] * g(j, 1) + gw[i][2] * g(j, 2);
          int64_t xi = i * alpha + j;
          packed[((xi * panels + f / kGemmTileRows) * channels + c) *
                     kGemmTileRows +
                 f % kGemmTileRows] = float(u);
        }
    }
}

/// FFT: T x T tiles, T = 16 for filters up to 9x9 (8 x 8 outputs of a
/// 9x9 filter, 12 x 12 of a 5x5) and 32 up to 17x17. Depthwise convs (one
/// channel and one filter per group) hold 8 channels per lane block:
/// [ceil(group / 8), T, T / 2 + 1, 2, 8]. Others, per group, block of 8
/// channels and block of 8 filters (the kernel's loops), all frequencies in
/// a row, each with its 8 channels' 8-filter vectors:
/// [group, ceil(Cg / 8), ceil(Fg / 8), T, T / 2 + 1, 8, 2, 8]. 2 = real and
/// imaginary parts; missing channels and filters are zero.
static std::optional<SmallVector<int64_t>>
fftPackedShape(ArrayRef<int64_t> filterShape, int64_t group) {
  int64_t size = std::max(filterShape[2], filterShape[3]);
  if (size < 2 || size > 17)
    return std::nullopt;
  int64_t tile = size <= 9 ? 16 : 32;
  int64_t fg = filterShape[0] / group, cg = filterShape[1];
  if (fg == 1 && cg == 1)
    return SmallVector<int64_t>{int64_t(llvm::divideCeil(group, kVectorWidth)),
                                tile, tile / 2 + 1, 2, kVectorWidth};
  return SmallVector<int64_t>{group,
                              int64_t(llvm::divideCeil(cg, kVectorWidth)),
                              int64_t(llvm::divideCeil(fg, kVectorWidth)),
                              tile,
                              tile / 2 + 1,
                              kVectorWidth,
                              2,
                              kVectorWidth};
}

/// The FFT kernels compute the cross-correlation of a T x T input tile d
/// with filter w as IFFT(FFT(d) * conj(FFT(w zero-padded to T x T))): each
/// filter slice is stored as conj(FFT(w)) / T^2 for ky < T, kx <= T / 2 (the
/// rest of the spectrum of a real filter is its mirror), computed in double.
static void packFft(ArrayRef<int64_t> filterShape, int64_t group,
                    ArrayRef<int64_t> shape, ArrayRef<float> filter,
                    std::vector<float> &packed) {
  bool depthwise = shape.size() == 5;
  int64_t tile = depthwise ? shape[1] : shape[3], halfPlus1 = tile / 2 + 1;
  int64_t kh = filterShape[2], kw = filterShape[3];
  int64_t fg = filterShape[0] / group, cg = filterShape[1];
  // e^{+2 pi i m / T}: the conjugate of the forward transform's twiddles.
  std::vector<double> cosT(tile), sinT(tile);
  for (int64_t m = 0; m < tile; ++m) {
    double angle = 2.0 * M_PI * double(m) / double(tile);
    cosT[m] = std::cos(angle), sinT[m] = std::sin(angle);
  }
  double scale = 1.0 / double(tile * tile);
  std::vector<double> rowRe(kh * halfPlus1), rowIm(kh * halfPlus1);
  for (int64_t g = 0; g < group; ++g)
    for (int64_t f = 0; f < fg; ++f)
      for (int64_t c = 0; c < cg; ++c) {
        const float *w = filter.data() + ((g * fg + f) * cg + c) * kh * kw;
        // Separably: along kw for each filter row, then along kh.
        for (int64_t i = 0; i < kh; ++i)
          for (int64_t kx = 0; kx < halfPlus1; ++kx) {
            double re = 0, im = 0;
            for (int64_t j = 0; j < kw; ++j) {
              re += w[i * kw + j] * cosT[(kx * j) % tile];
              im += w[i * kw + j] * sinT[(kx * j) % tile];
            }
            rowRe[i * halfPlus1 + kx] = re, rowIm[i * halfPlus1 + kx] = im;
          }
        for (int64_t ky = 0; ky < tile; ++ky)
          for (int64_t kx = 0; kx < halfPlus1; ++kx) {
            double re = 0, im = 0;
            for (int64_t i = 0; i < kh; ++i) {
              double c0 = cosT[(ky * i) % tile], s0 = sinT[(ky * i) % tile];
              double r = rowRe[i * halfPlus1 + kx], q = rowIm[i * halfPlus1 + kx];
              re += r * c0 - q * s0;
              im += r * s0 + q * c0;
            }
            int64_t freq = ky * halfPlus1 + kx;
            int64_t at;
            if (depthwise)
              at = ((g / kVectorWidth) * tile * halfPlus1 + freq) * 2 *
                       kVectorWidth +
                   g % kVectorWidth;
            else
              at = (((((g * shape[1] + c / kVectorWidth) * shape[2] +
                       f / kVectorWidth) *
                          tile * halfPlus1 +
                      freq) *
                         kVectorWidth +
                     c % kVectorWidth) *
                        2 * kVectorWidth) +
                   f % kVectorWidth;
            packed[at] = float(re * scale);
            packed[at + kVectorWidth] = float(im * scale);
          }
      }
}

std::optional<SmallVector<int64_t>>
mlir::dlc::getPackedFilterShape(ConvAlgo algo, ArrayRef<int64_t> filterShape,
                                int64_t group, ArrayRef<int64_t> outputSize) {
  if (filterShape.size() != 4 || group < 1 || filterShape[0] % group != 0 ||
      outputSize.size() != 2)
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
  case ConvAlgo::Dense:
    if (group != 1 || filterShape[2] != 1 || filterShape[3] != 1)
      return std::nullopt;
    return SmallVector<int64_t>{
        int64_t(llvm::divideCeil(filterShape[0], kGemmTileCols)),
        filterShape[1], kGemmTileCols};
  case ConvAlgo::Im2row:
    // As dense, over K = C * kH * kW (taps in filter order).
    if (group != 1)
      return std::nullopt;
    return SmallVector<int64_t>{
        int64_t(llvm::divideCeil(filterShape[0], kGemmTileCols)),
        filterShape[1] * filterShape[2] * filterShape[3], kGemmTileCols};
  case ConvAlgo::Direct:
    // Depthwise only (one input channel per group, one filter per group):
    // the taps of each channel, [C, kH * kW].
    if (filterShape[1] != 1 || filterShape[0] != group)
      return std::nullopt;
    return SmallVector<int64_t>{group, filterShape[2] * filterShape[3]};
  case ConvAlgo::Winograd:
  case ConvAlgo::WinogradF2:
    if (group != 1 || filterShape[2] != 3 || filterShape[3] != 3)
      return std::nullopt;
    return winogradPackedShape(filterShape, *getWinogradTile(algo), outputSize);
  case ConvAlgo::FFT:
    return fftPackedShape(filterShape, group);
  default:
    return std::nullopt;
  }
}

/// The dense layout: filter f, column k (c, kh, kw in filter order) goes to
/// [f / NR][k][f % NR].
static void packFilterPanels(ArrayRef<int64_t> filterShape,
                             ArrayRef<float> filter,
                             std::vector<float> &packed) {
  int64_t depth = filterShape[1] * filterShape[2] * filterShape[3];
  for (int64_t f = 0; f < filterShape[0]; ++f)
    for (int64_t k = 0; k < depth; ++k)
      packed[((f / kGemmTileCols) * depth + k) * kGemmTileCols +
             f % kGemmTileCols] = filter[f * depth + k];
}

std::vector<float> mlir::dlc::packFilter(ConvAlgo algo,
                                         ArrayRef<int64_t> filterShape,
                                         int64_t group,
                                         ArrayRef<int64_t> outputSize,
                                         ArrayRef<float> filter) {
  std::optional<SmallVector<int64_t>> shape =
      getPackedFilterShape(algo, filterShape, group, outputSize);
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
  case ConvAlgo::Dense:
  case ConvAlgo::Im2row:
    packFilterPanels(filterShape, filter, packed);
    break;
  case ConvAlgo::Winograd:
  case ConvAlgo::WinogradF2:
    // With the tiles as rows: the filter in the dense layout, K = C * 9.
    if (isWinogradTilesAsRows(*getWinogradTile(algo), outputSize[0],
                              outputSize[1])) {
      packFilterPanels(filterShape, filter, packed);
      break;
    }
    packWinograd(*getWinogradTile(algo), filterShape, filter, (*shape)[1],
                 packed);
    break;
  case ConvAlgo::FFT:
    packFft(filterShape, group, *shape, filter, packed);
    break;
  default:
    llvm_unreachable("packFilter: no packed layout for this algorithm");
  }
  return packed;
}
