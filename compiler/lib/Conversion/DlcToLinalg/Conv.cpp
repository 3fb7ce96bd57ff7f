//===- Conv.cpp - Lower dlc.conv2d to linalg convolutions -----------------===//
//
// The bias (or zero) is broadcast into the output first and the convolution
// accumulates onto it. Padding is an explicit tensor.pad; groups select the
// plain, depthwise or grouped linalg convolution.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {

struct Conv2dLowering : OpConversionPattern<Conv2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
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
