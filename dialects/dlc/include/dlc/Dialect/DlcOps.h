//===- DlcOps.h - dlc dialect operations ------------------------*- C++ -*-===//
#ifndef DLC_DIALECT_DLCOPS_H
#define DLC_DIALECT_DLCOPS_H

#include "dlc/Dialect/DlcDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dlc/Dialect/DlcEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dlc/Dialect/DlcAttrs.h.inc"

#define GET_OP_CLASSES
#include "dlc/Dialect/DlcOps.h.inc"

#endif // DLC_DIALECT_DLCOPS_H
