//===- ModelABI.cpp - Add the model.so C ABI to the LLVM module -----------===//
//
// Emits dlc_abi_version / dlc_abi_describe / dlc_abi_run exactly as laid out
// in runtime/include/dlc/model_abi.h, around the lowered `main` whose
// arguments are bare pointers: the inputs, then the outputs. A module
// instrumented by dlc-instrument-layers (dlc --profile) also gets the
// profile hooks' bodies, its counters and dlc_abi_profile. The launchers of
// dlc-outline-parallel-loops become calls of the run's
// dlc_run_hooks::parallel_for, which dlc_abi_run keeps in a thread-local.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/ModelLibrary.h"
#include "dlc/Transforms/InstrumentLayers.h"
#include "dlc/Transforms/OutlineParallelLoops.h"
#include "dlc/Transforms/PlanMemory.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Support/ErrorHandling.h"

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
/// One row of the dlc.profile_layers table.
struct ProfileLayer {
  std::string name, op, shape, algo;
  int64_t flops = -1;
};
} // namespace

/// Reads the layer table dlc-instrument-layers left on the module; nullopt
/// when the module is not instrumented.
static FailureOr<std::optional<std::vector<ProfileLayer>>>
readProfileLayers(ModuleOp module) {
  Attribute attr = module->getAttr(profile::kLayersAttr);
  if (!attr)
    return std::optional<std::vector<ProfileLayer>>();
  auto array = dyn_cast<ArrayAttr>(attr);
  if (!array)
    return module.emitError() << profile::kLayersAttr
                              << " must be an array of dictionaries";
  std::vector<ProfileLayer> layers;
  for (Attribute entry : array) {
    auto dict = dyn_cast<DictionaryAttr>(entry);
    if (!dict)
      return module.emitError() << profile::kLayersAttr << " entry " << entry
                                << " is not a dictionary";
    ProfileLayer layer;
    auto text = [&](StringRef key) {
      auto value = dict.getAs<StringAttr>(key);
      return value ? value.str() : std::string();
    };
    layer.name = text("name");
    layer.op = text("op");
    layer.shape = text("shape");
    layer.algo = text("algo");
    if (auto flops = dict.getAs<IntegerAttr>("flops"))
      layer.flops = flops.getInt();
    layers.push_back(std::move(layer));
  }
  return std::optional<std::vector<ProfileLayer>>(std::move(layers));
}

namespace {
/// A launcher declared by dlc-outline-parallel-loops and its body.
struct ParallelLauncher {
  std::string launcher, body;
};
} // namespace

/// The launchers the lowered module declares.
static FailureOr<std::vector<ParallelLauncher>>
readParallelLaunchers(ModuleOp module) {
  std::vector<ParallelLauncher> launchers;
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    Attribute attr = func->getAttr(parallel::kBodyAttr);
    if (!attr)
      continue;
    auto body = dyn_cast<FlatSymbolRefAttr>(attr);
    if (!body || !func.isExternal() ||
        !module.lookupSymbol<LLVM::LLVMFuncOp>(body.getAttr()))
      return func.emitError() << parallel::kBodyAttr
                              << " must name a function of the module, on a "
                                 "declaration";
    launchers.push_back({func.getName().str(), body.getValue().str()});
  }
  return launchers;
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
             llvm::StringRef target,
             const std::vector<ProfileLayer> *profileLayers,
             llvm::GlobalVariable *runHooks) {
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
    // The parallel loops of this run find its hooks here; the previous
    // value comes back afterwards in case a body runs another model.
    auto callMain = [&] {
      if (!runHooks) {
        b.CreateCall(main, args);
        return;
      }
      llvm::Value *slot = b.CreateThreadLocalAddress(runHooks);
      llvm::Value *outer = b.CreateLoad(ptr, slot);
      b.CreateStore(runFn->getArg(3), slot);
      b.CreateCall(main, args);
      b.CreateStore(outer, b.CreateThreadLocalAddress(runHooks));
    };
    if (!profileLayers) {
      callMain();
      b.CreateRet(constI32(0));
      return;
    }
    buildProfile(*profileLayers);
    llvm::Value *start = b.CreateCall(nowFn);
    callMain();
    llvm::Value *elapsed = b.CreateSub(b.CreateCall(nowFn), start);
    atomicAdd(b, runCounters, uint64_t(0), elapsed);
    atomicAdd(b, runCounters, uint64_t(1), llvm::ConstantInt::get(i64, 1));
    b.CreateRet(constI32(0));
  }

private:
  /// The counters, dlc_profile_enter/exit (declared by the lowered module)
  /// and dlc_abi_profile; sets nowFn and runCounters for dlc_abi_run.
  void buildProfile(const std::vector<ProfileLayer> &layers) {
    const llvm::DataLayout &layout = module.getDataLayout();
    llvm::Type *cLong = layout.getIntPtrType(ctx);
    auto counters = [&](size_t count, llvm::StringRef name) {
      auto *type = llvm::ArrayType::get(i64, count);
      auto *global = new llvm::GlobalVariable(
          module, type, false, llvm::GlobalValue::InternalLinkage,
          llvm::ConstantAggregateZero::get(type), name);
      global->setAlignment(llvm::Align(64));
      return global;
    };
    llvm::GlobalVariable *layerNs = counters(layers.size(), "dlc.profile.ns");
    llvm::GlobalVariable *layerCalls =
        counters(layers.size(), "dlc.profile.calls");
    runCounters = counters(2, "dlc.profile.run"); // nanoseconds, runs

    llvm::IRBuilder<> b(ctx);
    // now(): clock_gettime(CLOCK_MONOTONIC) in nanoseconds.
    llvm::FunctionCallee clockGettime = module.getOrInsertFunction(
        "clock_gettime", llvm::FunctionType::get(i32, {i32, ptr}, false));
    nowFn = llvm::Function::Create(llvm::FunctionType::get(i64, {}, false),
                                   llvm::GlobalValue::InternalLinkage,
                                   "dlc.profile.now", module);
    nowFn->addFnAttr(llvm::Attribute::NoUnwind);
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "", nowFn));
    auto *timespec = llvm::StructType::get(ctx, {cLong, cLong});
    llvm::Value *ts = b.CreateAlloca(timespec);
    constexpr uint32_t kClockMonotonic = 1; // Linux
    b.CreateCall(clockGettime, {constI32(kClockMonotonic), ts});
    llvm::Value *sec = b.CreateSExt(
        b.CreateLoad(cLong, b.CreateStructGEP(timespec, ts, 0)), i64);
    llvm::Value *nsec = b.CreateSExt(
        b.CreateLoad(cLong, b.CreateStructGEP(timespec, ts, 1)), i64);
    b.CreateRet(b.CreateAdd(
        b.CreateMul(sec, llvm::ConstantInt::get(i64, 1000000000)), nsec));

    // i64 dlc_profile_enter(i32 layer): the start time.
    llvm::Function *enter = profileHook(profile::kEnterFunction, i64, {i32});
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "", enter));
    b.CreateRet(b.CreateCall(nowFn));

    // void dlc_profile_exit(i32 layer, i64 start): count the layer.
    llvm::Function *exit =
        profileHook(profile::kExitFunction, llvm::Type::getVoidTy(ctx),
                                {i32, i64});
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "", exit));
    llvm::Value *layer = b.CreateZExt(exit->getArg(0), i64);
    llvm::Value *elapsed = b.CreateSub(b.CreateCall(nowFn), exit->getArg(1));
    atomicAdd(b, layerNs, layer, elapsed);
    atomicAdd(b, layerCalls, layer, llvm::ConstantInt::get(i64, 1));
    b.CreateRetVoid();

    // The table and dlc_abi_profile().
    auto *layerType = llvm::StructType::create(
        ctx, {ptr, ptr, ptr, ptr, i64}, "dlc_profile_layer");
    llvm::SmallVector<llvm::Constant *> rows;
    for (const ProfileLayer &layer : layers)
      rows.push_back(llvm::ConstantStruct::get(
          layerType, {string(layer.name), string(layer.op),
                      string(layer.shape), string(layer.algo),
                      llvm::ConstantInt::get(i64, layer.flops, true)}));
    auto *tableType = llvm::ArrayType::get(layerType, rows.size());
    auto *table = new llvm::GlobalVariable(
        module, tableType, true, llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantArray::get(tableType, rows), "dlc.profile.layers");
    auto *descType = llvm::StructType::create(
        ctx, {i32, i32, ptr, ptr, ptr, ptr, ptr}, "dlc_profile_desc");
    llvm::Constant *runNs = runCounters;
    llvm::Constant *runs = llvm::ConstantExpr::getInBoundsGetElementPtr(
        runCounters->getValueType(), runCounters,
        llvm::ArrayRef<llvm::Constant *>{llvm::ConstantInt::get(i64, 0),
                                         llvm::ConstantInt::get(i64, 1)});
    auto *desc = new llvm::GlobalVariable(
        module, descType, true, llvm::GlobalValue::InternalLinkage,
        llvm::ConstantStruct::get(
            descType, {constI32(DLC_PROFILE_VERSION), constI32(layers.size()),
                       table, layerNs, layerCalls, runNs, runs}),
        "dlc.profile.desc");
    auto *profileFn = defineFunction("dlc_abi_profile", ptr, {});
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "", profileFn));
    b.CreateRet(desc);
  }

  /// The body-less declaration the lowered module left for a profile hook
  /// (made here if the module had no layers to call it), made internal.
  llvm::Function *profileHook(llvm::StringRef name, llvm::Type *result,
                              llvm::ArrayRef<llvm::Type *> params) {
    auto *type = llvm::FunctionType::get(result, params, false);
    llvm::Function *fn = module.getFunction(name);
    if (!fn)
      fn = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage,
                                  name, module);
    if (fn->getFunctionType() != type || !fn->isDeclaration())
      llvm::report_fatal_error("dlc: internal error: the lowered module's '" +
                               name + "' is not the profile hook's declaration");
    fn->setLinkage(llvm::GlobalValue::InternalLinkage);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    return fn;
  }

  /// counters[index] += value, relaxed.
  void atomicAdd(llvm::IRBuilder<> &b, llvm::GlobalVariable *counters,
                 llvm::Value *index, llvm::Value *value) {
    llvm::Value *slot = b.CreateInBoundsGEP(
        counters->getValueType(), counters,
        {llvm::ConstantInt::get(i64, 0), index});
    b.CreateAtomicRMW(llvm::AtomicRMWInst::Add, slot, value, llvm::Align(8),
                      llvm::AtomicOrdering::Monotonic);
  }
  void atomicAdd(llvm::IRBuilder<> &b, llvm::GlobalVariable *counters,
                 uint64_t index, llvm::Value *value) {
    atomicAdd(b, counters, llvm::ConstantInt::get(i64, index), value);
  }

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
  llvm::Function *nowFn = nullptr;
  llvm::GlobalVariable *runCounters = nullptr;
};
} // namespace

/// Defines each launcher of dlc-outline-parallel-loops,
///
///   void launcher(i64 n, args...)
///
/// as: store the arguments into 8-byte slots of a stack array `ctx`; if the
/// run's hooks (the thread-local `dlc.run_hooks`) are there, big enough to
/// hold parallel_for, have parallel_for and more than one thread, call
/// hooks->parallel_for(hooks->pool, n, task, ctx), else task(ctx, 0, n).
/// `task(ctx, begin, end)` reloads the slots and calls body(begin, end,
/// args...). Returns the thread-local, or null if there are no launchers.
static FailureOr<llvm::GlobalVariable *>
defineParallelLaunchers(llvm::Module &module,
                        ArrayRef<ParallelLauncher> launchers, ModuleOp source) {
  if (launchers.empty())
    return nullptr;
  llvm::LLVMContext &ctx = module.getContext();
  const llvm::DataLayout &layout = module.getDataLayout();
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type *voidType = llvm::Type::getVoidTy(ctx);
  llvm::PointerType *ptr = llvm::PointerType::get(ctx, 0);
  // dlc_run_hooks of model_abi.h: struct_size, num_threads, pool,
  // parallel_for.
  auto *hooksType = llvm::StructType::get(ctx, {i32, i32, ptr, ptr});
  uint64_t hooksSize = layout.getTypeAllocSize(hooksType);
  auto *taskType = llvm::FunctionType::get(voidType, {ptr, i64, i64}, false);
  auto *parallelForType =
      llvm::FunctionType::get(voidType, {ptr, i64, ptr, ptr}, false);

  auto *runHooks = new llvm::GlobalVariable(
      module, ptr, /*isConstant=*/false, llvm::GlobalValue::InternalLinkage,
      llvm::ConstantPointerNull::get(ptr), "dlc.run_hooks", nullptr,
      llvm::GlobalValue::GeneralDynamicTLSModel);

  for (const ParallelLauncher &entry : launchers) {
    llvm::Function *launcher = module.getFunction(entry.launcher);
    llvm::Function *body = module.getFunction(entry.body);
    auto fail = [&](const Twine &why) {
      source.emitError() << "parallel launcher '" << entry.launcher
                         << "': " << why;
      return failure();
    };
    if (!launcher || !launcher->isDeclaration() || !body ||
        body->isDeclaration())
      return fail("the launcher or its body '" + entry.body +
                  "' is missing from the lowered module");
    llvm::FunctionType *launcherType = launcher->getFunctionType();
    llvm::FunctionType *bodyType = body->getFunctionType();
    unsigned numSlots = launcherType->getNumParams() - 1;
    if (launcherType->getNumParams() < 1 ||
        launcherType->getParamType(0) != i64 ||
        !launcherType->getReturnType()->isVoidTy() ||
        bodyType->getNumParams() != numSlots + 2 ||
        bodyType->getParamType(0) != i64 || bodyType->getParamType(1) != i64 ||
        !bodyType->getReturnType()->isVoidTy())
      return fail("expected launcher(i64 n, args...) and body(i64 begin, i64 "
                  "end, args...)");
    for (unsigned i = 0; i < numSlots; ++i) {
      llvm::Type *type = launcherType->getParamType(i + 1);
      if (type != bodyType->getParamType(i + 2) ||
          layout.getTypeStoreSize(type) > 8)
        return fail("argument " + Twine(i + 1) +
                    " differs from the body's or does not fit 8 bytes");
    }
    launcher->setLinkage(llvm::GlobalValue::InternalLinkage);
    launcher->addFnAttr(llvm::Attribute::NoUnwind);
    body->setLinkage(llvm::GlobalValue::InternalLinkage);

    // task(ctx, begin, end): body(begin, end, slots...).
    auto *task =
        llvm::Function::Create(taskType, llvm::GlobalValue::InternalLinkage,
                               entry.launcher + ".task", module);
    task->addFnAttr(llvm::Attribute::NoUnwind);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "", task));
    llvm::SmallVector<llvm::Value *> bodyArgs = {task->getArg(1),
                                                 task->getArg(2)};
    for (unsigned i = 0; i < numSlots; ++i)
      bodyArgs.push_back(b.CreateAlignedLoad(
          launcherType->getParamType(i + 1),
          b.CreateConstInBoundsGEP1_64(i64, task->getArg(0), i),
          llvm::Align(8)));
    b.CreateCall(body, bodyArgs);
    b.CreateRetVoid();

    // The launcher.
    auto *entryBlock = llvm::BasicBlock::Create(ctx, "", launcher);
    auto *sizeBlock = llvm::BasicBlock::Create(ctx, "size", launcher);
    auto *checkBlock = llvm::BasicBlock::Create(ctx, "check", launcher);
    auto *parallelBlock = llvm::BasicBlock::Create(ctx, "parallel", launcher);
    auto *serialBlock = llvm::BasicBlock::Create(ctx, "serial", launcher);
    b.SetInsertPoint(entryBlock);
    llvm::Value *n = launcher->getArg(0);
    llvm::Value *slots = llvm::ConstantPointerNull::get(ptr);
    if (numSlots) {
      slots = b.CreateAlloca(llvm::ArrayType::get(i64, numSlots));
      cast<llvm::AllocaInst>(slots)->setAlignment(llvm::Align(8));
      for (unsigned i = 0; i < numSlots; ++i)
        b.CreateAlignedStore(launcher->getArg(i + 1),
                             b.CreateConstInBoundsGEP1_64(i64, slots, i),
                             llvm::Align(8));
    }
    llvm::Value *hooks =
        b.CreateLoad(ptr, b.CreateThreadLocalAddress(runHooks));
    b.CreateCondBr(b.CreateIsNotNull(hooks), sizeBlock, serialBlock);

    // Only members the caller's struct_size covers may be read.
    b.SetInsertPoint(sizeBlock);
    llvm::Value *structSize =
        b.CreateLoad(i32, b.CreateStructGEP(hooksType, hooks, 0));
    b.CreateCondBr(
        b.CreateICmpUGE(structSize, llvm::ConstantInt::get(i32, hooksSize)),
        checkBlock, serialBlock);

    b.SetInsertPoint(checkBlock);
    llvm::Value *numThreads =
        b.CreateLoad(i32, b.CreateStructGEP(hooksType, hooks, 1));
    llvm::Value *parallelFor =
        b.CreateLoad(ptr, b.CreateStructGEP(hooksType, hooks, 3));
    b.CreateCondBr(
        b.CreateAnd(b.CreateICmpSGT(numThreads, llvm::ConstantInt::get(i32, 1)),
                    b.CreateIsNotNull(parallelFor)),
        parallelBlock, serialBlock);

    b.SetInsertPoint(parallelBlock);
    llvm::Value *pool =
        b.CreateLoad(ptr, b.CreateStructGEP(hooksType, hooks, 2));
    b.CreateCall(parallelForType, parallelFor, {pool, n, task, slots});
    b.CreateRetVoid();

    b.SetInsertPoint(serialBlock);
    b.CreateCall(task, {slots, llvm::ConstantInt::get(i64, 0), n});
    b.CreateRetVoid();
  }
  return runHooks;
}

std::unique_ptr<llvm::Module>
mlir::dlc::translateToModelLibrary(ModuleOp module,
                                   llvm::LLVMContext &llvmContext,
                                   const ModelSignature &signature,
                                   llvm::TargetMachine &targetMachine) {
  FailureOr<std::optional<std::vector<ProfileLayer>>> profileLayers =
      readProfileLayers(module);
  if (failed(profileLayers))
    return nullptr;
  FailureOr<std::vector<ParallelLauncher>> launchers =
      readParallelLaunchers(module);
  if (failed(launchers))
    return nullptr;
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

  FailureOr<llvm::GlobalVariable *> runHooks =
      defineParallelLaunchers(*llvmModule, *launchers, module);
  if (failed(runHooks))
    return nullptr;

  std::string target = targetMachine.getTargetTriple().str() + " " +
                       targetMachine.getTargetCPU().str();
  AbiBuilder(*llvmModule, workspace)
      .build(signature, main, target,
             *profileLayers ? &**profileLayers : nullptr, *runHooks);
  return llvmModule;
}
