//===- Elementwise.cpp - Lower dlc activations and arithmetic to linalg ---===//
//
// Every element-wise dlc op becomes one linalg.generic whose body is the
// scalar formula below; broadcasting is carried by the indexing maps.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "dlc/Dialect/DlcOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// Lowers OpTy with `Formula::compute(ScalarBuilder&, OpTy, ValueRange)`.
template <typename OpTy, typename Formula>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result = createElementwise(
        rewriter, op.getLoc(), cast<RankedTensorType>(op.getType()),
        adaptor.getOperands(), [&](OpBuilder &b, Location loc, ValueRange x) {
          ScalarBuilder s{b, loc};
          return Formula::compute(s, op, x);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

#define DLC_FORMULA(Name, OpTy, Expr)                                          \
  struct Name {                                                                \
    static Value compute(ScalarBuilder &s, OpTy op, ValueRange x) {            \
      (void)op;                                                                \
      return Expr;                                                             \
    }                                                                          \
  };

// Activations and unary math.
DLC_FORMULA(ReluFormula, ReluOp, applyActivation(s, Activation::Relu, 0, 0, x[0]))
DLC_FORMULA(SigmoidFormula, SigmoidOp,
            applyActivation(s, Activation::Sigmoid, 0, 0, x[0]))
DLC_FORMULA(TanhFormula, TanhOp,
            applyActivation(s, Activation::Tanh, 0, 0, x[0]))
DLC_FORMULA(ExpFormula, ExpOp, s.exp(x[0]))
DLC_FORMULA(LogFormula, LogOp, math::LogOp::create(s.b, s.loc, x[0]))
DLC_FORMULA(AbsFormula, AbsOp, s.abs(x[0]))
DLC_FORMULA(NegFormula, NegOp, arith::NegFOp::create(s.b, s.loc, x[0]))
DLC_FORMULA(SqrtFormula, SqrtOp, math::SqrtOp::create(s.b, s.loc, x[0]))
DLC_FORMULA(ReciprocalFormula, ReciprocalOp, s.div(s.c(1.0), x[0]))
DLC_FORMULA(FloorFormula, FloorOp, math::FloorOp::create(s.b, s.loc, x[0]))
DLC_FORMULA(CeilFormula, CeilOp, math::CeilOp::create(s.b, s.loc, x[0]))
DLC_FORMULA(ErfFormula, ErfOp, math::ErfOp::create(s.b, s.loc, x[0]))
// log(1 + e^x) = max(x, 0) + log1p(e^-|x|), which never overflows.
DLC_FORMULA(SoftplusFormula, SoftplusOp,
            s.add(s.max(x[0], s.c(0.0)),
                  math::Log1pOp::create(
                      s.b, s.loc,
                      s.exp(arith::NegFOp::create(s.b, s.loc, s.abs(x[0]))))))
DLC_FORMULA(SoftsignFormula, SoftsignOp,
            s.div(x[0], s.add(s.c(1.0), s.abs(x[0]))))
DLC_FORMULA(HardSwishFormula, HardSwishOp,
            applyActivation(s, Activation::HardSwish, 0, 0, x[0]))
DLC_FORMULA(LeakyReluFormula, LeakyReluOp,
            applyActivation(s, Activation::LeakyRelu,
                            op.getAlpha().convertToFloat(), 0, x[0]))
DLC_FORMULA(EluFormula, EluOp,
            s.ifNegative(x[0], s.mul(s.c(op.getAlpha().convertToFloat()),
                                     s.sub(s.exp(x[0]), s.c(1.0)))))
DLC_FORMULA(SeluFormula, SeluOp,
            s.mul(s.c(op.getGamma().convertToFloat()),
                  s.select(s.lt(s.c(0.0), x[0]), x[0],
                           s.mul(s.c(op.getAlpha().convertToFloat()),
                                 s.sub(s.exp(x[0]), s.c(1.0))))))
DLC_FORMULA(HardSigmoidFormula, HardSigmoidOp,
            applyActivation(s, Activation::HardSigmoid,
                            op.getAlpha().convertToFloat(),
                            op.getBeta().convertToFloat(), x[0]))
DLC_FORMULA(ClipFormula, ClipOp,
            applyActivation(s, Activation::Clip, op.getMin().convertToFloat(),
                            op.getMax().convertToFloat(), x[0]))

// Binary arithmetic.
DLC_FORMULA(AddFormula, AddOp, s.add(x[0], x[1]))
DLC_FORMULA(SubFormula, SubOp, s.sub(x[0], x[1]))
DLC_FORMULA(MulFormula, MulOp, s.mul(x[0], x[1]))
DLC_FORMULA(DivFormula, DivOp, s.div(x[0], x[1]))
DLC_FORMULA(MaxFormula, MaxOp, s.max(x[0], x[1]))
DLC_FORMULA(MinFormula, MinOp, s.min(x[0], x[1]))
DLC_FORMULA(PowFormula, PowOp, math::PowFOp::create(s.b, s.loc, x[0], x[1]))
DLC_FORMULA(PReluFormula, PReluOp, s.ifNegative(x[0], s.mul(x[0], x[1])))

#undef DLC_FORMULA

} // namespace

void mlir::dlc::populateElementwisePatterns(RewritePatternSet &patterns) {
  patterns.add<ElementwiseLowering<ReluOp, ReluFormula>,
               ElementwiseLowering<SigmoidOp, SigmoidFormula>,
               ElementwiseLowering<TanhOp, TanhFormula>,
               ElementwiseLowering<ExpOp, ExpFormula>,
               ElementwiseLowering<LogOp, LogFormula>,
               ElementwiseLowering<AbsOp, AbsFormula>,
               ElementwiseLowering<NegOp, NegFormula>,
               ElementwiseLowering<SqrtOp, SqrtFormula>,
               ElementwiseLowering<ReciprocalOp, ReciprocalFormula>,
               ElementwiseLowering<FloorOp, FloorFormula>,
               ElementwiseLowering<CeilOp, CeilFormula>,
               ElementwiseLowering<ErfOp, ErfFormula>,
               ElementwiseLowering<SoftplusOp, SoftplusFormula>,
               ElementwiseLowering<SoftsignOp, SoftsignFormula>,
               ElementwiseLowering<HardSwishOp, HardSwishFormula>,
               ElementwiseLowering<LeakyReluOp, LeakyReluFormula>,
               ElementwiseLowering<EluOp, EluFormula>,
               ElementwiseLowering<SeluOp, SeluFormula>,
               ElementwiseLowering<HardSigmoidOp, HardSigmoidFormula>,
               ElementwiseLowering<ClipOp, ClipFormula>,
               ElementwiseLowering<AddOp, AddFormula>,
               ElementwiseLowering<SubOp, SubFormula>,
               ElementwiseLowering<MulOp, MulFormula>,
               ElementwiseLowering<DivOp, DivFormula>,
               ElementwiseLowering<MaxOp, MaxFormula>,
               ElementwiseLowering<MinOp, MinFormula>,
               ElementwiseLowering<PowOp, PowFormula>,
               ElementwiseLowering<PReluOp, PReluFormula>>(
      patterns.getContext());
}
