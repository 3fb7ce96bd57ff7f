//===- KernelBuilder.cpp - Building blocks of dlc's CPU kernels -----------===//

#include "KernelBuilder.h"

#include "Conversion/DlcToLinalg/LoweringUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::cpu;

scf::ForOp KernelBuilder::forLoop(
    Value lb, Value ub, int64_t step, ValueRange iterArgs,
    function_ref<SmallVector<Value>(KernelBuilder &, Value, ValueRange)>
        body) {
  return scf::ForOp::create(
      b, loc, lb, ub, idx(step), iterArgs,
      [&](OpBuilder &nb, Location nloc, Value iv, ValueRange args) {
        KernelBuilder inner{nb, nloc};
        scf::YieldOp::create(nb, nloc, body(inner, iv, args));
      });
}

void KernelBuilder::forLoop(Value lb, Value ub, int64_t step,
                            function_ref<void(KernelBuilder &, Value)> body) {
  forLoop(lb, ub, step, ValueRange{},
          [&](KernelBuilder &inner, Value iv, ValueRange) {
            body(inner, iv);
            return SmallVector<Value>{};
          });
}

SmallVector<Value> KernelBuilder::ifElse(
    Value cond, TypeRange types,
    function_ref<SmallVector<Value>(KernelBuilder &)> then,
    function_ref<SmallVector<Value>(KernelBuilder &)> otherwise) {
  auto ifOp = scf::IfOp::create(
      b, loc, cond,
      [&](OpBuilder &nb, Location nloc) {
        KernelBuilder inner{nb, nloc};
        scf::YieldOp::create(nb, nloc, then(inner));
      },
      [&](OpBuilder &nb, Location nloc) {
        KernelBuilder inner{nb, nloc};
        scf::YieldOp::create(nb, nloc, otherwise(inner));
      });
  (void)types;
  return SmallVector<Value>(ifOp.getResults());
}

void KernelBuilder::ifThen(Value cond,
                           function_ref<void(KernelBuilder &)> then) {
  scf::IfOp::create(b, loc, cond, [&](OpBuilder &nb, Location nloc) {
    KernelBuilder inner{nb, nloc};
    then(inner);
    scf::YieldOp::create(nb, nloc);
  });
}

SmallVector<Value> mlir::dlc::cpu::zeroTile(KernelBuilder &kb) {
  return SmallVector<Value>(kTileVectors, kb.zeros());
}

Value mlir::dlc::cpu::loadPackedA(KernelBuilder &kb, Value aPacked,
                                  Value aOffset, int64_t r, Value kk) {
  return memref::LoadOp::create(
      kb.b, kb.loc, aPacked,
      ValueRange{kb.add(kb.add(aOffset, kb.mul(kk, kGemmTileRows)), r)});
}

SmallVector<Value> mlir::dlc::cpu::emitTileProduct(KernelBuilder &kb,
                                                   TileALoader loadA,
                                                   Value bPacked, Value bOffset,
                                                   Value depth,
                                                   ValueRange acc,
                                                   function_ref<void(KernelBuilder &, Value)> prefetch) {
  static_assert(kTileVectorsPerRow == 2, "a tile row is two 8-lane vectors");
  int64_t rows = acc.size() / kTileVectorsPerRow;
  // In the loop a tile row is one NR-lane vector: on AVX-512 one zmm
  // register (half the instructions of two ymm ones, for the same FMA
  // throughput), elsewhere LLVM splits it back into 8-lane halves.
  VectorType rowType = VectorType::get({kGemmTileCols}, kb.b.getF32Type());
  scf::ForOp loop = kb.forLoop(
      kb.idx(0), depth, 1, joinLaneHalves(kb, acc),
      [&](KernelBuilder &k, Value kk, ValueRange sums) {
        // One k step: a load of B's row, MR broadcasts of A, MR FMAs (MR *
        // NR / 8 on 8-lane targets); the sums stay in registers.
        Value bRow = k.add(bOffset, k.mul(kk, kGemmTileCols));
        Value bVector =
            vector::LoadOp::create(k.b, k.loc, rowType, bPacked, bRow);
        if (prefetch)
          prefetch(k, kk);
        SmallVector<Value> next(sums);
        for (int64_t r = 0; r < rows; ++r) {
          Value aSplat = vector::BroadcastOp::create(k.b, k.loc, rowType,
                                                     loadA(k, r, kk));
          next[r] =
              vector::FMAOp::create(k.b, k.loc, aSplat, bVector, next[r]);
        }
        return next;
      });
  return splitLaneHalves(kb, loop.getResults());
}

void mlir::dlc::cpu::prefetchRead(KernelBuilder &kb, Value memref,
                                  ValueRange at, bool keep) {
  memref::PrefetchOp::create(kb.b, kb.loc, memref, at, /*isWrite=*/false,
                             /*localityHint=*/keep ? 3 : 0,
                             /*isDataCache=*/true);
}

SmallVector<Value> mlir::dlc::cpu::joinLaneHalves(KernelBuilder &kb,
                                                  ValueRange halves) {
  SmallVector<int64_t> whole;
  for (int64_t i = 0; i < 2 * kVectorWidth; ++i)
    whole.push_back(i);
  SmallVector<Value> rows;
  for (size_t i = 0; i + 1 < halves.size(); i += 2)
    rows.push_back(vector::ShuffleOp::create(kb.b, kb.loc, halves[i],
                                             halves[i + 1], whole));
  return rows;
}

SmallVector<Value> mlir::dlc::cpu::splitLaneHalves(KernelBuilder &kb,
                                                   ValueRange rows) {
  SmallVector<int64_t> low, high;
  for (int64_t i = 0; i < kVectorWidth; ++i) {
    low.push_back(i);
    high.push_back(kVectorWidth + i);
  }
  SmallVector<Value> halves;
  for (Value row : rows) {
    halves.push_back(vector::ShuffleOp::create(kb.b, kb.loc, row, row, low));
    halves.push_back(vector::ShuffleOp::create(kb.b, kb.loc, row, row, high));
  }
  return halves;
}

SmallVector<Value> mlir::dlc::cpu::transposeTileHalf(KernelBuilder &kb,
                                                     ArrayRef<Value> tile,
                                                     int64_t half) {
  int64_t rows = tile.size() / kTileVectorsPerRow;
  assert(rows <= kVectorWidth && "a tile of at most 8 rows");
  SmallVector<Value> halves;
  for (int64_t r = 0; r < kVectorWidth; ++r)
    halves.push_back(r < rows ? tile[r * kTileVectorsPerRow + half]
                              : kb.zeros());
  return transpose8x8(kb, halves);
}

SmallVector<Value> mlir::dlc::cpu::transpose8x8(KernelBuilder &kb,
                                                ArrayRef<Value> rows) {
  assert(rows.size() == 8 && "transpose8x8 takes 8 rows");
  auto shuffle = [&](Value x, Value y, ArrayRef<int64_t> mask) -> Value {
    return vector::ShuffleOp::create(kb.b, kb.loc, x, y, mask);
  };
  SmallVector<Value> t(8), s(8), out(8);
  for (int64_t i = 0; i < 4; ++i) {
    t[2 * i] =
        shuffle(rows[2 * i], rows[2 * i + 1], {0, 8, 1, 9, 4, 12, 5, 13});
    t[2 * i + 1] =
        shuffle(rows[2 * i], rows[2 * i + 1], {2, 10, 3, 11, 6, 14, 7, 15});
  }
  for (int64_t h = 0; h < 2; ++h) {
    Value a = t[4 * h], b = t[4 * h + 1], c = t[4 * h + 2], d = t[4 * h + 3];
    s[4 * h] = shuffle(a, c, {0, 1, 8, 9, 4, 5, 12, 13});
    s[4 * h + 1] = shuffle(a, c, {2, 3, 10, 11, 6, 7, 14, 15});
    s[4 * h + 2] = shuffle(b, d, {0, 1, 8, 9, 4, 5, 12, 13});
    s[4 * h + 3] = shuffle(b, d, {2, 3, 10, 11, 6, 7, 14, 15});
  }
  for (int64_t j = 0; j < 4; ++j) {
    out[j] = shuffle(s[j], s[4 + j], {0, 1, 2, 3, 8, 9, 10, 11});
    out[4 + j] = shuffle(s[j], s[4 + j], {4, 5, 6, 7, 12, 13, 14, 15});
  }
  return out;
}

Value mlir::dlc::cpu::flatten(KernelBuilder &kb, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  if (type.getRank() == 1)
    return memref;
  SmallVector<ReassociationIndices> all(1);
  for (int64_t i = 0; i < type.getRank(); ++i)
    all[0].push_back(i);
  return memref::CollapseShapeOp::create(kb.b, kb.loc, memref, all);
}

Value mlir::dlc::cpu::collapseImages(KernelBuilder &kb, Value memref) {
  return memref::CollapseShapeOp::create(
      kb.b, kb.loc, memref, ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
}

void mlir::dlc::cpu::ConvKernelViews::makeViews(KernelBuilder &kb,
                                                Conv2dKernelOp op) {
  input = collapseImages(kb, op.getInput());
  output = collapseImages(kb, op.getInit());
  residual = op.getResidual() ? collapseImages(kb, op.getResidual()) : Value();
  filter = flatten(kb, op.getPackedFilter());
  bias = op.getBias();
}

void mlir::dlc::cpu::emitParallelTasks(
    KernelBuilder &kb, ArrayRef<int64_t> taskCounts, bool stackScratch,
    function_ref<void(KernelBuilder &, ValueRange)> task) {
  SmallVector<Value> lbs(taskCounts.size(), kb.idx(0));
  SmallVector<Value> ubs;
  for (int64_t count : taskCounts)
    ubs.push_back(kb.idx(count));
  SmallVector<Value> steps(taskCounts.size(), kb.idx(1));
  scf::ParallelOp::create(
      kb.b, kb.loc, lbs, ubs, steps,
      [&](OpBuilder &nb, Location loc, ValueRange ivs) {
        Value stack;
        if (stackScratch)
          stack = LLVM::StackSaveOp::create(
              nb, loc, LLVM::LLVMPointerType::get(nb.getContext()));
        KernelBuilder body{nb, loc};
        task(body, ivs);
        if (stackScratch)
          LLVM::StackRestoreOp::create(nb, loc, stack);
      });
}

SmallVector<Value> mlir::dlc::cpu::applyTileEpilogue(
    KernelBuilder &kb, ValueRange acc, Value bias,
    function_ref<Value(int64_t)> row,
    function_ref<Value(int64_t, int64_t)> loadResidual, Activation activation,
    double alpha, double beta) {
  SmallVector<Value> out(acc);
  ScalarBuilder s{kb.b, kb.loc, kb.f32Vector()};
  for (int64_t r = 0; r < kGemmTileRows; ++r) {
    Value biasSplat;
    if (bias) {
      Value scalar =
          memref::LoadOp::create(kb.b, kb.loc, bias, ValueRange{row(r)});
      biasSplat =
          vector::BroadcastOp::create(kb.b, kb.loc, kb.f32Vector(), scalar);
    }
    for (int64_t v = 0; v < kTileVectorsPerRow; ++v) {
      Value &x = out[r * kTileVectorsPerRow + v];
      if (biasSplat)
        x = s.add(x, biasSplat);
      if (loadResidual)
        x = s.add(x, loadResidual(r, v));
      x = applyActivation(s, activation, alpha, beta, x);
    }
  }
  return out;
}
