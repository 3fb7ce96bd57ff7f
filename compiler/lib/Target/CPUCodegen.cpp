//===- CPUCodegen.cpp - LLVM IR to machine code and model.so --------------===//

#include "dlc/Target/ModelLibrary.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::dlc;

static llvm::CodeGenOptLevel toCodeGenOptLevel(unsigned level) {
  switch (level) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

std::unique_ptr<llvm::TargetMachine>
mlir::dlc::createTargetMachine(const TargetOptions &options,
                               std::string &error) {
  static bool initialized = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialized;

  bool host = options.triple.empty();
  llvm::Triple triple(host ? llvm::sys::getDefaultTargetTriple()
                           : options.triple);
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  std::string cpu = options.cpu;
  std::string features = options.features;
  if (cpu.empty() || cpu == "native") {
    cpu = host ? llvm::sys::getHostCPUName().str() : "generic";
    if (host && features.empty()) {
      llvm::SubtargetFeatures hostFeatures;
      for (const auto &[name, enabled] : llvm::sys::getHostCPUFeatures())
        hostFeatures.AddFeature(name, enabled);
      features = hostFeatures.getString();
    }
  }
  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_, std::nullopt,
      toCodeGenOptLevel(options.optLevel)));
  if (!machine)
    error = "cannot create a target machine for " + triple.str() + " (" + cpu +
            ")";
  return machine;
}

int64_t
mlir::dlc::getVectorRegisterBits(const llvm::TargetMachine &targetMachine) {
  const llvm::MCSubtargetInfo *subtarget = targetMachine.getMCSubtargetInfo();
  if (targetMachine.getTargetTriple().isX86() && subtarget &&
      subtarget->checkFeatures("+avx512f"))
    return 512;
  return 256;
}

LogicalResult mlir::dlc::optimizeModule(llvm::Module &module,
                                        llvm::TargetMachine &targetMachine,
                                        unsigned optLevel) {
  auto transformer =
      makeOptimizingTransformer(std::min(optLevel, 3u), 0, &targetMachine);
  if (llvm::Error err = transformer(&module)) {
    llvm::errs() << "dlc: error: LLVM optimisation failed: "
                 << llvm::toString(std::move(err)) << "\n";
    return failure();
  }
  return success();
}

LogicalResult mlir::dlc::emitMachineCode(llvm::Module &module,
                                         llvm::TargetMachine &targetMachine,
                                         llvm::CodeGenFileType fileType,
                                         llvm::StringRef path) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    llvm::errs() << "dlc: error: cannot write '" << path << "': "
                 << ec.message() << "\n";
    return failure();
  }
  llvm::legacy::PassManager pm;
  if (targetMachine.addPassesToEmitFile(pm, out.os(), nullptr, fileType)) {
    llvm::errs() << "dlc: error: the target cannot emit this file type\n";
    return failure();
  }
  pm.run(module);
  out.keep();
  return success();
}

LogicalResult mlir::dlc::linkSharedLibrary(llvm::StringRef objectPath,
                                           llvm::StringRef outputPath) {
  std::string driver;
  if (const char *env = std::getenv("DLC_LINKER"))
    driver = env;
  else if (auto cc = llvm::sys::findProgramByName("cc"))
    driver = *cc;
  else if (auto gcc = llvm::sys::findProgramByName("gcc"))
    driver = *gcc;
  else {
    llvm::errs() << "dlc: error: no C compiler driver found to link '"
                 << outputPath << "' (install gcc or set DLC_LINKER)\n";
    return failure();
  }
  llvm::SmallVector<llvm::StringRef> args = {
      driver, "-shared", "-o", outputPath, objectPath, "-lm", "-Wl,-z,noexecstack"};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(driver, args, std::nullopt, {}, 0, 0,
                                     &message);
  if (rc != 0) {
    llvm::errs() << "dlc: error: linking '" << outputPath << "' with "
                 << driver << " failed"
                 << (message.empty() ? "" : ": " + message) << "\n";
    return failure();
  }
  return success();
}
