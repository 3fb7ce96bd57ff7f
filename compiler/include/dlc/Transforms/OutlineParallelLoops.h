//===- OutlineParallelLoops.h - Contract of dlc-outline-parallel-loops -*- C++
//-*-===//
//
// `dlc-outline-parallel-loops` replaces a worthwhile outermost scf.parallel or
// scf.forall by
//
//   func.call @__dlc_parallel_for_<k>(%n, %captured...) : (index, ...) -> ()
//
// where @__dlc_parallel_for_<k> is a body-less private declaration carrying
//
//   dlc.parallel_body = @<fn>_parallel_<k>
//
// and @<fn>_parallel_<k>(%begin: index, %end: index, %captured...) runs the
// iterations [begin, end) of the linearised iteration space [0, n). Captured
// values are index, integer or float scalars of at most 64 bits and memrefs
// of identity layout and static shape, so that each fits one 8-byte slot
// under the bare-pointer calling convention.
//
// The model.so ABI (compiler/lib/Target/ModelABI.cpp) defines each launcher:
// it stores the arguments into 8-byte slots and calls the runtime's
// dlc_run_hooks::parallel_for with a trampoline that reloads them and calls
// the body, or runs the body over [0, n) itself when there are no hooks.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TRANSFORMS_OUTLINEPARALLELLOOPS_H
#define DLC_TRANSFORMS_OUTLINEPARALLELLOOPS_H

#include "llvm/ADT/StringRef.h"

namespace mlir::dlc::parallel {

/// Prefix of the launcher declarations.
inline constexpr llvm::StringLiteral kLauncherPrefix = "__dlc_parallel_for_";
/// The launcher's attribute naming its body function (a FlatSymbolRefAttr).
inline constexpr llvm::StringLiteral kBodyAttr = "dlc.parallel_body";

} // namespace mlir::dlc::parallel

#endif // DLC_TRANSFORMS_OUTLINEPARALLELLOOPS_H
