//===- VectorizeStridedElementwise.cpp - Vector code for strided views ----===//
//
// Element-wise linalg ops whose operands are strided views (the taps of a
// pooling window, the interior of a padded buffer, a slice) become an
// scf.parallel over the outer dims and 8-lane vector code along the
// innermost one. LLVM's loop vectorizer gives up on most of them: it cannot
// prove that the views' rows are consecutive, or that the output does not
// alias the inputs, and falls back to gathers or scalar code (a 3x3 max pool
// ran at ~1 GFLOP/s). Here each operand is read by how it walks the inner
// dim: contiguous rows with one load per vector, stride-2 rows with two
// loads and an even-lane shuffle, other strides with a gather, and operands
// that do not depend on the inner dim with one broadcast scalar. The ragged
// end of a row is one masked vector (shapes are static, so is its mask).
// Other element-wise ops on contiguous buffers are left to LLVM, which
// vectorizes them well; fills are not (LLVM vectorizes their nests across
// rows, into scatters), so every fill is taken too.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "dlc/Codegen/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_VECTORIZESTRIDEDELEMENTWISE
#include "dlc/Codegen/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::cpu;

/// The body's ops, each of which can be applied lane by lane.
static bool isVectorizableBody(Block &body) {
  for (Operation &op : body.without_terminator()) {
    if (op.getNumRegions() != 0)
      return false;
    bool lanewise = op.hasTrait<OpTrait::Elementwise>() ||
                    isa<arith::SelectOp, arith::ConstantOp>(op);
    if (!lanewise || isa<linalg::IndexOp>(op))
      return false;
    for (Type type :
         llvm::concat<Type>(op.getOperandTypes(), op.getResultTypes()))
      if (!type.isIntOrFloat() || type.isIndex())
        return false;
  }
  return true;
}

/// Static strides of `memref`, or failure.
static FailureOr<SmallVector<int64_t>> staticStrides(MemRefType type) {
  int64_t offset;
  SmallVector<int64_t> strides;
  if (failed(type.getStridesAndOffset(strides, offset)) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return failure();
  return strides;
}

namespace {

/// How one input operand is read along the innermost loop dim.
struct InputAccess {
  enum Kind { Broadcast, Strided } kind = Broadcast;
  int64_t stride = 1; // elements between consecutive inner iterations
};

class StridedElementwiseVectorizer {
public:
  explicit StridedElementwiseVectorizer(linalg::LinalgOp op) : op(op) {}

  /// Whether `op` qualifies; fills `accesses`.
  bool analyze();
  void emit(RewriterBase &rewriter);

private:
  /// The operand's indices at the loop ivs `ivs` (inner iv included).
  SmallVector<Value> indicesOf(KernelBuilder &kb, OpOperand &operand,
                               ValueRange ivs);
  /// The operand as a view whose innermost dim has unit stride and spans
  /// every element the strided rows touch (stride * (size - 1) + 1).
  Value unitStrideView(KernelBuilder &kb, Value memref, int64_t stride);
  /// Computes and stores `lanes` (8, or the static tail) outputs at `ivs`.
  void emitVector(KernelBuilder &kb, ValueRange ivs, int64_t lanes);

  linalg::LinalgOp op;
  SmallVector<InputAccess> accesses;
  SmallVector<Value> innerViews; // per input, for Strided inputs
  int64_t innerSize = 0;
};

} // namespace

bool StridedElementwiseVectorizer::analyze() {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumLoops() == 0 || op.getNumParallelLoops() != op.getNumLoops() ||
      !isVectorizableBody(*op.getBlock()))
    return false;
  unsigned innerDim = op.getNumLoops() - 1;
  OpOperand *init = op.getDpsInitOperand(0);
  auto initType = dyn_cast<MemRefType>(init->get().getType());
  if (!initType || !initType.hasStaticShape() ||
      !initType.getElementType().isF32() ||
      !op.getMatchingIndexingMap(init).isIdentity())
    return false;
  FailureOr<SmallVector<int64_t>> initStrides = staticStrides(initType);
  if (failed(initStrides) || initStrides->back() != 1)
    return false;
  innerSize = initType.getShape().back();

  // Fills (linalg.fill, or a map with no inputs) are always taken: LLVM
  // vectorizes their loop nests across rows, into scatters.
  bool anyStrided = !memref::isStaticShapeAndContiguousRowMajor(initType) ||
                    isa<linalg::FillOp>(op) || op.getNumDpsInputs() == 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    if (input->get().getType().isF32()) { // a scalar operand
      accesses.push_back(InputAccess{});
      continue;
    }
    auto type = dyn_cast<MemRefType>(input->get().getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
      return false;
    AffineMap map = op.getMatchingIndexingMap(input);
    if (!map.isProjectedPermutation())
      return false;
    FailureOr<SmallVector<int64_t>> strides = staticStrides(type);
    if (failed(strides))
      return false;
    anyStrided |= !memref::isStaticShapeAndContiguousRowMajor(type);
    InputAccess access;
    std::optional<unsigned> position =
        map.getResultPosition(getAffineDimExpr(innerDim, op.getContext()));
    if (position) {
      // The inner dim must be the operand's last: rows, not columns.
      if (*position != map.getNumResults() - 1 || strides->back() < 1)
        return false;
      access.kind = InputAccess::Strided;
      access.stride = strides->back();
    }
    accesses.push_back(access);
  }
  return anyStrided;
}

SmallVector<Value> StridedElementwiseVectorizer::indicesOf(KernelBuilder &kb,
                                                           OpOperand &operand,
                                                           ValueRange ivs) {
  SmallVector<Value> indices;
  for (AffineExpr expr : op.getMatchingIndexingMap(&operand).getResults())
    indices.push_back(ivs[cast<AffineDimExpr>(expr).getPosition()]);
  return indices;
}

Value StridedElementwiseVectorizer::unitStrideView(KernelBuilder &kb,
                                                   Value memref,
                                                   int64_t stride) {
  auto type = cast<MemRefType>(memref.getType());
  if (stride == 1)
    return memref;
  int64_t offset;
  SmallVector<int64_t> strides;
  (void)type.getStridesAndOffset(strides, offset);
  SmallVector<int64_t> sizes(type.getShape());
  sizes.back() = stride * (sizes.back() - 1) + 1;
  strides.back() = 1;
  auto viewType = MemRefType::get(
      sizes, type.getElementType(),
      StridedLayoutAttr::get(type.getContext(), offset, strides));
  SmallVector<OpFoldResult> sizeAttrs, strideAttrs;
  for (int64_t size : sizes)
    sizeAttrs.push_back(kb.b.getIndexAttr(size));
  for (int64_t s : strides)
    strideAttrs.push_back(kb.b.getIndexAttr(s));
  return memref::ReinterpretCastOp::create(kb.b, kb.loc, viewType, memref,
                                           kb.b.getIndexAttr(offset), sizeAttrs,
                                           strideAttrs);
}

void StridedElementwiseVectorizer::emitVector(KernelBuilder &kb, ValueRange ivs,
                                              int64_t lanes) {
  OpBuilder &b = kb.b;
  Location loc = kb.loc;
  VectorType f32x8 = kb.f32Vector();
  auto constantMask = [&](int64_t count) {
    return vector::ConstantMaskOp::create(
        b, loc, VectorType::get({kVectorWidth}, b.getI1Type()),
        ArrayRef<int64_t>{std::clamp<int64_t>(count, 0, kVectorWidth)});
  };
  // The first `count` lanes at `at` (a plain load when all 8 are wanted).
  auto loadLanes = [&](Value memref, ValueRange at, int64_t count) -> Value {
    if (count >= kVectorWidth)
      return vector::LoadOp::create(b, loc, f32x8, memref, at);
    if (count <= 0)
      return kb.zeros();
    return kb.loadMasked(memref, at, constantMask(count));
  };
  Value inner = ivs.back();

  IRMapping mapping;
  Block &body = *op.getBlock();
  for (auto [i, input] : llvm::enumerate(op.getDpsInputOperands())) {
    SmallVector<Value> indices = indicesOf(kb, *input, ivs);
    Value vector;
    if (accesses[i].kind == InputAccess::Broadcast) {
      Value scalar = input->get();
      if (isa<MemRefType>(scalar.getType()))
        scalar = memref::LoadOp::create(b, loc, scalar, indices);
      vector = vector::BroadcastOp::create(b, loc, f32x8, scalar);
    } else {
      int64_t stride = accesses[i].stride;
      Value view = innerViews[i];
      indices.back() = kb.mul(inner, stride);
      auto load = [&](int64_t offset, int64_t count) {
        SmallVector<Value> at(indices);
        at.back() = kb.add(at.back(), offset);
        return loadLanes(view, at, count);
      };
      if (stride == 1) {
        vector = load(0, lanes);
      } else if (stride == 2) {
        // Lanes 0..7 need elements 0, 2, .., 14: load 0..7 and 7..14 (not
        // 8..15, which may lie past the view) and keep the even offsets.
        int64_t last = 2 * (lanes - 1); // last element offset needed
        Value lo = load(0, std::min<int64_t>(kVectorWidth, last + 1));
        Value hi = load(kVectorWidth - 1, last + 1 - (kVectorWidth - 1));
        vector = vector::ShuffleOp::create(
            b, loc, lo, hi, ArrayRef<int64_t>{0, 2, 4, 6, 9, 11, 13, 15});
      } else {
        SmallVector<int32_t> offsets;
        for (int64_t lane = 0; lane < kVectorWidth; ++lane)
          offsets.push_back(lane * stride);
        Value offsetVector = arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(kb.i32Vector(), ArrayRef<int32_t>(offsets)));
        vector =
            vector::GatherOp::create(b, loc, f32x8, view, indices, offsetVector,
                                     constantMask(lanes), kb.zeros());
      }
    }
    mapping.map(body.getArgument(input->getOperandNumber()), vector);
  }
  OpOperand *init = op.getDpsInitOperand(0);
  SmallVector<Value> outIndices = indicesOf(kb, *init, ivs);
  BlockArgument initArg = body.getArgument(init->getOperandNumber());
  if (!initArg.use_empty())
    mapping.map(initArg, loadLanes(init->get(), outIndices, lanes));

  // The body, lane-wise: each op again on vectors of its scalar types.
  for (Operation &scalarOp : body.without_terminator()) {
    if (auto constant = dyn_cast<arith::ConstantOp>(scalarOp)) {
      auto splatType = VectorType::get({kVectorWidth}, constant.getType());
      mapping.map(constant.getResult(),
                  arith::ConstantOp::create(
                      b, loc, splatType,
                      SplatElementsAttr::get(splatType, constant.getValue())));
      continue;
    }
    SmallVector<Value> operands;
    for (Value operand : scalarOp.getOperands()) {
      Value mapped = mapping.lookupOrNull(operand);
      if (!mapped) // defined above the op: the same in every lane
        mapped = vector::BroadcastOp::create(
            b, loc, VectorType::get({kVectorWidth}, operand.getType()),
            operand);
      operands.push_back(mapped);
    }
    SmallVector<Type> resultTypes;
    for (Type type : scalarOp.getResultTypes())
      resultTypes.push_back(VectorType::get({kVectorWidth}, type));
    OperationState state(loc, scalarOp.getName(), operands, resultTypes,
                         scalarOp.getAttrs());
    Operation *vectorOp = b.create(state);
    mapping.map(scalarOp.getResults(), vectorOp->getResults());
  }
  Value yielded = body.getTerminator()->getOperand(0);
  Value result = mapping.lookupOrDefault(yielded);
  if (result.getType() != f32x8) // a value captured from above the op
    result = vector::BroadcastOp::create(b, loc, f32x8, result);
  if (lanes == kVectorWidth)
    vector::StoreOp::create(b, loc, result, init->get(), outIndices);
  else
    kb.storeMasked(result, init->get(), outIndices, constantMask(lanes));
}

void StridedElementwiseVectorizer::emit(RewriterBase &rewriter) {
  rewriter.setInsertionPoint(op);
  KernelBuilder kb{rewriter, op.getLoc()};
  for (auto [i, input] : llvm::enumerate(op.getDpsInputOperands()))
    innerViews.push_back(
        accesses[i].kind == InputAccess::Strided
            ? unitStrideView(kb, input->get(), accesses[i].stride)
            : Value());
  auto emitRow = [&](KernelBuilder &k, ValueRange outerIvs) {
    int64_t fullEnd = innerSize / kVectorWidth * kVectorWidth;
    auto ivsWith = [&](Value inner) {
      SmallVector<Value> ivs(outerIvs);
      ivs.push_back(inner);
      return ivs;
    };
    if (fullEnd > 0)
      k.forLoop(k.idx(0), k.idx(fullEnd), kVectorWidth,
                [&](KernelBuilder &l, Value j) {
                  emitVector(l, ivsWith(j), kVectorWidth);
                });
    if (fullEnd < innerSize)
      emitVector(k, ivsWith(k.idx(fullEnd)), innerSize - fullEnd);
  };
  ArrayRef<int64_t> shape =
      cast<MemRefType>(op.getDpsInitOperand(0)->get().getType()).getShape();
  if (shape.size() == 1) {
    emitRow(kb, ValueRange{});
  } else {
    emitParallelTasks(
        kb, shape.drop_back(), /*stackScratch=*/false,
        [&](KernelBuilder &task, ValueRange ivs) { emitRow(task, ivs); });
  }
  rewriter.eraseOp(op);
}

namespace {
struct VectorizeStridedElementwisePass
    : mlir::dlc::impl::VectorizeStridedElementwiseBase<
          VectorizeStridedElementwisePass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> candidates;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (isa<linalg::GenericOp, linalg::MapOp, linalg::CopyOp, linalg::FillOp>(
              op))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : candidates) {
      StridedElementwiseVectorizer vectorizer(op);
      if (vectorizer.analyze())
        vectorizer.emit(rewriter);
    }
  }
};
} // namespace
