//===- ImportNN.cpp - Conv, pooling, BatchNorm, Gemm, MatMul, Softmax -----===//

#include "GraphImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include "llvm/ADT/APFloat.h"

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::onnx_import;

//===----------------------------------------------------------------------===//
// Sliding-window attributes (Conv, MaxPool, AveragePool)
//===----------------------------------------------------------------------===//

/// Reports Unsupported when a sliding-window node is not 2-D: kernel_shape
/// with other than 2 dims, or an input (or Conv weight) of a known rank other
/// than 4. Runs before ONNX's shape inference: ranks are known for graph
/// inputs, initializers and what the model declares.
static void checkTwoDimensional(OnnxNode &node, StringRef what) {
  if (std::optional<SmallVector<int64_t>> kernel = node.getInts("kernel_shape");
      kernel && kernel->size() != 2) {
    node.unsupported() << kernel->size() << "-D " << what << " (kernel_shape "
                       << formatShape(*kernel) << "); dlc supports 2-D " << what
                       << " only";
    return;
  }
  const llvm::StringMap<int64_t> &ranks = node.importer().knownRanks;
  unsigned operands = node.opType() == "Conv" ? 2 : 1;
  for (unsigned i = 0; i < operands; ++i) {
    auto rank = ranks.find(node.inputName(i));
    if (!node.hasInput(i) || rank == ranks.end() || rank->second < 3 ||
        rank->second == 4)
      continue;
    node.unsupported() << rank->second - 2 << "-D " << what << " ("
                       << (i == 0 ? "input '" : "weight '") << node.inputName(i)
                       << "' has rank " << rank->second
                       << "); dlc supports 2-D " << what << " only";
    return;
  }
}

/// A 2-value attribute such as strides or dilations, 1s when absent.
static FailureOr<SmallVector<int64_t>> pairAttr(OnnxNode &node,
                                                StringRef attrName) {
  std::optional<SmallVector<int64_t>> values = node.getInts(attrName);
  if (node.hadError())
    return failure();
  if (!values)
    return SmallVector<int64_t>{1, 1};
  if (values->size() != 2) {
    node.invalid() << "'" << attrName << "' must have 2 values, got "
                   << values->size();
    return failure();
  }
  return *values;
}

/// The pads [top, left, bottom, right] of a 2-D window from auto_pad and
/// pads, following ONNX: SAME_* pads so that out = ceil(in / stride), the
/// odd pixel at the end (SAME_UPPER) or the beginning (SAME_LOWER).
static FailureOr<SmallVector<int64_t>>
resolvePads(OnnxNode &node, ArrayRef<int64_t> inputSpatial,
            ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
            ArrayRef<int64_t> dilations, bool &isSamePadding) {
  std::string autoPad = node.getString("auto_pad", "NOTSET");
  std::optional<SmallVector<int64_t>> pads = node.getInts("pads");
  if (node.hadError())
    return failure();
  isSamePadding = false;
  if (autoPad == "NOTSET" || autoPad.empty()) {
    if (!pads)
      return SmallVector<int64_t>(4, 0);
    if (pads->size() != 4) {
      node.invalid() << "'pads' must have 4 values (begin and end of 2 "
                        "spatial dims), got "
                     << pads->size();
      return failure();
    }
    if (llvm::any_of(*pads, [](int64_t pad) { return pad < 0; })) {
      node.invalid() << "'pads' must not be negative, got "
                     << formatShape(*pads);
      return failure();
    }
    return *pads;
  }
  if (autoPad == "VALID")
    return SmallVector<int64_t>(4, 0);
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER") {
    node.invalid() << "auto_pad '" << autoPad
                   << "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID";
    return failure();
  }
  isSamePadding = true;
  SmallVector<int64_t> result(4, 0);
  for (int i = 0; i < 2; ++i) {
    if (strides[i] < 1 || dilations[i] < 1 || kernel[i] < 1) {
      node.invalid() << "kernel, strides and dilations must be >= 1";
      return failure();
    }
    int64_t out = (inputSpatial[i] + strides[i] - 1) / strides[i];
    int64_t effectiveKernel = (kernel[i] - 1) * dilations[i] + 1;
    int64_t total = std::max<int64_t>(
        (out - 1) * strides[i] + effectiveKernel - inputSpatial[i], 0);
    int64_t small = total / 2, big = total - small;
    bool upper = autoPad == "SAME_UPPER";
    result[i] = upper ? small : big;
    result[i + 2] = upper ? big : small;
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

void mlir::dlc::onnx_import::checkConv(OnnxNode &node) {
  checkTwoDimensional(node, "convolution");
}

LogicalResult mlir::dlc::onnx_import::importConv(OnnxNode &node) {
  if (failed(node.checkArity(2, 3)))
    return failure();
  FailureOr<Value> input = node.input(0), filter = node.input(1);
  if (failed(input) || failed(filter))
    return failure();
  FailureOr<Value> bias = node.optionalInput(2);
  if (failed(bias))
    return failure();
  ArrayRef<int64_t> inputShape = shapeOf(*input),
                    filterShape = shapeOf(*filter);
  if (inputShape.size() != 4) {
    if (inputShape.size() >= 3)
      node.unsupported() << inputShape.size() - 2 << "-D convolution (input "
                         << formatShape(inputShape)
                         << "); dlc supports 2-D convolution only";
    else
      node.invalid() << "input " << formatShape(inputShape)
                     << " must have rank >= 3 (N, C, spatial...)";
    return failure();
  }
  if (filterShape.size() != 4) {
    node.invalid() << "the 2-D convolution of a " << formatShape(inputShape)
                   << " input needs a 4-D weight, got "
                   << formatShape(filterShape);
    return failure();
  }
  std::optional<SmallVector<int64_t>> kernelAttr = node.getInts("kernel_shape");
  int64_t group = node.getInt("group", 1);
  FailureOr<SmallVector<int64_t>> strides = pairAttr(node, "strides");
  FailureOr<SmallVector<int64_t>> dilations = pairAttr(node, "dilations");
  if (node.hadError() || failed(strides) || failed(dilations))
    return failure();
  ArrayRef<int64_t> kernel = filterShape.drop_front(2);
  if (kernelAttr && ArrayRef<int64_t>(*kernelAttr) != kernel) {
    node.invalid() << "kernel_shape " << formatShape(*kernelAttr)
                   << " does not match the weight " << formatShape(filterShape);
    return failure();
  }
  bool isSame;
  FailureOr<SmallVector<int64_t>> pads = resolvePads(
      node, inputShape.drop_front(2), kernel, *strides, *dilations, isSame);
  if (failed(pads))
    return failure();
  if (*bias) {
    ArrayRef<int64_t> biasShape = shapeOf(*bias);
    if (biasShape.size() != 1 || biasShape[0] != filterShape[0]) {
      node.invalid() << "bias must have " << filterShape[0]
                     << " values (one per output channel), got "
                     << formatShape(biasShape);
      return failure();
    }
  }
  FailureOr<Shape> shape =
      inferConv2dShape(inputShape, filterShape, *strides, *pads, *dilations,
                       group, [&] { return node.invalid(); });
  if (failed(shape))
    return failure();
  auto conv = Conv2dOp::create(
      node.builder(), node.loc(), node.importer().f32Tensor(*shape), *input,
      *filter, *bias, *strides, *pads, *dilations, group);
  return node.setOutput(0, conv);
}

//===----------------------------------------------------------------------===//
// MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool
//===----------------------------------------------------------------------===//

void mlir::dlc::onnx_import::checkPool(OnnxNode &node) {
  checkTwoDimensional(node, "pooling");
  if (node.opType() == "MaxPool" && node.isOutputUsed(1))
    node.unsupported() << "the Indices output '" << node.proto().output(1)
                       << "' is used; dlc computes only the pooled values";
}

namespace {
/// The parts MaxPool and AveragePool share.
struct PoolParams {
  Value input;
  SmallVector<int64_t> kernel, strides, pads, dilations;
  bool ceilMode = false;
  Shape resultShape;
};
} // namespace

static FailureOr<PoolParams> readPool(OnnxNode &node, bool hasDilations) {
  if (failed(node.checkArity(1, 1, /*maxOutputs=*/2)))
    return failure();
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  PoolParams params;
  params.input = *input;
  ArrayRef<int64_t> inputShape = shapeOf(*input);
  if (inputShape.size() != 4) {
    if (inputShape.size() >= 3)
      node.unsupported() << inputShape.size() - 2 << "-D pooling (input "
                         << formatShape(inputShape)
                         << "); dlc supports 2-D pooling only";
    else
      node.invalid() << "input " << formatShape(inputShape)
                     << " must have rank >= 3 (N, C, spatial...)";
    return failure();
  }
  std::optional<SmallVector<int64_t>> kernel = node.getInts("kernel_shape");
  // ceil_mode and dilations exist from opset 10.
  bool ceilMode = node.opset() >= 10 && node.getInt("ceil_mode", 0) != 0;
  if (node.hadError())
    return failure();
  if (!kernel || kernel->size() != 2) {
    node.invalid() << "'kernel_shape' must have 2 values, got "
                   << (kernel ? std::to_string(kernel->size()) : "none");
    return failure();
  }
  params.kernel = *kernel;
  FailureOr<SmallVector<int64_t>> strides = pairAttr(node, "strides");
  FailureOr<SmallVector<int64_t>> dilations = hasDilations && node.opset() >= 10
                                                  ? pairAttr(node, "dilations")
                                                  : SmallVector<int64_t>{1, 1};
  if (failed(strides) || failed(dilations))
    return failure();
  params.strides = *strides;
  params.dilations = *dilations;
  bool isSame;
  FailureOr<SmallVector<int64_t>> pads =
      resolvePads(node, inputShape.drop_front(2), params.kernel, params.strides,
                  params.dilations, isSame);
  if (failed(pads))
    return failure();
  params.pads = *pads;
  // With SAME_* padding the output size is ceil(in / stride) whatever
  // ceil_mode says, which the computed pads give without it.
  params.ceilMode = ceilMode && !isSame;
  FailureOr<Shape> shape = inferPool2dShape(
      inputShape, params.kernel, params.strides, params.pads, params.dilations,
      params.ceilMode, [&] { return node.invalid(); });
  if (failed(shape))
    return failure();
  params.resultShape = *shape;
  return params;
}

LogicalResult mlir::dlc::onnx_import::importMaxPool(OnnxNode &node) {
  FailureOr<PoolParams> params = readPool(node, /*hasDilations=*/true);
  if (failed(params))
    return failure();
  auto pool =
      MaxPool2dOp::create(node.builder(), node.loc(),
                          node.importer().f32Tensor(params->resultShape),
                          params->input, params->kernel, params->strides,
                          params->pads, params->dilations, params->ceilMode);
  return node.setOutput(0, pool);
}

LogicalResult mlir::dlc::onnx_import::importAveragePool(OnnxNode &node) {
  FailureOr<PoolParams> params = readPool(node, /*hasDilations=*/false);
  if (failed(params))
    return failure();
  // count_include_pad exists from opset 7.
  bool countIncludePad =
      node.opset() >= 7 && node.getInt("count_include_pad", 0) != 0;
  if (node.hadError())
    return failure();
  auto pool =
      AvgPool2dOp::create(node.builder(), node.loc(),
                          node.importer().f32Tensor(params->resultShape),
                          params->input, params->kernel, params->strides,
                          params->pads, params->ceilMode, countIncludePad);
  return node.setOutput(0, pool);
}

LogicalResult mlir::dlc::onnx_import::importGlobalPool(OnnxNode &node) {
  if (failed(node.checkArity(1, 1)))
    return failure();
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> inputShape = shapeOf(*input);
  if (inputShape.size() < 3) {
    node.invalid() << "input " << formatShape(inputShape)
                   << " must have rank >= 3 (N, C, spatial...)";
    return failure();
  }
  Shape shape(inputShape.begin(), inputShape.end());
  std::fill(shape.begin() + 2, shape.end(), 1);
  RankedTensorType type = node.importer().f32Tensor(shape);
  Value result;
  if (node.opType() == "GlobalAveragePool")
    result = GlobalAvgPoolOp::create(node.builder(), node.loc(), type, *input);
  else
    result = GlobalMaxPoolOp::create(node.builder(), node.loc(), type, *input);
  return node.setOutput(0, result);
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

void mlir::dlc::onnx_import::checkBatchNorm(OnnxNode &node) {
  // Before opset 7 the default (is_test=0) is training mode.
  if (node.opset() < 7 && node.getInt("is_test", 0) == 0)
    node.unsupported() << "is_test=0 asks for training mode (statistics of "
                          "the batch); dlc imports inference-mode "
                          "BatchNormalization only";
  if (node.opset() < 9 && node.getInt("spatial", 1) == 0)
    node.unsupported() << "spatial=0 (statistics per activation rather than "
                          "per channel) is not supported";
  if (node.opset() >= 14 && node.getInt("training_mode", 0) != 0)
    node.unsupported() << "training_mode=1 is not supported; dlc imports "
                          "inference-mode BatchNormalization only";
  for (int i = 1; i < node.proto().output_size(); ++i)
    if (node.isOutputUsed(i))
      node.unsupported() << "output #" << i << " ('" << node.proto().output(i)
                         << "', a training statistic) is used; dlc imports "
                            "inference-mode BatchNormalization only";
}

LogicalResult mlir::dlc::onnx_import::importBatchNorm(OnnxNode &node) {
  if (failed(node.checkArity(5, 5, /*maxOutputs=*/5)))
    return failure();
  SmallVector<Value, 5> operands;
  for (unsigned i = 0; i < 5; ++i) {
    FailureOr<Value> operand = node.input(i);
    if (failed(operand))
      return failure();
    operands.push_back(*operand);
  }
  float epsilon = node.getFloat("epsilon", 1e-5f);
  if (node.hadError())
    return failure();
  ArrayRef<int64_t> inputShape = shapeOf(operands[0]);
  if (inputShape.size() < 2) {
    node.invalid() << "input " << formatShape(inputShape)
                   << " must have rank >= 2 (N, C, ...)";
    return failure();
  }
  const char *roles[] = {"scale", "bias", "mean", "variance"};
  for (int i = 0; i < 4; ++i) {
    ArrayRef<int64_t> shape = shapeOf(operands[i + 1]);
    if (shape.size() != 1 || shape[0] != inputShape[1]) {
      node.invalid() << roles[i] << " must have " << inputShape[1]
                     << " values (one per channel of the input "
                     << formatShape(inputShape) << "), got "
                     << formatShape(shape);
      return failure();
    }
  }
  auto batchNorm =
      BatchNormOp::create(node.builder(), node.loc(), operands[0].getType(),
                          operands[0], operands[1], operands[2], operands[3],
                          operands[4], llvm::APFloat(epsilon));
  return node.setOutput(0, batchNorm);
}

//===----------------------------------------------------------------------===//
// Gemm, MatMul
//===----------------------------------------------------------------------===//

LogicalResult mlir::dlc::onnx_import::importGemm(OnnxNode &node) {
  if (failed(node.checkArity(2, 3)))
    return failure();
  FailureOr<Value> a = node.input(0), b = node.input(1);
  if (failed(a) || failed(b))
    return failure();
  FailureOr<Value> c = node.optionalInput(2);
  if (failed(c))
    return failure();
  float alpha = node.getFloat("alpha", 1.0f);
  float beta = node.getFloat("beta", 1.0f);
  bool transA = node.getInt("transA", 0) != 0;
  bool transB = node.getInt("transB", 0) != 0;
  // Before opset 7, C must already be [M, N] unless broadcast=1.
  bool broadcast = node.opset() >= 7 || node.getInt("broadcast", 0) != 0;
  if (node.hadError())
    return failure();
  std::optional<ArrayRef<int64_t>> cShape;
  if (*c)
    cShape = shapeOf(*c);
  FailureOr<Shape> shape =
      inferGemmShape(shapeOf(*a), shapeOf(*b), cShape, transA, transB,
                     [&] { return node.invalid(); });
  if (failed(shape))
    return failure();
  if (cShape && !broadcast && *cShape != ArrayRef<int64_t>(*shape)) {
    node.invalid() << "C " << formatShape(*cShape)
                   << " differs from the result " << formatShape(*shape)
                   << " and broadcast is not set";
    return failure();
  }
  // Named attributes rather than the full builder: attributes the compiler
  // adds later (fused epilogues) keep their defaults.
  OpBuilder &builder = node.builder();
  SmallVector<Value, 3> operands = {*a, *b};
  if (*c)
    operands.push_back(*c);
  NamedAttribute attrs[] = {
      builder.getNamedAttr("alpha", builder.getF32FloatAttr(alpha)),
      builder.getNamedAttr("beta", builder.getF32FloatAttr(beta)),
      builder.getNamedAttr("trans_a", builder.getBoolAttr(transA)),
      builder.getNamedAttr("trans_b", builder.getBoolAttr(transB))};
  auto gemm = GemmOp::create(builder, node.loc(),
                             TypeRange{node.importer().f32Tensor(*shape)},
                             operands, attrs);
  return node.setOutput(0, gemm);
}

LogicalResult mlir::dlc::onnx_import::importMatMul(OnnxNode &node) {
  if (failed(node.checkArity(2, 2)))
    return failure();
  FailureOr<Value> lhs = node.input(0), rhs = node.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<Shape> shape = inferMatMulShape(shapeOf(*lhs), shapeOf(*rhs),
                                            [&] { return node.invalid(); });
  if (failed(shape))
    return failure();
  auto matmul = MatMulOp::create(node.builder(), node.loc(),
                                 node.importer().f32Tensor(*shape), *lhs, *rhs);
  return node.setOutput(0, matmul);
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

LogicalResult mlir::dlc::onnx_import::importSoftmax(OnnxNode &node) {
  if (failed(node.checkArity(1, 1)))
    return failure();
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*input);
  int64_t rank = shape.size();
  if (rank == 0) {
    node.invalid() << "input must have rank >= 1, got a scalar";
    return failure();
  }
  bool legacy = node.opset() < 13;
  int64_t axisAttr = node.getInt("axis", legacy ? 1 : -1);
  if (node.hadError())
    return failure();
  // Before opset 13 the input is coerced to 2-D [prod(d[:axis]),
  // prod(d[axis:])] and normalised along its rows; axis == rank is valid.
  FailureOr<int64_t> axis =
      normalizeAxis(node, axisAttr, rank, "axis", /*inclusiveEnd=*/legacy);
  if (failed(axis))
    return failure();
  OpBuilder &builder = node.builder();
  if (!legacy || *axis == rank - 1) {
    auto softmax = SoftmaxOp::create(builder, node.loc(), input->getType(),
                                     *input, static_cast<uint64_t>(*axis));
    return node.setOutput(0, softmax);
  }
  int64_t rows = 1, cols = 1;
  for (int64_t i = 0; i < rank; ++i)
    (i < *axis ? rows : cols) *= shape[i];
  GraphImporter &graph = node.importer();
  Value flat = graph.reshape(node.loc(), *input, {rows, cols});
  Value softmax = SoftmaxOp::create(builder, node.loc(), flat.getType(), flat,
                                    static_cast<uint64_t>(1));
  return node.setOutput(0, graph.reshape(node.loc(), softmax, shape));
}

//===----------------------------------------------------------------------===//
// ReduceMean / ReduceSum / ReduceMax
//===----------------------------------------------------------------------===//

LogicalResult mlir::dlc::onnx_import::importReduce(OnnxNode &node) {
  // ReduceSum takes its axes as an input from opset 13; the others (up to
  // opset 17) as an attribute.
  bool axesAreInput = node.opType() == "ReduceSum" && node.opset() >= 13;
  if (failed(axesAreInput ? node.checkArity(1, 2) : node.checkArity(1, 1)))
    return failure();
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  bool keepDims = node.getInt("keepdims", 1) != 0;
  bool noopWithEmptyAxes = node.getInt("noop_with_empty_axes", 0) != 0;
  std::optional<SmallVector<int64_t>> axes;
  if (axesAreInput) {
    FailureOr<std::optional<SmallVector<int64_t>>> in =
        node.constantInts(1, "axes");
    if (failed(in))
      return failure();
    axes = *in;
  } else {
    axes = node.getInts("axes");
  }
  if (node.hadError())
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*input);
  int64_t rank = shape.size();
  SmallVector<int64_t> normalized;
  if (!axes || axes->empty()) {
    if (noopWithEmptyAxes)
      return node.setOutput(0, *input);
    for (int64_t i = 0; i < rank; ++i)
      normalized.push_back(i);
  } else {
    for (int64_t axis : *axes) {
      FailureOr<int64_t> n = normalizeAxis(node, axis, rank, "axis");
      if (failed(n))
        return failure();
      if (llvm::is_contained(normalized, *n)) {
        node.invalid() << "axes repeat axis " << *n;
        return failure();
      }
      normalized.push_back(*n);
    }
    llvm::sort(normalized);
  }
  FailureOr<Shape> kept =
      inferReduceShape(shape, normalized, [&] { return node.invalid(); });
  if (failed(kept))
    return failure();
  RankedTensorType type = node.importer().f32Tensor(*kept);
  OpBuilder &b = node.builder();
  Value result;
  if (node.opType() == "ReduceMean")
    result = ReduceMeanOp::create(b, node.loc(), type, *input, normalized);
  else if (node.opType() == "ReduceSum")
    result = ReduceSumOp::create(b, node.loc(), type, *input, normalized);
  else
    result = ReduceMaxOp::create(b, node.loc(), type, *input, normalized);
  if (!keepDims) {
    SmallVector<int64_t> dropped;
    for (int64_t i = 0; i < rank; ++i)
      if (!llvm::is_contained(normalized, i))
        dropped.push_back(shape[i]);
    result = node.importer().reshape(node.loc(), result, dropped);
  }
  return node.setOutput(0, result);
}

//===----------------------------------------------------------------------===//
// ConvTranspose: a stride-1 convolution of the zero-upsampled, padded input
// with the spatially flipped, transposed weight. 1-D imports as 2-D with a
// height of 1.
//===----------------------------------------------------------------------===//

void mlir::dlc::onnx_import::checkConvTranspose(OnnxNode &node) {
  // Runs before shape inference: the kernel_shape attribute and the known
  // ranks tell 3-D and higher apart.
  if (std::optional<SmallVector<int64_t>> kernel = node.getInts("kernel_shape");
      kernel && kernel->size() > 2) {
    node.unsupported() << kernel->size() << "-D ConvTranspose (kernel_shape "
                       << formatShape(*kernel)
                       << "); dlc supports 1-D and 2-D ConvTranspose only";
    return;
  }
  const llvm::StringMap<int64_t> &ranks = node.importer().knownRanks;
  for (unsigned i = 0; i < 2; ++i) {
    auto rank = ranks.find(node.inputName(i));
    if (node.hasInput(i) && rank != ranks.end() && rank->second > 4) {
      node.unsupported() << rank->second - 2 << "-D ConvTranspose ("
                         << (i == 0 ? "input '" : "weight '")
                         << node.inputName(i) << "' has rank " << rank->second
                         << "); dlc supports 1-D and 2-D ConvTranspose only";
      return;
    }
  }
}

/// `value` reversed along `axis` (a concat of one-element slices).
static Value flipAxis(OnnxNode &node, Value value, int64_t axis) {
  ArrayRef<int64_t> shape = shapeOf(value);
  if (shape[axis] == 1)
    return value;
  SmallVector<int64_t> offsets(shape.size(), 0), strides(shape.size(), 1);
  SmallVector<int64_t> pieceShape(shape.begin(), shape.end());
  pieceShape[axis] = 1;
  SmallVector<Value> pieces;
  for (int64_t i = shape[axis] - 1; i >= 0; --i) {
    offsets[axis] = i;
    pieces.push_back(SliceOp::create(node.builder(), node.loc(),
                                     node.importer().f32Tensor(pieceShape),
                                     value, offsets, strides));
  }
  return ConcatOp::create(node.builder(), node.loc(),
                          node.importer().f32Tensor(shape), pieces,
                          static_cast<uint64_t>(axis));
}

/// A per-spatial-dim attribute of a `spatial`-D ConvTranspose (`count`
/// values per dim: 1, or 2 for pads), `fill` when absent.
static FailureOr<SmallVector<int64_t>>
spatialAttr(OnnxNode &node, StringRef attrName, int64_t spatial, int64_t count,
            int64_t fill) {
  std::optional<SmallVector<int64_t>> values = node.getInts(attrName);
  if (node.hadError())
    return failure();
  if (!values)
    return SmallVector<int64_t>(spatial * count, fill);
  if (static_cast<int64_t>(values->size()) != spatial * count) {
    node.invalid() << "'" << attrName << "' must have " << spatial * count
                   << " values for a " << spatial << "-D ConvTranspose, got "
                   << values->size();
    return failure();
  }
  return *values;
}

LogicalResult mlir::dlc::onnx_import::importConvTranspose(OnnxNode &node) {
  if (failed(node.checkArity(2, 3)))
    return failure();
  FailureOr<Value> input = node.input(0), weight = node.input(1);
  if (failed(input) || failed(weight))
    return failure();
  FailureOr<Value> bias = node.optionalInput(2);
  if (failed(bias))
    return failure();
  ArrayRef<int64_t> inputShape = shapeOf(*input), weightShape = shapeOf(*weight);
  int64_t rank = inputShape.size();
  if (rank > 4) {
    node.unsupported() << rank - 2 << "-D ConvTranspose (input "
                       << formatShape(inputShape)
                       << "); dlc supports 1-D and 2-D ConvTranspose only";
    return failure();
  }
  if (rank < 3) {
    node.invalid() << "input " << formatShape(inputShape)
                   << " must have rank >= 3 (N, C, spatial...)";
    return failure();
  }
  int64_t spatial = rank - 2;
  int64_t group = node.getInt("group", 1);
  std::string autoPad = node.getString("auto_pad", "NOTSET");
  std::optional<SmallVector<int64_t>> kernelAttr = node.getInts("kernel_shape");
  std::optional<SmallVector<int64_t>> outputShapeAttr =
      node.getInts("output_shape");
  if (node.hadError())
    return failure();
  if (static_cast<int64_t>(weightShape.size()) != rank ||
      weightShape[0] != inputShape[1]) {
    node.invalid() << "weight " << formatShape(weightShape) << " must be [C_in="
                   << inputShape[1] << ", C_out / group, kernel...] for the input "
                   << formatShape(inputShape);
    return failure();
  }
  if (group < 1 || inputShape[1] % group != 0) {
    node.invalid() << "group=" << group << " must be positive and divide the "
                   << inputShape[1] << " input channels";
    return failure();
  }
  ArrayRef<int64_t> kernelDims = weightShape.drop_front(2);
  if (kernelAttr && ArrayRef<int64_t>(*kernelAttr) != kernelDims) {
    node.invalid() << "kernel_shape " << formatShape(*kernelAttr)
                   << " does not match the weight " << formatShape(weightShape);
    return failure();
  }
  if (autoPad.empty())
    autoPad = "NOTSET";
  if (!llvm::is_contained({"NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER"},
                          autoPad)) {
    node.invalid() << "auto_pad '" << autoPad
                   << "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID";
    return failure();
  }
  FailureOr<SmallVector<int64_t>> strides =
      spatialAttr(node, "strides", spatial, 1, 1);
  FailureOr<SmallVector<int64_t>> dilations =
      spatialAttr(node, "dilations", spatial, 1, 1);
  FailureOr<SmallVector<int64_t>> padsAttr =
      spatialAttr(node, "pads", spatial, 2, 0);
  FailureOr<SmallVector<int64_t>> outPadAttr =
      spatialAttr(node, "output_padding", spatial, 1, 0);
  if (failed(strides) || failed(dilations) || failed(padsAttr) ||
      failed(outPadAttr))
    return failure();
  // output_shape lists the spatial dims, or (as some exporters write it)
  // all of them.
  SmallVector<int64_t> outputShape;
  if (outputShapeAttr) {
    outputShape = *outputShapeAttr;
    if (static_cast<int64_t>(outputShape.size()) == rank)
      outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
    if (static_cast<int64_t>(outputShape.size()) != spatial) {
      node.invalid() << "'output_shape' must have " << spatial
                     << " values (the spatial dims), got "
                     << outputShapeAttr->size();
      return failure();
    }
  }

  // Everything as 2-D: a 1-D ConvTranspose gets a leading height of 1.
  auto as2d = [&](ArrayRef<int64_t> values, int64_t fill) {
    SmallVector<int64_t> result(values.begin(), values.end());
    if (spatial == 1)
      result.insert(result.begin(), fill);
    return result;
  };
  SmallVector<int64_t> in = as2d(inputShape.drop_front(2), 1);
  SmallVector<int64_t> kernel = as2d(kernelDims, 1);
  SmallVector<int64_t> s = as2d(*strides, 1), d = as2d(*dilations, 1);
  SmallVector<int64_t> outPad = as2d(*outPadAttr, 0);
  SmallVector<int64_t> padBegin = as2d(ArrayRef(*padsAttr).take_front(spatial), 0);
  SmallVector<int64_t> padEnd = as2d(ArrayRef(*padsAttr).drop_front(spatial), 0);
  SmallVector<int64_t> requested = as2d(outputShape, 1);
  for (int i = 0; i < 2; ++i) {
    if (s[i] < 1 || d[i] < 1) {
      node.invalid() << "strides and dilations must be positive";
      return failure();
    }
    if (outPad[i] < 0 || outPad[i] >= std::max(s[i], d[i])) {
      node.invalid() << "output_padding " << formatShape(*outPadAttr)
                     << " must be non-negative and smaller than the stride or "
                        "the dilation";
      return failure();
    }
    if (padBegin[i] < 0 || padEnd[i] < 0) {
      node.invalid() << "'pads' must not be negative, got "
                     << formatShape(*padsAttr);
      return failure();
    }
  }

  // Per spatial dim: the rows of the full transposed convolution ("natural",
  // before any padding is taken off) and which of them the output keeps:
  // `head` cropped at the start, `out` kept.
  int64_t head[2], out[2];
  for (int i = 0; i < 2; ++i) {
    int64_t natural =
        s[i] * (in[i] - 1) + outPad[i] + d[i] * (kernel[i] - 1) + 1;
    bool same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
    if (!outputShape.empty() || same) {
      // ONNX: total padding natural - out, split as auto_pad says (the odd
      // one at the end for SAME_UPPER, at the start otherwise); an output
      // larger than natural grows at the end, as onnxruntime computes it.
      out[i] = !outputShape.empty() ? requested[i] : in[i] * s[i];
      int64_t total = std::max<int64_t>(natural - out[i], 0);
      head[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
    } else if (autoPad == "VALID") {
      head[i] = 0;
      out[i] = natural;
    } else {
      head[i] = padBegin[i];
      out[i] = natural - padBegin[i] - padEnd[i];
    }
    if (out[i] < 1) {
      node.invalid() << "the output would be empty (" << out[i]
                     << " along spatial dim " << i - (2 - spatial) << ")";
      return failure();
    }
  }

  OpBuilder &b = node.builder();
  Location loc = node.loc();
  GraphImporter &g = node.importer();
  int64_t n = inputShape[0], c = inputShape[1];
  int64_t h = in[0], w = in[1];
  int64_t kh = kernel[0], kw = kernel[1];
  int64_t cinGroup = c / group, coutGroup = weightShape[1];
  int64_t cout = coutGroup * group;
  if (*bias && shapeOf(*bias) != ArrayRef<int64_t>{cout}) {
    node.invalid() << "bias must have " << cout
                   << " values (one per output channel), got "
                   << formatShape(shapeOf(*bias));
    return failure();
  }
  Value x = g.reshape(loc, *input, {n, c, h, w});
  // Zero-upsample: [N,C,H,W] -> [N,C,H,1,W,1] -> pad -> [N,C,H*sh,W*sw]; the
  // trailing sh-1 / sw-1 zeros are taken off by the end padding below.
  if (s[0] > 1 || s[1] > 1) {
    x = g.reshape(loc, x, {n, c, h, 1, w, 1});
    SmallVector<int64_t> upPads = {0, 0, 0, 0, 0, 0,
                                   0, 0, 0, s[0] - 1, 0, s[1] - 1};
    x = PadOp::create(b, loc, g.f32Tensor({n, c, h, s[0], w, s[1]}), x,
                      upPads, llvm::APFloat(0.0f));
    x = g.reshape(loc, x, {n, c, h * s[0], w * s[1]});
  }
  // The stride-1 convolution reads out + d*(k-1) rows: d*(k-1) - head zero
  // rows before the upsampled input, and what is left after it; negative
  // amounts crop.
  int64_t begin[2], end[2];
  for (int i = 0; i < 2; ++i) {
    begin[i] = d[i] * (kernel[i] - 1) - head[i];
    end[i] = out[i] + d[i] * (kernel[i] - 1) - begin[i] - in[i] * s[i];
  }
  ArrayRef<int64_t> upShape = shapeOf(x);
  SmallVector<int64_t> positive = {0, 0, std::max<int64_t>(begin[0], 0),
                                   std::max<int64_t>(begin[1], 0), 0, 0,
                                   std::max<int64_t>(end[0], 0),
                                   std::max<int64_t>(end[1], 0)};
  SmallVector<int64_t> padded(upShape.begin(), upShape.end());
  for (int i = 0; i < 2; ++i)
    padded[2 + i] += positive[2 + i] + positive[6 + i];
  if (llvm::any_of(positive, [](int64_t p) { return p != 0; }))
    x = PadOp::create(b, loc, g.f32Tensor(padded), x, positive,
                      llvm::APFloat(0.0f));
  SmallVector<int64_t> offsets = {0, 0, std::max<int64_t>(-begin[0], 0),
                                  std::max<int64_t>(-begin[1], 0)};
  SmallVector<int64_t> cropped = padded;
  for (int i = 0; i < 2; ++i)
    cropped[2 + i] -=
        std::max<int64_t>(-begin[i], 0) + std::max<int64_t>(-end[i], 0);
  if (ArrayRef<int64_t>(cropped) != ArrayRef<int64_t>(padded))
    x = SliceOp::create(b, loc, g.f32Tensor(cropped), x, offsets,
                        SmallVector<int64_t>(4, 1));
  // The filter: [C_in, C_out/G, kH, kW] -> [G, C_in/G, C_out/G, kH, kW] ->
  // [G, C_out/G, C_in/G, kH, kW] -> [C_out, C_in/G, kH, kW], flipped.
  Value filter = g.reshape(loc, *weight, {c, coutGroup, kh, kw});
  if (group == 1) {
    filter = TransposeOp::create(b, loc, g.f32Tensor({coutGroup, c, kh, kw}),
                                 filter, SmallVector<int64_t>{1, 0, 2, 3});
  } else {
    filter = g.reshape(loc, filter, {group, cinGroup, coutGroup, kh, kw});
    filter = TransposeOp::create(
        b, loc, g.f32Tensor({group, coutGroup, cinGroup, kh, kw}), filter,
        SmallVector<int64_t>{0, 2, 1, 3, 4});
    filter = g.reshape(loc, filter, {cout, cinGroup, kh, kw});
  }
  filter = flipAxis(node, flipAxis(node, filter, 2), 3);
  SmallVector<int64_t> ones = {1, 1}, zeros = {0, 0, 0, 0};
  FailureOr<Shape> shape =
      inferConv2dShape(cropped, shapeOf(filter), ones, zeros, d, group,
                       [&] { return node.invalid(); });
  if (failed(shape))
    return failure();
  Value conv = Conv2dOp::create(b, loc, g.f32Tensor(*shape), x, filter, *bias,
                                ones, zeros, d, group);
  SmallVector<int64_t> resultShape = {n, cout};
  for (int i = 2 - spatial; i < 2; ++i)
    resultShape.push_back(out[i]);
  return node.setOutput(0, g.reshape(loc, conv, resultShape));
}

//===----------------------------------------------------------------------===//
// LRN: x / (bias + alpha / size * sum of squares over a channel window)^beta,
// the window sum as an average pool (count_include_pad) over channels.
//===----------------------------------------------------------------------===//

static Value scalarF32(OnnxNode &node, float value) {
  RankedTensorType type = node.importer().f32Tensor({1});
  return arith::ConstantOp::create(
      node.builder(), node.loc(),
      DenseElementsAttr::get(type, node.builder().getF32FloatAttr(value)));
}

LogicalResult mlir::dlc::onnx_import::importLRN(OnnxNode &node) {
  if (failed(node.checkArity(1, 1)))
    return failure();
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  float alpha = node.getFloat("alpha", 1e-4f);
  float beta = node.getFloat("beta", 0.75f);
  float bias = node.getFloat("bias", 1.0f);
  int64_t size = node.getInt("size", 0);
  if (node.hadError())
    return failure();
  if (size < 1) {
    node.invalid() << "size must be positive, got " << size;
    return failure();
  }
  ArrayRef<int64_t> shape = shapeOf(*input);
  if (shape.size() < 3) {
    node.invalid() << "input " << formatShape(shape)
                   << " must have rank >= 3 (N, C, spatial...)";
    return failure();
  }
  int64_t n = shape[0], c = shape[1], rest = 1;
  for (int64_t dim : shape.drop_front(2))
    rest *= dim;
  OpBuilder &b = node.builder();
  Location loc = node.loc();
  GraphImporter &g = node.importer();
  RankedTensorType type = g.f32Tensor(shape);
  Value squared = MulOp::create(b, loc, type, *input, *input);
  Value planes = g.reshape(loc, squared, {n, 1, c, rest});
  int64_t before = (size - 1) / 2, after = size - 1 - before;
  Value mean = AvgPool2dOp::create(
      b, loc, g.f32Tensor({n, 1, c, rest}), planes,
      SmallVector<int64_t>{size, 1}, SmallVector<int64_t>{1, 1},
      SmallVector<int64_t>{before, 0, after, 0}, /*ceilMode=*/false,
      /*countIncludePad=*/true);
  mean = g.reshape(loc, mean, shape);
  // alpha / size * sum = alpha * mean.
  Value scaled = MulOp::create(b, loc, type, mean, scalarF32(node, alpha));
  Value base = AddOp::create(b, loc, type, scaled, scalarF32(node, bias));
  Value denom = PowOp::create(b, loc, type, base, scalarF32(node, beta));
  return node.setOutput(0, DivOp::create(b, loc, type, *input, denom));
}
