//===- DlcShapes.h - Static shape rules of dlc ops --------------*- C++ -*-===//
//
// The shape rules of the dlc ops as plain functions, shared by the ops'
// result-type inference (and so their verifiers) and the ONNX importer.
// Each returns failure after reporting why through `emitError`.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECT_DLCSHAPES_H
#define DLC_DIALECT_DLCSHAPES_H

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::dlc {

using EmitErrorFn = llvm::function_ref<InFlightDiagnostic()>;
using Shape = llvm::SmallVector<int64_t, 4>;

/// Output size of one spatial dim of a sliding window (conv or pool).
FailureOr<int64_t> slidingWindowOutputSize(int64_t inputSize, int64_t kernel,
                                           int64_t stride, int64_t padBegin,
                                           int64_t padEnd, int64_t dilation,
                                           bool ceilMode, StringRef dimName,
                                           EmitErrorFn emitError);

FailureOr<Shape> inferConv2dShape(ArrayRef<int64_t> input,
                                  ArrayRef<int64_t> filter,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> pads,
                                  ArrayRef<int64_t> dilations, int64_t group,
                                  EmitErrorFn emitError);

FailureOr<Shape> inferPool2dShape(ArrayRef<int64_t> input,
                                  ArrayRef<int64_t> kernel,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> pads,
                                  ArrayRef<int64_t> dilations, bool ceilMode,
                                  EmitErrorFn emitError);

FailureOr<Shape> inferBroadcastShape(ArrayRef<int64_t> lhs,
                                     ArrayRef<int64_t> rhs,
                                     EmitErrorFn emitError);

FailureOr<Shape> inferGemmShape(ArrayRef<int64_t> a, ArrayRef<int64_t> b,
                                std::optional<ArrayRef<int64_t>> c, bool transA,
                                bool transB, EmitErrorFn emitError);

FailureOr<Shape> inferMatMulShape(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs,
                                  EmitErrorFn emitError);

FailureOr<Shape> inferTransposeShape(ArrayRef<int64_t> input,
                                     ArrayRef<int64_t> perm,
                                     EmitErrorFn emitError);

FailureOr<Shape> inferConcatShape(ArrayRef<ArrayRef<int64_t>> inputs,
                                  int64_t axis, EmitErrorFn emitError);

/// The shape of a reduction over `axes` (sorted, distinct, in range) with
/// the reduced dims kept as 1.
FailureOr<Shape> inferReduceShape(ArrayRef<int64_t> input,
                                  ArrayRef<int64_t> axes,
                                  EmitErrorFn emitError);

/// The shape of a strided slice; `ends` are exclusive and clamped to the
/// input, `strides` positive. Empty results are an error.
FailureOr<Shape> inferSliceShape(ArrayRef<int64_t> input,
                                 ArrayRef<int64_t> offsets,
                                 ArrayRef<int64_t> ends,
                                 ArrayRef<int64_t> strides,
                                 EmitErrorFn emitError);

std::string formatShape(ArrayRef<int64_t> shape);

} // namespace mlir::dlc

#endif // DLC_DIALECT_DLCSHAPES_H
