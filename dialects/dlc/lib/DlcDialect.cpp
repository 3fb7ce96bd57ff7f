//===- DlcDialect.cpp - The dlc dialect -----------------------------------===//

#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Dialect/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::dlc;

#include "dlc/Dialect/DlcDialect.cpp.inc"
#include "dlc/Dialect/DlcEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dlc/Dialect/DlcAttrs.cpp.inc"

void DlcDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dlc/Dialect/DlcOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dlc/Dialect/DlcAttrs.cpp.inc"
      >();
}

Operation *DlcDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  if (!arith::ConstantOp::isBuildableWith(value, type))
    return nullptr;
  return arith::ConstantOp::create(builder, loc, type, cast<TypedAttr>(value));
}
