//===- DlcCost.h - Cost estimates of dlc ops --------------------*- C++ -*-===//
//
// How much arithmetic a dlc op does, from its static shapes and attributes,
// for reports such as `dlc bench --per-layer` (GFLOP/s, % of peak). A
// multiply-add counts as 2 floating-point operations, so the figures compare
// with a peak measured in FMA lanes x 2.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECT_DLCCOST_H
#define DLC_DIALECT_DLCCOST_H

#include "mlir/IR/Operation.h"

#include <cstdint>
#include <optional>

namespace mlir::dlc {

/// The floating-point operations of one execution of `op`:
///   conv2d          2 * N * F * OH * OW * (C / group) * kH * kW
///   gemm            2 * M * N * K
///   matmul          2 * (elements of the result) * K
///   batch_norm      2 per element (a scale and a shift)
///   softmax         5 per element (max, subtract, exp, sum, divide)
///   max/avg pool    elements of the result * kernel height * width
///   global pools    elements of the input
///   reductions      elements of the input
///   element-wise    1 per element of the result (activations, arithmetic)
///   reshape, transpose, concat, pad, slice: 0 (data movement)
/// std::nullopt for ops it does not know (or shapes that are not static).
std::optional<int64_t> estimateFlops(Operation *op);

} // namespace mlir::dlc

#endif // DLC_DIALECT_DLCCOST_H
