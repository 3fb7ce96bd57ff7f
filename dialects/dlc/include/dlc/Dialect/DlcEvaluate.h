//===- DlcEvaluate.h - Evaluate dlc ops on constant values ------*- C++ -*-===//
//
// A reference implementation of every dlc op on f32 values in memory, for
// folding weight-only subgraphs at compile time (the op folders and
// dlc-fold-constants). It follows the semantics of the linalg lowering
// (compiler/lib/Conversion/DlcToLinalg): same padding rules, same
// activation formulas, NaN-propagating max/min; sums are accumulated in
// double, so a folded value is at least as accurate as the computed one.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECT_DLCEVALUATE_H
#define DLC_DIALECT_DLCEVALUATE_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Operation.h"

#include <optional>
#include <vector>

namespace mlir::dlc {

/// The row-major values of an f32 constant: a DenseElementsAttr (splat or
/// not) or a DenseF32ResourceElementsAttr (a one-value blob is a splat).
/// std::nullopt for other attributes, element types or a released blob.
std::optional<std::vector<float>> getFloatElements(Attribute attr);

/// The f32 value every element of `attr` has, when it is a splat constant.
std::optional<float> getSplatFloat(Attribute attr);

/// The result of the element-wise dlc op `op` (a unary op or activation,
/// or a binary arithmetic op) on one element per operand. std::nullopt for
/// other ops.
std::optional<float> evaluateElementwise(Operation *op,
                                         ArrayRef<float> operands);

/// The row-major values of the single result of the dlc op `op`, given the
/// row-major values of each of its operands (in operand order, each of its
/// static type's size). std::nullopt when `op` is not a dlc op, its types
/// are not static f32 tensors, or the sizes do not match.
std::optional<std::vector<float>>
evaluateOp(Operation *op, ArrayRef<std::vector<float>> operands);

} // namespace mlir::dlc

#endif // DLC_DIALECT_DLCEVALUATE_H
