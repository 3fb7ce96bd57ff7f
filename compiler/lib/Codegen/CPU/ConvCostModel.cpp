//===- ConvCostModel.cpp - Estimated time of each conv algorithm ----------===//

#include "ConvCostModel.h"
#include "ConvKernels.h"
#include "KernelBuilder.h"
#include "WinogradPlan.h"

#include "dlc/Dialect/DlcKernelLayouts.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::cpu;

namespace {
// Peak FP32 FLOP per cycle of one core (two 8-lane FMA pipes).
constexpr double kPeakFlopsPerCycle = 32.0;
// The 6x16 GEMM tile's share of peak in its inner loop.
constexpr double kGemmEfficiency = 0.80;
// Cycles per element of a B panel: a contiguous row, one read at stride 2
// (two loads and a shuffle per vector), a gathered one.
constexpr double kPackContiguous = 0.20;
constexpr double kPackStride2 = 0.35;
constexpr double kPackGathered = 1.0;
// Storing (and for K blocks after the first, reloading) a tile, per element.
constexpr double kTileStore = 0.15;
// im2row: finishing a tile (two 8x8 transposes, 48 shuffles, then 16
// masked row stores with the epilogue; measured: a 32 -> 16 1x1 conv on
// 112x112, K = 32, is 1.1x of gemm's time despite gemm's 6-row padding of
// 16 filters to 18), and its
// register tile's share of peak: below ConvGemm.cpp's (its tiles stream the
// weights' 16-column panels where ConvGemm.cpp streams 6-row ones; fitted
// to ResNet-50's 1x1 layers: 0.93-1.03x of gemm's time on 7x7 and 14x14
// images, 1.01x on 28x28).
constexpr double kIm2rowTranspose = 64.0;
constexpr double kIm2rowEfficiency = 0.78;
// The reference loop nest: scalar, about one multiply-add per 2 cycles.
constexpr double kLoopsFlopsPerCycle = 1.0;
// The largest frequency-domain filter fft may store (32 MiB).
constexpr double kMaxFftWeightBytes = 32.0 * (1 << 20);
// Explicit im2col: cycles per element of the im2col matrix (a scalar copy
// loop) and per element of the padded copy of the input it reads.
constexpr double kIm2colCopy = 1.0;
constexpr double kPadCopy = 0.5;
// Direct depthwise: vector FMAs and loads per cycle, the bytes per cycle
// the layer streams its input and output at (from L2/L3), and the extra
// cost of a peeled border vector (masked loads, lane shuffles) over an
// interior one. Fitted to MobileNet v2's depthwise layers (within 20%, in
// the units of the GEMM estimates).
constexpr double kDirectFmasPerCycle = 1.6;
constexpr double kDirectLoadsPerCycle = 1.6;
constexpr double kDirectBytesPerCycle = 16.0;
constexpr double kDirectBorderFactor = 1.25;
// The taps whose broadcast weights stay in registers; each FMA of a tap
// beyond them reloads its weight (5x5 and up).
constexpr int64_t kDirectRegisterTaps = 9;
// Winograd (ConvWinograd.cpp), per tile: the input transform of one channel
// (masked row loads, an 8x8 transpose, B^T d B on 8 tiles at a time,
// stores into the GEMM panels) and the output transform of one filter
// (A^T m A, epilogue, transpose, masked stores), by alpha; reloading and
// storing one 8-lane vector of partial sums between channel blocks;
// starting one register-tile product (loads or zeros, stores, loop).
constexpr double kWinogradInput6 = 16.0, kWinogradInput4 = 7.0;
constexpr double kWinogradOutput6 = 12.0, kWinogradOutput4 = 5.0;
constexpr double kWinogradPartialSums = 1.0;
constexpr double kWinogradTileStart = 30.0;
} // namespace

ConvShape ConvShape::get(Conv2dOp op) {
  ConvShape s;
  auto in = cast<RankedTensorType>(op.getInput().getType()).getShape();
  auto filter = cast<RankedTensorType>(op.getFilter().getType()).getShape();
  auto out = cast<RankedTensorType>(op.getType()).getShape();
  s.batch = in[0], s.channels = in[1], s.height = in[2], s.width = in[3];
  s.filters = filter[0], s.kernelH = filter[2], s.kernelW = filter[3];
  s.group = op.getGroup();
  s.outH = out[2], s.outW = out[3];
  s.strideH = op.getStrides()[0], s.strideW = op.getStrides()[1];
  s.dilationH = op.getDilations()[0], s.dilationW = op.getDilations()[1];
  s.padTop = op.getPads()[0], s.padLeft = op.getPads()[1];
  s.padBottom = op.getPads()[2], s.padRight = op.getPads()[3];
  Operation *def = op.getFilter().getDefiningOp();
  s.constantFilter = def && def->hasTrait<OpTrait::ConstantLike>();
  return s;
}

double ConvShape::flops() const {
  return 2.0 * batch * filters * (channels / group) * kernelH * kernelW *
         outH * outW;
}

ArrayRef<ConvAlgo> mlir::dlc::cpu::getKernelAlgorithms() {
  static const ConvAlgo algos[] = {ConvAlgo::Gemm, ConvAlgo::Dense,
                                   ConvAlgo::Im2row, ConvAlgo::Indirect,
                                   ConvAlgo::Im2col, ConvAlgo::Direct,
                                   ConvAlgo::Winograd, ConvAlgo::WinogradF2,
                                   ConvAlgo::FFT, ConvAlgo::Loops};
  return algos;
}

/// The packed GEMM of gemm/indirect: padded tile arithmetic, B panel
/// packing (once per task row block), tile stores.
static double gemmCycles(const ConvShape &s, double packPerElement) {
  int64_t fg = s.filters / s.group;
  int64_t depth = (s.channels / s.group) * s.kernelH * s.kernelW;
  int64_t pixels = s.outH * s.outW;
  double rows = llvm::alignTo(fg, kGemmTileRows);
  double cols = llvm::alignTo(pixels, kGemmTileCols);
  double images = double(s.batch) * s.group;
  double compute =
      images * 2.0 * rows * cols * depth / (kPeakFlopsPerCycle * kGemmEfficiency);
  // Each task packs its B panels; tasks of the same pixels but other
  // filter blocks (96 filters each) pack them again.
  double rowBlocks = llvm::divideCeil(llvm::divideCeil(fg, kGemmTileRows),
                                     kMaxRowTilesPerTask);
  double pack = images * rowBlocks * cols * depth *
                packPerElement;
  double depthBlocks = llvm::divideCeil(depth, kMaxDepthBlock);
  double store = images * rows * cols * kTileStore * (2 * depthBlocks - 1);
  return compute + pack + store;
}

/// Dense (images as GEMM rows): tiles of min(batch, MR) rows by NR columns;
/// a k step of a tile costs its FMAs (two a cycle) or its loads (NR / 8 of
/// B and a broadcast per row, two a cycle), whichever is more, plus the
/// tile stores.
static double denseCycles(const ConvShape &s) {
  int64_t tileRows = std::min<int64_t>(s.batch, kGemmTileRows);
  double tiles = double(llvm::divideCeil(s.batch, tileRows)) *
                 llvm::divideCeil(s.filters, kGemmTileCols);
  double fmas = tileRows * kTileVectorsPerRow;
  double loads = tileRows + kTileVectorsPerRow;
  double step = std::max(fmas, loads) / 2.0 / kGemmEfficiency;
  double depthBlocks = llvm::divideCeil(s.channels, kMaxDepthBlock);
  double store = tiles * tileRows * kGemmTileCols * kTileStore *
                 (2 * depthBlocks - 1);
  return tiles * s.channels * step + store;
}

/// Im2row (output pixels as GEMM rows) on a pointwise conv: R x 16 tiles
/// over the pixels padded to R (im2rowTileRows) and the filters padded to 16, A
/// panels packed once per task column block, partial sums kept between K
/// blocks, and per tile two 8x8 transposes before the stores.
static double im2rowCycles(const ConvShape &s, int64_t vectorBits) {
  int64_t depth = s.channels * s.kernelH * s.kernelW;
  int64_t pixels = s.outH * s.outW;
  int64_t tileRows = im2rowTileRows(pixels, vectorBits);
  double rows = llvm::alignTo(pixels, tileRows);
  double cols = llvm::alignTo(s.filters, kGemmTileCols);
  double compute = s.batch * 2.0 * rows * cols * depth /
                   (kPeakFlopsPerCycle * kIm2rowEfficiency);
  double colBlocks = llvm::divideCeil(
      llvm::divideCeil(s.filters, kGemmTileCols), kMaxColPanelsPerTask);
  double pack = s.batch * colBlocks * rows * depth * kPackContiguous;
  double depthBlocks = llvm::divideCeil(depth, kMaxDepthBlock);
  double tiles = s.batch * (rows / tileRows) * (cols / kGemmTileCols);
  double store = s.batch * rows * cols * kTileStore * (2 * depthBlocks - 1) +
                 tiles * kIm2rowTranspose;
  return compute + pack + store;
}

static bool isPointwise(const ConvShape &s) {
  return s.kernelH == 1 && s.kernelW == 1 && s.strideH == 1 &&
         s.strideW == 1 && !s.padTop && !s.padLeft && !s.padBottom &&
         !s.padRight;
}

/// Writing out the im2col matrix: the padded copy of the input (when there
/// is padding) and the matrix.
static double im2colMatrixCycles(const ConvShape &s) {
  double padded = double(s.batch) * s.channels *
                  (s.height + s.padTop + s.padBottom) *
                  (s.width + s.padLeft + s.padRight);
  double matrix = double(s.batch) * s.channels * s.kernelH * s.kernelW *
                  s.outH * s.outW;
  return (s.padTop || s.padLeft || s.padBottom || s.padRight ? padded : 0) *
             kPadCopy +
         matrix * kIm2colCopy;
}

/// The 1x1 conv on the im2col matrix that follows.
static ConvShape im2colMatrixConv(const ConvShape &s) {
  ConvShape gemm = s;
  gemm.channels = s.channels * s.kernelH * s.kernelW;
  gemm.height = s.outH, gemm.width = s.outW;
  gemm.kernelH = gemm.kernelW = 1;
  gemm.strideH = gemm.strideW = gemm.dilationH = gemm.dilationW = 1;
  gemm.padTop = gemm.padLeft = gemm.padBottom = gemm.padRight = 0;
  return gemm;
}

/// Explicit im2col: the padded input and the im2col matrix are written
/// out, then the GEMM runs on contiguous rows as a 1x1 conv.
static double im2colCycles(const ConvShape &s) {
  return im2colMatrixCycles(s) +
         gemmCycles(im2colMatrixConv(s), kPackContiguous);
}

/// Direct depthwise (ConvDirect.cpp): per 8-lane output vector, kH * kW
/// FMAs and the loads of a register tile of R rows (R + kH - 1 input rows
/// of kW taps at stride 1; two loads and a shuffle per tap at stride 2; a
/// gather beyond; a weight reload per FMA of the taps that do not fit in
/// registers), or the time to stream the input and output (read, then
/// written) through the caches if longer. Peeled border vectors cost more.
static double directCycles(const ConvShape &s) {
  int64_t taps = s.kernelH * s.kernelW;
  int64_t rows = taps <= 9 ? 4 : 2; // the kernel's register tile
  double vectorsPerRow = llvm::divideCeil(s.outW, kVectorWidth);
  double outputVectors = double(s.batch) * s.channels * s.outH * vectorsPerRow;
  double inputRows = (rows - 1) * s.strideH +
                     (s.kernelH - 1) * s.dilationH + 1;
  double loadsPerTap = s.strideW == 1 ? 1 : s.strideW == 2 ? 2 : 8;
  double spilledTaps = std::max<int64_t>(0, taps - kDirectRegisterTaps);
  double loads = outputVectors *
                 (inputRows * s.kernelW * loadsPerTap / rows + spilledTaps);
  double fmas = outputVectors * taps;
  double bytes = 4.0 * s.batch * s.channels *
                 (s.height * s.width + 2.0 * s.outH * s.outW);
  double compute = std::max({fmas / kDirectFmasPerCycle,
                             loads / kDirectLoadsPerCycle,
                             bytes / kDirectBytesPerCycle});
  // The left and right border vectors of each row are peeled.
  double border = std::min(vectorsPerRow, 2.0) / vectorsPerRow;
  return compute * (1.0 + border * (kDirectBorderFactor - 1.0));
}

/// Winograd: the alpha^2 GEMMs (filters x tiles) on whole register tiles,
/// the tiles padded to whole 16- or 8-tile panels, the input transform once
/// per filter block, the output transform, the partial sums kept between
/// channel blocks, the register tiles' start-up (which dominates when there
/// are few channels); blocks as the kernel chooses them (WinogradPlan).
/// With the tiles as rows, the GEMMs run on the tiles unpadded with the
/// filter transform fused in, and each register tile is transposed into M.
static double winogradCycles(const ConvShape &s, const WinogradPlan &p) {
  double images = s.batch;
  double tiles = double(p.tileBlocks) * p.tilesPerTask();
  double filters = double(p.filterPanels) * p.panelFilters();
  double gemm =
      images *
      (p.tilesAsRows ? fusedGemmUnits(p, s.channels) * 2 * kGemmTileCols
                     : p.xis() * 2.0 * filters * tiles * s.channels) /
      (kPeakFlopsPerCycle * kGemmEfficiency);
  bool f4 = p.alpha == 6;
  double input = images * p.filterBlocks * tiles * s.channels *
                 (f4 ? kWinogradInput6 : kWinogradInput4);
  double output = images * tiles * s.filters *
                  (f4 ? kWinogradOutput6 : kWinogradOutput4);
  double partial = images * (p.channelBlocks - 1) * tiles * filters *
                   p.xis() * 2 / kVectorWidth * kWinogradPartialSums;
  double starts = images * p.channelBlocks * p.xis() * p.filterPanels *
                  p.tileBlocks * p.tilePanelsPerTask *
                  (kWinogradTileStart + (p.tilesAsRows ? kIm2rowTranspose : 0));
  return gemm + input + output + partial + starts;
}

AlgoEstimate mlir::dlc::cpu::estimate(ConvAlgo algo, const ConvShape &s,
                                      int64_t vectorBits) {
  AlgoEstimate e{algo, std::nullopt, ""};
  bool hasKernel =
      getPackedFilterShape(
          algo, {s.filters, s.channels / s.group, s.kernelH, s.kernelW},
          s.group, {s.outH, s.outW})
          .has_value();
  switch (algo) {
  case ConvAlgo::Loops:
    e.cycles = s.flops() / kLoopsFlopsPerCycle;
    e.why = "scalar loop nest";
    return e;
  case ConvAlgo::Gemm:
    if (!hasKernel || !isPointwise(s)) {
      e.why = "needs a 1x1, stride-1, unpadded conv";
      return e;
    }
    break;
  case ConvAlgo::Dense:
    if (!hasKernel || s.height != 1 || s.width != 1 || s.outH != 1 ||
        s.outW != 1) {
      e.why = "needs a 1x1 conv with group 1 on 1x1 images";
      return e;
    }
    break;
  case ConvAlgo::Im2row:
    if (!hasKernel) {
      e.why = "needs group 1";
      return e;
    }
    break;
  case ConvAlgo::Indirect:
  case ConvAlgo::Im2col:
    if (!hasKernel) {
      e.why = "no packed layout";
      return e;
    }
    break;
  case ConvAlgo::Direct:
    if (!hasKernel) {
      e.why = "depthwise convs only (group == channels == filters)";
      return e;
    }
    break;
  case ConvAlgo::Winograd:
  case ConvAlgo::WinogradF2:
    if (!hasKernel || s.strideH != 1 || s.strideW != 1 || s.dilationH != 1 ||
        s.dilationW != 1) {
      e.why = "needs a 3x3, stride-1, dilation-1 conv with group 1";
      return e;
    }
    break;
  case ConvAlgo::FFT:
    // The kernel also computes smaller filters, but 3x3 ones are Winograd's
    // (about as fast, with 16x smaller weights).
    if (!hasKernel || s.strideH != 1 || s.strideW != 1 || s.dilationH != 1 ||
        s.dilationW != 1 || std::max(s.kernelH, s.kernelW) < 5) {
      e.why = "needs a stride-1, dilation-1 conv, filter 5 to 17 wide";
      return e;
    }
    break;
  default:
    e.why = "not implemented for the CPU";
    return e;
  }
  if (!s.constantFilter) {
    e.why = "the filter is not a constant (it is packed at compile time)";
    return e;
  }
  if (algo == ConvAlgo::FFT) {
    // The kernel's own model (ConvFft.cpp), which also sets its blocking.
    FftPlan plan = *planFftConv(s.batch, s.channels, s.filters, s.group,
                                s.kernelH, s.kernelW, s.outH, s.outW);
    // T^2 / 2 complex weights per filter tap pair: past this, the library
    // balloons and the weights stream from memory on every run.
    if (plan.weightBytes > kMaxFftWeightBytes) {
      e.why = ("its frequency-domain filter would take " +
               Twine(int64_t(plan.weightBytes / (1 << 20))) + " MiB")
                  .str();
      return e;
    }
    e.cycles = plan.cycles;
    e.why = (Twine(plan.tile) + "x" + Twine(plan.tile) + " FFT tiles, " +
             (plan.depthwise ? "a product per channel"
                             : "complex GEMMs per frequency"))
                .str();
    return e;
  }
  if (algo == ConvAlgo::Gemm) {
    e.cycles = gemmCycles(s, kPackContiguous);
    e.why = "GEMM on the input as is";
    return e;
  }
  if (algo == ConvAlgo::Dense) {
    e.cycles = denseCycles(s);
    e.why = "GEMM with the images as rows";
    return e;
  }
  if (algo == ConvAlgo::Im2row) {
    if (isPointwise(s)) {
      e.cycles = im2rowCycles(s, vectorBits);
      e.why = "GEMM with the pixels as rows, read in place";
    } else {
      e.cycles =
          im2colMatrixCycles(s) + im2rowCycles(im2colMatrixConv(s), vectorBits);
      e.why = "im2col matrix written out, then a GEMM with the pixels as rows";
    }
    return e;
  }
  if (algo == ConvAlgo::Im2col) {
    e.cycles = im2colCycles(s);
    e.why = "im2col matrix written out, then a GEMM on it";
    return e;
  }
  if (std::optional<WinogradPlan> plan = planWinograd(
          algo, s.batch, s.channels, s.filters, s.outH, s.outW, vectorBits)) {
    e.cycles = winogradCycles(s, *plan);
    e.why = (algo == ConvAlgo::Winograd ? "F(4x4,3x3): 36 GEMMs "
                                         : "F(2x2,3x3): 16 GEMMs ") +
            (plan->tilesAsRows
                 ? "with the " + std::to_string(plan->tiles) +
                       " tiles as rows, the filter transformed in them"
                 : "on " + std::to_string(plan->tileColumns) +
                       "-tile panels + transforms");
    return e;
  }
  if (algo == ConvAlgo::Direct) {
    e.cycles = directCycles(s);
    e.why = "depthwise, in place on 8-lane rows";
    return e;
  }
  // Indirect: rows of a panel are contiguous (at stride 1) or read with
  // even-lane shuffles (at stride 2) when the panel lies within one output
  // row (most do when OW >= 32).
  bool inRows = s.strideW <= 2 && s.outW >= 2 * kGemmTileCols;
  e.cycles = gemmCycles(s, !inRows             ? kPackGathered
                           : s.strideW == 1 ? kPackContiguous
                                            : kPackStride2);
  e.why = !inRows            ? "GEMM, im2col panels gathered"
          : s.strideW == 1 ? "GEMM, im2col panels mostly contiguous"
                           : "GEMM, im2col panels mostly strided loads";
  return e;
}
