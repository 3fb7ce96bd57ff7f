//===- InstrumentLayers.cpp - Bracket every dlc op with profile calls -----===//
//
// dlc --profile: see dlc/Transforms/InstrumentLayers.h for the calls and the
// layer table this pass produces.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/InstrumentLayers.h"
#include "dlc/Transforms/Passes.h"

#include "dlc/Dialect/DlcCost.h"
#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Dialect/DlcOps.h"
#include "dlc/Dialect/DlcShapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_INSTRUMENTLAYERS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

/// The ONNX node names in `loc`: one for a NameLoc, all of them, in order,
/// for a fused location (a layer made of several nodes).
static void collectNames(Location loc, llvm::SetVector<StringRef> &names) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    names.insert(name.getName().getValue());
  } else if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      collectNames(inner, names);
  } else if (auto callSite = dyn_cast<CallSiteLoc>(loc)) {
    collectNames(callSite.getCallee(), names);
  }
}

static std::string layerName(Operation *op, unsigned index) {
  llvm::SetVector<StringRef> names;
  collectNames(op->getLoc(), names);
  if (names.empty())
    return (op->getName().stripDialect() + "_" + Twine(index)).str();
  return llvm::join(names, "+");
}

/// "1x64x56x56"; several results are separated by ", ".
static std::string resultShapes(Operation *op) {
  SmallVector<std::string> shapes;
  for (Type type : op->getResultTypes()) {
    if (auto shaped = dyn_cast<ShapedType>(type); shaped && shaped.hasRank())
      shapes.push_back(formatShape(shaped.getShape()));
    else
      shapes.push_back("?");
  }
  return llvm::join(shapes, ", ");
}

/// The op's algorithm choice ("im2col", ...), "" if it has none.
static std::string algorithmOf(Operation *op) {
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return stringifyConvAlgo(conv.getAlgo()).str();
  Attribute algo = op->getAttr("algo");
  if (!algo)
    return "";
  if (auto text = dyn_cast<StringAttr>(algo))
    return text.str();
  std::string printed;
  llvm::raw_string_ostream os(printed);
  algo.print(os);
  return printed;
}

static func::FuncOp declare(OpBuilder &builder, ModuleOp module,
                            StringRef name, FunctionType type) {
  auto fn = func::FuncOp::create(builder, module.getLoc(), name, type);
  fn.setPrivate();
  return fn;
}

namespace {
struct InstrumentLayersPass
    : mlir::dlc::impl::InstrumentLayersBase<InstrumentLayersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (module->hasAttr(profile::kLayersAttr))
      return;
    for (StringRef name : {profile::kEnterFunction, profile::kExitFunction})
      if (module.lookupSymbol(name)) {
        module.emitError("cannot instrument layers: the module already "
                         "defines a symbol named '")
            << name << "'";
        return signalPassFailure();
      }

    SmallVector<Operation *> layers;
    module.walk([&](Operation *op) {
      if (isa<DlcDialect>(op->getDialect()) &&
          !op->hasTrait<OpTrait::ConstantLike>() &&
          op->getParentOfType<func::FuncOp>())
        layers.push_back(op);
    });

    MLIRContext *ctx = &getContext();
    OpBuilder builder(ctx);
    Type i32 = builder.getI32Type(), i64 = builder.getI64Type();
    builder.setInsertionPointToEnd(module.getBody());
    func::FuncOp enter = declare(builder, module, profile::kEnterFunction,
                                 builder.getFunctionType({i32}, {i64}));
    func::FuncOp exit = declare(builder, module, profile::kExitFunction,
                                builder.getFunctionType({i32, i64}, {}));

    SmallVector<Attribute> table;
    for (auto [index, op] : llvm::enumerate(layers)) {
      std::optional<int64_t> flops = estimateFlops(op);
      NamedAttribute fields[] = {
          builder.getNamedAttr("name",
                               builder.getStringAttr(layerName(op, index))),
          builder.getNamedAttr(
              "op", builder.getStringAttr(op->getName().getStringRef())),
          builder.getNamedAttr("shape",
                               builder.getStringAttr(resultShapes(op))),
          builder.getNamedAttr("algo", builder.getStringAttr(algorithmOf(op))),
          builder.getNamedAttr("flops",
                               builder.getI64IntegerAttr(flops.value_or(-1))),
      };
      table.push_back(builder.getDictionaryAttr(fields));

      Location loc = op->getLoc();
      builder.setInsertionPoint(op);
      Value id = arith::ConstantIntOp::create(builder, loc, index, 32);
      Value start =
          func::CallOp::create(builder, loc, enter, ValueRange{id}).getResult(0);
      builder.setInsertionPointAfter(op);
      func::CallOp::create(builder, loc, exit, ValueRange{id, start});
    }
    module->setAttr(profile::kLayersAttr, builder.getArrayAttr(table));
  }
};
} // namespace
