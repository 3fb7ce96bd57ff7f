//===- OutlineParallelLoops.cpp - Parallel loops -> runtime parallel_for --===//
//
// The model.so runs its parallel loops on the runtime's thread pool: each
// worthwhile outermost scf.parallel / scf.forall becomes a body function over
// a range [begin, end) of its linearised iteration space and a call of a
// launcher that the model ABI turns into dlc_run_hooks::parallel_for (see
// dlc/Transforms/OutlineParallelLoops.h). Nothing here depends on what the
// loop computes: linalg's parallel loops and hand-written kernels' foralls
// are treated alike.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/OutlineParallelLoops.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_OUTLINEPARALLELLOOPS
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// Iterations of `loop` per dim, if all its bounds are constants.
std::optional<SmallVector<int64_t>> staticTripCounts(LoopLikeOpInterface loop) {
  std::optional<SmallVector<OpFoldResult>> lbs = loop.getLoopLowerBounds();
  std::optional<SmallVector<OpFoldResult>> ubs = loop.getLoopUpperBounds();
  std::optional<SmallVector<OpFoldResult>> steps = loop.getLoopSteps();
  if (!lbs || !ubs || !steps)
    return std::nullopt;
  SmallVector<int64_t> trips;
  for (auto [lb, ub, step] : llvm::zip_equal(*lbs, *ubs, *steps)) {
    std::optional<int64_t> l = getConstantIntValue(lb);
    std::optional<int64_t> u = getConstantIntValue(ub);
    std::optional<int64_t> s = getConstantIntValue(step);
    if (!l || !u || !s || *s <= 0)
      return std::nullopt;
    trips.push_back(*u > *l ? llvm::divideCeil(*u - *l, *s) : 0);
  }
  return trips;
}

/// Saturating product, so that deep nests do not overflow.
int64_t mulSat(int64_t a, int64_t b) {
  if (a == 0 || b == 0)
    return 0;
  return a > std::numeric_limits<int64_t>::max() / b
             ? std::numeric_limits<int64_t>::max()
             : a * b;
}

int64_t addSat(int64_t a, int64_t b) {
  return a > std::numeric_limits<int64_t>::max() - b
             ? std::numeric_limits<int64_t>::max()
             : a + b;
}

/// A constant that `value` cannot exceed, if one is in sight: tiled loops
/// run to min(tile, remaining).
std::optional<int64_t> constantUpperBound(Value value, int depth = 0) {
  if (std::optional<int64_t> constant = getConstantIntValue(value))
    return constant;
  Operation *def = value.getDefiningOp();
  if (!def || depth > 8)
    return std::nullopt;
  if (isa<arith::MinSIOp, arith::MinUIOp>(def)) {
    std::optional<int64_t> lhs =
        constantUpperBound(def->getOperand(0), depth + 1);
    std::optional<int64_t> rhs =
        constantUpperBound(def->getOperand(1), depth + 1);
    if (lhs && rhs)
      return std::min(*lhs, *rhs);
    return lhs ? lhs : rhs;
  }
  if (auto select = dyn_cast<arith::SelectOp>(def)) {
    std::optional<int64_t> lhs =
        constantUpperBound(select.getTrueValue(), depth + 1);
    std::optional<int64_t> rhs =
        constantUpperBound(select.getFalseValue(), depth + 1);
    if (lhs && rhs)
      return std::max(*lhs, *rhs);
  }
  return std::nullopt;
}

/// Estimated iterations of `loop`: its trip counts, where a dynamic upper
/// bound counts as its constant upper bound if it has one, else as one
/// iteration.
int64_t estimatedTrips(LoopLikeOpInterface loop) {
  std::optional<SmallVector<OpFoldResult>> lbs = loop.getLoopLowerBounds();
  std::optional<SmallVector<OpFoldResult>> ubs = loop.getLoopUpperBounds();
  std::optional<SmallVector<OpFoldResult>> steps = loop.getLoopSteps();
  if (!lbs || !ubs || !steps)
    return 1;
  int64_t trips = 1;
  for (auto [lb, ub, step] : llvm::zip_equal(*lbs, *ubs, *steps)) {
    std::optional<int64_t> l = getConstantIntValue(lb);
    std::optional<int64_t> s = getConstantIntValue(step);
    std::optional<int64_t> u = getConstantIntValue(ub);
    if (!u)
      if (auto value = dyn_cast<Value>(ub))
        u = constantUpperBound(value);
    if (!l || !u || !s || *s <= 0)
      continue;
    trips = mulSat(trips, *u > *l ? llvm::divideCeil(*u - *l, *s) : 0);
  }
  return trips;
}

int64_t loopWork(LoopLikeOpInterface loop);

/// The work of one op outside loops: one per scalar result, one per lane of
/// a vector result (a vector.fma on vector<8xf32> does 8), none for
/// constants and terminators.
int64_t opWork(Operation *op) {
  if (op->hasTrait<OpTrait::ConstantLike>() ||
      op->hasTrait<OpTrait::IsTerminator>())
    return 0;
  int64_t work = 1;
  for (Type type : op->getResultTypes())
    if (auto vector = dyn_cast<VectorType>(type))
      work = std::max<int64_t>(work, vector.getNumElements());
  return work;
}

/// Estimated work of one execution of `region`: its ops, plus each loop in
/// it times its iterations (at least 1).
int64_t regionWork(Region &region) {
  int64_t work = 0;
  region.walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (auto loop = dyn_cast<LoopLikeOpInterface>(op)) {
      work = addSat(work, loopWork(loop));
      return WalkResult::skip();
    }
    if (op->getNumRegions() == 0)
      work = addSat(work, opWork(op));
    return WalkResult::advance();
  });
  return std::max<int64_t>(work, 1);
}

/// Estimated work of the nest rooted at `loop`: its iterations
/// (estimatedTrips) times the work of each.
int64_t loopWork(LoopLikeOpInterface loop) {
  int64_t trips = estimatedTrips(loop);
  int64_t body = 1;
  for (Region *region : loop.getLoopRegions())
    body = std::max(body, regionWork(*region));
  return mulSat(trips, body);
}

/// How a value defined above the loop reaches the body function.
struct Capture {
  enum Kind {
    /// Recomputed in the body: a constant, or a view (subview, reshape,
    /// memref.view, ...) of other captures.
    Clone,
    /// Passed in an 8-byte slot.
    Scalar,
    /// Passed as a bare pointer.
    Memref,
    /// Passed as its base pointer plus the dynamic parts of its layout.
    StridedMemref
  } kind;
  Value value;
};

bool isSlotScalar(Type type) {
  if (type.isIndex())
    return true;
  if (auto integer = dyn_cast<IntegerType>(type))
    return integer.getWidth() <= 64;
  if (auto real = dyn_cast<FloatType>(type))
    return real.getWidth() <= 64;
  return false;
}

/// A memref that the bare-pointer convention passes as is.
bool isBarePointerMemref(MemRefType type) {
  return type.hasStaticShape() && type.getLayout().isIdentity();
}

/// Whether `def` is a side-effect-free view of a memref (subview,
/// expand/collapse_shape, memref.view, reinterpret_cast, ...).
bool isMemrefView(Operation *def) {
  return def && isa<ViewLikeOpInterface>(def) && def->getNumResults() == 1 &&
         def->getNumRegions() == 0 && isMemoryEffectFree(def) &&
         isa<MemRefType>(def->getResult(0).getType());
}

/// Classifies `value` (and, for views, what they view) into `captures`,
/// operands before the views of them; fails if a value cannot be passed.
LogicalResult classifyCapture(Value value, SmallVector<Capture> &captures,
                              DenseSet<Value> &seen) {
  if (!seen.insert(value).second)
    return success();
  Operation *def = value.getDefiningOp();
  if (def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
      def->getNumResults() == 1 && isMemoryEffectFree(def)) {
    captures.push_back({Capture::Clone, value});
    return success();
  }
  // Views are rebuilt in the body from what they view, so that views of
  // one buffer share its base pointer there: passed separately, LLVM must
  // assume they may alias, and gives up vectorizing (or keeps reloading)
  // loops that read several views of the same buffer.
  if (isMemrefView(def)) {
    for (Value operand : def->getOperands())
      if (failed(classifyCapture(operand, captures, seen)))
        return failure();
    captures.push_back({Capture::Clone, value});
    return success();
  }
  Type type = value.getType();
  if (isSlotScalar(type)) {
    captures.push_back({Capture::Scalar, value});
    return success();
  }
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref)
    return failure();
  if (isBarePointerMemref(memref)) {
    captures.push_back({Capture::Memref, value});
    return success();
  }
  if (!memref.isStrided())
    return failure();
  captures.push_back({Capture::StridedMemref, value});
  return success();
}

/// Classifies the values `loop` uses from above, or fails if one cannot be
/// passed in an 8-byte slot.
FailureOr<SmallVector<Capture>> classifyCaptures(Operation *loop) {
  SetVector<Value> used;
  getUsedValuesDefinedAbove(loop->getRegions(), used);
  SmallVector<Capture> captures;
  DenseSet<Value> seen;
  for (Value value : used)
    if (failed(classifyCapture(value, captures, seen)))
      return failure();
  return captures;
}

class Outliner {
public:
  Outliner(ModuleOp module, int64_t minWork, int64_t minTasks)
      : module(module), symbols(module), minWork(minWork), minTasks(minTasks) {}

  /// Outlines `loop` of `func` if it is worth it; true if it did.
  bool tryOutline(Operation *loop, func::FuncOp func);

private:
  std::string uniqueName(const Twine &base);

  ModuleOp module;
  SymbolTable symbols;
  int64_t minWork, minTasks;
  unsigned next = 0;
};

std::string Outliner::uniqueName(const Twine &base) {
  std::string name = base.str();
  for (unsigned i = 0; symbols.lookup(name); ++i)
    name = (base + "_" + Twine(i)).str();
  return name;
}

bool Outliner::tryOutline(Operation *loopOp, func::FuncOp func) {
  auto loop = cast<LoopLikeOpInterface>(loopOp);
  // Memref loops only: results would be tensors or reductions.
  if (loopOp->getNumResults() != 0 || loopOp->getNumRegions() != 1 ||
      !loopOp->getRegion(0).hasOneBlock())
    return false;
  if (auto forall = dyn_cast<scf::ForallOp>(loopOp))
    if (!forall.getOutputs().empty())
      return false;
  std::optional<SmallVector<int64_t>> trips = staticTripCounts(loop);
  if (!trips || trips->empty())
    return false;
  if (loopWork(loop) < minWork)
    return false;

  // Linearise the shortest prefix of dims worth splitting; the rest stays
  // a loop inside each task.
  size_t splitDims = 0;
  int64_t numTasks = 1;
  while (splitDims < trips->size() && numTasks < minTasks)
    numTasks = mulSat(numTasks, (*trips)[splitDims++]);
  if (numTasks < 2)
    return false;

  FailureOr<SmallVector<Capture>> captures = classifyCaptures(loopOp);
  if (failed(captures))
    return false;

  Location loc = loopOp->getLoc();
  MLIRContext *ctx = module.getContext();
  IRRewriter rewriter(ctx);
  Type indexType = rewriter.getIndexType();

  // Caller side: the arguments each capture needs.
  rewriter.setInsertionPoint(loopOp);
  SmallVector<Value> callArgs;
  SmallVector<Type> argTypes;
  for (const Capture &capture : *captures) {
    switch (capture.kind) {
    case Capture::Clone:
      break;
    case Capture::Scalar:
    case Capture::Memref:
      callArgs.push_back(capture.value);
      break;
    case Capture::StridedMemref: {
      // Base buffer + the dynamic parts of the layout; the static ones are
      // in the type the body rebuilds.
      auto type = cast<MemRefType>(capture.value.getType());
      auto meta = memref::ExtractStridedMetadataOp::create(rewriter, loc,
                                                           capture.value);
      callArgs.push_back(meta.getBaseBuffer());
      auto [strides, offset] = type.getStridesAndOffset();
      if (ShapedType::isDynamic(offset))
        callArgs.push_back(meta.getOffset());
      for (auto [i, size] : llvm::enumerate(type.getShape()))
        if (ShapedType::isDynamic(size))
          callArgs.push_back(meta.getSizes()[i]);
      for (auto [i, stride] : llvm::enumerate(strides))
        if (ShapedType::isDynamic(stride))
          callArgs.push_back(meta.getStrides()[i]);
      break;
    }
    }
  }
  for (Value arg : callArgs)
    argTypes.push_back(arg.getType());

  // The body function, right after `func`.
  unsigned k = next++;
  std::string bodyName =
      uniqueName(func.getSymName() + "_parallel_" + Twine(k));
  SmallVector<Type> bodyArgTypes = {indexType, indexType};
  bodyArgTypes.append(argTypes);
  rewriter.setInsertionPointAfter(func);
  auto body = func::FuncOp::create(rewriter, loc, bodyName,
                                   rewriter.getFunctionType(bodyArgTypes, {}));
  body.setPrivate();
  symbols.insert(body);
  // A noalias buffer of `func` (the workspace arena) stays noalias in the
  // body: views of it are rebuilt there from this one pointer, and no other
  // pointer argument reaches it, so LLVM may keep loaded values and vectorize
  // without runtime alias checks, as in `func` itself.
  StringRef noAlias = LLVM::LLVMDialect::getNoAliasAttrName();
  for (auto [i, arg] : llvm::enumerate(callArgs)) {
    auto blockArg = dyn_cast<BlockArgument>(arg);
    if (blockArg && blockArg.getOwner()->isEntryBlock() &&
        blockArg.getOwner()->getParentOp() == func.getOperation() &&
        func.getArgAttr(blockArg.getArgNumber(), noAlias))
      body.setArgAttr(2 + i, noAlias, rewriter.getUnitAttr());
  }
  Block *entry = body.addEntryBlock();
  rewriter.setInsertionPointToStart(entry);

  // Rebuild the captured values in the body.
  IRMapping captured;
  unsigned argIndex = 2;
  for (const Capture &capture : *captures) {
    switch (capture.kind) {
    case Capture::Clone:
      // Operands (of views) were captured before.
      captured.map(
          capture.value,
          rewriter.clone(*capture.value.getDefiningOp(), captured)
              ->getResult(0));
      break;
    case Capture::Scalar:
    case Capture::Memref:
      captured.map(capture.value, entry->getArgument(argIndex++));
      break;
    case Capture::StridedMemref: {
      auto type = cast<MemRefType>(capture.value.getType());
      Value base = entry->getArgument(argIndex++);
      auto [strides, offset] = type.getStridesAndOffset();
      auto mixed = [&](int64_t value) -> OpFoldResult {
        if (ShapedType::isDynamic(value))
          return entry->getArgument(argIndex++);
        return rewriter.getIndexAttr(value);
      };
      OpFoldResult mixedOffset = mixed(offset);
      SmallVector<OpFoldResult> sizes, mixedStrides;
      for (int64_t size : type.getShape())
        sizes.push_back(mixed(size));
      for (int64_t stride : strides)
        mixedStrides.push_back(mixed(stride));
      captured.map(capture.value, memref::ReinterpretCastOp::create(
                                      rewriter, loc, type, base, mixedOffset,
                                      sizes, mixedStrides));
      break;
    }
    }
  }

  // Static allocas of an iteration become one per task (and so per
  // thread); the others keep a scope per iteration.
  Block &loopBody = loopOp->getRegion(0).front();
  bool needsScope = false;
  loopBody.walk([&](memref::AllocaOp alloca) {
    if (alloca->getParentWithTrait<OpTrait::AutomaticAllocationScope>() !=
        loopOp)
      return;
    if (alloca->getNumOperands() == 0)
      alloca->moveBefore(entry, entry->end());
    else
      needsScope = true;
  });

  SmallVector<OpFoldResult> lbs = *loop.getLoopLowerBounds();
  SmallVector<OpFoldResult> steps = *loop.getLoopSteps();
  SmallVector<OpFoldResult> ubs = *loop.getLoopUpperBounds();
  // Index constants before the task loop, once each.
  OpBuilder constants = OpBuilder::atBlockEnd(entry);
  DenseMap<int64_t, Value> constantValues;
  auto constant = [&](int64_t value) -> Value {
    Value &result = constantValues[value];
    if (!result)
      result = arith::ConstantIndexOp::create(constants, loc, value);
    return result;
  };
  Value one = constant(1);
  auto task = scf::ForOp::create(rewriter, loc, entry->getArgument(0),
                                 entry->getArgument(1), one);
  constants.setInsertionPoint(task);
  func::ReturnOp::create(rewriter, loc);
  rewriter.setInsertionPoint(task.getBody()->getTerminator());
  if (needsScope) {
    auto scope = memref::AllocaScopeOp::create(rewriter, loc, TypeRange());
    Block *scopeBlock = rewriter.createBlock(&scope.getBodyRegion());
    memref::AllocaScopeReturnOp::create(rewriter, loc, ValueRange());
    rewriter.setInsertionPointToStart(scopeBlock);
  }

  // Delinearise the task index, innermost dim fastest.
  SmallVector<Value> ivs(trips->size());
  Value linear = task.getInductionVar();
  for (int64_t d = splitDims - 1; d >= 0; --d) {
    Value index = linear;
    if (d > 0) {
      Value count = constant((*trips)[d]);
      index = arith::RemUIOp::create(rewriter, loc, linear, count);
      linear = arith::DivUIOp::create(rewriter, loc, linear, count);
    }
    int64_t lb = *getConstantIntValue(lbs[d]);
    int64_t step = *getConstantIntValue(steps[d]);
    if (step != 1)
      index = arith::MulIOp::create(rewriter, loc, index, constant(step));
    if (lb != 0)
      index = arith::AddIOp::create(rewriter, loc, index, constant(lb));
    ivs[d] = index;
  }
  Operation *insertBefore = rewriter.getInsertionBlock()->getTerminator();
  if (splitDims < trips->size()) {
    SmallVector<Value> innerLbs, innerUbs, innerSteps;
    for (size_t d = splitDims; d < trips->size(); ++d) {
      innerLbs.push_back(constant(*getConstantIntValue(lbs[d])));
      innerUbs.push_back(constant(*getConstantIntValue(ubs[d])));
      innerSteps.push_back(constant(*getConstantIntValue(steps[d])));
    }
    auto inner =
        scf::ParallelOp::create(rewriter, loc, innerLbs, innerUbs, innerSteps);
    llvm::copy(inner.getInductionVars(), ivs.begin() + splitDims);
    insertBefore = inner.getBody()->getTerminator();
  }

  // Move the iteration in: its terminator (scf.reduce or an empty
  // scf.forall.in_parallel) has nothing to say any more.
  rewriter.eraseOp(loopBody.getTerminator());
  rewriter.inlineBlockBefore(&loopBody, insertBefore, ivs);
  for (auto [from, to] : captured.getValueMap())
    rewriter.replaceUsesWithIf(from, to, [&](OpOperand &use) {
      return body->isProperAncestor(use.getOwner());
    });

  // The launcher and its call.
  std::string launcherName =
      uniqueName(dlc::parallel::kLauncherPrefix + Twine(k));
  SmallVector<Type> launcherArgTypes = {indexType};
  launcherArgTypes.append(argTypes);
  rewriter.setInsertionPoint(func);
  auto launcher =
      func::FuncOp::create(rewriter, loc, launcherName,
                           rewriter.getFunctionType(launcherArgTypes, {}));
  launcher.setPrivate();
  launcher->setAttr(dlc::parallel::kBodyAttr,
                    FlatSymbolRefAttr::get(ctx, bodyName));
  symbols.insert(launcher);

  rewriter.setInsertionPoint(loopOp);
  SmallVector<Value> launchArgs = {
      arith::ConstantIndexOp::create(rewriter, loc, numTasks)};
  launchArgs.append(callArgs);
  func::CallOp::create(rewriter, loc, launcher, launchArgs);
  rewriter.eraseOp(loopOp);
  return true;
}

struct OutlineParallelLoopsPass
    : mlir::dlc::impl::OutlineParallelLoopsBase<OutlineParallelLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    Outliner outliner(module, minWork, minTasks);
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isDeclaration())
        continue;
      // Outermost first; a loop left alone is searched inside, as its
      // iterations may hold worthwhile loops of their own.
      SmallVector<Operation *> worklist;
      auto collect = [&](Region &region) {
        region.walk<WalkOrder::PreOrder>([&](Operation *op) {
          if (!isa<scf::ParallelOp, scf::ForallOp>(op))
            return WalkResult::advance();
          worklist.push_back(op);
          return WalkResult::skip();
        });
      };
      collect(func.getBody());
      for (size_t i = 0; i < worklist.size(); ++i) {
        Operation *loop = worklist[i];
        if (outliner.tryOutline(loop, func)) {
          ++numOutlined;
          continue;
        }
        for (Region &region : loop->getRegions())
          collect(region);
      }
    }
  }
};

} // namespace
