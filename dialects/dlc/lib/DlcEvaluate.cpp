//===- DlcEvaluate.cpp - Evaluate dlc ops on constant values --------------===//
//
// Plain loops over row-major buffers. Index arithmetic goes through
// per-dimension strides, with stride 0 for broadcast dimensions, so one
// loop over the result's multi-index serves every op that only moves or
// broadcasts data.
//
//===----------------------------------------------------------------------===//

#include "dlc/Dialect/DlcEvaluate.h"
#include "dlc/Dialect/DlcOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::dlc;

std::optional<std::vector<float>> mlir::dlc::getFloatElements(Attribute attr) {
  auto elements = dyn_cast<ElementsAttr>(attr);
  if (!elements)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(elements.getType());
  if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
    return std::nullopt;
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data)
      return std::nullopt;
    if (data->size() == 1 && type.getNumElements() != 1)
      return std::vector<float>(type.getNumElements(), data->front());
    if (int64_t(data->size()) != type.getNumElements())
      return std::nullopt;
    return std::vector<float>(data->begin(), data->end());
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (dense.isSplat())
      return std::vector<float>(type.getNumElements(),
                                dense.getSplatValue<float>());
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  return std::nullopt;
}

std::optional<float> mlir::dlc::getSplatFloat(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || !dense.isSplat() || !dense.getElementType().isF32())
    return std::nullopt;
  return dense.getSplatValue<float>();
}

//===----------------------------------------------------------------------===//
// Scalar formulas (as in DlcToLinalg's Elementwise.cpp and LoweringUtils)
//===----------------------------------------------------------------------===//

namespace {

using Shape = SmallVector<int64_t>;

float nanMax(float x, float y) {
  if (std::isnan(x) || std::isnan(y))
    return std::numeric_limits<float>::quiet_NaN();
  return std::max(x, y);
}

float nanMin(float x, float y) {
  if (std::isnan(x) || std::isnan(y))
    return std::numeric_limits<float>::quiet_NaN();
  return std::min(x, y);
}

float clamp(float x, float lo, float hi) { return nanMin(nanMax(x, lo), hi); }

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

float applyActivation(Activation activation, float alpha, float beta, float x) {
  switch (activation) {
  case Activation::None:
    return x;
  case Activation::Relu:
    return nanMax(x, 0.0f);
  case Activation::LeakyRelu:
    return x < 0.0f ? x * alpha : x;
  case Activation::Clip:
    return clamp(x, alpha, beta);
  case Activation::Sigmoid:
    return sigmoid(x);
  case Activation::Tanh:
    return std::tanh(x);
  case Activation::HardSigmoid:
    return clamp(x * alpha + beta, 0.0f, 1.0f);
  case Activation::HardSwish:
    return x * clamp(x * (1.0f / 6.0f) + 0.5f, 0.0f, 1.0f);
  case Activation::Silu:
    return x * sigmoid(x);
  }
  return x;
}

std::optional<float> evaluateUnary(Operation *op, float x) {
  return llvm::TypeSwitch<Operation *, std::optional<float>>(op)
      .Case([&](ReluOp) { return applyActivation(Activation::Relu, 0, 0, x); })
      .Case([&](SigmoidOp) { return sigmoid(x); })
      .Case([&](TanhOp) { return std::tanh(x); })
      .Case([&](ExpOp) { return std::exp(x); })
      .Case([&](LogOp) { return std::log(x); })
      .Case([&](AbsOp) { return std::fabs(x); })
      .Case([&](NegOp) { return -x; })
      .Case([&](SqrtOp) { return std::sqrt(x); })
      .Case([&](ReciprocalOp) { return 1.0f / x; })
      .Case([&](FloorOp) { return std::floor(x); })
      .Case([&](CeilOp) { return std::ceil(x); })
      .Case([&](ErfOp) { return std::erf(x); })
      .Case([&](SoftplusOp) {
        return nanMax(x, 0.0f) + std::log1p(std::exp(-std::fabs(x)));
      })
      .Case([&](SoftsignOp) { return x / (1.0f + std::fabs(x)); })
      .Case([&](HardSwishOp) {
        return applyActivation(Activation::HardSwish, 0, 0, x);
      })
      .Case([&](LeakyReluOp op) {
        return applyActivation(Activation::LeakyRelu,
                               op.getAlpha().convertToFloat(), 0, x);
      })
      .Case([&](EluOp op) {
        return x < 0.0f ? op.getAlpha().convertToFloat() * (std::exp(x) - 1.0f)
                        : x;
      })
      .Case([&](SeluOp op) {
        float inner =
            0.0f < x ? x
                     : op.getAlpha().convertToFloat() * (std::exp(x) - 1.0f);
        return op.getGamma().convertToFloat() * inner;
      })
      .Case([&](HardSigmoidOp op) {
        return applyActivation(Activation::HardSigmoid,
                               op.getAlpha().convertToFloat(),
                               op.getBeta().convertToFloat(), x);
      })
      .Case([&](ClipOp op) {
        return clamp(x, op.getMin().convertToFloat(),
                     op.getMax().convertToFloat());
      })
      .Default([](Operation *) { return std::nullopt; });
}

std::optional<float> evaluateBinary(Operation *op, float x, float y) {
  return llvm::TypeSwitch<Operation *, std::optional<float>>(op)
      .Case([&](AddOp) { return x + y; })
      .Case([&](SubOp) { return x - y; })
      .Case([&](MulOp) { return x * y; })
      .Case([&](DivOp) { return x / y; })
      .Case([&](MaxOp) { return nanMax(x, y); })
      .Case([&](MinOp) { return nanMin(x, y); })
      .Case([&](PowOp) { return std::pow(x, y); })
      .Case([&](PReluOp) { return x < 0.0f ? x * y : x; })
      .Default([](Operation *) { return std::nullopt; });
}

bool isBinaryElementwise(Operation *op) {
  return isa<AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp, PowOp, PReluOp>(op);
}

} // namespace

std::optional<float> mlir::dlc::evaluateElementwise(Operation *op,
                                                    ArrayRef<float> operands) {
  if (operands.size() == 1 && op->getNumOperands() == 1)
    return evaluateUnary(op, operands[0]);
  if (operands.size() == 2 && isBinaryElementwise(op))
    return evaluateBinary(op, operands[0], operands[1]);
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Whole ops
//===----------------------------------------------------------------------===//

namespace {

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// Row-major strides of `shape`.
Shape stridesOf(ArrayRef<int64_t> shape) {
  Shape strides(shape.size(), 1);
  for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

int64_t product(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

/// Strides to read an operand of shape `operand` at a multi-index of the
/// NumPy-broadcast result of rank `rank`: 0 for broadcast dims.
Shape broadcastStrides(ArrayRef<int64_t> operand, size_t rank) {
  Shape own = stridesOf(operand);
  Shape strides(rank, 0);
  size_t lead = rank - operand.size();
  for (size_t i = 0; i < operand.size(); ++i)
    strides[lead + i] = operand[i] == 1 ? 0 : own[i];
  return strides;
}

/// Calls fn(index) for every multi-index of `shape`, in row-major order.
template <typename Fn> void forEachIndex(ArrayRef<int64_t> shape, Fn &&fn) {
  if (product(shape) == 0)
    return;
  Shape index(shape.size(), 0);
  while (true) {
    fn(ArrayRef<int64_t>(index));
    int64_t d = int64_t(shape.size()) - 1;
    for (; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
    if (d < 0)
      return;
  }
}

int64_t dot(ArrayRef<int64_t> index, ArrayRef<int64_t> strides) {
  int64_t offset = 0;
  for (size_t i = 0; i < index.size(); ++i)
    offset += index[i] * strides[i];
  return offset;
}

using Values = std::vector<float>;

/// The operands' values, by SSA value (ops with optional operands read them
/// by accessor).
class OperandValues {
public:
  OperandValues(Operation *op, ArrayRef<Values> values) {
    for (auto [operand, value] : llvm::zip(op->getOperands(), values))
      map.try_emplace(operand, &value);
  }
  const Values &operator[](Value v) const { return *map.lookup(v); }

private:
  llvm::DenseMap<Value, const Values *> map;
};

Values evaluateBroadcast(Operation *op, ArrayRef<int64_t> resultShape,
                         const Values &lhs, const Values &rhs) {
  Shape lhsStrides =
      broadcastStrides(shapeOf(op->getOperand(0)), resultShape.size());
  Shape rhsStrides =
      broadcastStrides(shapeOf(op->getOperand(1)), resultShape.size());
  Values result;
  result.reserve(product(resultShape));
  forEachIndex(resultShape, [&](ArrayRef<int64_t> i) {
    result.push_back(
        *evaluateBinary(op, lhs[dot(i, lhsStrides)], rhs[dot(i, rhsStrides)]));
  });
  return result;
}

Values evaluateConv(Conv2dOp conv, const OperandValues &v) {
  const Values &in = v[conv.getInput()], &w = v[conv.getFilter()];
  ArrayRef<int64_t> inShape = shapeOf(conv.getInput());
  ArrayRef<int64_t> wShape = shapeOf(conv.getFilter());
  ArrayRef<int64_t> outShape = shapeOf(conv.getOutput());
  int64_t n = outShape[0], f = outShape[1], oh = outShape[2], ow = outShape[3];
  int64_t c = inShape[1], h = inShape[2], wd = inShape[3];
  int64_t cpg = wShape[1], kh = wShape[2], kw = wShape[3];
  int64_t group = conv.getGroup(), fpg = f / group;
  ArrayRef<int64_t> strides = conv.getStrides(), pads = conv.getPads(),
                    dilations = conv.getDilations();
  float alpha = conv.getActivationAlpha().convertToFloat();
  float beta = conv.getActivationBeta().convertToFloat();
  Values out(product(outShape));
  for (int64_t b = 0; b < n; ++b)
    for (int64_t fo = 0; fo < f; ++fo) {
      int64_t g = fo / fpg;
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x) {
          double sum = conv.getBias() ? v[conv.getBias()][fo] : 0.0;
          for (int64_t ci = 0; ci < cpg; ++ci) {
            int64_t channel = g * cpg + ci;
            for (int64_t ky = 0; ky < kh; ++ky) {
              int64_t iy = y * strides[0] - pads[0] + ky * dilations[0];
              if (iy < 0 || iy >= h)
                continue;
              for (int64_t kx = 0; kx < kw; ++kx) {
                int64_t ix = x * strides[1] - pads[1] + kx * dilations[1];
                if (ix < 0 || ix >= wd)
                  continue;
                sum += double(in[((b * c + channel) * h + iy) * wd + ix]) *
                       w[((fo * cpg + ci) * kh + ky) * kw + kx];
              }
            }
          }
          int64_t o = ((b * f + fo) * oh + y) * ow + x;
          float result = static_cast<float>(sum);
          if (conv.getResidual())
            result += v[conv.getResidual()][o];
          out[o] = applyActivation(conv.getActivation(), alpha, beta, result);
        }
    }
  return out;
}

Values evaluateGemm(GemmOp gemm, const OperandValues &v) {
  const Values &a = v[gemm.getA()], &b = v[gemm.getB()];
  ArrayRef<int64_t> aShape = shapeOf(gemm.getA()),
                    bShape = shapeOf(gemm.getB());
  ArrayRef<int64_t> outShape = shapeOf(gemm.getOutput());
  int64_t m = outShape[0], n = outShape[1];
  bool transA = gemm.getTransA(), transB = gemm.getTransB();
  int64_t k = transA ? aShape[0] : aShape[1];
  float alpha = gemm.getAlpha().convertToFloat();
  float beta = gemm.getBeta().convertToFloat();
  Shape cStrides;
  if (gemm.getC())
    cStrides = broadcastStrides(shapeOf(gemm.getC()), 2);
  float actAlpha = gemm.getActivationAlpha().convertToFloat();
  float actBeta = gemm.getActivationBeta().convertToFloat();
  Values out(m * n);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (int64_t p = 0; p < k; ++p)
        sum += double(a[transA ? p * aShape[1] + i : i * aShape[1] + p]) *
               b[transB ? j * bShape[1] + p : p * bShape[1] + j];
      float result = alpha * static_cast<float>(sum);
      if (gemm.getC())
        result += beta * v[gemm.getC()][i * cStrides[0] + j * cStrides[1]];
      out[i * n + j] =
          applyActivation(gemm.getActivation(), actAlpha, actBeta, result);
    }
  return out;
}

Values evaluateMatMul(MatMulOp matmul, const OperandValues &v) {
  const Values &lhs = v[matmul.getLhs()], &rhs = v[matmul.getRhs()];
  // NumPy: a 1-D lhs is a row, a 1-D rhs a column.
  Shape l(shapeOf(matmul.getLhs())), r(shapeOf(matmul.getRhs()));
  if (l.size() == 1)
    l.insert(l.begin(), 1);
  if (r.size() == 1)
    r.push_back(1);
  int64_t m = l[l.size() - 2], k = l.back(), n = r.back();
  Shape lBatch(l.begin(), l.end() - 2), rBatch(r.begin(), r.end() - 2);
  size_t batchRank = std::max(lBatch.size(), rBatch.size());
  Shape batch(batchRank, 1);
  for (size_t i = 0; i < batchRank; ++i) {
    int64_t ld = i < batchRank - lBatch.size()
                     ? 1
                     : lBatch[i - (batchRank - lBatch.size())];
    int64_t rd = i < batchRank - rBatch.size()
                     ? 1
                     : rBatch[i - (batchRank - rBatch.size())];
    batch[i] = std::max(ld, rd);
  }
  // Batch strides in units of whole matrices.
  Shape lStrides = broadcastStrides(lBatch, batchRank);
  Shape rStrides = broadcastStrides(rBatch, batchRank);
  Values out;
  out.reserve(product(batch) * m * n);
  forEachIndex(batch, [&](ArrayRef<int64_t> index) {
    const float *lm = lhs.data() + dot(index, lStrides) * m * k;
    const float *rm = rhs.data() + dot(index, rStrides) * k * n;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double sum = 0;
        for (int64_t p = 0; p < k; ++p)
          sum += double(lm[i * k + p]) * rm[p * n + j];
        out.push_back(static_cast<float>(sum));
      }
  });
  return out;
}

Values evaluateBatchNorm(BatchNormOp bn, const OperandValues &v) {
  const Values &in = v[bn.getInput()];
  ArrayRef<int64_t> shape = shapeOf(bn.getInput());
  int64_t channels = shape[1], inner = product(shape.drop_front(2));
  const Values &scale = v[bn.getScale()], &bias = v[bn.getBias()];
  const Values &mean = v[bn.getMean()], &var = v[bn.getVariance()];
  float eps = bn.getEpsilon().convertToFloat();
  Values out(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    int64_t c = (int64_t(i) / inner) % channels;
    out[i] = (in[i] - mean[c]) * scale[c] / std::sqrt(var[c] + eps) + bias[c];
  }
  return out;
}

Values evaluateSoftmax(SoftmaxOp softmax, const Values &in) {
  ArrayRef<int64_t> shape = shapeOf(softmax.getInput());
  int64_t axis = softmax.getAxis();
  int64_t outer = product(shape.take_front(axis)), size = shape[axis],
          inner = product(shape.drop_front(axis + 1));
  Values out(in.size());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      auto at = [&](int64_t a) { return (o * size + a) * inner + i; };
      float max = -std::numeric_limits<float>::infinity();
      for (int64_t a = 0; a < size; ++a)
        max = nanMax(max, in[at(a)]);
      double sum = 0;
      for (int64_t a = 0; a < size; ++a)
        sum += out[at(a)] = std::exp(in[at(a)] - max);
      for (int64_t a = 0; a < size; ++a)
        out[at(a)] = static_cast<float>(out[at(a)] / sum);
    }
  return out;
}

/// Max or average pooling over windows; `dilations` is {1, 1} for average.
template <typename PoolOp>
Values evaluatePool(PoolOp pool, const Values &in,
                    ArrayRef<int64_t> dilations) {
  constexpr bool isMax = std::is_same_v<PoolOp, MaxPool2dOp>;
  ArrayRef<int64_t> inShape = shapeOf(pool.getInput());
  ArrayRef<int64_t> outShape = shapeOf(pool.getOutput());
  int64_t h = inShape[2], w = inShape[3], oh = outShape[2], ow = outShape[3];
  ArrayRef<int64_t> kernel = pool.getKernelShape(), strides = pool.getStrides(),
                    pads = pool.getPads();
  bool includePad = false;
  if constexpr (!isMax)
    includePad = pool.getCountIncludePad();
  Values out(product(outShape));
  for (int64_t plane = 0; plane < outShape[0] * outShape[1]; ++plane)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x) {
        double acc = isMax ? -std::numeric_limits<double>::infinity() : 0.0;
        int64_t count = 0;
        bool nan = false;
        for (int64_t ky = 0; ky < kernel[0]; ++ky)
          for (int64_t kx = 0; kx < kernel[1]; ++kx) {
            int64_t iy = y * strides[0] - pads[0] + ky * dilations[0];
            int64_t ix = x * strides[1] - pads[1] + kx * dilations[1];
            bool inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
            // count_include_pad counts the explicit pads, never the extra
            // end positions of ceil_mode.
            if (inside || (includePad && iy < h + pads[2] && ix < w + pads[3]))
              ++count;
            if (!inside)
              continue;
            float value = in[(plane * h + iy) * w + ix];
            nan |= std::isnan(value);
            acc = isMax ? std::max(acc, double(value)) : acc + value;
          }
        float result = isMax ? static_cast<float>(acc)
                             : static_cast<float>(acc / double(count));
        if (isMax && !std::isfinite(acc))
          result = std::numeric_limits<float>::lowest();
        out[(plane * oh + y) * ow + x] =
            nan ? std::numeric_limits<float>::quiet_NaN() : result;
      }
  return out;
}

/// Sum, mean or max over `axes` (kept as size 1); global pools are the same
/// over the spatial dims.
enum class Reduction { Sum, Mean, Max };

Values evaluateReduce(ArrayRef<int64_t> inShape, ArrayRef<int64_t> axes,
                      Reduction kind, const Values &in) {
  Shape outShape(inShape);
  for (int64_t axis : axes)
    outShape[axis] = 1;
  Shape outStrides = broadcastStrides(outShape, outShape.size());
  int64_t total = product(outShape);
  std::vector<double> acc(total, kind == Reduction::Max
                                     ? -std::numeric_limits<double>::infinity()
                                     : 0.0);
  std::vector<bool> nan(total, false);
  int64_t linear = 0;
  forEachIndex(inShape, [&](ArrayRef<int64_t> index) {
    int64_t o = dot(index, outStrides);
    float value = in[linear++];
    nan[o] = nan[o] || std::isnan(value);
    acc[o] = kind == Reduction::Max ? std::max(acc[o], double(value))
                                    : acc[o] + value;
  });
  double count = double(product(inShape)) / double(total);
  Values out(total);
  for (int64_t o = 0; o < total; ++o)
    out[o] = nan[o] ? std::numeric_limits<float>::quiet_NaN()
                    : static_cast<float>(
                          kind == Reduction::Mean ? acc[o] / count : acc[o]);
  return out;
}

Values evaluateTranspose(TransposeOp transpose, const Values &in) {
  ArrayRef<int64_t> perm = transpose.getPerm();
  Shape inStrides = stridesOf(shapeOf(transpose.getInput()));
  Shape strides;
  for (int64_t p : perm)
    strides.push_back(inStrides[p]);
  Values out;
  out.reserve(in.size());
  forEachIndex(shapeOf(transpose.getOutput()), [&](ArrayRef<int64_t> i) {
    out.push_back(in[dot(i, strides)]);
  });
  return out;
}

Values evaluatePad(PadOp pad, const Values &in) {
  ArrayRef<int64_t> inShape = shapeOf(pad.getInput());
  ArrayRef<int64_t> pads = pad.getPads();
  Shape inStrides = stridesOf(inShape);
  float value = pad.getValue().convertToFloat();
  Values out;
  out.reserve(product(shapeOf(pad.getOutput())));
  forEachIndex(shapeOf(pad.getOutput()), [&](ArrayRef<int64_t> i) {
    int64_t offset = 0;
    for (size_t d = 0; d < i.size(); ++d) {
      int64_t at = i[d] - pads[d];
      if (at < 0 || at >= inShape[d]) {
        offset = -1;
        break;
      }
      offset += at * inStrides[d];
    }
    out.push_back(offset < 0 ? value : in[offset]);
  });
  return out;
}

Values evaluateSlice(SliceOp slice, const Values &in) {
  Shape inStrides = stridesOf(shapeOf(slice.getInput()));
  ArrayRef<int64_t> offsets = slice.getOffsets(), strides = slice.getStrides();
  int64_t base = dot(offsets, inStrides);
  Shape steps;
  for (size_t d = 0; d < strides.size(); ++d)
    steps.push_back(strides[d] * inStrides[d]);
  Values out;
  out.reserve(product(shapeOf(slice.getOutput())));
  forEachIndex(shapeOf(slice.getOutput()), [&](ArrayRef<int64_t> i) {
    out.push_back(in[base + dot(i, steps)]);
  });
  return out;
}

Values evaluateConcat(ConcatOp concat, ArrayRef<Values> inputs) {
  ArrayRef<int64_t> outShape = shapeOf(concat.getOutput());
  int64_t axis = concat.getAxis();
  int64_t outer = product(outShape.take_front(axis));
  int64_t inner = product(outShape.drop_front(axis + 1));
  Values out;
  out.reserve(product(outShape));
  for (int64_t o = 0; o < outer; ++o)
    for (auto [input, values] : llvm::zip(concat.getInputs(), inputs)) {
      int64_t chunk = shapeOf(input)[axis] * inner;
      out.insert(out.end(), values.begin() + o * chunk,
                 values.begin() + (o + 1) * chunk);
    }
  return out;
}

bool isStaticF32(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isF32();
}

} // namespace

std::optional<Values> mlir::dlc::evaluateOp(Operation *op,
                                            ArrayRef<Values> operands) {
  if (!isa<DlcDialect>(op->getDialect()) || op->getNumResults() != 1 ||
      operands.size() != op->getNumOperands() ||
      !isStaticF32(op->getResult(0).getType()))
    return std::nullopt;
  for (auto [operand, values] : llvm::zip(op->getOperands(), operands))
    if (!isStaticF32(operand.getType()) ||
        int64_t(values.size()) !=
            cast<RankedTensorType>(operand.getType()).getNumElements())
      return std::nullopt;
  ArrayRef<int64_t> resultShape = shapeOf(op->getResult(0));

  if (op->getNumOperands() == 1 && op->hasTrait<OpTrait::Elementwise>()) {
    Values out;
    out.reserve(operands[0].size());
    for (float x : operands[0]) {
      std::optional<float> y = evaluateUnary(op, x);
      if (!y)
        return std::nullopt;
      out.push_back(*y);
    }
    return out;
  }
  if (isBinaryElementwise(op))
    return evaluateBroadcast(op, resultShape, operands[0], operands[1]);

  OperandValues v(op, operands);
  int64_t unit[] = {1, 1};
  return llvm::TypeSwitch<Operation *, std::optional<Values>>(op)
      .Case([&](Conv2dOp conv) { return evaluateConv(conv, v); })
      .Case([&](GemmOp gemm) { return evaluateGemm(gemm, v); })
      .Case([&](MatMulOp matmul) { return evaluateMatMul(matmul, v); })
      .Case([&](BatchNormOp bn) { return evaluateBatchNorm(bn, v); })
      .Case([&](SoftmaxOp s) { return evaluateSoftmax(s, operands[0]); })
      .Case([&](MaxPool2dOp pool) {
        return evaluatePool(pool, operands[0], pool.getDilations());
      })
      .Case([&](AvgPool2dOp pool) {
        return evaluatePool(pool, operands[0], unit);
      })
      .Case([&](GlobalAvgPoolOp pool) {
        ArrayRef<int64_t> shape = shapeOf(pool.getInput());
        Shape axes;
        for (int64_t d = 2; d < int64_t(shape.size()); ++d)
          axes.push_back(d);
        return evaluateReduce(shape, axes, Reduction::Mean, operands[0]);
      })
      .Case([&](GlobalMaxPoolOp pool) {
        ArrayRef<int64_t> shape = shapeOf(pool.getInput());
        Shape axes;
        for (int64_t d = 2; d < int64_t(shape.size()); ++d)
          axes.push_back(d);
        return evaluateReduce(shape, axes, Reduction::Max, operands[0]);
      })
      .Case([&](ReduceSumOp r) {
        return evaluateReduce(shapeOf(r.getInput()), r.getAxes(),
                              Reduction::Sum, operands[0]);
      })
      .Case([&](ReduceMeanOp r) {
        return evaluateReduce(shapeOf(r.getInput()), r.getAxes(),
                              Reduction::Mean, operands[0]);
      })
      .Case([&](ReduceMaxOp r) {
        return evaluateReduce(shapeOf(r.getInput()), r.getAxes(),
                              Reduction::Max, operands[0]);
      })
      .Case([&](ReshapeOp) { return operands[0]; })
      .Case([&](TransposeOp t) { return evaluateTranspose(t, operands[0]); })
      .Case([&](PadOp pad) { return evaluatePad(pad, operands[0]); })
      .Case([&](SliceOp slice) { return evaluateSlice(slice, operands[0]); })
      .Case([&](ConcatOp concat) { return evaluateConcat(concat, operands); })
      .Default([](Operation *) { return std::nullopt; });
}
