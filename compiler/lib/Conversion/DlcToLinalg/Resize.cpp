//===- Resize.cpp - Lower dlc.resize --------------------------------------===//
//
// Which input indices an output index reads along a dim, and with which
// weights (its "taps"), depend only on static sizes and attributes. They are
// computed here, in double precision as ONNX's reference computes them, and
// become constant tables: the op becomes one linalg.generic over the output
// that reads the tables through its indexing maps and gathers the input
// with tensor.extract. Dims that resize to themselves read their own index.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// The taps of one resized dim: for each tap t and output index x, the
/// input index read and (linear, cubic) its weight.
struct DimTaps {
  int64_t dim = 0;
  SmallVector<SmallVector<int32_t>> index;
  SmallVector<SmallVector<float>> weight; // empty for nearest
};

} // namespace

/// The input coordinate of output index `x` (see dlc.resize).
static double inputCoordinate(CoordinateTransform transform, int64_t x,
                              double scale, int64_t inSize) {
  double outLength = scale * static_cast<double>(inSize);
  double xd = static_cast<double>(x);
  switch (transform) {
  case CoordinateTransform::HalfPixel:
    return (xd + 0.5) / scale - 0.5;
  case CoordinateTransform::PytorchHalfPixel:
    return outLength == 1.0 ? -0.5 : (xd + 0.5) / scale - 0.5;
  case CoordinateTransform::AlignCorners:
    return outLength == 1.0 ? 0.0
                            : xd * static_cast<double>(inSize - 1) /
                                  (outLength - 1.0);
  case CoordinateTransform::Asymmetric:
    return xd / scale;
  case CoordinateTransform::TfHalfPixelForNN:
    return (xd + 0.5) / scale;
  }
  llvm_unreachable("unknown coordinate transform");
}

/// The cubic convolution weights of the 4 neighbours at `ratio` in (0, 1].
static std::array<double, 4> cubicCoefficients(double ratio, double a) {
  auto near = [&](double t) { return ((a + 2) * t - (a + 3)) * t * t + 1; };
  auto far = [&](double t) {
    return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  };
  return {far(ratio + 1), near(ratio), near(1 - ratio), far(2 - ratio)};
}

/// The taps of dim `dim`, or nullopt when every output index reads its own
/// input index with weight 1.
static std::optional<DimTaps> computeTaps(ResizeOp op, int64_t dim,
                                          int64_t inSize, int64_t outSize,
                                          double scale) {
  ResizeMode mode = op.getMode();
  // ONNX picks the `window` input indices nearest to the coordinate,
  // preferring lower ones: for a whole coordinate k, k - window/2 to
  // k + window/2 - 1, with ratio 1 from the lower neighbour k - 1.
  int64_t window = mode == ResizeMode::Cubic ? 4 : 2;
  int64_t numTaps = mode == ResizeMode::Nearest ? 1 : window;
  double a = op.getCubicCoeffA().convertToDouble();
  DimTaps taps;
  taps.dim = dim;
  taps.index.assign(numTaps, SmallVector<int32_t>(outSize));
  if (mode != ResizeMode::Nearest)
    taps.weight.assign(numTaps, SmallVector<float>(outSize));
  auto clampIndex = [&](int64_t i) {
    return static_cast<int32_t>(std::clamp<int64_t>(i, 0, inSize - 1));
  };
  bool identity = inSize == outSize;
  for (int64_t x = 0; x < outSize; ++x) {
    double coord =
        inputCoordinate(op.getCoordinateTransform(), x, scale, inSize);
    double floorCoord = std::floor(coord);
    bool whole = coord == floorCoord;
    int64_t lower = static_cast<int64_t>(floorCoord) - (whole ? 1 : 0);
    double ratio = whole ? 1.0 : coord - floorCoord;
    if (mode == ResizeMode::Nearest) {
      bool up = true;
      if (!whole) {
        switch (op.getNearestMode()) {
        case NearestMode::RoundPreferFloor:
          up = ratio > 0.5;
          break;
        case NearestMode::RoundPreferCeil:
          up = ratio >= 0.5;
          break;
        case NearestMode::Floor:
          up = false;
          break;
        case NearestMode::Ceil:
          up = true;
          break;
        }
      }
      int32_t index = clampIndex(lower + (up ? 1 : 0));
      taps.index[0][x] = index;
      identity &= index == x;
      continue;
    }
    SmallVector<double, 4> coefficients;
    if (mode == ResizeMode::Linear) {
      coefficients = {1.0 - ratio, ratio};
    } else {
      std::array<double, 4> cubic = cubicCoefficients(ratio, a);
      coefficients.assign(cubic.begin(), cubic.end());
    }
    int64_t first = lower - window / 2 + 1;
    if (op.getExcludeOutside()) {
      double sum = 0;
      for (int64_t t = 0; t < numTaps; ++t) {
        if (first + t < 0 || first + t >= inSize)
          coefficients[t] = 0;
        sum += coefficients[t];
      }
      for (double &c : coefficients)
        c /= sum;
    }
    double own = 0, other = 0;
    for (int64_t t = 0; t < numTaps; ++t) {
      int32_t index = clampIndex(first + t);
      taps.index[t][x] = index;
      taps.weight[t][x] = static_cast<float>(coefficients[t]);
      (index == x ? own : other) += std::abs(coefficients[t]);
    }
    identity &= own == 1.0 && other == 0.0;
  }
  if (identity)
    return std::nullopt;
  return taps;
}

namespace {

struct ResizeLowering : OpConversionPattern<ResizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ResizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto outputType = cast<RankedTensorType>(op.getType());
    int64_t rank = outputType.getRank();
    ArrayRef<double> scales = op.getScales();

    SmallVector<DimTaps> resized;
    for (int64_t d = 0; d < rank; ++d)
      if (std::optional<DimTaps> taps =
              computeTaps(op, d, inputType.getDimSize(d),
                          outputType.getDimSize(d), scales[d]))
        resized.push_back(std::move(*taps));
    if (resized.empty()) {
      rewriter.replaceOp(op, input);
      return success();
    }

    // The tables, each read at its dim's output index.
    SmallVector<Value> tables;
    SmallVector<AffineMap> maps;
    auto addTable = [&](int64_t dim, DenseElementsAttr values) {
      tables.push_back(arith::ConstantOp::create(rewriter, loc, values));
      maps.push_back(AffineMap::get(rank, 0, getAffineDimExpr(dim, ctx)));
    };
    for (const DimTaps &taps : resized) {
      int64_t size = outputType.getDimSize(taps.dim);
      auto indexType = RankedTensorType::get({size}, rewriter.getI32Type());
      auto weightType = RankedTensorType::get({size}, rewriter.getF32Type());
      for (const SmallVector<int32_t> &index : taps.index)
        addTable(taps.dim,
                 DenseElementsAttr::get(indexType, ArrayRef<int32_t>(index)));
      for (const SmallVector<float> &weight : taps.weight)
        addTable(taps.dim,
                 DenseElementsAttr::get(weightType, ArrayRef<float>(weight)));
    }
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);

    auto generic = linalg::GenericOp::create(
        rewriter, loc, outputType, tables,
        createEmpty(rewriter, loc, outputType), maps, iterators,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          // Per resized dim: its taps' indices and weights.
          SmallVector<SmallVector<Value>> indices, weights;
          size_t arg = 0;
          for (const DimTaps &taps : resized) {
            SmallVector<Value> dimIndices, dimWeights;
            for (size_t t = 0; t < taps.index.size(); ++t)
              dimIndices.push_back(arith::IndexCastOp::create(
                  b, nloc, b.getIndexType(), args[arg++]));
            for (size_t t = 0; t < taps.weight.size(); ++t)
              dimWeights.push_back(args[arg++]);
            indices.push_back(std::move(dimIndices));
            weights.push_back(std::move(dimWeights));
          }
          SmallVector<Value> coords;
          for (int64_t d = 0; d < rank; ++d)
            coords.push_back(linalg::IndexOp::create(b, nloc, d));
          // Every combination of one tap per resized dim, weighted by the
          // product of their weights.
          int64_t combinations = 1;
          for (const SmallVector<Value> &dimIndices : indices)
            combinations *= dimIndices.size();
          ScalarBuilder s{b, nloc};
          Value sum;
          for (int64_t c = 0; c < combinations; ++c) {
            Value weight;
            int64_t rest = c;
            for (size_t r = 0; r < resized.size(); ++r) {
              int64_t tap = rest % indices[r].size();
              rest /= indices[r].size();
              coords[resized[r].dim] = indices[r][tap];
              if (!weights[r].empty())
                weight = weight ? s.mul(weight, weights[r][tap])
                                : weights[r][tap];
            }
            Value value = tensor::ExtractOp::create(b, nloc, input, coords);
            if (weight)
              value = s.mul(weight, value);
            sum = sum ? s.add(sum, value) : value;
          }
          linalg::YieldOp::create(b, nloc, sum);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::dlc::populateResizePatterns(RewritePatternSet &patterns) {
  patterns.add<ResizeLowering>(patterns.getContext());
}
