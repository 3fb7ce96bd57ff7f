//===- Passes.h - dlc code generation passes --------------------*- C++ -*-===//
#ifndef DLC_CODEGEN_PASSES_H
#define DLC_CODEGEN_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::dlc {

#define GEN_PASS_DECL
#include "dlc/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dlc/Codegen/Passes.h.inc"

} // namespace mlir::dlc

#endif // DLC_CODEGEN_PASSES_H
