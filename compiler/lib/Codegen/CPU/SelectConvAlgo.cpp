//===- SelectConvAlgo.cpp - Choose each conv layer's kernel ---------------===//
//
// The one place where per-layer kernel decisions are made (lowerings only
// read `algo`). Records every decision in the module attribute
// `dlc.algo_report`, an array with one dictionary per conv layer:
//
//   {node = "<ONNX node>", shape = "<input> * <filter> -> <output> ...",
//    algo = "<chosen>", reason = "<why>",
//    candidates = [{algo = "gemm", cycles = 1.0e6 : f64, note = "..."}, ...]}
//
// (cycles absent where the algorithm cannot compute the layer).
//
//===----------------------------------------------------------------------===//

#include "ConvCostModel.h"

#include "dlc/Codegen/Passes.h"
#include "dlc/Dialect/DlcShapes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_SELECTCONVALGO
#include "dlc/Codegen/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::cpu;

/// "auto, direct, ...": every algorithm name, for error messages.
static std::string algoNames() {
  std::string names;
  for (unsigned i = 0; i <= getMaxEnumValForConvAlgo(); ++i)
    if (std::optional<ConvAlgo> algo = symbolizeConvAlgo(i))
      names += (names.empty() ? "" : ", ") + stringifyConvAlgo(*algo).str();
  return names;
}

/// The ONNX node name(s) of `loc`, '+'-joined for fused layers.
static std::string nodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    std::string joined;
    for (Location part : fused.getLocations()) {
      std::string name = nodeName(part);
      if (name.empty())
        continue;
      if (!joined.empty())
        joined += "+";
      joined += name;
    }
    return joined;
  }
  return "";
}

static std::string describe(const ConvShape &s) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << formatShape({s.batch, s.channels, s.height, s.width}) << " * "
     << formatShape({s.filters, s.channels / s.group, s.kernelH, s.kernelW})
     << " -> " << formatShape({s.batch, s.filters, s.outH, s.outW}) << " s"
     << s.strideH << (s.strideH == s.strideW ? "" : "x" + std::to_string(s.strideW))
     << " p" << s.padTop << "," << s.padLeft << "," << s.padBottom << ","
     << s.padRight;
  if (s.dilationH != 1 || s.dilationW != 1)
    os << " d" << s.dilationH << "x" << s.dilationW;
  if (s.group != 1)
    os << " g" << s.group;
  return text;
}

namespace {

struct SelectConvAlgoPass
    : dlc::impl::SelectConvAlgoBase<SelectConvAlgoPass> {
  using SelectConvAlgoBase::SelectConvAlgoBase;

  LogicalResult loadConfig(llvm::StringMap<ConvAlgo> &config) {
    if (algoConfig.empty())
      return success();
    auto buffer = llvm::MemoryBuffer::getFile(algoConfig);
    if (!buffer)
      return emitError(getOperation().getLoc())
             << "cannot read the algorithm config '" << algoConfig
             << "': " << buffer.getError().message();
    llvm::Expected<llvm::json::Value> json =
        llvm::json::parse((*buffer)->getBuffer());
    if (!json)
      return emitError(getOperation().getLoc())
             << algoConfig << ": invalid JSON: "
             << llvm::toString(json.takeError());
    const llvm::json::Object *object = json->getAsObject();
    if (!object)
      return emitError(getOperation().getLoc())
             << algoConfig
             << ": expected an object {\"<ONNX node>\": \"<algo>\", ...}";
    for (const auto &[node, value] : *object) {
      std::optional<StringRef> name = value.getAsString();
      std::optional<ConvAlgo> algo =
          name ? symbolizeConvAlgo(*name) : std::nullopt;
      if (!algo)
        return emitError(getOperation().getLoc())
               << algoConfig << ": node '" << node.str()
               << "': unknown algorithm (expected one of " << algoNames()
               << ")";
      config[node.str()] = *algo;
    }
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::optional<ConvAlgo> forced;
    if (!convAlgo.empty()) {
      forced = symbolizeConvAlgo(convAlgo);
      if (!forced) {
        emitError(module.getLoc())
            << "unknown convolution algorithm '" << convAlgo
            << "' (expected one of " << algoNames() << ")";
        return signalPassFailure();
      }
    }
    llvm::StringMap<ConvAlgo> config;
    if (failed(loadConfig(config)))
      return signalPassFailure();

    Builder b(&getContext());
    SmallVector<Attribute> report;
    llvm::StringSet<> seen;
    module.walk([&](Conv2dOp op) {
      if (op.getAlgo() != ConvAlgo::Auto)
        return;
      ConvShape shape = ConvShape::get(op);
      std::string node = nodeName(op.getLoc());
      SmallVector<AlgoEstimate> estimates;
      for (ConvAlgo algo : getKernelAlgorithms())
        estimates.push_back(estimate(algo, shape, vectorBits));

      const AlgoEstimate *best = nullptr;
      for (const AlgoEstimate &e : estimates)
        if (e.cycles && (!best || *e.cycles < *best->cycles))
          best = &e;
      std::string reason = "lowest estimate";
      auto request = [&](ConvAlgo wanted, StringRef source) {
        if (wanted == ConvAlgo::Auto)
          return;
        for (const AlgoEstimate &e : estimates)
          if (e.algo == wanted) {
            if (e.cycles) {
              best = &e;
              reason = source.str();
            } else {
              reason = (source + " '" + stringifyConvAlgo(wanted) +
                        "' cannot compute this layer (" + e.why +
                        "); lowest estimate instead")
                           .str();
            }
            return;
          }
        reason = (source + " '" + stringifyConvAlgo(wanted) +
                  "' has no CPU kernel; lowest estimate instead")
                     .str();
      };
      if (forced)
        request(*forced, "--conv-algo");
      // A fused layer (conv1+bn1+relu1) answers to any of its nodes' names.
      SmallVector<StringRef> names;
      StringRef(node).split(names, '+');
      names.push_back(node);
      for (StringRef name : names) {
        auto configured = config.find(name);
        if (configured == config.end())
          continue;
        seen.insert(name);
        request(configured->second, "--algo-config");
        break;
      }
      op.setAlgo(best->algo);

      SmallVector<Attribute> candidates;
      for (const AlgoEstimate &e : estimates) {
        NamedAttrList entry;
        entry.set("algo", b.getStringAttr(stringifyConvAlgo(e.algo)));
        if (e.cycles)
          entry.set("cycles", b.getF64FloatAttr(*e.cycles));
        entry.set("note", b.getStringAttr(e.why));
        candidates.push_back(entry.getDictionary(&getContext()));
      }
      NamedAttrList layer;
      layer.set("node", b.getStringAttr(node));
      layer.set("shape", b.getStringAttr(describe(shape)));
      layer.set("flops", b.getF64FloatAttr(shape.flops()));
      layer.set("algo", b.getStringAttr(stringifyConvAlgo(best->algo)));
      layer.set("reason", b.getStringAttr(reason));
      layer.set("candidates", b.getArrayAttr(candidates));
      report.push_back(layer.getDictionary(&getContext()));
    });
    for (const auto &entry : config)
      if (!seen.contains(entry.getKey()))
        emitWarning(module.getLoc())
            << algoConfig << ": no conv layer is named '" << entry.getKey()
            << "' (the setting is ignored)";
    if (!report.empty())
      module->setAttr("dlc.algo_report", b.getArrayAttr(report));
  }
};

} // namespace
