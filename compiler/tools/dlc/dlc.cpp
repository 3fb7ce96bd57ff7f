//===- dlc.cpp - The dlc compiler driver ----------------------------------===//
//
//   dlc model.onnx -o model.so      compile an ONNX model to a shared library
//   dlc run model.so [--input ...]  run a compiled model once
//   dlc bench model.so [...]        time a compiled model (per layer with
//                                   a model built with --profile)
//
// Exit codes: 0 success, 1 error, 2 bad command line, 3 the model uses ops,
// attributes or types dlc does not support.
//
//===----------------------------------------------------------------------===//

#include "BenchCommand.h"
#include "CheckReport.h"
#include "Diagnostics.h"
#include "GraphReport.h"
#include "RunCommand.h"

#include "AlgoReport.h"
#include "dlc/Frontend/OnnxCheck.h"
#include "dlc/Frontend/OnnxImporter.h"
#include "dlc/Pipeline/Pipeline.h"
#include "dlc/Support/TensorFiles.h"
#include "dlc/Target/ModelLibrary.h"
#include "dlc/Transforms/PlanMemory.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Host.h"

#include <chrono>
#include <cstring>

using namespace mlir;
using namespace mlir::dlc;
namespace cl = llvm::cl;

namespace {

enum ExitCode { ExitOk = 0, ExitError = 1, ExitUsage = 2, ExitUnsupported = 3 };

enum class EmitKind { Mlir, LlvmDialect, Llvm, Asm, Obj, So };

cl::OptionCategory dlcCategory("dlc options");

cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.onnx>"),
                               cl::cat(dlcCategory));

cl::opt<std::string>
    outputPath("o",
               cl::desc("Output file (default: the input's name with the "
                        "extension of --emit; '-' for stdout)"),
               cl::value_desc("path"), cl::cat(dlcCategory));

cl::opt<EmitKind> emitKind(
    "emit", cl::desc("Stop after this stage and write its output"),
    cl::values(
        clEnumValN(EmitKind::Mlir, "mlir",
                   "the imported dlc-dialect module (before any pass)"),
        clEnumValN(EmitKind::LlvmDialect, "llvm-mlir",
                   "the module after the whole MLIR pipeline (LLVM dialect)"),
        clEnumValN(EmitKind::Llvm, "llvm", "optimised LLVM IR (.ll)"),
        clEnumValN(EmitKind::Asm, "asm", "target assembly (.s)"),
        clEnumValN(EmitKind::Obj, "obj", "an object file (.o)"),
        clEnumValN(EmitKind::So, "so", "the model shared library (default)")),
    cl::init(EmitKind::So), cl::cat(dlcCategory));

cl::opt<unsigned> optLevel(
    "O", cl::desc("Optimisation level 0-3 (default 2). -O0 runs no graph "
                  "optimisation and no LLVM optimisation"),
    cl::Prefix, cl::init(2), cl::cat(dlcCategory));

cl::opt<std::string> targetTriple(
    "mtriple", cl::desc("Target triple (default: the host)"),
    cl::value_desc("triple"), cl::cat(dlcCategory));

cl::opt<std::string> targetCpu(
    "mcpu",
    cl::desc("Target CPU, e.g. znver3, skylake-avx512 (default: the host CPU; "
             "'generic' when --mtriple names another target). Its vector "
             "width (AVX2 or AVX-512) also sets the conv kernels' register "
             "tiles"),
    cl::value_desc("cpu"), cl::cat(dlcCategory));

cl::opt<std::string> targetFeatures(
    "mattr", cl::desc("Target features, e.g. +avx2,+fma (default: the host's)"),
    cl::value_desc("features"), cl::cat(dlcCategory));

cl::opt<std::string> dumpIrDir(
    "dump-ir",
    cl::desc("Write the IR before the pipeline and after every pass to "
             "DIR/NN-<pass>.mlir, and the LLVM IR to DIR/NN-llvm.ll"),
    cl::value_desc("DIR"), cl::cat(dlcCategory));

cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Override the shape of a graph input, e.g. "
             "--input-shape data:1x3x224x224 (repeatable)"),
    cl::value_desc("NAME:DIMS"), cl::cat(dlcCategory));

cl::list<std::string> constantInputs(
    "const-input",
    cl::desc("Give graph input NAME the fixed value in FILE (.npy or ONNX "
             "TensorProto .pb): it becomes a constant and the compiled model "
             "no longer takes it, e.g. a Resize's scales or a Reshape's shape "
             "(repeatable)"),
    cl::value_desc("NAME=FILE"), cl::cat(dlcCategory));

cl::opt<bool> checkOnly(
    "check",
    cl::desc("Check the model instead of compiling it: list every node (and "
             "graph input) dlc cannot import, with the reason, and the op "
             "types used; exit 0 if it would compile, 3 if it uses what dlc "
             "does not support, 1 if it is invalid (--report-format=json for "
             "JSON)"),
    cl::cat(dlcCategory));

cl::opt<bool> printPipeline(
    "print-pipeline",
    cl::desc("Print the pass pipeline for the chosen -O level and exit"),
    cl::cat(dlcCategory));

cl::opt<bool> profile(
    "profile",
    cl::desc("Build per-layer timing into the library, for `dlc bench "
             "--per-layer` (element-wise ops are then not fused across "
             "layers)"),
    cl::cat(dlcCategory));

cl::list<std::string> disabledPasses(
    "disable-pass",
    cl::desc("Leave an optimisation pass out of the pipeline (repeatable or "
             "comma-separated), e.g. --disable-pass=dlc-fuse-activation; "
             "--print-pipeline lists the passes"),
    cl::value_desc("NAME"), cl::CommaSeparated, cl::cat(dlcCategory));

cl::opt<std::string> convAlgo(
    "conv-algo",
    cl::desc("Compute every conv with this algorithm where it can (elsewhere "
             "the cost model chooses): loops, gemm (1x1), indirect (implicit "
             "im2col), im2col, winograd (F(4x4,3x3)), winograd_f2, fft, "
             "direct (depthwise), dense (1x1 convs on 1x1 images), im2row "
             "(output pixels as GEMM rows: small images); "
             "--report=algo shows the choices"),
    cl::value_desc("NAME"), cl::cat(dlcCategory));

cl::opt<std::string> algoConfig(
    "algo-config",
    cl::desc("JSON file choosing the algorithm of single conv layers by ONNX "
             "node name, {\"conv1\": \"indirect\", ...}; wins over "
             "--conv-algo"),
    cl::value_desc("FILE.json"), cl::cat(dlcCategory));

enum class ReportKind { None, Graph, Algo };
cl::opt<ReportKind> reportKind(
    "report", cl::desc("Print a report on the compile"),
    cl::values(clEnumValN(ReportKind::Graph, "graph",
                          "dlc ops after each graph pass, fusions made, "
                          "activation memory (arena vs naive)"),
               clEnumValN(ReportKind::Algo, "algo",
                          "each conv layer's shape, the estimated cost of "
                          "every algorithm, the choice and why")),
    cl::init(ReportKind::None), cl::cat(dlcCategory));

enum class ReportFormat { Text, Json };
cl::opt<ReportFormat> reportFormat(
    "report-format", cl::desc("Format of --report and --check"),
    cl::values(clEnumValN(ReportFormat::Text, "text", "aligned tables"),
               clEnumValN(ReportFormat::Json, "json", "one JSON object")),
    cl::init(ReportFormat::Text), cl::cat(dlcCategory));

cl::opt<std::string> reportFile(
    "report-file",
    cl::desc("Write --report (or --check) here instead of stdout"),
    cl::value_desc("path"), cl::cat(dlcCategory));

cl::opt<bool> verbose("v", cl::desc("Print each stage and its time"),
                      cl::cat(dlcCategory));

/// Prints the stages of a compile when -v is given.
class Progress {
public:
  void stage(StringRef what) {
    if (!verbose)
      return;
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - last).count();
    llvm::errs() << llvm::format("dlc: %-28s %8.3f s\n", what.str().c_str(),
                                 seconds);
    last = now;
  }

private:
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
};

/// --dump-ir: one numbered file per pass.
class DumpIrConfig : public PassManager::IRPrinterConfig {
public:
  DumpIrConfig(std::string dir, unsigned &counter)
      : IRPrinterConfig(/*printModuleScope=*/true, false, false,
                        OpPrintingFlags().elideLargeElementsAttrs(64)
                            .elideLargeResourceString(256)),
        dir(std::move(dir)), counter(counter) {}

  void printAfterIfEnabled(Pass *pass, Operation *,
                           PrintCallbackFn print) override {
    std::string name = pass->getArgument().str();
    if (name.empty())
      name = pass->getName().str();
    std::error_code ec;
    llvm::raw_fd_ostream os(fileFor(name, "mlir"), ec);
    if (!ec)
      print(os);
  }

  std::string fileFor(StringRef name, StringRef ext) {
    std::string file;
    llvm::raw_string_ostream os(file);
    os << llvm::format("%02u-", counter++) << name << "." << ext;
    // Pass options ("{...}") make poor file names.
    file = file.substr(0, file.find('{')) + (file.find('{') == std::string::npos ? "" : "." + ext.str());
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, file);
    return std::string(path);
  }

private:
  std::string dir;
  unsigned &counter;
};

} // namespace

static StringRef defaultExtension(EmitKind kind) {
  switch (kind) {
  case EmitKind::Mlir:
  case EmitKind::LlvmDialect:
    return ".mlir";
  case EmitKind::Llvm:
    return ".ll";
  case EmitKind::Asm:
    return ".s";
  case EmitKind::Obj:
    return ".o";
  case EmitKind::So:
    return ".so";
  }
  return ".so";
}

static std::string chooseOutputPath() {
  if (!outputPath.empty())
    return outputPath;
  if (emitKind == EmitKind::Mlir || emitKind == EmitKind::LlvmDialect ||
      emitKind == EmitKind::Llvm || emitKind == EmitKind::Asm)
    return "-";
  llvm::SmallString<256> path(llvm::sys::path::filename(inputPath));
  llvm::sys::path::replace_extension(path, defaultExtension(emitKind));
  return std::string(path);
}

static bool parseInputShapes(OnnxImportOptions &options) {
  for (const std::string &spec : inputShapes) {
    auto [name, dims] = StringRef(spec).rsplit(':');
    std::vector<int64_t> shape;
    bool ok = !name.empty() && !dims.empty();
    SmallVector<StringRef> parts;
    dims.split(parts, 'x');
    for (StringRef part : parts) {
      int64_t dim;
      if (part.getAsInteger(10, dim) || dim < 1) {
        ok = false;
        break;
      }
      shape.push_back(dim);
    }
    if (!ok) {
      llvm::errs() << "dlc: error: --input-shape '" << spec
                   << "' is not NAME:DIMS with positive dims, e.g. "
                      "data:1x3x224x224\n";
      return false;
    }
    options.inputShapes[name] = std::move(shape);
  }
  return true;
}

/// The ONNX TensorProto data type of a dlc_dtype.
static int32_t onnxDataType(dlc_dtype dtype) {
  switch (dtype) {
  case DLC_DTYPE_F32:
    return 1;
  case DLC_DTYPE_U8:
    return 2;
  case DLC_DTYPE_I8:
    return 3;
  case DLC_DTYPE_I32:
    return 6;
  case DLC_DTYPE_I64:
    return 7;
  case DLC_DTYPE_BOOL:
    return 9;
  case DLC_DTYPE_F16:
    return 10;
  case DLC_DTYPE_F64:
    return 11;
  default:
    return 0;
  }
}

static bool parseConstantInputs(OnnxImportOptions &options) {
  for (const std::string &spec : constantInputs) {
    auto [name, path] = StringRef(spec).split('=');
    if (name.empty() || path.empty()) {
      llvm::errs() << "dlc: error: --const-input '" << spec
                   << "' is not NAME=FILE, e.g. scales=scales.npy\n";
      return false;
    }
    ::dlc::support::HostTensor tensor;
    std::string error;
    if (::dlc::support::tensorFileKindFor(path.str()) ==
        ::dlc::support::TensorFileKind::Raw) {
      llvm::errs() << "dlc: error: --const-input " << name << ": '" << path
                   << "' is not a .npy or .pb file\n";
      return false;
    }
    if (!::dlc::support::readTensorFile(path.str(), DLC_DTYPE_INVALID, {},
                                        tensor, error)) {
      llvm::errs() << "dlc: error: --const-input " << name << ": " << error
                   << "\n";
      return false;
    }
    OnnxConstantInput &value = options.constantInputs[name];
    value.dataType = onnxDataType(tensor.dtype);
    value.dims = tensor.shape;
    value.rawData.assign(reinterpret_cast<const char *>(tensor.data()),
                         tensor.bytes.size());
  }
  return true;
}

template <typename Fn>
static bool writeOutput(StringRef path, Fn &&write) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    llvm::errs() << "dlc: error: cannot write '" << path << "': "
                 << ec.message() << "\n";
    return false;
  }
  write(out.os());
  out.keep();
  return true;
}

/// Prints `module` with large constant arrays (the weights) shown as
/// zeroinitializer, so --dump-ir stays readable for any model size.
static void printWithoutWeights(llvm::Module &module, raw_ostream &os) {
  constexpr uint64_t kLargeBytes = 1024;
  std::vector<std::pair<llvm::GlobalVariable *, llvm::Constant *>> elided;
  const llvm::DataLayout &layout = module.getDataLayout();
  for (llvm::GlobalVariable &global : module.globals()) {
    if (!global.hasInitializer() || !global.isConstant())
      continue;
    llvm::Constant *init = global.getInitializer();
    if (layout.getTypeAllocSize(init->getType()) < kLargeBytes)
      continue;
    elided.emplace_back(&global, init);
    global.setInitializer(llvm::ConstantAggregateZero::get(init->getType()));
  }
  os << "; " << elided.size()
     << " weight arrays of 1 KiB or more are printed as zeroinitializer\n";
  module.print(os, nullptr);
  for (auto [global, init] : elided)
    global->setInitializer(init);
}

/// -v: what dlc-plan-memory made of the model's buffers.
static void printMemoryPlan(ModuleOp module) {
  std::optional<memory_plan::Summary> plan = memory_plan::readSummary(module);
  if (!plan)
    return;
  auto size = [](uint64_t bytes) {
    if (bytes < 1024)
      return llvm::formatv("{0} B", bytes).str();
    if (bytes < 1024 * 1024)
      return llvm::formatv("{0:F1} KiB", bytes / 1024.0).str();
    return llvm::formatv("{0:F2} MiB", bytes / (1024.0 * 1024.0)).str();
  };
  llvm::errs() << "dlc: memory plan: " << plan->plannedBuffers
               << " buffers in a " << size(plan->workspaceBytes)
               << " workspace (" << size(plan->naiveBytes)
               << " one buffer each), " << plan->unplannedAllocs
               << " allocations left unplanned\n";
}

/// dlc --check: the importer's report on the model, nothing compiled.
static int check() {
  DialectRegistry registry;
  registerOnnxImporterDialects(registry);
  MLIRContext context(registry);
  OnnxImportOptions importOptions;
  if (!parseInputShapes(importOptions) || !parseConstantInputs(importOptions))
    return ExitUsage;
  OnnxCheckReport report = checkOnnxModel(context, inputPath, importOptions);
  std::string path = reportFile.empty() ? "-" : reportFile.getValue();
  if (!writeOutput(path, [&](raw_ostream &os) {
        if (reportFormat == ReportFormat::Json)
          printCheckJson(os, report, inputPath);
        else
          printCheckText(os, report, inputPath);
      }))
    return ExitError;
  return checkExitCode(report);
}

/// The target machine of --mtriple/--mcpu/--mattr (the host by default),
/// or null after reporting why there is none.
static std::unique_ptr<llvm::TargetMachine> createTarget() {
  std::string error;
  TargetOptions targetOptions{targetTriple, targetCpu, targetFeatures,
                              optLevel};
  std::unique_ptr<llvm::TargetMachine> machine =
      createTargetMachine(targetOptions, error);
  if (!machine)
    llvm::errs() << "dlc: error: " << error << "\n";
  return machine;
}

/// The pipeline the command line asks for, for `machine`.
static PipelineOptions getPipelineOptions(const llvm::TargetMachine &machine) {
  PipelineOptions options;
  options.optLevel = optLevel;
  options.profile = profile;
  options.disabledPasses.assign(disabledPasses.begin(), disabledPasses.end());
  options.convAlgo = convAlgo;
  options.algoConfig = algoConfig;
  options.vectorBits = getVectorRegisterBits(machine);
  return options;
}

static int compile() {
  Progress progress;
  // First, so that a bad --mcpu fails before the model is read; the
  // kernels' register tiles depend on it.
  std::unique_ptr<llvm::TargetMachine> machine = createTarget();
  if (!machine)
    return ExitUsage;
  DialectRegistry registry;
  registerCompilerDialects(registry);
  registerOnnxImporterDialects(registry);
  MLIRContext context(registry);
  CompilerDiagnosticHandler diagnostics(&context);

  OnnxImportOptions importOptions;
  if (!parseInputShapes(importOptions) || !parseConstantInputs(importOptions))
    return ExitUsage;
  OnnxImportResult imported = importOnnxModel(context, inputPath, importOptions);
  if (imported.status == OnnxImportStatus::Unsupported)
    return ExitUnsupported;
  if (imported.status != OnnxImportStatus::Success || !imported.module)
    return ExitError;
  ModuleOp module = *imported.module;
  progress.stage("import");

  std::string output = chooseOutputPath();
  if (emitKind == EmitKind::Mlir)
    return writeOutput(output, [&](raw_ostream &os) { module.print(os); })
               ? ExitOk
               : ExitError;

  FailureOr<ModelSignature> signature = getModelSignature(module);
  if (failed(signature))
    return ExitError;

  unsigned dumpCounter = 0;
  std::unique_ptr<DumpIrConfig> dumpConfig;
  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return ExitUsage;
  DefaultTimingManager timing;
  applyDefaultTimingManagerCLOptions(timing);
  TimingScope timingScope = timing.getRootScope();
  pm.enableTiming(timingScope);
  if (!dumpIrDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(dumpIrDir)) {
      llvm::errs() << "dlc: error: cannot create '" << dumpIrDir
                   << "': " << ec.message() << "\n";
      return ExitError;
    }
    context.disableMultithreading();
    dumpConfig = std::make_unique<DumpIrConfig>(dumpIrDir, dumpCounter);
    {
      std::error_code ec;
      llvm::raw_fd_ostream os(dumpConfig->fileFor("import", "mlir"), ec);
      module.print(os, OpPrintingFlags()
                           .elideLargeElementsAttrs(64)
                           .elideLargeResourceString(256));
    }
    pm.enableIRPrinting(
        std::make_unique<DumpIrConfig>(dumpIrDir, dumpCounter));
  }
  PipelineOptions pipelineOptions = getPipelineOptions(*machine);
  GraphReport graphReport;
  if (reportKind == ReportKind::Graph) {
    graphReport.recordImport(module);
    pm.addInstrumentation(graphReport.createInstrumentation());
  }
  if (failed(buildLoweringPipeline(pm, pipelineOptions)))
    return ExitError;
  if (failed(pm.run(module)))
    return ExitError;
  if (reportKind == ReportKind::Algo) {
    std::string path = reportFile.empty() ? "-" : reportFile.getValue();
    if (!writeOutput(path, [&](raw_ostream &os) {
          if (reportFormat == ReportFormat::Json)
            printAlgoReportJson(module, os, inputPath);
          else
            printAlgoReportText(module, os, inputPath);
        }))
      return ExitError;
  }
  if (reportKind == ReportKind::Graph) {
    graphReport.recordFinal(module);
    std::string path = reportFile.empty() ? "-" : reportFile.getValue();
    if (!writeOutput(path, [&](raw_ostream &os) {
          if (reportFormat == ReportFormat::Json)
            graphReport.printJson(os, inputPath);
          else
            graphReport.printText(os, inputPath);
        }))
      return ExitError;
  }
  timingScope.stop();
  progress.stage("MLIR pipeline");
  if (verbose)
    printMemoryPlan(module);

  if (emitKind == EmitKind::LlvmDialect)
    return writeOutput(output, [&](raw_ostream &os) { module.print(os); })
               ? ExitOk
               : ExitError;

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateToModelLibrary(module, llvmContext, *signature, *machine);
  if (!llvmModule)
    return ExitError;
  imported.module = nullptr; // frees the MLIR module and its weights early
  progress.stage("translate to LLVM IR");
  if (optLevel > 0 && failed(optimizeModule(*llvmModule, *machine, optLevel)))
    return ExitError;
  progress.stage("LLVM optimisation");
  if (dumpConfig) {
    std::error_code ec;
    llvm::raw_fd_ostream os(dumpConfig->fileFor("llvm", "ll"), ec);
    if (!ec)
      printWithoutWeights(*llvmModule, os);
  }

  switch (emitKind) {
  case EmitKind::Llvm:
    return writeOutput(output,
                       [&](raw_ostream &os) { llvmModule->print(os, nullptr); })
               ? ExitOk
               : ExitError;
  case EmitKind::Asm:
    return succeeded(emitMachineCode(*llvmModule, *machine,
                                     llvm::CodeGenFileType::AssemblyFile,
                                     output))
               ? ExitOk
               : ExitError;
  case EmitKind::Obj:
    return succeeded(emitMachineCode(*llvmModule, *machine,
                                     llvm::CodeGenFileType::ObjectFile, output))
               ? ExitOk
               : ExitError;
  default:
    break;
  }

  llvm::SmallString<256> objectPath;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("dlc-model", "o", objectPath)) {
    llvm::errs() << "dlc: error: cannot create a temporary file: "
                 << ec.message() << "\n";
    return ExitError;
  }
  llvm::FileRemover removeObject(objectPath);
  if (failed(emitMachineCode(*llvmModule, *machine,
                             llvm::CodeGenFileType::ObjectFile, objectPath)))
    return ExitError;
  progress.stage("code generation");
  if (failed(linkSharedLibrary(objectPath, output)))
    return ExitError;
  progress.stage("link");
  return ExitOk;
}

static void printVersion(raw_ostream &os) {
  os << "dlc " DLC_VERSION_STRING " (MLIR/LLVM " LLVM_VERSION_STRING
        ", model ABI v"
     << 1 << ")\n  default target: " << llvm::sys::getDefaultTargetTriple()
     << ", host CPU: " << llvm::sys::getHostCPUName() << "\n";
}

int main(int argc, char **argv) {
  if (argc > 1 && std::strcmp(argv[1], "run") == 0) {
    std::string name = "dlc run";
    std::vector<char *> args = {name.data()};
    args.insert(args.end(), argv + 2, argv + argc);
    return ::dlc::tools::runCommandMain(static_cast<int>(args.size()),
                                      args.data());
  }

  if (argc > 1 && std::strcmp(argv[1], "bench") == 0) {
    std::string name = "dlc bench";
    std::vector<char *> args = {name.data()};
    args.insert(args.end(), argv + 2, argv + argc);
    return ::dlc::tools::benchCommandMain(static_cast<int>(args.size()),
                                          args.data());
  }

  llvm::InitLLVM initLLVM(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  registerCompilerPasses();
  cl::SetVersionPrinter(printVersion);
  cl::AddExtraVersionPrinter([](raw_ostream &) {});
  cl::HideUnrelatedOptions(dlcCategory);
  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "dlc: compile an ONNX model into a shared library\n\n"
          "  dlc model.onnx -o model.so [options]\n"
          "  dlc --check model.onnx [--input-shape NAME:DIMS]... "
          "[--report-format=json]\n"
          "      (list what dlc cannot import, compile nothing)\n"
          "  dlc run model.so [--input NAME=FILE]... [--output-dir DIR]\n"
          "      (run a compiled model; `dlc run --help` for its options)\n"
          "  dlc bench model.so [--runs N] [--threads N] [--per-layer]\n"
          "      (time a compiled model; `dlc bench --help` for its options)\n\n"
          "Exit codes: 0 success, 1 error, 2 bad command line, 3 the model "
          "uses ops, attributes or types dlc does not support.\n\n"
          "MLIR's own options also work (see --help-hidden for all):\n"
          "  --mlir-print-ir-after-all      print the IR after every pass\n"
          "  --mlir-print-ir-after-change   ... only after passes that changed "
          "it\n"
          "  --mlir-print-ir-after=<pass>   ... after the named passes\n"
          "  --mlir-print-debuginfo         print locations (ONNX node names)\n"
          "  --mlir-elide-elementsattrs-if-larger=<n>  shorten weights in "
          "printed IR\n"
          "  --mlir-timing                  time every pass\n",
          &errorStream)) {
    llvm::errs() << errors;
    return ExitUsage;
  }
  std::vector<std::string> optional = getOptionalPasses();
  for (const std::string &name : disabledPasses) {
    if (!llvm::is_contained(optional, name)) {
      llvm::errs() << "dlc: error: --disable-pass=" << name
                   << ": not a pass that can be left out; those are: "
                   << llvm::join(optional, ", ") << "\n";
      return ExitUsage;
    }
  }
  if (printPipeline) {
    std::unique_ptr<llvm::TargetMachine> machine = createTarget();
    if (!machine)
      return ExitUsage;
    for (const std::string &pass :
         getLoweringPipeline(getPipelineOptions(*machine)))
      llvm::outs() << pass << "\n";
    return ExitOk;
  }
  if (inputPath.empty()) {
    llvm::errs() << "dlc: error: no input file (usage: dlc model.onnx -o "
                    "model.so; see --help)\n";
    return ExitUsage;
  }
  if (optLevel > 3) {
    llvm::errs() << "dlc: error: -O" << optLevel
                 << " is not a level (use -O0 to -O3)\n";
    return ExitUsage;
  }
  if (checkOnly)
    return check();
  return compile();
}
