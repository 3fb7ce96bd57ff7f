//===- ModelABI.cpp - Add the model.so C ABI to the LLVM module -----------===//
//
// Emits dlc_abi_version / dlc_abi_describe / dlc_abi_run exactly as laid out
// in runtime/include/dlc/model_abi.h, around the lowered `main` whose
// arguments are bare pointers: the inputs, then the outputs.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/ModelLibrary.h"
#include "dlc/Transforms/PlanMemory.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"

#include "dlc/model_abi.h"

using namespace mlir;
using namespace mlir::dlc;

FailureOr<ModelSignature> mlir::dlc::getModelSignature(ModuleOp module) {
  auto main = module.lookupSymbol<func::FuncOp>("main");
  if (!main)
    return module.emitError("the module has no func.func @main"), failure();
  ModelSignature signature;
  if (auto name = module->getAttrOfType<StringAttr>("dlc.model_name"))
    signature.modelName = name.str();
  auto collect = [&](TypeRange types, ArrayAttr names, StringRef kind,
                     std::vector<TensorSignature> &out) -> LogicalResult {
    for (auto [i, type] : llvm::enumerate(types)) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor || !tensor.hasStaticShape() ||
          !tensor.getElementType().isF32())
        return main.emitError() << kind << " " << i
                                << " must be a static f32 tensor, got " << type;
      TensorSignature sig;
      sig.name = names && i < names.size()
                     ? cast<StringAttr>(names[i]).str()
                     : (kind + std::to_string(i)).str();
      sig.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
      out.push_back(std::move(sig));
    }
    return success();
  };
  if (failed(collect(main.getArgumentTypes(),
                     main->getAttrOfType<ArrayAttr>("dlc.input_names"), "input",
                     signature.inputs)) ||
      failed(collect(main.getResultTypes(),
                     main->getAttrOfType<ArrayAttr>("dlc.output_names"),
                     "output", signature.outputs)))
    return failure();
  return signature;
}

namespace {
/// A weight moved out of the MLIR module before translation.
struct HoistedWeight {
  std::string symbol;
  ArrayRef<char> bytes;
  uint64_t alignment;
};
} // namespace

/// Strips dense_resource initializers from llvm.mlir.global ops so that the
/// translation never walks the weights element by element; they are added
/// back as raw byte arrays afterwards.
static std::vector<HoistedWeight> hoistWeights(ModuleOp module) {
  std::vector<HoistedWeight> weights;
  module.walk([&](LLVM::GlobalOp global) {
    auto value = global.getValueOrNull();
    auto resource = dyn_cast_or_null<DenseResourceElementsAttr>(value);
    if (!resource)
      return;
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return;
    weights.push_back({global.getSymName().str(), blob->getData(),
                       std::max<uint64_t>(global.getAlignment().value_or(0),
                                          64)});
    global.removeValueAttr();
  });
  return weights;
}

static void restoreWeights(llvm::Module &module,
                           ArrayRef<HoistedWeight> weights) {
  llvm::LLVMContext &ctx = module.getContext();
  for (const HoistedWeight &weight : weights) {
    llvm::GlobalVariable *old = module.getGlobalVariable(weight.symbol, true);
    if (!old)
      continue;
    llvm::Constant *data = llvm::ConstantDataArray::getRaw(
        llvm::StringRef(weight.bytes.data(), weight.bytes.size()),
        weight.bytes.size(), llvm::Type::getInt8Ty(ctx));
    auto *replacement = new llvm::GlobalVariable(
        module, data->getType(), /*isConstant=*/true,
        llvm::GlobalValue::InternalLinkage, data, "");
    replacement->setAlignment(llvm::Align(weight.alignment));
    replacement->takeName(old);
    old->replaceAllUsesWith(replacement);
    old->eraseFromParent();
  }
}

namespace {
/// Builds the ABI's constant tables and entry points.
class AbiBuilder {
public:
  /// `workspace`: the bytes of scratch @main takes as its last argument
  /// (dlc-plan-memory), or nullopt if it takes none.
  AbiBuilder(llvm::Module &module, std::optional<uint64_t> workspace)
      : module(module), workspace(workspace), ctx(module.getContext()),
        i32(llvm::Type::getInt32Ty(ctx)), i64(llvm::Type::getInt64Ty(ctx)),
        ptr(llvm::PointerType::get(ctx, 0)) {
    tensorDescType = llvm::StructType::create(ctx, {ptr, i32, i32, ptr},
                                              "dlc_tensor_desc");
    modelDescType = llvm::StructType::create(
        ctx, {i32, i32, i32, i32, ptr, ptr, ptr, ptr, ptr, i64},
        "dlc_model_desc");
  }

  void build(const ModelSignature &signature, llvm::Function *main,
             llvm::StringRef target) {
    llvm::Constant *inputs = tensorTable(signature.inputs, "inputs");
    llvm::Constant *outputs = tensorTable(signature.outputs, "outputs");
    llvm::Constant *desc = llvm::ConstantStruct::get(
        modelDescType,
        {constI32(DLC_MODEL_ABI_VERSION), constI32(signature.inputs.size()),
         constI32(signature.outputs.size()), constI32(0),
         string(signature.modelName), string("dlc " DLC_VERSION_STRING),
         string(target), inputs, outputs,
         llvm::ConstantInt::get(i64, workspace.value_or(0))});
    auto *descGlobal = new llvm::GlobalVariable(
        module, modelDescType, true, llvm::GlobalValue::InternalLinkage, desc,
        "dlc.model_desc");

    llvm::IRBuilder<> b(ctx);
    auto *versionFn = defineFunction("dlc_abi_version", i32, {});
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "", versionFn));
    b.CreateRet(constI32(DLC_MODEL_ABI_VERSION));

    auto *describeFn = defineFunction("dlc_abi_describe", ptr, {});
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "", describeFn));
    b.CreateRet(descGlobal);

    auto *runFn = defineFunction("dlc_abi_run", i32, {ptr, ptr, ptr, ptr});
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "", runFn));
    llvm::SmallVector<llvm::Value *> args;
    auto loadPointers = [&](llvm::Value *array, size_t count) {
      for (size_t i = 0; i < count; ++i)
        args.push_back(b.CreateLoad(
            ptr, b.CreateConstInBoundsGEP1_64(ptr, array, i)));
    };
    loadPointers(runFn->getArg(0), signature.inputs.size());
    loadPointers(runFn->getArg(1), signature.outputs.size());
    if (workspace)
      args.push_back(runFn->getArg(2));
    b.CreateCall(main, args);
    b.CreateRet(constI32(0));
  }

private:
  llvm::Function *defineFunction(llvm::StringRef name, llvm::Type *result,
                                 llvm::ArrayRef<llvm::Type *> params) {
    auto *type = llvm::FunctionType::get(result, params, false);
    auto *fn = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                      name, module);
    fn->setVisibility(llvm::GlobalValue::DefaultVisibility);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    return fn;
  }

  llvm::Constant *constI32(uint32_t v) { return llvm::ConstantInt::get(i32, v); }

  llvm::Constant *string(llvm::StringRef s) {
    llvm::IRBuilder<> b(ctx);
    auto *data = llvm::ConstantDataArray::getString(ctx, s);
    return new llvm::GlobalVariable(module, data->getType(), true,
                                    llvm::GlobalValue::PrivateLinkage, data,
                                    "dlc.str");
  }

  llvm::Constant *tensorTable(const std::vector<TensorSignature> &tensors,
                              llvm::StringRef kind) {
    llvm::SmallVector<llvm::Constant *> descs;
    for (const TensorSignature &t : tensors) {
      auto *shapeData = llvm::ConstantDataArray::get(
          ctx, llvm::ArrayRef<uint64_t>(
                   reinterpret_cast<const uint64_t *>(t.shape.data()),
                   t.shape.size()));
      auto *shape = new llvm::GlobalVariable(
          module, shapeData->getType(), true, llvm::GlobalValue::PrivateLinkage,
          shapeData, "dlc.shape");
      descs.push_back(llvm::ConstantStruct::get(
          tensorDescType, {string(t.name), constI32(t.dtype),
                           constI32(t.shape.size()), shape}));
    }
    auto *arrayType = llvm::ArrayType::get(tensorDescType, descs.size());
    return new llvm::GlobalVariable(
        module, arrayType, true, llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantArray::get(arrayType, descs), ("dlc." + kind).str());
  }

  llvm::Module &module;
  std::optional<uint64_t> workspace;
  llvm::LLVMContext &ctx;
  llvm::Type *i32, *i64, *ptr;
  llvm::StructType *tensorDescType, *modelDescType;
};
} // namespace

std::unique_ptr<llvm::Module>
mlir::dlc::translateToModelLibrary(ModuleOp module,
                                   llvm::LLVMContext &llvmContext,
                                   const ModelSignature &signature,
                                   llvm::TargetMachine &targetMachine) {
  std::vector<HoistedWeight> weights = hoistWeights(module);
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, "dlc_model");
  if (!llvmModule)
    return nullptr;
  llvmModule->setDataLayout(targetMachine.createDataLayout());
  llvmModule->setTargetTriple(targetMachine.getTargetTriple());
  restoreWeights(*llvmModule, weights);

  // Nothing but the ABI is exported: several models can live in a process.
  for (llvm::GlobalObject &object : llvmModule->global_objects())
    if (!object.isDeclaration())
      object.setLinkage(llvm::GlobalValue::InternalLinkage);
  llvm::Function *main = llvmModule->getFunction("main");
  if (!main) {
    module.emitError("lowered module has no 'main' function");
    return nullptr;
  }
  main->setName("dlc_model_main");
  std::optional<uint64_t> workspace;
  if (std::optional<memory_plan::Summary> plan =
          memory_plan::readSummary(module)) {
    workspace = plan->workspaceBytes;
    size_t expected = signature.inputs.size() + signature.outputs.size() + 1;
    if (main->arg_size() != expected) {
      module.emitError() << "lowered 'main' takes " << main->arg_size()
                         << " arguments, expected " << expected
                         << " (inputs, outputs, workspace)";
      return nullptr;
    }
  }

  std::string target = targetMachine.getTargetTriple().str() + " " +
                       targetMachine.getTargetCPU().str();
  AbiBuilder(*llvmModule, workspace).build(signature, main, target);
  return llvmModule;
}
