//===- ModelLibrary.h - From the LLVM dialect to model.so -------*- C++ -*-===//
//
// The back half of the compiler: translate the lowered module to LLVM IR,
// add the model.so C ABI (runtime/include/dlc/model_abi.h), optimise,
// generate machine code and link a shared library.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TARGET_MODELLIBRARY_H
#define DLC_TARGET_MODELLIBRARY_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::dlc {

/// One model input or output as the ABI describes it.
struct TensorSignature {
  std::string name;
  int32_t dtype = 1; // dlc_dtype: DLC_DTYPE_F32
  std::vector<int64_t> shape;
};

struct ModelSignature {
  std::string modelName;
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> outputs;
};

/// Reads the signature of `func.func @main` (and its dlc.input_names /
/// dlc.output_names) before lowering changes it.
FailureOr<ModelSignature> getModelSignature(ModuleOp module);

struct TargetOptions {
  std::string triple; // empty: the host
  std::string cpu;    // empty: the host CPU ("generic" when cross-compiling)
  std::string features;
  unsigned optLevel = 2;
};

/// Creates the TargetMachine for `options`; reports errors to `error`.
std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const TargetOptions &options, std::string &error);

/// The width in bits of the widest f32 vector registers `targetMachine`
/// generates code for: 512 with AVX-512, else 256 (what dlc's CPU kernels
/// are written for; LLVM splits their vectors on narrower targets).
int64_t getVectorRegisterBits(const llvm::TargetMachine &targetMachine);

/// Translates the LLVM-dialect module to LLVM IR, with the weights moved to
/// raw byte arrays (fast for any size) and the model.so ABI added. Every
/// other symbol becomes internal.
std::unique_ptr<llvm::Module>
translateToModelLibrary(ModuleOp module, llvm::LLVMContext &llvmContext,
                        const ModelSignature &signature,
                        llvm::TargetMachine &targetMachine);

/// Runs LLVM's -O<optLevel> pipeline on `module`.
LogicalResult optimizeModule(llvm::Module &module,
                             llvm::TargetMachine &targetMachine,
                             unsigned optLevel);

/// Writes `module` as assembly or an object file to `path`.
LogicalResult emitMachineCode(llvm::Module &module,
                              llvm::TargetMachine &targetMachine,
                              llvm::CodeGenFileType fileType,
                              llvm::StringRef path);

/// Links `objectPath` into the shared library `outputPath` with the system C
/// compiler driver (`$DLC_LINKER`, else `cc`).
LogicalResult linkSharedLibrary(llvm::StringRef objectPath,
                                llvm::StringRef outputPath);

} // namespace mlir::dlc

#endif // DLC_TARGET_MODELLIBRARY_H
