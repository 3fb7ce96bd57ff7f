//===- ConstantUtils.cpp - Read and make f32 weight constants -------------===//

#include "ConstantUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::dlc;

std::optional<std::vector<float>> mlir::dlc::getConstantFloats(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(constant.getType());
  if (!type || !type.getElementType().isF32() || !type.hasStaticShape())
    return std::nullopt;
  Attribute attr = constant.getValue();
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data)
      return std::nullopt;
    if (data->size() == 1 && type.getNumElements() > 1)
      return std::vector<float>(type.getNumElements(), data->front());
    return std::vector<float>(data->begin(), data->end());
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  return std::nullopt;
}

Value mlir::dlc::createConstantFloats(OpBuilder &b, Location loc,
                                      RankedTensorType type,
                                      ArrayRef<float> values, StringRef name) {
  constexpr int64_t kInlineLimit = 16;
  TypedAttr attr;
  if (type.getNumElements() <= kInlineLimit)
    attr = DenseElementsAttr::get(type, values);
  else
    attr = cast<TypedAttr>(Attribute(DenseF32ResourceElementsAttr::get(
        type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(values))));
  return arith::ConstantOp::create(b, loc, attr);
}

std::string mlir::dlc::derivedConstantName(Value value, StringRef suffix) {
  std::string base = "weight";
  if (auto constant = value.getDefiningOp<arith::ConstantOp>())
    if (auto resource =
            dyn_cast<DenseResourceElementsAttr>(constant.getValue()))
      base = resource.getRawHandle().getKey().str();
  return base + "." + suffix.str();
}

void mlir::dlc::recordRewrites(Operation *module, StringRef key,
                               int64_t count) {
  if (count == 0)
    return;
  MLIRContext *ctx = module->getContext();
  NamedAttrList entries;
  if (auto existing =
          module->getAttrOfType<DictionaryAttr>("dlc.graph_rewrites"))
    entries.append(existing.getValue());
  if (auto previous = entries.get(key))
    count += cast<IntegerAttr>(previous).getInt();
  entries.set(key, IntegerAttr::get(IntegerType::get(ctx, 64), count));
  module->setAttr("dlc.graph_rewrites", entries.getDictionary(ctx));
}
