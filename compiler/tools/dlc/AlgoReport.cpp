//===- AlgoReport.cpp - dlc --report=algo ---------------------------------===//

#include "AlgoReport.h"

#include <map>

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {
struct Candidate {
  std::string algo, note;
  std::optional<double> cycles;
};
struct Layer {
  std::string node, shape, algo, reason;
  double flops = 0;
  std::vector<Candidate> candidates;
};
} // namespace

static std::vector<Layer> readLayers(ModuleOp module) {
  std::vector<Layer> layers;
  auto report = module->getAttrOfType<ArrayAttr>("dlc.algo_report");
  if (!report)
    return layers;
  auto str = [](DictionaryAttr dict, StringRef key) {
    auto value = dict.getAs<StringAttr>(key);
    return value ? value.str() : std::string();
  };
  for (auto entry : report.getAsRange<DictionaryAttr>()) {
    Layer layer;
    layer.node = str(entry, "node");
    layer.shape = str(entry, "shape");
    layer.algo = str(entry, "algo");
    layer.reason = str(entry, "reason");
    if (auto flops = entry.getAs<FloatAttr>("flops"))
      layer.flops = flops.getValueAsDouble();
    if (auto candidates = entry.getAs<ArrayAttr>("candidates"))
      for (auto c : candidates.getAsRange<DictionaryAttr>()) {
        Candidate candidate{str(c, "algo"), str(c, "note"), std::nullopt};
        if (auto cycles = c.getAs<FloatAttr>("cycles"))
          candidate.cycles = cycles.getValueAsDouble();
        layer.candidates.push_back(candidate);
      }
    layers.push_back(std::move(layer));
  }
  return layers;
}

void mlir::dlc::printAlgoReportText(ModuleOp module, raw_ostream &os,
                                    StringRef modelPath) {
  std::vector<Layer> layers = readLayers(module);
  os << modelPath << ": convolution algorithms (" << layers.size()
     << " conv layers; estimates in cycles of one core)\n";
  if (layers.empty()) {
    os << "  no conv layer was given an algorithm (at -O0 every conv is the "
          "reference loop nest unless --conv-algo or --algo-config is "
          "given)\n";
    return;
  }
  size_t nodeWidth = 5, shapeWidth = 5;
  for (const Layer &layer : layers) {
    nodeWidth = std::max(nodeWidth, layer.node.size());
    shapeWidth = std::max(shapeWidth, layer.shape.size());
  }
  os << llvm::left_justify("layer", nodeWidth) << "  "
     << llvm::left_justify("shape", shapeWidth) << "  "
     << llvm::right_justify("MFLOP", 9) << "  "
     << llvm::left_justify("algo", 11) << "  reason\n";
  std::map<std::string, int> counts;
  for (const Layer &layer : layers) {
    ++counts[layer.algo];
    os << llvm::left_justify(layer.node, nodeWidth) << "  "
       << llvm::left_justify(layer.shape, shapeWidth) << "  "
       << llvm::format("%9.1f", layer.flops / 1e6) << "  "
       << llvm::left_justify(layer.algo, 11) << "  " << layer.reason << "\n";
    os << llvm::left_justify("", nodeWidth) << "    candidates:";
    bool first = true;
    for (const Candidate &c : layer.candidates) {
      os << (first ? " " : "; ") << c.algo << " ";
      if (c.cycles)
        os << llvm::format("%.3g", *c.cycles) << " (" << c.note << ")";
      else
        os << "n/a (" << c.note << ")";
      first = false;
    }
    os << "\n";
  }
  os << "chosen:";
  for (const auto &[algo, count] : counts)
    os << " " << algo << " " << count;
  os << "\n";
}

void mlir::dlc::printAlgoReportJson(ModuleOp module, raw_ostream &os,
                                    StringRef modelPath) {
  llvm::json::Array layers;
  for (const Layer &layer : readLayers(module)) {
    llvm::json::Array candidates;
    for (const Candidate &c : layer.candidates)
      candidates.push_back(llvm::json::Object{
          {"algo", c.algo},
          {"cycles", c.cycles ? llvm::json::Value(*c.cycles)
                              : llvm::json::Value(nullptr)},
          {"note", c.note}});
    layers.push_back(llvm::json::Object{{"node", layer.node},
                                        {"shape", layer.shape},
                                        {"flops", layer.flops},
                                        {"algo", layer.algo},
                                        {"reason", layer.reason},
                                        {"candidates", std::move(candidates)}});
  }
  os << llvm::formatv("{0:2}",
                      llvm::json::Value(llvm::json::Object{
                          {"model", modelPath}, {"layers", std::move(layers)}}))
     << "\n";
}
