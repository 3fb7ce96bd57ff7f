//===- ConvGemm.cpp - Convolutions as packed GEMMs ------------------------===//
//
// Per group, the convolution is C[F, P] = A[F, K] * B[K, P] with F filters,
// P output pixels and K = channels * kH * kW. A is the filter, packed at
// compile time into 6-row panels ([K][6] each). B is never materialised:
// each task gathers the 16-column panels it needs from the input into a
// stack buffer ([K][16] each), one K block at a time (implicit im2col; for
// 1x1 stride-1 convs the rows are contiguous loads). The 6x16 register tile
// then runs over the block, and the epilogue (bias, residual, activation)
// is applied in registers before the tile is stored.
//
// Blocking: a task owns up to 16 A panels (96 filters, kept in L2 across
// the B panels) and 8 B panels (128 pixels); K is split into blocks of at
// most 256 so that a B panel (16 KiB) stays in L1. Tasks (image, group,
// filter block, pixel block) are independent: they form an scf.parallel
// that dlc-outline-parallel-loops hands to the runtime's thread pool.
//
//===----------------------------------------------------------------------===//

#include "ConvKernels.h"
#include "KernelBuilder.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::cpu;

using llvm::divideCeil;

cpu::ConvGeometry::ConvGeometry(Conv2dKernelOp op) {
  ArrayRef<int64_t> in = cast<MemRefType>(op.getInput().getType()).getShape();
  ArrayRef<int64_t> out = cast<MemRefType>(op.getInit().getType()).getShape();
  ArrayRef<int64_t> filter = op.getFilterShape();
  batch = in[0], channels = in[1], height = in[2], width = in[3];
  filters = filter[0], kernelH = filter[2], kernelW = filter[3];
  group = op.getGroup();
  outH = out[2], outW = out[3];
  strideH = op.getStrides()[0], strideW = op.getStrides()[1];
  dilationH = op.getDilations()[0], dilationW = op.getDilations()[1];
  padTop = op.getPads()[0], padLeft = op.getPads()[1];
}

namespace {

/// Emits the kernel of one conv2d_kernel op (gemm or indirect).
class GemmConvEmitter {
public:
  GemmConvEmitter(Conv2dKernelOp op) : op(op), geo(op) {
    rowPanels = divideCeil(geo.filtersPerGroup(), kGemmTileRows);
    rowPanelsPerTask = std::min(rowPanels, kMaxRowTilesPerTask);
    colPanels = divideCeil(geo.pixels(), kGemmTileCols);
    colPanelsPerTask = std::min(colPanels, kMaxColPanelsPerTask);
    depthBlocks = divideCeil(geo.depth(), kMaxDepthBlock);
    depthBlock = divideCeil(geo.depth(), depthBlocks);
  }

  void emit(OpBuilder &b);

private:
  /// Views with the pixel dims collapsed: input [N, C*H*W], output and
  /// residual [N, F, OH*OW], packed filter 1-D.
  void makeViews(KernelBuilder &kb);
  void emitTask(KernelBuilder &kb, Value image, Value group, Value rowBlock,
                Value colBlock);
  /// Gathers B rows [depthStart, depthStart + depthCount) of the panel whose
  /// first pixel is `pixel0` into `packed` at `packedOffset`.
  void emitPackPanel(KernelBuilder &kb, Value packed, Value packedOffset,
                     Value image, Value group, Value pixel0, Value depthStart,
                     Value depthCount);
  void emitTile(KernelBuilder &kb, Value packed, Value packedOffset,
                Value image, Value group, Value rowPanel, Value pixel0,
                Value depthStart, Value depthCount, int64_t depthBlockIndex,
                Value depthBlockIv);

  Conv2dKernelOp op;
  ConvGeometry geo;
  int64_t rowPanels, rowPanelsPerTask, colPanels, colPanelsPerTask;
  int64_t depthBlocks, depthBlock;
  Value input, output, residual, filter, bias;
};

} // namespace

void GemmConvEmitter::makeViews(KernelBuilder &kb) {
  auto collapse = [&](Value memref, ArrayRef<ReassociationIndices> groups) {
    return memref::CollapseShapeOp::create(kb.b, kb.loc, memref, groups)
        .getResult();
  };
  input = collapse(op.getInput(), {{0}, {1, 2, 3}});
  output = collapse(op.getInit(), {{0}, {1}, {2, 3}});
  if (op.getResidual())
    residual = collapse(op.getResidual(), {{0}, {1}, {2, 3}});
  filter = flatten(kb, op.getPackedFilter());
  bias = op.getBias();
}

void GemmConvEmitter::emit(OpBuilder &b) {
  KernelBuilder kb{b, op.getLoc()};
  makeViews(kb);
  int64_t rowBlocks = divideCeil(rowPanels, rowPanelsPerTask);
  int64_t colBlocks = divideCeil(colPanels, colPanelsPerTask);
  emitParallelTasks(kb, {geo.batch, geo.group, rowBlocks, colBlocks},
                    /*stackScratch=*/true,
                    [&](KernelBuilder &task, ValueRange ivs) {
                      emitTask(task, ivs[0], ivs[1], ivs[2], ivs[3]);
                    });
}

void GemmConvEmitter::emitTask(KernelBuilder &kb, Value image, Value group,
                               Value rowBlock, Value colBlock) {
  int64_t panelFloats = depthBlock * kGemmTileCols;
  auto packedType = MemRefType::get({colPanelsPerTask * panelFloats},
                                    kb.b.getF32Type());
  Value packed = memref::AllocaOp::create(kb.b, kb.loc, packedType,
                                          kb.b.getI64IntegerAttr(64));
  Value firstCol, numCols;
  std::tie(firstCol, numCols) =
      kb.blockSlice(colBlock, colPanelsPerTask, colPanels);
  Value firstRow, numRows;
  std::tie(firstRow, numRows) =
      kb.blockSlice(rowBlock, rowPanelsPerTask, rowPanels);

  auto emitDepthBlock = [&](KernelBuilder &k, int64_t blockIndex,
                            Value blockIv) {
    Value depthStart, depthCount;
    std::tie(depthStart, depthCount) =
        k.blockSlice(blockIv, depthBlock, geo.depth());
    k.forLoop(k.idx(0), numCols, 1, [&](KernelBuilder &k2, Value p) {
      Value pixel0 = k2.mul(k2.add(firstCol, p), kGemmTileCols);
      emitPackPanel(k2, packed, k2.mul(p, panelFloats), image, group, pixel0,
                    depthStart, depthCount);
    });
    k.forLoop(k.idx(0), numCols, 1, [&](KernelBuilder &k2, Value p) {
      Value pixel0 = k2.mul(k2.add(firstCol, p), kGemmTileCols);
      k2.forLoop(k2.idx(0), numRows, 1, [&](KernelBuilder &k3, Value i) {
        emitTile(k3, packed, k3.mul(p, panelFloats), image, group,
                 k3.add(firstRow, i), pixel0, depthStart, depthCount,
                 blockIndex, blockIv);
      });
    });
  };
  if (depthBlocks == 1) {
    emitDepthBlock(kb, 0, kb.idx(0));
    return;
  }
  kb.forLoop(kb.idx(0), kb.idx(depthBlocks), 1,
             [&](KernelBuilder &k, Value blockIv) {
               emitDepthBlock(k, -1, blockIv);
             });
}

void GemmConvEmitter::emitPackPanel(KernelBuilder &kb, Value packed,
                                    Value packedOffset, Value image,
                                    Value group, Value pixel0,
                                    Value depthStart, Value depthCount) {
  int64_t imageSize = geo.height * geo.width;
  Value channelBase = kb.mul(group, geo.channelsPerGroup());
  auto storeRow = [&](KernelBuilder &k, Value kk, ArrayRef<Value> row) {
    Value at = k.add(packedOffset, k.mul(kk, kGemmTileCols));
    for (auto [v, vec] : llvm::enumerate(row))
      vector::StoreOp::create(k.b, k.loc, vec, packed,
                              ValueRange{k.add(at, v * kVectorWidth)});
  };

  if (op.getAlgo() == ConvAlgo::Gemm) {
    // 1x1, stride 1, no padding: row k of B is input channel k.
    SmallVector<Value> masks;
    for (int64_t v = 0; v < kTileVectorsPerRow; ++v)
      masks.push_back(kb.prefixMask(
          kb.sub(kb.idx(geo.pixels()), kb.add(pixel0, v * kVectorWidth))));
    kb.forLoop(kb.idx(0), depthCount, 1, [&](KernelBuilder &k, Value kk) {
      Value channel = k.add(channelBase, k.add(depthStart, kk));
      Value at = k.add(k.mul(channel, imageSize), pixel0);
      SmallVector<Value> row;
      for (int64_t v = 0; v < kTileVectorsPerRow; ++v)
        row.push_back(k.loadMasked(
            input, ValueRange{image, k.add(at, v * kVectorWidth)}, masks[v]));
      storeRow(k, kk, row);
    });
    return;
  }

  // Implicit im2col. Per panel: each lane's output row and column.
  auto i32Splat = [&](KernelBuilder &k, int64_t v) {
    return arith::ConstantOp::create(
        k.b, k.loc, DenseElementsAttr::get(k.i32Vector(), int32_t(v)));
  };
  SmallVector<Value> laneOutH, laneOutW, laneValid;
  for (int64_t v = 0; v < kTileVectorsPerRow; ++v) {
    Value n = kb.iotaI32(kb.add(pixel0, v * kVectorWidth));
    laneOutH.push_back(
        arith::DivUIOp::create(kb.b, kb.loc, n, i32Splat(kb, geo.outW)));
    laneOutW.push_back(
        arith::RemUIOp::create(kb.b, kb.loc, n, i32Splat(kb, geo.outW)));
    laneValid.push_back(arith::CmpIOp::create(kb.b, kb.loc,
                                              arith::CmpIPredicate::slt, n,
                                              i32Splat(kb, geo.pixels())));
  }
  // A panel inside one output row reads 16 input pixels at the stride: at
  // stride 1 one contiguous load per vector, at stride 2 two loads and an
  // even-lane shuffle per vector, when none is padding.
  Value rowOfPanel = kb.div(pixel0, geo.outW);
  Value colOfPanel = kb.rem(pixel0, geo.outW);
  Value panelInOneRow = kb.cmp(arith::CmpIPredicate::sle,
                               kb.add(colOfPanel, kGemmTileCols),
                               kb.idx(geo.outW));
  int64_t window = geo.kernelH * geo.kernelW;
  kb.forLoop(kb.idx(0), depthCount, 1, [&](KernelBuilder &k, Value kk) {
    Value depthIndex = k.add(depthStart, kk);
    Value channel = k.add(channelBase, k.div(depthIndex, window));
    Value tap = k.rem(depthIndex, window);
    Value offsetH = k.sub(k.mul(k.div(tap, geo.kernelW), geo.dilationH),
                          k.idx(geo.padTop));
    Value offsetW = k.sub(k.mul(k.rem(tap, geo.kernelW), geo.dilationW),
                          k.idx(geo.padLeft));
    Value channelStart = k.mul(channel, imageSize);
    auto gather = [&](KernelBuilder &g) {
      SmallVector<Value> row;
      Value hOffset = g.splatI32(offsetH), wOffset = g.splatI32(offsetW);
      Value zero = i32Splat(g, 0);
      for (int64_t v = 0; v < kTileVectorsPerRow; ++v) {
        auto mulI = [&](Value x, int64_t s) {
          return s == 1 ? x
                        : arith::MulIOp::create(g.b, g.loc, x, i32Splat(g, s))
                              .getResult();
        };
        Value ih = arith::AddIOp::create(g.b, g.loc,
                                         mulI(laneOutH[v], geo.strideH), hOffset);
        Value iw = arith::AddIOp::create(g.b, g.loc,
                                         mulI(laneOutW[v], geo.strideW), wOffset);
        auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) {
          return arith::CmpIOp::create(g.b, g.loc, p, x, y).getResult();
        };
        Value mask = laneValid[v];
        for (Value inBounds :
             {cmp(arith::CmpIPredicate::sge, ih, zero),
              cmp(arith::CmpIPredicate::slt, ih, i32Splat(g, geo.height)),
              cmp(arith::CmpIPredicate::sge, iw, zero),
              cmp(arith::CmpIPredicate::slt, iw, i32Splat(g, geo.width))})
          mask = arith::AndIOp::create(g.b, g.loc, mask, inBounds);
        Value offsets = arith::AddIOp::create(
            g.b, g.loc, g.splatI32(channelStart),
            arith::AddIOp::create(g.b, g.loc, mulI(ih, geo.width), iw));
        row.push_back(vector::GatherOp::create(
            g.b, g.loc, g.f32Vector(), input, ValueRange{image, g.idx(0)},
            offsets, mask, g.zeros()));
      }
      return row;
    };
    SmallVector<Value> row;
    if (geo.strideW == 1 || geo.strideW == 2) {
      int64_t span = geo.strideW * kGemmTileCols; // input pixels read
      Value ih = k.add(k.mul(rowOfPanel, geo.strideH), offsetH);
      Value iw = k.add(k.mul(colOfPanel, geo.strideW), offsetW);
      Value contiguous = panelInOneRow;
      for (Value inBounds :
           {k.cmp(arith::CmpIPredicate::sge, ih, k.idx(0)),
            k.cmp(arith::CmpIPredicate::slt, ih, k.idx(geo.height)),
            k.cmp(arith::CmpIPredicate::sge, iw, k.idx(0)),
            k.cmp(arith::CmpIPredicate::sle, k.add(iw, span),
                  k.idx(geo.width))})
        contiguous = k.andI(contiguous, inBounds);
      SmallVector<Type> types(kTileVectorsPerRow, k.f32Vector());
      row = k.ifElse(
          contiguous, types,
          [&](KernelBuilder &t) {
            Value at =
                t.add(channelStart, t.add(t.mul(ih, geo.width), iw));
            auto load = [&](int64_t offset) -> Value {
              return vector::LoadOp::create(
                  t.b, t.loc, t.f32Vector(), input,
                  ValueRange{image, t.add(at, offset)});
            };
            SmallVector<int64_t> evens;
            for (int64_t lane = 0; lane < kVectorWidth; ++lane)
              evens.push_back(2 * lane);
            SmallVector<Value> loads;
            for (int64_t v = 0; v < kTileVectorsPerRow; ++v) {
              if (geo.strideW == 1) {
                loads.push_back(load(v * kVectorWidth));
                continue;
              }
              Value lo = load(2 * v * kVectorWidth);
              Value hi = load((2 * v + 1) * kVectorWidth);
              loads.push_back(
                  vector::ShuffleOp::create(t.b, t.loc, lo, hi, evens));
            }
            return loads;
          },
          gather);
    } else {
      row = gather(k);
    }
    storeRow(k, kk, row);
  });
}

void GemmConvEmitter::emitTile(KernelBuilder &kb, Value packed,
                               Value packedOffset, Value image, Value group,
                               Value rowPanel, Value pixel0, Value depthStart,
                               Value depthCount, int64_t depthBlockIndex,
                               Value depthBlockIv) {
  int64_t filtersPerGroup = geo.filtersPerGroup();
  Value firstFilter = kb.mul(rowPanel, kGemmTileRows);
  Value groupFilter0 = kb.mul(group, filtersPerGroup);
  // Output channel of tile row r, clamped so that loads of padding rows
  // stay in bounds (their results are never stored).
  SmallVector<Value> rows;
  for (int64_t r = 0; r < kGemmTileRows; ++r)
    rows.push_back(kb.add(
        groupFilter0,
        kb.min(kb.add(firstFilter, r), kb.idx(filtersPerGroup - 1))));
  SmallVector<Value> masks;
  for (int64_t v = 0; v < kTileVectorsPerRow; ++v)
    masks.push_back(kb.prefixMask(
        kb.sub(kb.idx(geo.pixels()), kb.add(pixel0, v * kVectorWidth))));
  auto loadTile = [&](KernelBuilder &k, Value memref) {
    SmallVector<Value> tile;
    for (int64_t r = 0; r < kGemmTileRows; ++r)
      for (int64_t v = 0; v < kTileVectorsPerRow; ++v)
        tile.push_back(k.loadMasked(
            memref, ValueRange{image, rows[r], k.add(pixel0, v * kVectorWidth)},
            masks[v]));
    return tile;
  };
  SmallVector<Type> tileTypes(kTileVectors, kb.f32Vector());

  // Later K blocks continue from the partial sums stored by earlier ones.
  SmallVector<Value> acc;
  Value isFirst, isLast;
  if (depthBlocks == 1) {
    acc = zeroTile(kb);
  } else {
    isFirst = kb.cmp(arith::CmpIPredicate::eq, depthBlockIv, kb.idx(0));
    isLast = kb.cmp(arith::CmpIPredicate::eq, depthBlockIv,
                    kb.idx(depthBlocks - 1));
    acc = kb.ifElse(
        isFirst, tileTypes, [&](KernelBuilder &k) { return zeroTile(k); },
        [&](KernelBuilder &k) { return loadTile(k, output); });
  }
  (void)depthBlockIndex;
  Value aOffset = kb.mul(
      kb.add(kb.mul(kb.add(kb.mul(group, rowPanels), rowPanel), geo.depth()),
             depthStart),
      kGemmTileRows);
  acc = emitTileProduct(
      kb,
      [&](KernelBuilder &k, int64_t r, Value kk) {
        return loadPackedA(k, filter, aOffset, r, kk);
      },
      packed, packedOffset, depthCount, acc);

  auto epilogue = [&](KernelBuilder &k) {
    SmallVector<Value> residualTile;
    if (residual)
      residualTile = loadTile(k, residual);
    return applyTileEpilogue(
        k, acc, bias, [&](int64_t r) { return rows[r]; },
        residual ? function_ref<Value(int64_t, int64_t)>(
                       [&](int64_t r, int64_t v) {
                         return residualTile[r * kTileVectorsPerRow + v];
                       })
                 : nullptr,
        op.getActivation(), op.getActivationAlpha().convertToDouble(),
        op.getActivationBeta().convertToDouble());
  };
  if (depthBlocks == 1)
    acc = epilogue(kb);
  else
    acc = kb.ifElse(isLast, tileTypes, epilogue,
                    [&](KernelBuilder &) { return acc; });

  for (int64_t r = 0; r < kGemmTileRows; ++r) {
    Value inGroup = kb.cmp(arith::CmpIPredicate::slt, kb.add(firstFilter, r),
                           kb.idx(filtersPerGroup));
    kb.ifThen(inGroup, [&](KernelBuilder &k) {
      for (int64_t v = 0; v < kTileVectorsPerRow; ++v)
        k.storeMasked(acc[r * kTileVectorsPerRow + v], output,
                      ValueRange{image, rows[r],
                                 k.add(pixel0, v * kVectorWidth)},
                      masks[v]);
    });
  }
}

LogicalResult mlir::dlc::cpu::lowerGemmConv(RewriterBase &rewriter,
                                            Conv2dKernelOp op) {
  rewriter.setInsertionPoint(op);
  GemmConvEmitter(op).emit(rewriter);
  rewriter.eraseOp(op);
  return success();
}
