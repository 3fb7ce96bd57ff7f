//===- LoweringUtils.h - Shared helpers of the dlc-to-linalg patterns -----===//
#ifndef DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H
#define DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::dlc {

/// Body of an element-wise op: scalar block arguments in, scalar result out.
using ScalarBodyFn =
    llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// A `tensor.empty` of `type`.
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type);

/// A tensor of `type` filled with `value`.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   double value);

/// An f32 `arith.constant`.
Value createF32(OpBuilder &b, Location loc, double value);

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
void populateShapePatterns(RewritePatternSet &patterns);

} // namespace mlir::dlc

#endif // DLC_CONVERSION_DLCTOLINALG_LOWERINGUTILS_H
