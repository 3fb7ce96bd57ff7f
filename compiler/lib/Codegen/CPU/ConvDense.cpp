//===- ConvDense.cpp - Dense layers: 1x1 convs on 1x1 images --------------===//
//
// A Gemm/MatMul with constant weights, or a 1x1 conv on 1x1 images (squeeze-
// and-excitation blocks), is Y[M, N] = X[M, K] * W[K, N] with the M images
// as rows. ConvGemm.cpp's formulation (filters x pixels) would give each
// image a 16-column panel of which one column is real; here the images are
// the register tile's rows instead: A is read straight from the input rows
// (a broadcast per row and k, so nothing is packed at run time), B is the
// filter packed at compile time into 16-column panels ([N/16][K][16]), and
// each tile row is 16 contiguous outputs of one image, stored with the bias
// (per column), residual and activation applied in registers.
//
// Blocking as in ConvGemm.cpp with the roles swapped: a task owns up to 16
// row tiles (96 images) and 8 column panels (128 outputs); K is split into
// blocks of at most 256 so that a B panel's block (16 KiB) stays in L1 while
// the task's row tiles stream over it. With fewer than 6 images the tile
// has that many rows, so no FMA is spent on padding rows.
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

class DenseGemmEmitter : ConvKernelViews {
public:
  DenseGemmEmitter(Conv2dKernelOp op) : op(op), geo(op) {
    rows = geo.batch, cols = geo.filters, depth = geo.channels;
    tileRows = std::min(rows, kGemmTileRows);
    rowTiles = divideCeil(rows, tileRows);
    rowTilesPerTask = std::min(rowTiles, kMaxRowTilesPerTask);
    colPanels = divideCeil(cols, kGemmTileCols);
    colPanelsPerTask = std::min(colPanels, kMaxColPanelsPerTask);
    depthBlocks = divideCeil(depth, kMaxDepthBlock);
    depthBlock = divideCeil(depth, depthBlocks);
  }

  void emit(OpBuilder &b);

private:
  void emitTask(KernelBuilder &kb, Value rowBlock, Value colBlock);
  void emitTile(KernelBuilder &kb, Value rowTile, Value colPanel,
                Value depthStart, Value depthCount, Value depthBlockIv);

  Conv2dKernelOp op;
  ConvGeometry geo;
  int64_t rows, cols, depth, tileRows, rowTiles, rowTilesPerTask;
  int64_t colPanels, colPanelsPerTask, depthBlocks, depthBlock;
};

} // namespace

void DenseGemmEmitter::emit(OpBuilder &b) {
  KernelBuilder kb{b, op.getLoc()};
  makeViews(kb, op);
  emitParallelTasks(kb,
                    {int64_t(divideCeil(rowTiles, rowTilesPerTask)),
                     int64_t(divideCeil(colPanels, colPanelsPerTask))},
                    /*stackScratch=*/false,
                    [&](KernelBuilder &task, ValueRange ivs) {
                      emitTask(task, ivs[0], ivs[1]);
                    });
}

void DenseGemmEmitter::emitTask(KernelBuilder &kb, Value rowBlock,
                                Value colBlock) {
  Value firstTile, numTiles;
  std::tie(firstTile, numTiles) =
      kb.blockSlice(rowBlock, rowTilesPerTask, rowTiles);
  Value firstPanel, numPanels;
  std::tie(firstPanel, numPanels) =
      kb.blockSlice(colBlock, colPanelsPerTask, colPanels);
  auto emitDepthBlock = [&](KernelBuilder &k, Value blockIv) {
    Value depthStart, depthCount;
    std::tie(depthStart, depthCount) =
        k.blockSlice(blockIv, depthBlock, depth);
    // The B panel's block stays in L1 while the row tiles pass over it.
    k.forLoop(k.idx(0), numPanels, 1, [&](KernelBuilder &k2, Value p) {
      k2.forLoop(k2.idx(0), numTiles, 1, [&](KernelBuilder &k3, Value t) {
        emitTile(k3, k3.add(firstTile, t), k3.add(firstPanel, p), depthStart,
                 depthCount, blockIv);
      });
    });
  };
  if (depthBlocks == 1) {
    emitDepthBlock(kb, kb.idx(0));
    return;
  }
  kb.forLoop(kb.idx(0), kb.idx(depthBlocks), 1,
             [&](KernelBuilder &k, Value blockIv) { emitDepthBlock(k, blockIv); });
}

void DenseGemmEmitter::emitTile(KernelBuilder &kb, Value rowTile,
                                Value colPanel, Value depthStart,
                                Value depthCount, Value depthBlockIv) {
  Value firstRow = kb.mul(rowTile, tileRows);
  // Rows past the last image read the last one (never stored).
  SmallVector<Value> rowIndex;
  for (int64_t r = 0; r < tileRows; ++r)
    rowIndex.push_back(kb.min(kb.add(firstRow, r), kb.idx(rows - 1)));
  Value firstCol = kb.mul(colPanel, kGemmTileCols);
  SmallVector<Value> colIndex, masks;
  for (int64_t v = 0; v < kTileVectorsPerRow; ++v) {
    colIndex.push_back(kb.add(firstCol, v * kVectorWidth));
    masks.push_back(
        kb.prefixMask(kb.sub(kb.idx(cols), colIndex.back())));
  }
  int64_t numAcc = tileRows * kTileVectorsPerRow;
  auto loadTile = [&](KernelBuilder &k, Value memref) {
    SmallVector<Value> tile;
    for (int64_t r = 0; r < tileRows; ++r)
      for (int64_t v = 0; v < kTileVectorsPerRow; ++v)
        tile.push_back(k.loadMasked(memref, ValueRange{rowIndex[r], colIndex[v]},
                                    masks[v]));
    return tile;
  };
  auto zeros = [&](KernelBuilder &k) {
    return SmallVector<Value>(numAcc, k.zeros());
  };
  SmallVector<Type> tileTypes(numAcc, kb.f32Vector());

  // Later K blocks continue from the partial sums stored by earlier ones.
  SmallVector<Value> acc;
  Value isLast;
  if (depthBlocks == 1) {
    acc = zeros(kb);
  } else {
    Value isFirst =
        kb.cmp(arith::CmpIPredicate::eq, depthBlockIv, kb.idx(0));
    isLast = kb.cmp(arith::CmpIPredicate::eq, depthBlockIv,
                    kb.idx(depthBlocks - 1));
    acc = kb.ifElse(isFirst, tileTypes, zeros,
                    [&](KernelBuilder &k) { return loadTile(k, output); });
  }
  Value bOffset =
      kb.mul(kb.add(kb.mul(colPanel, depth), depthStart), kGemmTileCols);
  acc = emitTileProduct(
      kb,
      [&](KernelBuilder &k, int64_t r, Value kk) {
        return memref::LoadOp::create(
                   k.b, k.loc, input,
                   ValueRange{rowIndex[r], k.add(depthStart, kk)})
            .getResult();
      },
      filter, bOffset, depthCount, acc,
      // A one-row tile (a dense layer on one image) streams B at one FMA
      // per 64 bytes: fetch 4 KiB ahead, which the hardware prefetcher
      // alone does not (MobileNet v2's 1280 -> 1000 classifier: 0.30 ->
      // 0.26 ms).
      tileRows > 1 ? function_ref<void(KernelBuilder &, Value)>()
                   : [&](KernelBuilder &k, Value kk) {
                       prefetchRead(k, filter,
                                    k.add(bOffset, k.add(k.mul(kk, kGemmTileCols),
                                                         1024)),
                                    /*keep=*/false);
                     });

  auto epilogue = [&](KernelBuilder &k) {
    SmallVector<Value> out(acc);
    SmallVector<Value> biasVectors, residualTile;
    if (bias)
      for (int64_t v = 0; v < kTileVectorsPerRow; ++v)
        biasVectors.push_back(
            k.loadMasked(bias, ValueRange{colIndex[v]}, masks[v]));
    if (residual)
      residualTile = loadTile(k, residual);
    ScalarBuilder s{k.b, k.loc, k.f32Vector()};
    double alpha = op.getActivationAlpha().convertToDouble();
    double beta = op.getActivationBeta().convertToDouble();
    for (int64_t i = 0; i < numAcc; ++i) {
      if (bias)
        out[i] = s.add(out[i], biasVectors[i % kTileVectorsPerRow]);
      if (residual)
        out[i] = s.add(out[i], residualTile[i]);
      out[i] = applyActivation(s, op.getActivation(), alpha, beta, out[i]);
    }
    return out;
  };
  if (depthBlocks == 1)
    acc = epilogue(kb);
  else
    acc = kb.ifElse(isLast, tileTypes, epilogue,
                    [&](KernelBuilder &) { return acc; });

  for (int64_t r = 0; r < tileRows; ++r) {
    auto store = [&](KernelBuilder &k) {
      for (int64_t v = 0; v < kTileVectorsPerRow; ++v)
        k.storeMasked(acc[r * kTileVectorsPerRow + v], output,
                      ValueRange{rowIndex[r], colIndex[v]}, masks[v]);
    };
    if (rows % tileRows == 0) {
      store(kb);
      continue;
    }
    kb.ifThen(kb.cmp(arith::CmpIPredicate::slt, kb.add(firstRow, r),
                     kb.idx(rows)),
              store);
  }
}

LogicalResult mlir::dlc::cpu::lowerDenseConv(RewriterBase &rewriter,
                                             Conv2dKernelOp op) {
  ConvGeometry geo(op);
  if (geo.group != 1 || geo.kernelH != 1 || geo.kernelW != 1 ||
      geo.height != 1 || geo.width != 1 || geo.outH != 1 || geo.outW != 1)
    return op.emitOpError("algorithm 'dense' needs a 1x1 conv with group 1 "
                          "on 1x1 images");
  rewriter.setInsertionPoint(op);
  DenseGemmEmitter(op).emit(rewriter);
  rewriter.eraseOp(op);
  return success();
}
