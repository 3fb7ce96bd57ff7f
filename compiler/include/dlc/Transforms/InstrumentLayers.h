//===- InstrumentLayers.h - The contract of dlc-instrument-layers -*- C++ -*-===//
//
// `dlc-instrument-layers` (dlc --profile) brackets every dlc op with calls
//
//   %start = func.call @dlc_profile_enter(%layer) : (i32) -> i64
//   ... the layer ...
//   func.call @dlc_profile_exit(%layer, %start) : (i32, i64) -> ()
//
// and records the layers in the module attribute `dlc.profile_layers`: an
// array, indexed by layer number, of dictionaries
//
//   {name = "<ONNX node>", op = "dlc.conv2d", shape = "1x64x56x56",
//    algo = "im2col" or "", flops = <estimate, -1 if unknown> : i64}
//
// The model.so ABI (compiler/lib/Target/ModelABI.cpp) defines the two
// functions (timestamps in, per-layer nanosecond and call counters out) and
// exports the table as dlc_abi_profile() (runtime/include/dlc/model_abi.h).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TRANSFORMS_INSTRUMENTLAYERS_H
#define DLC_TRANSFORMS_INSTRUMENTLAYERS_H

#include "llvm/ADT/StringRef.h"

namespace mlir::dlc::profile {

inline constexpr llvm::StringLiteral kEnterFunction = "dlc_profile_enter";
inline constexpr llvm::StringLiteral kExitFunction = "dlc_profile_exit";
inline constexpr llvm::StringLiteral kLayersAttr = "dlc.profile_layers";

} // namespace mlir::dlc::profile

#endif // DLC_TRANSFORMS_INSTRUMENTLAYERS_H
