//===- OnnxOpCoverage.cpp - The table of supported ONNX ops ---------------===//
//
// One row per supported op type: the model opsets it is imported for, what it
// becomes, its limits, and the functions that check and import it. The
// public view (OnnxOpCoverage.h) and the importer's dispatch both read it.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/OnnxOpCoverage.h"

#include "GraphImporter.h"

#include "llvm/ADT/STLExtras.h"

#include <vector>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::onnx_import;

namespace {
struct OpRow {
  OnnxOpCoverage coverage;
  OnnxOpHandler handler;
};
} // namespace

static constexpr int64_t kMin = kMinOnnxOpset, kMax = kMaxOnnxOpset;

// Sorted by op type (ASCII order).
static const OpRow kOps[] = {
    {{"Abs", kMin, kMax, "dlc.abs", ""}, {nullptr, importUnary}},
    {{"Add", kMin, kMax, "dlc.add", ""}, {nullptr, importBinary}},
    {{"AveragePool", kMin, kMax, "dlc.avg_pool2d", "2-D only"},
     {checkPool, importAveragePool}},
    {{"BatchNormalization", kMin, kMax, "dlc.batch_norm",
      "inference only: is_test=0, training_mode=1, spatial=0 and used "
      "statistics outputs are unsupported"},
     {checkBatchNorm, importBatchNorm}},
    {{"Cast", kMin, kMax, "(folded, or its input)",
      "folds integer constants; float32 to float32 only on activations"},
     {nullptr, importCast}},
    {{"Ceil", kMin, kMax, "dlc.ceil", ""}, {nullptr, importUnary}},
    {{"Clip", kMin, kMax, "dlc.clip", "min/max inputs must be constants"},
     {nullptr, importClip}},
    {{"Concat", kMin, kMax, "dlc.concat", ""}, {nullptr, importConcat}},
    {{"Constant", kMin, kMax, "arith.constant (when used as a tensor)",
      "tensor, float(s) and int(s) values; no sparse or string values"},
     {checkConstant, importConstant}},
    {{"ConstantOfShape", 9, kMax, "a constant",
      "the shape input must be a constant; float32 or integer value"},
     {checkConstantOfShape, importConstantOfShape}},
    {{"Conv", kMin, kMax, "dlc.conv2d", "2-D only"}, {checkConv, importConv}},
    {{"ConvTranspose", kMin, kMax,
      "dlc.pad + dlc.conv2d (zero-upsampled input, flipped weight)",
      "1-D and 2-D"},
     {checkConvTranspose, importConvTranspose}},
    {{"Div", kMin, kMax, "dlc.div", ""}, {nullptr, importBinary}},
    {{"Dropout", kMin, kMax, "(its input)",
      "inference only: a used mask output or a training_mode that is not "
      "constant false is unsupported"},
     {checkDropout, importDropout}},
    {{"Elu", kMin, kMax, "dlc.elu", ""}, {nullptr, importUnary}},
    {{"Erf", 9, kMax, "dlc.erf", ""}, {nullptr, importUnary}},
    {{"Exp", kMin, kMax, "dlc.exp", ""}, {nullptr, importUnary}},
    {{"Flatten", kMin, kMax, "dlc.reshape", ""}, {nullptr, importFlatten}},
    {{"Floor", kMin, kMax, "dlc.floor", ""}, {nullptr, importUnary}},
    {{"Gather", kMin, kMax, "dlc.slice (+ dlc.concat, dlc.reshape)",
      "constant indices; folded on integer constants"},
     {nullptr, importGather}},
    {{"Gemm", kMin, kMax, "dlc.gemm", ""}, {nullptr, importGemm}},
    {{"GlobalAveragePool", kMin, kMax, "dlc.global_avg_pool", ""},
     {nullptr, importGlobalPool}},
    {{"GlobalMaxPool", kMin, kMax, "dlc.global_max_pool", ""},
     {nullptr, importGlobalPool}},
    {{"HardSigmoid", kMin, kMax, "dlc.hard_sigmoid", ""},
     {nullptr, importUnary}},
    {{"HardSwish", 14, kMax, "dlc.hard_swish", ""}, {nullptr, importUnary}},
    {{"Identity", kMin, kMax, "(its input)", ""}, {nullptr, importIdentity}},
    {{"LRN", kMin, kMax,
      "dlc.mul, dlc.avg_pool2d over channels, dlc.add/pow/div", ""},
     {nullptr, importLRN}},
    {{"LeakyRelu", kMin, kMax, "dlc.leaky_relu", ""}, {nullptr, importUnary}},
    {{"Log", kMin, kMax, "dlc.log", ""}, {nullptr, importUnary}},
    {{"MatMul", kMin, kMax, "dlc.matmul", ""}, {nullptr, importMatMul}},
    {{"Max", kMin, kMax, "dlc.max (a chain)", ""}, {nullptr, importVariadic}},
    {{"MaxPool", kMin, kMax, "dlc.max_pool2d",
      "2-D only; the Indices output must be unused"},
     {checkPool, importMaxPool}},
    {{"Mean", kMin, kMax, "dlc.add (a chain) + dlc.div", ""},
     {nullptr, importVariadic}},
    {{"Min", kMin, kMax, "dlc.min (a chain)", ""}, {nullptr, importVariadic}},
    {{"Mul", kMin, kMax, "dlc.mul", ""}, {nullptr, importBinary}},
    {{"Neg", kMin, kMax, "dlc.neg", ""}, {nullptr, importUnary}},
    {{"PRelu", kMin, kMax, "dlc.prelu", ""}, {nullptr, importPRelu}},
    {{"Pad", kMin, kMax, "dlc.pad",
      "constant mode with non-negative constant pads only"},
     {checkPad, importPad}},
    {{"Pow", kMin, kMax, "dlc.pow", "an integer exponent must be a constant"},
     {nullptr, importBinary}},
    {{"Reciprocal", kMin, kMax, "dlc.reciprocal", ""}, {nullptr, importUnary}},
    {{"ReduceMax", kMin, kMax, "dlc.reduce_max (+ dlc.reshape)", ""},
     {nullptr, importReduce}},
    {{"ReduceMean", kMin, kMax, "dlc.reduce_mean (+ dlc.reshape)", ""},
     {nullptr, importReduce}},
    {{"ReduceSum", kMin, kMax, "dlc.reduce_sum (+ dlc.reshape)",
      "the axes input must be a constant"},
     {nullptr, importReduce}},
    {{"Relu", kMin, kMax, "dlc.relu", ""}, {nullptr, importUnary}},
    {{"Reshape", kMin, kMax, "dlc.reshape",
      "the shape input must be a constant"},
     {nullptr, importReshape}},
    {{"Resize", 10, kMax,
      "dlc.resize (nearest by integer factors: dlc.reshape + dlc.mul + "
      "dlc.reshape)",
      "constant scales or sizes; no tf_crop_and_resize"},
     {nullptr, importResize}},
    {{"Selu", kMin, kMax, "dlc.selu", ""}, {nullptr, importUnary}},
    {{"Shape", kMin, kMax, "a constant (shapes are static)", ""},
     {nullptr, importShape}},
    {{"Sigmoid", kMin, kMax, "dlc.sigmoid", ""}, {nullptr, importUnary}},
    {{"Slice", kMin, kMax, "dlc.slice (folded on integer constants)",
      "constant starts/ends/axes/steps; positive steps only"},
     {nullptr, importSlice}},
    {{"Softmax", kMin, kMax, "dlc.softmax (+ dlc.reshape before opset 13)", ""},
     {nullptr, importSoftmax}},
    {{"Softplus", kMin, kMax, "dlc.softplus", ""}, {nullptr, importUnary}},
    {{"Softsign", kMin, kMax, "dlc.softsign", ""}, {nullptr, importUnary}},
    {{"Split", kMin, kMax, "dlc.slice per output",
      "the split input must be a constant"},
     {nullptr, importSplit}},
    {{"Sqrt", kMin, kMax, "dlc.sqrt", ""}, {nullptr, importUnary}},
    {{"Squeeze", kMin, kMax, "dlc.reshape",
      "the axes input must be a constant"},
     {nullptr, importSqueeze}},
    {{"Sub", kMin, kMax, "dlc.sub", ""}, {nullptr, importBinary}},
    {{"Sum", kMin, kMax, "dlc.add (a chain)", ""}, {nullptr, importVariadic}},
    {{"Tanh", kMin, kMax, "dlc.tanh", ""}, {nullptr, importUnary}},
    {{"Transpose", kMin, kMax, "dlc.transpose", ""},
     {nullptr, importTranspose}},
    {{"Unsqueeze", kMin, kMax, "dlc.reshape",
      "the axes input must be a constant"},
     {nullptr, importUnsqueeze}},
    {{"Upsample", 7, 9, "as Resize", "constant scales"},
     {nullptr, importResize}},
};

static const OpRow *findRow(StringRef opType) {
  const OpRow *row = llvm::find_if(
      kOps, [&](const OpRow &r) { return r.coverage.opType == opType; });
  return row != std::end(kOps) ? row : nullptr;
}

ArrayRef<OnnxOpCoverage> mlir::dlc::getOnnxOpCoverage() {
  static const std::vector<OnnxOpCoverage> table = [] {
    std::vector<OnnxOpCoverage> rows;
    for (const OpRow &row : kOps)
      rows.push_back(row.coverage);
    return rows;
  }();
  return table;
}

bool mlir::dlc::isDefaultOnnxDomain(StringRef domain) {
  return domain.empty() || domain == "ai.onnx";
}

const OnnxOpCoverage *mlir::dlc::lookupOnnxOpCoverage(StringRef domain,
                                                      StringRef opType,
                                                      int64_t opset) {
  if (!isDefaultOnnxDomain(domain))
    return nullptr;
  const OpRow *row = findRow(opType);
  if (!row || opset < row->coverage.minOpset || opset > row->coverage.maxOpset)
    return nullptr;
  return &row->coverage;
}

const OnnxOpHandler *
mlir::dlc::onnx_import::lookupOnnxOpHandler(StringRef opType) {
  const OpRow *row = findRow(opType);
  return row ? &row->handler : nullptr;
}
