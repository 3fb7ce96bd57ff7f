//===- ConstantUtils.h - Helpers shared by the graph passes -----*- C++ -*-===//
#ifndef DLC_TRANSFORMS_CONSTANTUTILS_H
#define DLC_TRANSFORMS_CONSTANTUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>
#include <vector>

namespace mlir::dlc {

/// The values of an f32 `arith.constant` (dense or dense_resource), or
/// nullopt when `value` is not one.
std::optional<std::vector<float>> getConstantFloats(Value value);

/// An `arith.constant` of `type` holding `values`; large tensors become a
/// dense_resource blob named after `name` (so IR printing stays readable).
Value createConstantFloats(OpBuilder &b, Location loc, RankedTensorType type,
                           ArrayRef<float> values, StringRef name);

/// A readable blob name for a weight derived from `value`.
std::string derivedConstantName(Value value, StringRef suffix);

/// Adds `count` to the entry `key` of the module attribute
/// `dlc.graph_rewrites` that `dlc --report=graph` prints (pass statistics
/// are compiled out of release LLVM builds).
void recordRewrites(Operation *module, StringRef key, int64_t count);

} // namespace mlir::dlc

#endif // DLC_TRANSFORMS_CONSTANTUTILS_H
