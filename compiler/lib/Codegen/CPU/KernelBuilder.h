//===- KernelBuilder.h - Building blocks of dlc's CPU kernels ---*- C++ -*-===//
//
// Index arithmetic and the GEMM register tile, shared by the kernels of every
// convolution algorithm. Kernels are emitted on memrefs after bufferization,
// with static shapes, as scf loops over 8-lane vector code.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_CODEGEN_CPU_KERNELBUILDER_H
#define DLC_CODEGEN_CPU_KERNELBUILDER_H

#include "dlc/Dialect/DlcKernelLayouts.h"
#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

#include <functional>

namespace mlir::dlc::cpu {

/// Shorthands for the scalar index and vector arithmetic kernels are made of.
struct KernelBuilder {
  OpBuilder &b;
  Location loc;

  // Index scalars.
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value add(Value x, int64_t y) { return y == 0 ? x : add(x, idx(y)); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value mul(Value x, int64_t y) { return y == 1 ? x : mul(x, idx(y)); }
  Value div(Value x, int64_t y) {
    return y == 1 ? x : arith::DivUIOp::create(b, loc, x, idx(y)).getResult();
  }
  Value rem(Value x, int64_t y) {
    return arith::RemUIOp::create(b, loc, x, idx(y));
  }
  Value min(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }
  Value max(Value x, Value y) { return arith::MaxSIOp::create(b, loc, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }

  // Vectors of kVectorWidth lanes.
  VectorType f32Vector() {
    return VectorType::get({kVectorWidth}, b.getF32Type());
  }
  VectorType i32Vector() {
    return VectorType::get({kVectorWidth}, b.getI32Type());
  }
  Value zeros() {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(f32Vector(), 0.0f));
  }
  Value splatI32(Value indexValue) {
    Value i32 =
        arith::IndexCastOp::create(b, loc, b.getI32Type(), indexValue);
    return vector::BroadcastOp::create(b, loc, i32Vector(), i32);
  }
  /// [first, first + 1, ..., first + kVectorWidth - 1] as i32.
  Value iotaI32(Value first) {
    SmallVector<int32_t> steps;
    for (int32_t i = 0; i < kVectorWidth; ++i)
      steps.push_back(i);
    Value iota = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(i32Vector(), ArrayRef<int32_t>(steps)));
    return arith::AddIOp::create(b, loc, splatI32(first), iota);
  }
  /// The first `count` lanes (clamped to [0, kVectorWidth]).
  Value prefixMask(Value count) {
    Value clamped = max(min(count, idx(kVectorWidth)), idx(0));
    return vector::CreateMaskOp::create(
        b, loc, VectorType::get({kVectorWidth}, b.getI1Type()),
        ValueRange{clamped});
  }
  Value loadMasked(Value memref, ValueRange indices, Value mask) {
    return vector::MaskedLoadOp::create(b, loc, f32Vector(), memref, indices,
                                        mask, zeros());
  }
  void storeMasked(Value value, Value memref, ValueRange indices, Value mask) {
    vector::MaskedStoreOp::create(b, loc, memref, indices, mask, value);
  }

  /// Block `block` of a range of `total` in blocks of `perBlock`: its first
  /// index and its size (the last block may be shorter).
  std::pair<Value, Value> blockSlice(Value block, int64_t perBlock,
                                     int64_t total) {
    Value first = mul(block, perBlock);
    return {first, min(idx(perBlock), sub(idx(total), first))};
  }

  /// for (iv = lb; iv < ub; iv += step) body(iv, iterArgs) -> results.
  scf::ForOp forLoop(Value lb, Value ub, int64_t step, ValueRange iterArgs,
                     function_ref<SmallVector<Value>(KernelBuilder &, Value,
                                                     ValueRange)>
                         body);
  void forLoop(Value lb, Value ub, int64_t step,
               function_ref<void(KernelBuilder &, Value)> body);
  /// if (cond) then() else otherwise(), both yielding `types`.
  SmallVector<Value> ifElse(Value cond, TypeRange types,
                            function_ref<SmallVector<Value>(KernelBuilder &)> then,
                            function_ref<SmallVector<Value>(KernelBuilder &)> otherwise);
  void ifThen(Value cond, function_ref<void(KernelBuilder &)> then);
};

/// The MR x NR register tile: MR * NR / kVectorWidth accumulators, row-major
/// (accumulator r * NR / kVectorWidth + v holds row r, lanes v * 8 ...).
inline constexpr int64_t kTileVectorsPerRow = kGemmTileCols / kVectorWidth;
inline constexpr int64_t kTileVectors = kGemmTileRows * kTileVectorsPerRow;

/// The 16-lane accumulator rows a register tile can hold beside its
/// operands on a target with `vectorBits`-bit registers: 24 of AVX-512's 32
/// (a row is one register), 6 of AVX2's 16 (a row is two).
inline int64_t accumulatorRows(int64_t vectorBits) {
  return vectorBits >= 512 ? 24 : 6;
}

/// Task blocking of the packed GEMM kernels (gemm/indirect, dense, im2row):
/// up to 16 row tiles and 8 column panels per task, and K in blocks of at
/// most 256 so that a 16-column panel's block (16 KiB) stays in L1.
inline constexpr int64_t kMaxRowTilesPerTask = 16;
inline constexpr int64_t kMaxColPanelsPerTask = 8;
inline constexpr int64_t kMaxDepthBlock = 256;

SmallVector<Value> zeroTile(KernelBuilder &kb);

/// Reads A[r][kk] of a register tile's product, a scalar, given the tile
/// row r (static) and the depth kk.
using TileALoader = function_ref<Value(KernelBuilder &, int64_t, Value)>;

/// acc += sum over k < depth of A[0:rows][k] (outer) bPanel[k][0:NR], with
/// rows = acc.size() / (NR / 8) (MR or fewer): `bPacked` is a 1-D f32
/// memref whose panel starts at element `bOffset`, laid out [depth][NR];
/// `loadA` reads A (a packed [depth][MR] panel, or rows of a matrix).
/// `prefetch`, when given, is emitted in each k step (with the depth kk):
/// kernels whose weights are read for few tiles fetch the next tile's
/// weights while this one computes.
SmallVector<Value>
emitTileProduct(KernelBuilder &kb, TileALoader loadA, Value bPacked,
                Value bOffset, Value depth, ValueRange acc,
                function_ref<void(KernelBuilder &, Value)> prefetch = nullptr);

/// Prefetches element `at` of `memref`: into all cache levels, or with
/// `keep` false as data used once (non-temporal).
void prefetchRead(KernelBuilder &kb, Value memref, ValueRange at,
                  bool keep = true);

/// The TileALoader of a packed A panel [depth][MR] at `aOffset` of the 1-D
/// memref `aPacked`.
Value loadPackedA(KernelBuilder &kb, Value aPacked, Value aOffset, int64_t r,
                  Value kk);

/// Consecutive pairs of 8-lane vectors as 16-lane vectors (a tile row in
/// one vector: one zmm register on AVX-512), and back.
SmallVector<Value> joinLaneHalves(KernelBuilder &kb, ValueRange halves);
SmallVector<Value> splitLaneHalves(KernelBuilder &kb, ValueRange rows);

/// Transposes 8 vectors of 8 lanes: result[j][i] = rows[i][j] (unpack,
/// 2-lane shuffles, then 128-bit halves: 24 shuffles on AVX2).
SmallVector<Value> transpose8x8(KernelBuilder &kb, ArrayRef<Value> rows);

/// Lanes 8 * half .. 8 * half + 7 of each row of a register tile (row-major,
/// kTileVectorsPerRow 8-lane vectors a row, at most 8 rows), transposed:
/// result[j] holds column 8 * half + j of every row, zero past the last.
SmallVector<Value> transposeTileHalf(KernelBuilder &kb, ArrayRef<Value> tile,
                                     int64_t half);

/// A memref collapsed to one dimension (it must be contiguous).
Value flatten(KernelBuilder &kb, Value memref);

/// An NCHW buffer viewed as [N, C * H * W] (dlc-lower-conv-kernels makes
/// sure each image is contiguous).
Value collapseImages(KernelBuilder &kb, Value memref);

/// The buffers of a dlc.conv2d_kernel as most emitters index them: input,
/// output and residual (null when absent) as [N, C * H * W], the packed
/// filter 1-D, the bias (null when absent) as it is.
struct ConvKernelViews {
  Value input, output, residual, filter, bias;

  void makeViews(KernelBuilder &kb, Conv2dKernelOp op);
};

/// One scf.parallel over independent tasks, `taskCounts[i]` along dim i
/// (dlc-outline-parallel-loops hands it to the runtime's thread pool);
/// `task` emits one task's body from the task's indices. With
/// `stackScratch`, the body's stack buffers are freed at the end of each
/// task (stack save/restore): a loop over tasks, after outlining or when
/// lowered sequentially, would otherwise grow the stack.
void emitParallelTasks(KernelBuilder &kb, ArrayRef<int64_t> taskCounts,
                       bool stackScratch,
                       function_ref<void(KernelBuilder &, ValueRange)> task);

/// `acc` after a conv/gemm epilogue on the rows of one tile: `row(r)` gives
/// the output row (channel) of tile row r, clamped in bounds; the bias adds
/// bias[row], the residual tile is read through `loadResidual`.
SmallVector<Value>
applyTileEpilogue(KernelBuilder &kb, ValueRange acc, Value bias,
                  function_ref<Value(int64_t)> row,
                  function_ref<Value(int64_t, int64_t)> loadResidual,
                  Activation activation, double alpha, double beta);

} // namespace mlir::dlc::cpu

#endif // DLC_CODEGEN_CPU_KERNELBUILDER_H
