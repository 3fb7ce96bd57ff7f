//===- Conv.cpp - Lower dlc.conv2d to linalg convolutions -----------------===//
//
// A conv whose `algo` names one of dlc's kernels becomes dlc.conv2d_kernel
// with its filter packed (here, at compile time) into the kernel's layout;
// dlc-lower-conv-kernels generates the code after bufferization (`im2col`
// first materialises the im2col matrix here, as a tensor, and runs the GEMM
// on it as a 1x1 conv). `loops`
// (and `auto`, which nothing chose) becomes the reference linalg
// convolution: the bias (or zero) is broadcast into the output first and the
// convolution accumulates onto it, padding is an explicit tensor.pad, and
// groups select the plain, depthwise or grouped linalg convolution.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "Transforms/ConstantUtils.h"
#include "dlc/Dialect/DlcKernelLayouts.h"
#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// The im2col matrix of `op`'s input, [N, C * kH * kW, OH, OW]: row
/// (c, kh, kw) holds, for every output pixel, the input that tap reads
/// (zero on padding). Group g's rows are g * Cg * kH * kW onwards, so the
/// conv is a grouped 1x1 conv (a GEMM per group) on it. Computed as a
/// [N, C, kH, kW, OH, OW] copy of the padded input, whose access is affine.
static Value materializeIm2col(OpBuilder &b, Location loc, Conv2dOp op,
                               Value input, ArrayRef<int64_t> filterShape) {
  auto inType = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> out = cast<RankedTensorType>(op.getType()).getShape();
  Value padded = padSpatial(b, loc, input, op.getPads(), 0.0);
  int64_t n = inType.getDimSize(0), c = inType.getDimSize(1);
  int64_t kh = filterShape[2], kw = filterShape[3];
  auto colsType = RankedTensorType::get({n, c, kh, kw, out[2], out[3]},
                                        inType.getElementType());
  MLIRContext *ctx = b.getContext();
  AffineExpr dN, dC, dKh, dKw, dOh, dOw;
  bindDims(ctx, dN, dC, dKh, dKw, dOh, dOw);
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
  AffineMap read = AffineMap::get(
      6, 0,
      {dN, dC, dOh * strides[0] + dKh * dilations[0],
       dOw * strides[1] + dKw * dilations[1]},
      ctx);
  SmallVector<utils::IteratorType> parallel(6, utils::IteratorType::parallel);
  Value cols =
      linalg::GenericOp::create(
          b, loc, TypeRange{colsType}, ValueRange{padded},
          ValueRange{createEmpty(b, loc, colsType)},
          ArrayRef<AffineMap>{read, b.getMultiDimIdentityMap(6)}, parallel,
          [](OpBuilder &nb, Location nloc, ValueRange args) {
            linalg::YieldOp::create(nb, nloc, args[0]);
          })
          .getResult(0);
  auto matrixType = RankedTensorType::get({n, c * kh * kw, out[2], out[3]},
                                          inType.getElementType());
  return tensor::CollapseShapeOp::create(
      b, loc, matrixType, cols,
      ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}, {4}, {5}});
}

/// True when the conv already is a GEMM on its input: 1x1, stride 1, no
/// padding.
static bool isPointwise(Conv2dOp op, ArrayRef<int64_t> filterShape) {
  return filterShape[2] == 1 && filterShape[3] == 1 &&
         llvm::all_of(op.getStrides(), [](int64_t s) { return s == 1; }) &&
         llvm::all_of(op.getPads(), [](int64_t p) { return p == 0; });
}

/// dlc.conv2d with a kernel algorithm -> dlc.conv2d_kernel. For `im2col`,
/// and for `im2row` on anything but a pointwise conv, the kernel is the 1x1
/// conv on the materialised im2col matrix.
static LogicalResult lowerToKernel(Conv2dOp op, Conv2dOp::Adaptor adaptor,
                                   ConversionPatternRewriter &rewriter) {
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  ConvAlgo algo = op.getAlgo();
  auto resultType = cast<RankedTensorType>(op.getType());
  ArrayRef<int64_t> outputSize = resultType.getShape().take_back(2);
  std::optional<SmallVector<int64_t>> packedShape = getPackedFilterShape(
      algo, filterType.getShape(), op.getGroup(), outputSize);
  if (!packedShape)
    return op.emitOpError("algorithm '")
           << stringifyConvAlgo(algo)
           << "' cannot compute this convolution (filter "
           << filterType << ", group " << op.getGroup() << ")";
  std::optional<std::vector<float>> weights =
      getConstantFloats(adaptor.getFilter());
  if (!weights)
    return op.emitOpError("algorithm '")
           << stringifyConvAlgo(algo)
           << "' packs the filter at compile time: it must be a constant";
  Location loc = op.getLoc();
  Value input = adaptor.getInput();
  SmallVector<int64_t> filterShape(filterType.getShape());
  DenseI64ArrayAttr strides = op.getStridesAttr(), pads = op.getPadsAttr(),
                    dilations = op.getDilationsAttr();
  if (algo == ConvAlgo::Im2col ||
      (algo == ConvAlgo::Im2row && !isPointwise(op, filterShape))) {
    input = materializeIm2col(rewriter, loc, op, input, filterShape);
    filterShape = {filterShape[0],
                   filterShape[1] * filterShape[2] * filterShape[3], 1, 1};
    strides = dilations = rewriter.getDenseI64ArrayAttr({1, 1});
    pads = rewriter.getDenseI64ArrayAttr({0, 0, 0, 0});
    packedShape =
        getPackedFilterShape(algo, filterShape, op.getGroup(), outputSize);
  }
  std::vector<float> packed =
      packFilter(algo, filterShape, op.getGroup(), outputSize, *weights);
  Value packedFilter = createConstantFloats(
      rewriter, loc, RankedTensorType::get(*packedShape, rewriter.getF32Type()),
      packed,
      derivedConstantName(adaptor.getFilter(),
                          ("packed_" + stringifyConvAlgo(algo)).str()));
  auto kernel = Conv2dKernelOp::create(
      rewriter, loc, TypeRange{resultType}, input, packedFilter,
      adaptor.getBias(), adaptor.getResidual(),
      createEmpty(rewriter, loc, resultType),
      rewriter.getDenseI64ArrayAttr(filterShape), strides, pads, dilations,
      op.getGroupAttr(), op.getAlgoAttr(), op.getActivationAttr(),
      op.getActivationAlphaAttr(), op.getActivationBetaAttr());
  rewriter.replaceOp(op, kernel.getResult());
  return success();
}

struct Conv2dLowering : OpConversionPattern<Conv2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getAlgo() != ConvAlgo::Auto && op.getAlgo() != ConvAlgo::Loops)
      return lowerToKernel(op, adaptor, rewriter);
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto filterType = cast<RankedTensorType>(adaptor.getFilter().getType());
    Type f32 = resultType.getElementType();
    ArrayRef<int64_t> out = resultType.getShape();
    int64_t group = op.getGroup();
    int64_t outChannels = filterType.getDimSize(0);
    int64_t inPerGroup = filterType.getDimSize(1);
    int64_t kh = filterType.getDimSize(2), kw = filterType.getDimSize(3);

    Value input = padSpatial(rewriter, loc, adaptor.getInput(), op.getPads(),
                             0.0);
    Value init;
    if (Value bias = adaptor.getBias()) {
      init = linalg::BroadcastOp::create(rewriter, loc, bias,
                                         createEmpty(rewriter, loc, resultType),
                                         ArrayRef<int64_t>{0, 2, 3})
                 .getResult()[0];
    } else {
      init = createFilled(rewriter, loc, resultType, 0.0);
    }
    Attribute strides = rewriter.getI64VectorAttr(op.getStrides());
    Attribute dilations = rewriter.getI64VectorAttr(op.getDilations());

    Value result;
    if (group == 1) {
      result = linalg::Conv2DNchwFchwOp::create(
                   rewriter, loc, TypeRange{resultType},
                   ValueRange{input, adaptor.getFilter()}, ValueRange{init},
                   strides, dilations)
                   .getResult(0);
    } else if (inPerGroup == 1 && outChannels == group) {
      // Depthwise with channel multiplier 1: filter [C, 1, kH, kW] -> [C, kH, kW].
      auto dwFilterType = RankedTensorType::get({outChannels, kh, kw}, f32);
      Value filter = reshapeTo(rewriter, loc, adaptor.getFilter(), dwFilterType);
      result = linalg::DepthwiseConv2DNchwChwOp::create(
                   rewriter, loc, TypeRange{resultType},
                   ValueRange{input, filter}, ValueRange{init}, strides,
                   dilations)
                   .getResult(0);
    } else {
      // Grouped: input [N, G, C/G, H, W], filter [G, F/G, C/G, kH, kW].
      auto inType = cast<RankedTensorType>(input.getType());
      auto groupedIn = RankedTensorType::get(
          {inType.getDimSize(0), group, inPerGroup, inType.getDimSize(2),
           inType.getDimSize(3)},
          f32);
      auto groupedFilter = RankedTensorType::get(
          {group, outChannels / group, inPerGroup, kh, kw}, f32);
      auto groupedOut = RankedTensorType::get(
          {out[0], group, outChannels / group, out[2], out[3]}, f32);
      Value groupedInit = reshapeTo(rewriter, loc, init, groupedOut);
      Value conv =
          linalg::Conv2DNgchwGfchwOp::create(
              rewriter, loc, TypeRange{groupedOut},
              ValueRange{reshapeTo(rewriter, loc, input, groupedIn),
                         reshapeTo(rewriter, loc, adaptor.getFilter(),
                                   groupedFilter)},
              ValueRange{groupedInit}, strides, dilations)
              .getResult(0);
      result = reshapeTo(rewriter, loc, conv, resultType);
    }
    result = applyEpilogue(rewriter, loc, result, adaptor.getResidual(),
                           op.getActivation(),
                           op.getActivationAlpha().convertToFloat(),
                           op.getActivationBeta().convertToFloat());
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::dlc::populateConvPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2dLowering>(patterns.getContext());
}
