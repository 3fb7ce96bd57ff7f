//===- ConvWinograd.cpp - Winograd F(4x4,3x3) and F(2x2,3x3) convolutions -===//
//
// For 3x3, stride-1, dilation-1 convs (group 1). The output is cut into
// m x m tiles (m = 4 for `winograd`, 2 for `winograd_f2`), each computed
// from an alpha x alpha input patch (alpha = m + 2):
//
//   Y = A^T [ sum_c U[f,c] (.) V[c,tile] ] A,   V = B^T d B,   U = G g G^T
//
// U is packed at compile time (DlcKernelLayouts.cpp) as [alpha^2][F / 6]
// [C][6], so the sum over channels is, for each of the alpha^2 positions
// xi, a GEMM M_xi[F, tiles] = U_xi[F, C] * V_xi[C, tiles] that runs on the
// 6x16 register tile with its A panels read straight from U.
//
// Tasks (image, block of 16-tile panels, block of filters) form one
// scf.parallel. Per task, on its stack (WinogradPlan keeps it <= 256 KiB):
//   1. per channel block: the input transform of the task's tiles, 8 tiles
//      per vector (each tile's patch rows are masked loads, so padding, the
//      image border and tiles past the end read zeros; an 8x8 register
//      transpose puts tiles in lanes), written straight into the GEMM's
//      B panels V[xi][panel][c][16];
//   2. the alpha^2 GEMMs, accumulating over the block in registers and over
//      blocks in M[xi][filter][tile];
//   3. the output transform, 8 tiles per vector, then bias, residual and
//      activation, transposed back so that each tile's output rows are
//      masked stores of its valid pixels.
//
// Small images (at most 6 tiles: 8x8 outputs and less for F(4x4,3x3)) have
// too few tiles per transformed weight: U, alpha^2 / 9 times the filter,
// would stream from memory for 4 FMAs per 16 floats (ResNet-50's 512-channel
// 7x7 layer: 37.7 MB). There the filter stays as it is (16-filter panels of
// its taps) and step 2 becomes, per filter panel and row i of the
// positions, one register tile of (tiles x positions (i, j)) rows by 16
// filters, over the channels: each channel's taps are transformed in
// registers by G' (G with its rows scaled to small integers: row i, then
// all j of the block), the scales of G having been folded into V' = V *
// s_i * s_j by step 1. The sums are transposed into M (lanes = tiles), so
// step 3 is the same.
//
//===----------------------------------------------------------------------===//

#include "ConvKernels.h"
#include "KernelBuilder.h"
#include "WinogradPlan.h"

#include "Conversion/DlcToLinalg/LoweringUtils.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::cpu;

using llvm::divideCeil;

//===----------------------------------------------------------------------===//
// Plan
//===----------------------------------------------------------------------===//

namespace {
// Per task: V and M together.
constexpr int64_t kStackBudgetBytes = 256 * 1024;
// Enough tasks to keep a few threads busy, when the layer has them.
constexpr int64_t kMinTasks = 4;
// Relative costs (cycles) that decide the blocking: the input transform of
// one tile and channel (done again for each filter block), reloading and
// storing one 8-lane vector of partial sums (per channel block after the
// first), and starting one register-tile product.
constexpr double kInputTransformPerTileChannel = 16.0;
constexpr double kPartialSumVector = 1.0;
constexpr double kTileProductStart = 30.0;
// 8-tile panels stream each A panel for half as many tiles as 16-tile ones.
constexpr double kNarrowPanelPenalty = 1.1;
} // namespace

double mlir::dlc::cpu::fusedGemmUnits(const WinogradPlan &p, int64_t channels) {
  int64_t passes = divideCeil(p.alpha, p.transformColumns);
  // Per channel, row i and pass: the taps' row combination (3 vectors) and
  // the pass's positions (about one op each), then alpha * tiles FMAs.
  double transformOps = 2.0 * 3 + p.transformColumns;
  return double(p.filterPanels) * channels * p.alpha *
         (p.alpha * p.tiles + passes * transformOps);
}

static int64_t padOff4KiB(int64_t floats) {
  return floats % 1024 == 0 ? floats + kGemmTileCols : floats;
}

int64_t WinogradPlan::vStride() const {
  return padOff4KiB(tilePanelsPerTask * channelBlock * tileColumns);
}

int64_t WinogradPlan::mStride() const {
  return padOff4KiB(filtersPerTask() * tilesPerTask());
}

std::optional<WinogradPlan>
mlir::dlc::cpu::planWinograd(ConvAlgo algo, int64_t batch, int64_t channels,
                             int64_t filters, int64_t outH, int64_t outW,
                             int64_t vectorBits) {
  std::optional<WinogradTile> tile = getWinogradTile(algo);
  if (!tile)
    return std::nullopt;
  WinogradPlan p;
  p.m = tile->m, p.alpha = tile->alpha;
  p.tilesH = divideCeil(outH, p.m), p.tilesW = divideCeil(outW, p.m);
  p.tiles = p.tilesH * p.tilesW;
  p.tilesAsRows = isWinogradTilesAsRows(*tile, outH, outW);
  p.tilePanelsPerTask = 1;
  p.filterPanels = divideCeil(filters, p.panelFilters());
  p.transformColumns =
      std::clamp<int64_t>(accumulatorRows(vectorBits) / p.tiles, 1, p.alpha);

  // Among the blockings that fit the stack, the cheapest by the relative
  // costs above, preferring those with enough tasks.
  std::optional<WinogradPlan> best;
  double bestCost = 0;
  bool bestHasTasks = false;
  for (int64_t columns : {kGemmTileCols, kVectorWidth}) {
    // Tiles as rows: one 8-tile V panel.
    if (p.tilesAsRows && columns != kVectorWidth)
      continue;
    WinogradPlan q = p;
    q.tileColumns = columns;
    q.tileBlocks = divideCeil(divideCeil(p.tiles, columns),
                              q.tilePanelsPerTask);
    double tiles = double(q.tileBlocks) * q.tilesPerTask();
    // GEMM time, in the units of the other costs (32 flop per cycle).
    double gemm =
        p.tilesAsRows
            ? fusedGemmUnits(p, channels)
            : q.xis() * q.filterPanels * kGemmTileRows * tiles * channels * 2 /
                  32.0 * (columns == kGemmTileCols ? 1.0 : kNarrowPanelPenalty);
    for (int64_t filterBlocks = 1; filterBlocks <= p.filterPanels;
         ++filterBlocks) {
      q.filterPanelsPerTask = divideCeil(p.filterPanels, filterBlocks);
      q.filterBlocks = divideCeil(p.filterPanels, q.filterPanelsPerTask);
      if (q.filterBlocks != filterBlocks)
        continue;
      // The fewest channel blocks that fit: more only cost more.
      for (int64_t channelBlocks = 1; channelBlocks <= channels;
           ++channelBlocks) {
        q.channelBlock = divideCeil(channels, channelBlocks);
        q.channelBlocks = divideCeil(channels, q.channelBlock);
        if (q.channelBlocks != channelBlocks ||
            q.stackBytes() > kStackBudgetBytes)
          continue;
        double cost =
            gemm +
            q.filterBlocks * tiles * channels * kInputTransformPerTileChannel +
            (q.channelBlocks - 1) * tiles * q.filterPanels * q.panelFilters() *
                q.xis() * 2 / kVectorWidth * kPartialSumVector +
            q.channelBlocks * q.xis() * q.filterPanels * q.tileBlocks *
                q.tilePanelsPerTask * kTileProductStart;
        bool hasTasks = batch * q.tileBlocks * q.filterBlocks >= kMinTasks;
        if (!best || (hasTasks && !bestHasTasks) ||
            (hasTasks == bestHasTasks && cost < bestCost)) {
          best = q;
          bestCost = cost;
          bestHasTasks = hasTasks;
        }
        break;
      }
    }
  }
  return best;
}

//===----------------------------------------------------------------------===//
// Vector helpers
//===----------------------------------------------------------------------===//

namespace {

/// 8-lane f32 arithmetic for the transforms.
struct Lanes {
  KernelBuilder &kb;

  Value splat(double v) {
    return arith::ConstantOp::create(
        kb.b, kb.loc, DenseElementsAttr::get(kb.f32Vector(), float(v)));
  }
  Value add(Value x, Value y) {
    return arith::AddFOp::create(kb.b, kb.loc, x, y);
  }
  Value sub(Value x, Value y) {
    return arith::SubFOp::create(kb.b, kb.loc, x, y);
  }
  /// c * x + y
  Value fma(double c, Value x, Value y) {
    return vector::FMAOp::create(kb.b, kb.loc, splat(c), x, y);
  }
  Value shuffle(Value x, Value y, ArrayRef<int64_t> mask) {
    return vector::ShuffleOp::create(kb.b, kb.loc, x, y, mask);
  }
};

/// The 1-D input transform B^T x of F(4, 3) (alpha = 6) or F(2, 3)
/// (alpha = 4), with shared subexpressions.
SmallVector<Value> inputTransform1D(Lanes &v, ArrayRef<Value> d) {
  if (d.size() == 4) {
    // B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
    return {v.sub(d[0], d[2]), v.add(d[1], d[2]), v.sub(d[2], d[1]),
            v.sub(d[1], d[3])};
  }
  // B^T = [4  0 -5  0 1 0;   0 -4 -4  1 1 0;   0 4 -4 -1 1 0;
  //        0 -2 -1  2 1 0;   0  2 -1 -2 1 0;   0 4  0 -5 0 1]
  Value a = v.fma(-4.0, d[2], d[4]); // d4 - 4 d2
  Value b = v.fma(-4.0, d[1], d[3]); // d3 - 4 d1
  Value c = v.sub(d[4], d[2]);
  Value e = v.sub(d[3], d[1]);
  return {v.fma(4.0, d[0], v.fma(-5.0, d[2], d[4])),
          v.add(a, b),
          v.sub(a, b),
          v.fma(2.0, e, c),
          v.fma(-2.0, e, c),
          v.fma(4.0, d[1], v.fma(-5.0, d[3], d[5]))};
}

/// The 1-D output transform A^T x of F(4, 3) or F(2, 3).
SmallVector<Value> outputTransform1D(Lanes &v, ArrayRef<Value> x) {
  if (x.size() == 4) {
    // A^T = [1 1 1 0; 0 1 -1 -1]
    return {v.add(v.add(x[0], x[1]), x[2]), v.sub(v.sub(x[1], x[2]), x[3])};
  }
  // A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]
  Value a = v.add(x[1], x[2]), b = v.sub(x[1], x[2]);
  Value c = v.add(x[3], x[4]), d = v.sub(x[3], x[4]);
  return {v.add(v.add(x[0], a), c), v.fma(2.0, d, b), v.fma(4.0, c, a),
          v.add(v.fma(8.0, d, b), x[5])};
}

/// The 2-D transform T x T^T of a square of vectors (row-major) with a 1-D
/// transform T: first down the columns, then along the rows.
template <typename Transform1D>
SmallVector<Value> transform2D(Lanes &v, ArrayRef<Value> square, int64_t n,
                               Transform1D transform) {
  SmallVector<SmallVector<Value>> columns; // columns[k][i]
  for (int64_t k = 0; k < n; ++k) {
    SmallVector<Value> column;
    for (int64_t r = 0; r < n; ++r)
      column.push_back(square[r * n + k]);
    columns.push_back(transform(v, column));
  }
  int64_t rows = columns[0].size();
  SmallVector<Value> result;
  for (int64_t i = 0; i < rows; ++i) {
    SmallVector<Value> row;
    for (int64_t k = 0; k < n; ++k)
      row.push_back(columns[k][i]);
    llvm::append_range(result, transform(v, row));
  }
  return result;
}

} // namespace

/// Row `row` of G' (G with each row scaled to integers; the scales are
/// folded into V) applied to the three values x(0), x(1), x(2): for F(4, 3)
/// the rows are [1 0 0], [1 1 1], [1 -1 1], [1 2 4], [1 -2 4], [0 0 1], for
/// F(2, 3) [1 0 0], [1 1 1], [1 -1 1], [0 0 1].
static Value filterTransformRow(KernelBuilder &kb, VectorType type,
                                int64_t alpha, int64_t row,
                                function_ref<Value(int64_t)> x) {
  if (row == 0)
    return x(0);
  if (row == alpha - 1)
    return x(2);
  auto splat = [&](float c) {
    return arith::ConstantOp::create(kb.b, kb.loc,
                                     DenseElementsAttr::get(type, c));
  };
  Value x0 = x(0), x1 = x(1), x2 = x(2);
  if (row <= 2) {
    Value even = arith::AddFOp::create(kb.b, kb.loc, x0, x2);
    return row == 1 ? arith::AddFOp::create(kb.b, kb.loc, even, x1).getResult()
                    : arith::SubFOp::create(kb.b, kb.loc, even, x1).getResult();
  }
  Value even = vector::FMAOp::create(kb.b, kb.loc, splat(4.0f), x2, x0);
  return vector::FMAOp::create(kb.b, kb.loc, splat(row == 3 ? 2.0f : -2.0f), x1,
                               even);
}

/// The factor of row `row` of G that G' leaves out (see filterTransformRow):
/// its first non-zero entry, as G' has 1 there.
static double filterTransformScale(WinogradTile tile, int64_t row) {
  double first = getWinogradG(tile, row, 0);
  return first != 0.0 ? first : getWinogradG(tile, row, 2);
}

namespace {

//===----------------------------------------------------------------------===//
// Emitter
//===----------------------------------------------------------------------===//

/// The tiles of one 8-lane group: where each lane's tile lies.
struct TileGroup {
  SmallVector<Value> valid;  // i1: the tile exists
  SmallVector<Value> row;    // first input (or output) row of the tile
  SmallVector<Value> column; // first input (or output) column
};

class WinogradConvEmitter : ConvKernelViews {
public:
  WinogradConvEmitter(Conv2dKernelOp op, const WinogradPlan &plan)
      : op(op), geo(op), plan(plan) {}

  void emit(OpBuilder &b);

private:
  void emitTask(KernelBuilder &kb, Value image, Value tileBlock,
                Value filterBlock);
  /// Coordinates of tiles group * 8 + l of the task (l < 8), scaled by m and
  /// shifted by `shiftH`/`shiftW`.
  TileGroup tileGroup(KernelBuilder &kb, Value firstTile, Value group,
                      int64_t shiftH, int64_t shiftW);
  void emitInputTransform(KernelBuilder &kb, Value image, Value firstTile,
                          Value channelStart, Value channelCount);
  void emitGemms(KernelBuilder &kb, Value firstPanel, Value numPanels,
                 Value channelStart, Value channelCount, Value isFirstBlock);
  /// emitGemms with the tiles as rows and the filter transformed on the
  /// way (plan.tilesAsRows).
  void emitTileRowGemms(KernelBuilder &kb, Value firstPanel, Value numPanels,
                        Value channelStart, Value channelCount,
                        Value isFirstBlock);
  /// Adds one position's register tile (`rows`: tiles x 16 filters, as
  /// 8-lane halves) into M at `mAt` ([filter][tile]), or stores it on the
  /// first channel block.
  void accumulateTileRows(KernelBuilder &kb, Value mAt, ArrayRef<Value> rows,
                          Value isFirstBlock);
  void emitOutputTransform(KernelBuilder &kb, Value image, Value firstTile,
                           Value firstFilter, Value numFilters);

  Conv2dKernelOp op;
  ConvGeometry geo;
  WinogradPlan plan;
  Value vBuffer, mBuffer;                      // per-task scratch
};

} // namespace

void WinogradConvEmitter::emit(OpBuilder &b) {
  KernelBuilder kb{b, op.getLoc()};
  makeViews(kb, op);

  // V and M live for one task.
  emitParallelTasks(kb, {geo.batch, plan.tileBlocks, plan.filterBlocks},
                    /*stackScratch=*/true,
                    [&](KernelBuilder &task, ValueRange ivs) {
                      emitTask(task, ivs[0], ivs[1], ivs[2]);
                    });
}

void WinogradConvEmitter::emitTask(KernelBuilder &kb, Value image,
                                   Value tileBlock, Value filterBlock) {
  auto scratch = [&](int64_t floats) {
    return memref::AllocaOp::create(
        kb.b, kb.loc, MemRefType::get({floats}, kb.b.getF32Type()),
        kb.b.getI64IntegerAttr(64));
  };
  vBuffer = scratch(plan.xis() * plan.vStride());
  mBuffer = scratch(plan.xis() * plan.mStride());
  Value firstTile = kb.mul(tileBlock, plan.tilesPerTask());
  Value firstPanel = kb.mul(filterBlock, plan.filterPanelsPerTask);
  Value numPanels = kb.min(kb.idx(plan.filterPanelsPerTask),
                           kb.sub(kb.idx(plan.filterPanels), firstPanel));
  Value firstFilter = kb.mul(firstPanel, plan.panelFilters());
  Value numFilters = kb.min(kb.mul(numPanels, plan.panelFilters()),
                            kb.sub(kb.idx(geo.filters), firstFilter));

  auto channelBlock = [&](KernelBuilder &k, Value blockIv, Value isFirst) {
    Value channelStart = k.mul(blockIv, plan.channelBlock);
    Value channelCount = k.min(k.idx(plan.channelBlock),
                               k.sub(k.idx(geo.channels), channelStart));
    emitInputTransform(k, image, firstTile, channelStart, channelCount);
    emitGemms(k, firstPanel, numPanels, channelStart, channelCount, isFirst);
  };
  if (plan.channelBlocks == 1) {
    channelBlock(kb, kb.idx(0), Value());
  } else {
    kb.forLoop(kb.idx(0), kb.idx(plan.channelBlocks), 1,
               [&](KernelBuilder &k, Value blockIv) {
                 channelBlock(k, blockIv,
                              k.cmp(arith::CmpIPredicate::eq, blockIv,
                                    k.idx(0)));
               });
  }
  emitOutputTransform(kb, image, firstTile, firstFilter, numFilters);
}

TileGroup WinogradConvEmitter::tileGroup(KernelBuilder &kb, Value firstTile,
                                         Value group, int64_t shiftH,
                                         int64_t shiftW) {
  TileGroup g;
  Value group0 = kb.add(firstTile, kb.mul(group, kVectorWidth));
  for (int64_t l = 0; l < kVectorWidth; ++l) {
    Value tile = kb.add(group0, l);
    g.valid.push_back(
        kb.cmp(arith::CmpIPredicate::ult, tile, kb.idx(plan.tiles)));
    // Past the end: any in-bounds tile (its loads and stores are masked).
    Value clamped = kb.min(tile, kb.idx(plan.tiles - 1));
    g.row.push_back(
        kb.sub(kb.mul(kb.div(clamped, plan.tilesW), plan.m), kb.idx(shiftH)));
    g.column.push_back(
        kb.sub(kb.mul(kb.rem(clamped, plan.tilesW), plan.m), kb.idx(shiftW)));
  }
  return g;
}

void WinogradConvEmitter::emitInputTransform(KernelBuilder &kb, Value image,
                                             Value firstTile,
                                             Value channelStart,
                                             Value channelCount) {
  int64_t alpha = plan.alpha;
  int64_t groups = plan.tilesPerTask() / kVectorWidth;
  int64_t plane = geo.height * geo.width;
  Type maskType = VectorType::get({kVectorWidth}, kb.b.getI1Type());
  kb.forLoop(kb.idx(0), kb.idx(groups), 1, [&](KernelBuilder &k, Value group) {
    TileGroup g = tileGroup(k, firstTile, group, geo.padTop, geo.padLeft);
    // Per tile: the lanes of a patch row inside the image (none for a tile
    // past the end), and per patch row whether it is inside.
    Value noLanes = arith::ConstantOp::create(
        k.b, k.loc, DenseElementsAttr::get(cast<ShapedType>(maskType), false));
    SmallVector<Value> columnMask, offset;
    SmallVector<SmallVector<Value>> rowInside(kVectorWidth);
    for (int64_t l = 0; l < kVectorWidth; ++l) {
      Value lanes = k.iotaI32(g.column[l]);
      auto laneCmp = [&](arith::CmpIPredicate p, Value bound) {
        return arith::CmpIOp::create(k.b, k.loc, p, lanes, k.splatI32(bound))
            .getResult();
      };
      Value mask = arith::AndIOp::create(
          k.b, k.loc, laneCmp(arith::CmpIPredicate::sge, k.idx(0)),
          laneCmp(arith::CmpIPredicate::slt, k.idx(geo.width)));
      mask = arith::AndIOp::create(
          k.b, k.loc, mask,
          laneCmp(arith::CmpIPredicate::slt, k.add(g.column[l], alpha)));
      columnMask.push_back(
          arith::SelectOp::create(k.b, k.loc, g.valid[l], mask, noLanes));
      offset.push_back(
          k.add(k.mul(g.row[l], geo.width), g.column[l]));
      for (int64_t r = 0; r < alpha; ++r) {
        Value ih = k.add(g.row[l], r);
        rowInside[l].push_back(
            k.andI(k.cmp(arith::CmpIPredicate::sge, ih, k.idx(0)),
                   k.cmp(arith::CmpIPredicate::slt, ih, k.idx(geo.height))));
      }
    }
    // Where this group's 8 lanes go in the B panels.
    int64_t groupsPerPanel = plan.tileColumns / kVectorWidth;
    Value panel = k.div(group, groupsPerPanel);
    Value lane0 = k.mul(k.rem(group, groupsPerPanel), kVectorWidth);

    k.forLoop(k.idx(0), channelCount, 1, [&](KernelBuilder &kc, Value c) {
      Lanes v{kc};
      Value channelBase =
          kc.mul(kc.add(channelStart, c), plane);
      // Patch row r of tile l, lanes 0..alpha-1 (zero outside the image).
      auto loadRow = [&](int64_t l, int64_t r) {
        Value mask = arith::SelectOp::create(kc.b, kc.loc, rowInside[l][r],
                                             columnMask[l], noLanes);
        Value at = kc.add(channelBase, kc.add(offset[l], r * geo.width));
        return kc.loadMasked(input, ValueRange{image, at}, mask);
      };
      // d[r * alpha + k]: patch element (r, k) of the 8 tiles.
      SmallVector<Value> d(alpha * alpha);
      int64_t rowsPerVector = kVectorWidth / alpha; // 1 (F(4,3)) or 2
      for (int64_t r = 0; r < alpha; r += rowsPerVector) {
        SmallVector<Value> rows;
        for (int64_t l = 0; l < kVectorWidth; ++l) {
          Value row = loadRow(l, r);
          if (rowsPerVector == 2)
            row = v.shuffle(row, loadRow(l, r + 1), {0, 1, 2, 3, 8, 9, 10, 11});
          rows.push_back(row);
        }
        SmallVector<Value> columns = transpose8x8(v.kb, rows);
        for (int64_t q = 0; q < rowsPerVector; ++q)
          for (int64_t j = 0; j < alpha; ++j)
            d[(r + q) * alpha + j] = columns[q * alpha + j];
      }
      SmallVector<Value> transformed =
          transform2D(v, d, alpha, inputTransform1D);
      if (plan.tilesAsRows) {
        // V'[i][channel][j][8 tiles], scaled by G's factors of rows i and
        // j (emitTileRowGemms multiplies it by G' g G'^T).
        WinogradTile tile{plan.m, plan.alpha};
        for (int64_t i = 0; i < alpha; ++i)
          for (int64_t j = 0; j < alpha; ++j) {
            Value scaled =
                arith::MulFOp::create(kc.b, kc.loc, transformed[i * alpha + j],
                                      v.splat(filterTransformScale(tile, i) *
                                              filterTransformScale(tile, j)));
            Value at =
                kc.add(kc.mul(c, alpha * kVectorWidth),
                       (i * plan.channelBlock * alpha + j) * kVectorWidth);
            vector::StoreOp::create(kc.b, kc.loc, scaled, vBuffer,
                                    ValueRange{at});
          }
        return;
      }
      // V[xi][panel][channel][lane0 .. lane0 + 8]
      Value at = kc.add(
          kc.mul(kc.add(kc.mul(panel, plan.channelBlock), c),
                 plan.tileColumns),
          lane0);
      for (int64_t xi = 0; xi < plan.xis(); ++xi)
        vector::StoreOp::create(kc.b, kc.loc, transformed[xi], vBuffer,
                                ValueRange{kc.add(at, xi * plan.vStride())});
    });
  });
}

/// acc += sum over k < depth of A panels [k][6] (one or two, at
/// `aOffsets`) (outer) a B panel [k][8 * bVectors] at `bOffset`: the
/// register tile, 6x16 (one A panel, a 16-lane B row, as emitTileProduct) or
/// 12x8 (two A panels, one B vector); accumulator (p * 6 + r) * bVectors + v
/// holds row r of A panel p, lanes v * 8.... Each k step also prefetches
/// the A panels at `aPrefetch` (the next register tile's), as each A
/// element serves only 8 or 16 tiles and U is often not in the cache.
static SmallVector<Value>
emitWinogradTileProduct(KernelBuilder &kb, Value aPacked,
                        ArrayRef<Value> aOffsets, ArrayRef<Value> aPrefetch,
                        Value bPacked, Value bOffset, int64_t bVectors,
                        Value depth, ValueRange acc) {
  // A tile row of 16 lanes is one vector in the loop (one zmm register on
  // AVX-512, as in emitTileProduct); rows of 8 lanes stay 8-lane vectors.
  int64_t rowLanes = bVectors * kVectorWidth;
  VectorType rowType = VectorType::get({rowLanes}, kb.b.getF32Type());
  scf::ForOp loop = kb.forLoop(
      kb.idx(0), depth, 1,
      bVectors == 1 ? SmallVector<Value>(acc) : joinLaneHalves(kb, acc),
      [&](KernelBuilder &k, Value kk, ValueRange sums) {
        Value bRow = k.add(bOffset, k.mul(kk, rowLanes));
        Value b = vector::LoadOp::create(k.b, k.loc, rowType, bPacked, bRow);
        for (Value offset : aPrefetch)
          memref::PrefetchOp::create(
              k.b, k.loc, aPacked,
              ValueRange{k.add(offset, k.mul(kk, kGemmTileRows))},
              /*isWrite=*/false, /*localityHint=*/3, /*isDataCache=*/true);
        SmallVector<Value> next(sums);
        for (auto [p, aOffset] : llvm::enumerate(aOffsets)) {
          Value aRow = k.add(aOffset, k.mul(kk, kGemmTileRows));
          for (int64_t r = 0; r < kGemmTileRows; ++r) {
            Value a = memref::LoadOp::create(k.b, k.loc, aPacked,
                                             ValueRange{k.add(aRow, r)});
            Value aSplat = vector::BroadcastOp::create(k.b, k.loc, rowType, a);
            int64_t i = p * kGemmTileRows + r;
            next[i] = vector::FMAOp::create(k.b, k.loc, aSplat, b, next[i]);
          }
        }
        return next;
      });
  if (bVectors == 1)
    return SmallVector<Value>(loop.getResults());
  return splitLaneHalves(kb, loop.getResults());
}

void WinogradConvEmitter::emitGemms(KernelBuilder &kb, Value firstPanel,
                                    Value numPanels, Value channelStart,
                                    Value channelCount, Value isFirstBlock) {
  if (plan.tilesAsRows)
    return emitTileRowGemms(kb, firstPanel, numPanels, channelStart,
                            channelCount, isFirstBlock);
  int64_t tilesPerTask = plan.tilesPerTask();
  int64_t columns = plan.tileColumns;
  int64_t vectorsPerRow = columns / kVectorWidth;
  bool narrow = columns == kVectorWidth;
  // Filter panels per register tile: one 6x16, or two 6x8 (12x8).
  int64_t panelsPerTile = narrow ? 2 : 1;

  // The register tile of filter panels [fp, fp + panels) and tile panel tp
  // at xi: from zero (first channel block) or M, into M.
  auto emitTile = [&](KernelBuilder &k, Value xi, Value fp, int64_t panels,
                      Value tp) {
    int64_t vectors = panels * kGemmTileRows * vectorsPerRow;
    SmallVector<Type> tileTypes(vectors, k.f32Vector());
    Value bOffset = k.add(k.mul(xi, plan.vStride()),
                          k.mul(tp, plan.channelBlock * columns));
    // M[xi][fp * 6 + r][tp * columns + v * 8]
    Value mTile =
        k.add(k.mul(xi, plan.mStride()),
              k.add(k.mul(fp, kGemmTileRows * tilesPerTask),
                    k.mul(tp, columns)));
    auto mAt = [&](KernelBuilder &km, int64_t i) {
      int64_t r = i / vectorsPerRow, v = i % vectorsPerRow;
      return km.add(mTile, r * tilesPerTask + v * kVectorWidth);
    };
    auto zeros = [&](KernelBuilder &kz) {
      return SmallVector<Value>(vectors, kz.zeros());
    };
    SmallVector<Value> acc;
    if (!isFirstBlock) {
      acc = zeros(k);
    } else {
      acc = k.ifElse(isFirstBlock, tileTypes, zeros, [&](KernelBuilder &kl) {
        SmallVector<Value> tile;
        for (int64_t i = 0; i < vectors; ++i)
          tile.push_back(vector::LoadOp::create(kl.b, kl.loc, kl.f32Vector(),
                                                mBuffer,
                                                ValueRange{mAt(kl, i)}));
        return tile;
      });
    }
    // U[xi][firstPanel + fp][channelStart][0]
    SmallVector<Value> aOffsets;
    for (int64_t p = 0; p < panels; ++p)
      aOffsets.push_back(k.mul(
          k.add(k.mul(k.add(k.add(k.mul(xi, plan.filterPanels), firstPanel),
                            k.add(fp, p)),
                      geo.channels),
                channelStart),
          kGemmTileRows));
    SmallVector<Value> prefetch;
    for (Value offset : aOffsets)
      prefetch.push_back(k.add(offset, panels * geo.channels * kGemmTileRows));
    acc = emitWinogradTileProduct(k, filter, aOffsets, prefetch, vBuffer,
                                  bOffset, vectorsPerRow, channelCount, acc);
    for (int64_t i = 0; i < vectors; ++i)
      vector::StoreOp::create(k.b, k.loc, acc[i], mBuffer,
                              ValueRange{mAt(k, i)});
  };

  kb.forLoop(kb.idx(0), kb.idx(plan.xis()), 1, [&](KernelBuilder &k, Value xi) {
    k.forLoop(k.idx(0), k.idx(plan.tilePanelsPerTask), 1,
              [&](KernelBuilder &kt, Value tp) {
      // Whole register tiles, then (narrow) an odd last filter panel.
      Value wholeTiles = kt.mul(kt.div(numPanels, panelsPerTile),
                                panelsPerTile);
      kt.forLoop(kt.idx(0), wholeTiles, panelsPerTile,
                 [&](KernelBuilder &kf, Value fp) {
                   emitTile(kf, xi, fp, panelsPerTile, tp);
                 });
      if (panelsPerTile > 1)
        kt.ifThen(kt.cmp(arith::CmpIPredicate::ult, wholeTiles, numPanels),
                  [&](KernelBuilder &kf) {
                    emitTile(kf, xi, wholeTiles, 1, tp);
                  });
    });
  });
}

void WinogradConvEmitter::emitTileRowGemms(KernelBuilder &kb, Value firstPanel,
                                           Value numPanels, Value channelStart,
                                           Value channelCount,
                                           Value isFirstBlock) {
  // For each position row i and block of positions (i, j): M_(i,j)[tile,
  // filter] = sum_c V'_(i,j)[tile, c] U'_(i,j)[c, filter] on a register
  // tile of (tiles x positions) rows by 16 filters, with U' = G' g G'^T of
  // the channel's taps computed in registers (row i of G' on the taps'
  // rows, then G' on the three results) and V' = V scaled by G's factors.
  int64_t alpha = plan.alpha, tiles = plan.tiles;
  assert(plan.tileColumns == kVectorWidth && tiles <= kVectorWidth);
  VectorType rowType = VectorType::get({kGemmTileCols}, kb.b.getF32Type());
  int64_t tapFloats = 9 * kGemmTileCols;
  int64_t lastTapRow =
      (plan.filterPanels * geo.channels * 9 - 1) * kGemmTileCols;
  kb.forLoop(kb.idx(0), numPanels, 1, [&](KernelBuilder &k, Value fp) {
    // The panel's taps, g[panel][c][3 * r + q][16].
    Value gBase =
        k.mul(k.add(k.mul(k.add(firstPanel, fp), geo.channels), channelStart),
              tapFloats);
    Value mPanel = k.mul(fp, kGemmTileCols * plan.tilesPerTask());
    Value zero = arith::ConstantOp::create(
        k.b, k.loc, DenseElementsAttr::get(rowType, 0.0f));
    for (int64_t i = 0; i < alpha; ++i)
      for (int64_t j0 = 0; j0 < alpha; j0 += plan.transformColumns) {
        int64_t columns = std::min(plan.transformColumns, alpha - j0);
        SmallVector<Value> init(columns * tiles, zero);
        scf::ForOp loop = k.forLoop(
            k.idx(0), channelCount, 1, init,
            [&](KernelBuilder &kc, Value c, ValueRange sums) {
              Value gAt = kc.add(gBase, kc.mul(c, tapFloats));
              // The first pass also fetches the next panel's taps of this
              // channel: on the first pass they come from memory.
              if (i == 0 && j0 == 0)
                for (int64_t r = 0; r < 9; ++r)
                  prefetchRead(
                      kc, filter,
                      kc.min(kc.add(gAt, geo.channels * tapFloats +
                                             r * kGemmTileCols),
                             kc.idx(lastTapRow)));
              SmallVector<Value> rowOfG(3);
              for (int64_t q = 0; q < 3; ++q)
                rowOfG[q] =
                    filterTransformRow(kc, rowType, alpha, i, [&](int64_t r) {
                      return vector::LoadOp::create(
                                 kc.b, kc.loc, rowType, filter,
                                 ValueRange{
                                     kc.add(gAt, (3 * r + q) * kGemmTileCols)})
                          .getResult();
                    });
              // V'[i][c][j][tile]
              Value vRow = kc.add(kc.mul(c, alpha * kVectorWidth),
                                  i * plan.channelBlock * alpha * kVectorWidth);
              SmallVector<Value> next(sums);
              for (int64_t jj = 0; jj < columns; ++jj) {
                Value u =
                    filterTransformRow(kc, rowType, alpha, j0 + jj,
                                       [&](int64_t q) { return rowOfG[q]; });
                for (int64_t t = 0; t < tiles; ++t) {
                  Value a = memref::LoadOp::create(
                      kc.b, kc.loc, vBuffer,
                      ValueRange{kc.add(vRow, (j0 + jj) * kVectorWidth + t)});
                  Value aSplat =
                      vector::BroadcastOp::create(kc.b, kc.loc, rowType, a);
                  int64_t at = jj * tiles + t;
                  next[at] =
                      vector::FMAOp::create(kc.b, kc.loc, aSplat, u, next[at]);
                }
              }
              return next;
            });
        SmallVector<Value> halves = splitLaneHalves(k, loop.getResults());
        int64_t rowVectors = tiles * kTileVectorsPerRow;
        for (int64_t jj = 0; jj < columns; ++jj)
          accumulateTileRows(
              k, k.add(mPanel, (i * alpha + j0 + jj) * plan.mStride()),
              ArrayRef<Value>(halves).slice(jj * rowVectors, rowVectors),
              isFirstBlock);
      }
  });
}

void WinogradConvEmitter::accumulateTileRows(KernelBuilder &kb, Value mAt,
                                             ArrayRef<Value> rows,
                                             Value isFirstBlock) {
  // Per 8 filters one 8x8 transpose: lanes become tiles.
  for (int64_t v = 0; v < kTileVectorsPerRow; ++v) {
    SmallVector<Value> perFilter = transposeTileHalf(kb, rows, v);
    for (int64_t f = 0; f < kVectorWidth; ++f) {
      Value at = kb.add(mAt, (v * kVectorWidth + f) * plan.tilesPerTask());
      Value sum = perFilter[f];
      if (isFirstBlock) {
        Value earlier = vector::LoadOp::create(kb.b, kb.loc, kb.f32Vector(),
                                               mBuffer, ValueRange{at});
        sum = arith::SelectOp::create(
            kb.b, kb.loc, isFirstBlock, sum,
            arith::AddFOp::create(kb.b, kb.loc, sum, earlier));
      }
      vector::StoreOp::create(kb.b, kb.loc, sum, mBuffer, ValueRange{at});
    }
  }
}

void WinogradConvEmitter::emitOutputTransform(KernelBuilder &kb, Value image,
                                              Value firstTile,
                                              Value firstFilter,
                                              Value numFilters) {
  int64_t m = plan.m, alpha = plan.alpha;
  int64_t outPlane = geo.outH * geo.outW;
  // Groups of 8 tiles with at least one tile of the image.
  Value tilesLeft = kb.sub(kb.idx(plan.tiles), firstTile);
  Value groups = kb.min(kb.idx(plan.tilesPerTask() / kVectorWidth),
                        kb.div(kb.add(tilesLeft, kVectorWidth - 1),
                               kVectorWidth));
  auto rowType = VectorType::get({m}, kb.b.getF32Type());
  auto rowMaskType = VectorType::get({m}, kb.b.getI1Type());
  // Each tile's m x m outputs leave the transpose as rows of m lanes, two
  // rows per vector.
  constexpr int64_t rowsPerVector = 2;
  kb.forLoop(kb.idx(0), groups, 1, [&](KernelBuilder &k, Value group) {
    TileGroup g = tileGroup(k, firstTile, group, 0, 0);
    Value noLanes = arith::ConstantOp::create(
        k.b, k.loc,
        DenseElementsAttr::get(cast<ShapedType>(rowMaskType), false));
    // Per tile and output row: the valid pixels, and their offset in the
    // channel plane.
    SmallVector<SmallVector<Value>> rowMask(kVectorWidth),
        rowOffset(kVectorWidth);
    for (int64_t l = 0; l < kVectorWidth; ++l) {
      Value columns = k.max(
          k.min(k.idx(m), k.sub(k.idx(geo.outW), g.column[l])), k.idx(0));
      Value mask = vector::CreateMaskOp::create(k.b, k.loc, rowMaskType,
                                                ValueRange{columns});
      mask = arith::SelectOp::create(k.b, k.loc, g.valid[l], mask, noLanes);
      for (int64_t i = 0; i < m; ++i) {
        Value oh = k.add(g.row[l], i);
        rowMask[l].push_back(arith::SelectOp::create(
            k.b, k.loc, k.cmp(arith::CmpIPredicate::slt, oh, k.idx(geo.outH)),
            mask, noLanes));
        rowOffset[l].push_back(k.add(k.mul(oh, geo.outW), g.column[l]));
      }
    }
    Value mGroup = k.mul(group, kVectorWidth);
    k.forLoop(k.idx(0), numFilters, 1, [&](KernelBuilder &kf, Value fl) {
      Lanes v{kf};
      SmallVector<Value> sums;
      Value at = kf.add(kf.mul(fl, plan.tilesPerTask()), mGroup);
      for (int64_t xi = 0; xi < plan.xis(); ++xi)
        sums.push_back(vector::LoadOp::create(
            kf.b, kf.loc, kf.f32Vector(), mBuffer,
            ValueRange{kf.add(at, xi * plan.mStride())}));
      SmallVector<Value> y = transform2D(v, sums, alpha, outputTransform1D);
      Value f = kf.add(firstFilter, fl);
      if (bias) {
        Value b = memref::LoadOp::create(kf.b, kf.loc, bias, ValueRange{f});
        Value splat =
            vector::BroadcastOp::create(kf.b, kf.loc, kf.f32Vector(), b);
        for (Value &x : y)
          x = v.add(x, splat);
      }
      Value channelBase = kf.mul(f, outPlane);
      ScalarBuilder s{kf.b, kf.loc, kf.f32Vector()};
      Value zero = kf.zeros();
      for (int64_t i0 = 0; i0 < m; i0 += rowsPerVector) {
        // Rows i0 and i0 + 1 of the 8 tiles -> per tile [row i0 | row i0+1].
        SmallVector<Value> rows;
        for (int64_t q = 0; q < kVectorWidth; ++q) {
          int64_t i = i0 + q / m, j = q % m;
          rows.push_back(q < rowsPerVector * m ? y[i * m + j] : zero);
        }
        SmallVector<Value> perTile = transpose8x8(v.kb, rows);
        for (int64_t l = 0; l < kVectorWidth; ++l) {
          Value x = perTile[l];
          SmallVector<Value> at, masks;
          for (int64_t q = 0; q < rowsPerVector; ++q) {
            at.push_back(kf.add(channelBase, rowOffset[l][i0 + q]));
            masks.push_back(rowMask[l][i0 + q]);
          }
          auto part = [&](Value vec, int64_t q) {
            SmallVector<int64_t> lanes;
            for (int64_t j = 0; j < m; ++j)
              lanes.push_back(q * m + j);
            return vector::ShuffleOp::create(kf.b, kf.loc, vec, vec, lanes)
                .getResult();
          };
          if (residual) {
            SmallVector<Value> loaded;
            for (int64_t q = 0; q < rowsPerVector; ++q)
              loaded.push_back(vector::MaskedLoadOp::create(
                  kf.b, kf.loc, rowType, residual,
                  ValueRange{image, at[q]}, masks[q],
                  arith::ConstantOp::create(
                      kf.b, kf.loc,
                      DenseElementsAttr::get(cast<ShapedType>(rowType),
                                             0.0f))));
            // [row i0 | row i0 + 1 | unused]
            SmallVector<int64_t> pick;
            for (int64_t q = 0; q < kVectorWidth; ++q)
              pick.push_back(q < rowsPerVector * m ? q : 0);
            Value both = vector::ShuffleOp::create(kf.b, kf.loc, loaded[0],
                                                   loaded[1], pick);
            x = v.add(x, both);
          }
          x = applyActivation(s, op.getActivation(),
                              op.getActivationAlpha().convertToDouble(),
                              op.getActivationBeta().convertToDouble(), x);
          for (int64_t q = 0; q < rowsPerVector; ++q)
            vector::MaskedStoreOp::create(kf.b, kf.loc, output,
                                          ValueRange{image, at[q]}, masks[q],
                                          part(x, q));
        }
      }
    });
  });
}

LogicalResult mlir::dlc::cpu::lowerWinogradConv(RewriterBase &rewriter,
                                                Conv2dKernelOp op,
                                                int64_t vectorBits) {
  ConvGeometry geo(op);
  if (geo.kernelH != 3 || geo.kernelW != 3 || geo.group != 1 ||
      geo.strideH != 1 || geo.strideW != 1 || geo.dilationH != 1 ||
      geo.dilationW != 1)
    return op.emitOpError("Winograd needs a 3x3, stride-1, dilation-1 conv "
                          "with group 1");
  std::optional<WinogradPlan> plan =
      planWinograd(op.getAlgo(), geo.batch, geo.channels, geo.filters, geo.outH,
                   geo.outW, vectorBits);
  if (!plan)
    return op.emitOpError("not a Winograd algorithm");
  rewriter.setInsertionPoint(op);
  WinogradConvEmitter(op, *plan).emit(rewriter);
  rewriter.eraseOp(op);
  return success();
}
