//===- DlcDialect.cpp - The dlc dialect -----------------------------------===//

#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Dialect/DlcOps.h"

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
