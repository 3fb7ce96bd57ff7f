//===- LoweringUtils.h - Shared helpers of the dlc-to-linalg patterns -----===//
#ifndef DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H
#define DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::dlc {

/// Body of an element-wise op: scalar block arguments in, scalar result out.
using ScalarBodyFn =
    llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// An f32 `arith.constant`.
Value createF32(OpBuilder &b, Location loc, double value);

/// A constant of `type`: f32, or a vector of f32 (splat).
Value createF32Constant(OpBuilder &b, Location loc, Type type, double value);

/// Helpers that keep element-wise formulas readable. They build scalar f32
/// code, or vector code when `type` is a vector of f32 (kernel epilogues).
struct ScalarBuilder {
  OpBuilder &b;
  Location loc;
  Type type = nullptr; // null: f32

  Value c(double v) {
    return type ? createF32Constant(b, loc, type, v) : createF32(b, loc, v);
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value max(Value x, Value y) { return arith::MaximumFOp::create(b, loc, x, y); }
  Value min(Value x, Value y) { return arith::MinimumFOp::create(b, loc, x, y); }
  Value exp(Value x) { return math::ExpOp::create(b, loc, x); }
  Value abs(Value x) { return math::AbsFOp::create(b, loc, x); }
  Value lt(Value x, Value y) {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, y);
  }
  Value select(Value cond, Value x, Value y) {
    return arith::SelectOp::create(b, loc, cond, x, y);
  }
  /// x < 0 ? negative : x
  Value ifNegative(Value x, Value negative) {
    return select(lt(x, c(0.0)), negative, x);
  }
  Value clamp(Value x, double lo, double hi) { return min(max(x, c(lo)), c(hi)); }
};

/// `activation` (with its parameters, see dlc.conv2d) applied to `x`.
Value applyActivation(ScalarBuilder &s, Activation activation, double alpha,
                      double beta, Value x);

/// Applies a conv/gemm epilogue to `result`: `+ residual` (if any), then
/// `activation`. Returns `result` when there is nothing to apply.
Value applyEpilogue(OpBuilder &b, Location loc, Value result, Value residual,
                    Activation activation, double alpha, double beta);

/// A `tensor.empty` of `type`.
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type);

/// A tensor of `type` filled with `value`.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   double value);


/// The indexing map reading an operand of `operandShape` inside a loop nest
/// over `resultShape` with NumPy broadcasting (right-aligned; size-1 dims
/// read index 0).
AffineMap getBroadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                          ArrayRef<int64_t> resultShape);

/// A `linalg.generic` computing `body` element-wise over `resultType` from
/// operands broadcast to it.
Value createElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                        ValueRange operands, ScalarBodyFn body);

/// Pads every dim of `input` by `low`/`high` with the constant `value`.
/// Returns `input` when nothing is padded.
Value padTensor(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                ArrayRef<int64_t> high, double value);

/// Pads the spatial dims (2 and 3) of an NCHW tensor with `value`;
/// `pads` is [top, left, bottom, right]. Returns `input` when all are 0.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> pads, double value);

/// Reinterprets `input` with the static shape of `type` (same elements).
Value reshapeTo(OpBuilder &b, Location loc, Value input,
                RankedTensorType type);

/// Per-family pattern sets (one file each).
void populateConvPatterns(RewritePatternSet &patterns);
void populateElementwisePatterns(RewritePatternSet &patterns);
void populateMatmulPatterns(RewritePatternSet &patterns);
void populateNormalizationPatterns(RewritePatternSet &patterns);
void populatePoolingPatterns(RewritePatternSet &patterns);
void populateResizePatterns(RewritePatternSet &patterns);
void populateShapePatterns(RewritePatternSet &patterns);

} // namespace mlir::dlc

#endif // DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H
