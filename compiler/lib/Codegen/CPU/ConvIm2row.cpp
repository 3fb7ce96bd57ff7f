//===- ConvIm2row.cpp - Convolutions with the output pixels as GEMM rows --===//
//
// Per image, Y^T[P, F] = A[P, K] * W^T[K, F]: the P output pixels are the
// register tile's rows and the F filters its columns (ConvGemm.cpp has them
// the other way round). On small images this wastes far less of the tile:
// a 7x7 output is 49 pixels, 4 panels of 16 columns (64) for ConvGemm.cpp
// but 9 tiles of 6 rows (54) here, and filter counts are multiples of 16.
// With AVX-512's 32 registers a tile row of 16 lanes is one register, and
// tiles of 6 to 8 rows fit: im2rowTileRows picks the count that pads the
// pixels least (7 rows for 7x7 and 14x14 images, 49 of 49 rows).
//
// The kernel computes 1x1, stride-1, unpadded convs: any other conv gets
// its im2col matrix [N, C * kH * kW, OH, OW] written out by the lowering to
// linalg first (as `im2col` does), and this kernel runs on it as a 1x1
// conv. Gathering each panel's window taps here instead cost ~17 cycles per
// 6-pixel gather, repeated by every task of a column block: slower than
// writing the matrix once (a fifth of a 3x3/2 layer's time).
//
// A (one row of K values per output pixel) is packed per task into
// [tile][K block][8] panels, R <= 8 pixels to a k step (other lanes
// unused, so that a k step is one aligned vector store), with masked loads
// of R contiguous pixels of a channel. W is packed at compile time into
// 16-column panels ([F/16][K][16], the `dense` layout). Each Rx16 tile then
// runs over a K block; partial sums wait in a task-local buffer between K
// blocks. After the last one the tile is transposed in registers (two 8x8
// transposes: lanes become pixels) so that bias, residual, activation and
// the store work on rows of output pixels of one filter, as NCHW keeps
// them.
//
// Tasks: (image, block of up to 16 row tiles, block of up to 8 column
// panels). K blocks of at most 256 keep a W panel's block (16 KiB) in L1
// while the task's row tiles pass over it.
//
//===----------------------------------------------------------------------===//

#include "ConvKernels.h"
#include "KernelBuilder.h"

#include "Conversion/DlcToLinalg/LoweringUtils.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::cpu;

using llvm::divideCeil;

namespace {

/// Floats per k step of a packed A panel: up to 8 pixels (a tile's rows).
constexpr int64_t kPanelStride = kVectorWidth;

class Im2rowConvEmitter : ConvKernelViews {
public:
  Im2rowConvEmitter(Conv2dKernelOp op, int64_t vectorBits) : op(op), geo(op) {
    pixels = geo.pixels(), depth = geo.depth();
    tileRows = im2rowTileRows(pixels, vectorBits);
    rowTiles = divideCeil(pixels, tileRows);
    rowTilesPerTask = std::min(rowTiles, kMaxRowTilesPerTask);
    colPanels = divideCeil(geo.filters, kGemmTileCols);
    colPanelsPerTask = std::min(colPanels, kMaxColPanelsPerTask);
    depthBlocks = divideCeil(depth, kMaxDepthBlock);
    depthBlock = divideCeil(depth, depthBlocks);
  }

  void emit(OpBuilder &b);

private:
  void emitTask(KernelBuilder &kb, Value image, Value rowBlock, Value colBlock);
  /// Packs k steps (channels) [depthStart, depthStart + depthCount) of the
  /// A panel of the tile's pixels from `pixel0` at `panelOffset` of
  /// `packed`.
  void emitPackPanel(KernelBuilder &kb, Value packed, Value panelOffset,
                     Value image, Value pixel0, Value depthStart,
                     Value depthCount);
  /// The lanes of the tile rows from `pixel0` that are pixels of the image
  /// (tileRows, fewer in the last tile).
  Value pixelLanes(KernelBuilder &kb, Value pixel0) {
    return kb.prefixMask(
        kb.min(kb.idx(tileRows), kb.sub(kb.idx(pixels), pixel0)));
  }
  /// Bias, residual, activation and the store of a finished tile.
  void emitStoreTile(KernelBuilder &kb, ArrayRef<Value> acc, Value image,
                     Value pixel0, Value filter0);

  Conv2dKernelOp op;
  ConvGeometry geo;
  int64_t pixels, depth, tileRows, rowTiles, rowTilesPerTask, colPanels,
      colPanelsPerTask, depthBlocks, depthBlock;
};

} // namespace

void Im2rowConvEmitter::emit(OpBuilder &b) {
  KernelBuilder kb{b, op.getLoc()};
  makeViews(kb, op);
  emitParallelTasks(kb,
                    {geo.batch, int64_t(divideCeil(rowTiles, rowTilesPerTask)),
                     int64_t(divideCeil(colPanels, colPanelsPerTask))},
                    /*stackScratch=*/true,
                    [&](KernelBuilder &task, ValueRange ivs) {
                      emitTask(task, ivs[0], ivs[1], ivs[2]);
                    });
}

void Im2rowConvEmitter::emitTask(KernelBuilder &kb, Value image, Value rowBlock,
                                 Value colBlock) {
  Type f32 = kb.b.getF32Type();
  int64_t panelFloats = depthBlock * kPanelStride;
  Value packed = memref::AllocaOp::create(
      kb.b, kb.loc, MemRefType::get({rowTilesPerTask * panelFloats}, f32),
      kb.b.getI64IntegerAttr(64));
  // Partial sums between K blocks: one tile per (row tile, panel).
  int64_t tileFloats = tileRows * kGemmTileCols;
  int64_t tileVectors = tileRows * kTileVectorsPerRow;
  Value partial;
  if (depthBlocks > 1)
    partial = memref::AllocaOp::create(
        kb.b, kb.loc,
        MemRefType::get({rowTilesPerTask * colPanelsPerTask * tileFloats}, f32),
        kb.b.getI64IntegerAttr(64));

  Value firstTile, numTiles;
  std::tie(firstTile, numTiles) =
      kb.blockSlice(rowBlock, rowTilesPerTask, rowTiles);
  Value firstPanel, numPanels;
  std::tie(firstPanel, numPanels) =
      kb.blockSlice(colBlock, colPanelsPerTask, colPanels);
  SmallVector<Type> tileTypes(tileVectors, kb.f32Vector());
  int64_t lastFilterRow = (colPanels * depth - 1) * kGemmTileCols;
  auto zeroTile = [&](KernelBuilder &z) {
    return SmallVector<Value>(tileVectors, z.zeros());
  };

  auto emitDepthBlock = [&](KernelBuilder &k, Value blockIv) {
    Value depthStart, depthCount;
    std::tie(depthStart, depthCount) =
        k.blockSlice(blockIv, depthBlock, depth);
    k.forLoop(k.idx(0), numTiles, 1, [&](KernelBuilder &k2, Value t) {
      Value pixel0 = k2.mul(k2.add(firstTile, t), tileRows);
      emitPackPanel(k2, packed, k2.mul(t, panelFloats), image, pixel0,
                    depthStart, depthCount);
    });
    // The W panel's block stays in L1 while the row tiles pass over it.
    k.forLoop(k.idx(0), numPanels, 1, [&](KernelBuilder &k2, Value p) {
      Value panel = k2.add(firstPanel, p);
      Value bOffset =
          k2.mul(k2.add(k2.mul(panel, depth), depthStart), kGemmTileCols);
      Value nextPanel = k2.add(bOffset, depth * kGemmTileCols);
      k2.forLoop(k2.idx(0), numTiles, 1, [&](KernelBuilder &k3, Value t) {
        Value aOffset = k3.mul(t, panelFloats);
        Value partialAt;
        if (partial)
          partialAt =
              k3.mul(k3.add(k3.mul(t, colPanelsPerTask), p), tileFloats);
        auto loadPartial = [&](KernelBuilder &l) {
          SmallVector<Value> tile;
          for (int64_t i = 0; i < tileVectors; ++i)
            tile.push_back(vector::LoadOp::create(
                l.b, l.loc, l.f32Vector(), partial,
                ValueRange{l.add(partialAt, i * kVectorWidth)}));
          return tile;
        };
        SmallVector<Value> acc;
        Value isLast;
        if (!partial) {
          acc = zeroTile(k3);
        } else {
          Value isFirst = k3.cmp(arith::CmpIPredicate::eq, blockIv, k3.idx(0));
          isLast = k3.cmp(arith::CmpIPredicate::eq, blockIv,
                          k3.idx(depthBlocks - 1));
          acc = k3.ifElse(isFirst, tileTypes, zeroTile, loadPartial);
        }
        acc = emitTileProduct(
            k3,
            [&](KernelBuilder &l, int64_t r, Value kk) {
              return memref::LoadOp::create(
                         l.b, l.loc, packed,
                         ValueRange{
                             l.add(l.add(aOffset, l.mul(kk, kPanelStride)), r)})
                  .getResult();
            },
            filter, bOffset, depthCount, acc,
            // The next panel's block: W streams from memory (7x7 images
            // use each panel for 7 tiles; 20% of the 320 -> 1280 layer).
            [&](KernelBuilder &l, Value kk) {
              prefetchRead(l, filter,
                           l.min(l.add(nextPanel, l.mul(kk, kGemmTileCols)),
                                 l.idx(lastFilterRow)));
            });
        Value pixel0 = k3.mul(k3.add(firstTile, t), tileRows);
        Value filter0 = k3.mul(panel, kGemmTileCols);
        auto finish = [&](KernelBuilder &l) {
          emitStoreTile(l, acc, image, pixel0, filter0);
        };
        if (!partial) {
          finish(k3);
          return;
        }
        k3.ifElse(
            isLast, TypeRange{},
            [&](KernelBuilder &l) {
              finish(l);
              return SmallVector<Value>{};
            },
            [&](KernelBuilder &l) {
              for (int64_t i = 0; i < tileVectors; ++i)
                vector::StoreOp::create(
                    l.b, l.loc, acc[i], partial,
                    ValueRange{l.add(partialAt, i * kVectorWidth)});
              return SmallVector<Value>{};
            });
      });
    });
  };
  if (depthBlocks == 1) {
    emitDepthBlock(kb, kb.idx(0));
    return;
  }
  kb.forLoop(
      kb.idx(0), kb.idx(depthBlocks), 1,
      [&](KernelBuilder &k, Value blockIv) { emitDepthBlock(k, blockIv); });
}

void Im2rowConvEmitter::emitPackPanel(KernelBuilder &kb, Value packed,
                                      Value panelOffset, Value image,
                                      Value pixel0, Value depthStart,
                                      Value depthCount) {
  int64_t imageSize = geo.height * geo.width;
  // Lanes 0..tileRows-1 are the panel's pixels; pixels past the image and
  // the other lanes are zeros.
  Value validLanes = pixelLanes(kb, pixel0);
  // k step = input channel: 6 contiguous pixels of its plane.
  kb.forLoop(kb.idx(0), depthCount, 1, [&](KernelBuilder &k, Value kk) {
    Value at = k.add(k.mul(k.add(depthStart, kk), imageSize), pixel0);
    vector::StoreOp::create(
        k.b, k.loc, k.loadMasked(input, ValueRange{image, at}, validLanes),
        packed, ValueRange{k.add(panelOffset, k.mul(kk, kPanelStride))});
  });
}

void Im2rowConvEmitter::emitStoreTile(KernelBuilder &kb, ArrayRef<Value> acc,
                                      Value image, Value pixel0,
                                      Value filter0) {
  ScalarBuilder s{kb.b, kb.loc, kb.f32Vector()};
  double alpha = op.getActivationAlpha().convertToDouble();
  double beta = op.getActivationBeta().convertToDouble();
  Value pixelMask = pixelLanes(kb, pixel0);
  for (int64_t v = 0; v < kTileVectorsPerRow; ++v) {
    // Tile row r: pixel pixel0 + r, filters filter0 + 8v ..; after the
    // transpose, columns[j]: filter filter0 + 8v + j, pixels pixel0 ...
    SmallVector<Value> columns = transposeTileHalf(kb, acc, v);
    for (int64_t j = 0; j < kVectorWidth; ++j) {
      int64_t lane = v * kVectorWidth + j;
      Value f = kb.add(filter0, lane);
      auto store = [&](KernelBuilder &k) {
        Value x = columns[j];
        if (bias) {
          Value b = memref::LoadOp::create(k.b, k.loc, bias, ValueRange{f});
          x = s.add(x,
                    vector::BroadcastOp::create(k.b, k.loc, k.f32Vector(), b));
        }
        Value at = k.add(k.mul(f, pixels), pixel0);
        if (residual)
          x = s.add(x,
                    k.loadMasked(residual, ValueRange{image, at}, pixelMask));
        x = applyActivation(s, op.getActivation(), alpha, beta, x);
        k.storeMasked(x, output, ValueRange{image, at}, pixelMask);
      };
      if (geo.filters % kGemmTileCols == 0)
        store(kb);
      else
        kb.ifThen(kb.cmp(arith::CmpIPredicate::slt, f, kb.idx(geo.filters)),
                  store);
    }
  }
}

int64_t mlir::dlc::cpu::im2rowTileRows(int64_t pixels, int64_t vectorBits) {
  // From 6 rows up to what fits in registers and in a packed panel's k step
  // (8 on AVX-512, 6 on AVX2): the count that pads the pixels least (7x7
  // images are 7 tiles of 7 rows, not 9 of 6), the larger on a tie (fewer,
  // longer k loops per B load).
  int64_t most = std::min(kPanelStride, accumulatorRows(vectorBits));
  int64_t best = most;
  for (int64_t rows = most; rows >= kGemmTileRows; --rows)
    if (llvm::alignTo(pixels, rows) < llvm::alignTo(pixels, best))
      best = rows;
  return best;
}

LogicalResult mlir::dlc::cpu::lowerIm2rowConv(RewriterBase &rewriter,
                                              Conv2dKernelOp op,
                                              int64_t vectorBits) {
  if (op.getGroup() != 1)
    return op.emitOpError("algorithm 'im2row' needs group 1");
  ConvGeometry geo(op);
  if (geo.kernelH != 1 || geo.kernelW != 1 || geo.strideH != 1 ||
      geo.strideW != 1 || geo.outH != geo.height || geo.outW != geo.width)
    return op.emitOpError("algorithm 'im2row' reads its rows in place: "
                          "expected a 1x1, stride-1, unpadded conv");
  rewriter.setInsertionPoint(op);
  Im2rowConvEmitter(op, vectorBits).emit(rewriter);
  rewriter.eraseOp(op);
  return success();
}
