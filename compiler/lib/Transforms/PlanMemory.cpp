//===- PlanMemory.cpp - @main's static buffers as views of one arena ------===//
//
// After bufferization, @main is one block of ops on memrefs. A buffer is live
// from the first to the last top-level op that touches it or any of its
// aliases (views, reshapes, casts, region results it flows into). Buffers are
// placed greedily, largest first, each at the lowest 64-byte aligned offset
// that overlaps no placed buffer with an overlapping lifetime; the arena is
// the highest end. See dlc/Transforms/PlanMemory.h for what is recorded.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/PlanMemory.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <climits>

namespace mlir::dlc {
#define GEN_PASS_DEF_PLANMEMORY
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;
using namespace mlir::dlc;

namespace {

/// One allocation placed in the arena.
struct Buffer {
  Operation *alloc;
  int64_t bytes;        // rounded up to memory_plan::kAlignment
  unsigned first, last; // top-level program points, inclusive
  SmallVector<Operation *> deallocs;
  int64_t offset = -1;
};

} // namespace

static int64_t alignUp(int64_t bytes) {
  return llvm::alignTo(bytes, memory_plan::kAlignment);
}

/// Whether two memrefs are provably the same memory: one value, or equal
/// static subviews of the same memory.
static bool isSameView(Value a, Value b) {
  if (a == b)
    return true;
  auto subA = a.getDefiningOp<memref::SubViewOp>();
  auto subB = b.getDefiningOp<memref::SubViewOp>();
  if (!subA || !subB || subA.getType() != subB.getType())
    return false;
  return subA.getStaticOffsets() == subB.getStaticOffsets() &&
         subA.getStaticSizes() == subB.getStaticSizes() &&
         subA.getStaticStrides() == subB.getStaticStrides() &&
         subA.getOffsets().empty() && subB.getOffsets().empty() &&
         subA.getSizes().empty() && subB.getSizes().empty() &&
         subA.getStrides().empty() && subB.getStrides().empty() &&
         isSameView(subA.getSource(), subB.getSource());
}

/// Bytes of one element, or nullopt for types the arena does not hold.
static std::optional<int64_t> elementBytes(Type type,
                                           const DataLayout &layout) {
  Type scalar = type;
  if (auto vector = dyn_cast<VectorType>(type))
    scalar = vector.getElementType();
  if (!scalar.isIntOrIndexOrFloat())
    return std::nullopt;
  return static_cast<int64_t>(layout.getTypeSize(type).getFixedValue());
}

/// Why `alloc` stays a heap (or stack) allocation; empty if it can be planned.
static StringRef whyNotPlanned(Operation *alloc, Block &body,
                               const DataLayout &layout, int64_t &bytes) {
  if (alloc->getBlock() != &body)
    return "inside a region (loop or branch)";
  auto type = cast<MemRefType>(alloc->getResult(0).getType());
  if (!type.hasStaticShape() || alloc->getNumOperands() != 0)
    return "dynamic size";
  if (!type.getLayout().isIdentity())
    return "non-identity layout";
  if (type.getMemorySpace())
    return "non-default memory space";
  std::optional<int64_t> element = elementBytes(type.getElementType(), layout);
  if (!element)
    return "element type of unknown size";
  bytes = alignUp(type.getNumElements() * *element);
  return "";
}

/// Computes the lifetime of `buffer` over the top-level ops of `body`,
/// following every alias, and collects its deallocations. Returns why the
/// buffer cannot be planned if it escapes, else an empty string.
static StringRef computeLifetime(Buffer &buffer, Block &body,
                                 const DenseMap<Operation *, unsigned> &index) {
  buffer.first = UINT_MAX;
  buffer.last = 0;
  SmallVector<Value> worklist{buffer.alloc->getResult(0)};
  DenseSet<Value> seen;
  auto addMemRefs = [&](ValueRange values) {
    for (Value value : values)
      if (isa<BaseMemRefType>(value.getType()))
        worklist.push_back(value);
  };
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    if (!seen.insert(value).second)
      continue;
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (isa<memref::DeallocOp>(user)) {
        buffer.deallocs.push_back(user);
        continue;
      }
      if (isa<func::ReturnOp>(user))
        return "returned from the function";
      if (isa<bufferization::DeallocOp>(user))
        return "owned by bufferization.dealloc";
      Operation *top = body.findAncestorOpInBlock(*user);
      unsigned point = index.lookup(top);
      buffer.first = std::min(buffer.first, point);
      buffer.last = std::max(buffer.last, point);
      // Views, casts and anything else that hands out a memref may alias.
      addMemRefs(user->getResults());
      // A value yielded from a region aliases the parent's results and the
      // arguments of the blocks it branches to.
      if (user != top && user->hasTrait<OpTrait::IsTerminator>()) {
        addMemRefs(user->getParentOp()->getResults());
        for (Block *successor : user->getSuccessors())
          addMemRefs(successor->getArguments());
      }
      // Region arguments an op initialises from the buffer (loop-carried
      // values) are used inside the op itself, which is already counted.
    }
  }
  return "";
}

/// Erases memref.copy ops whose source and target are the same memory (what
/// bufferization leaves of a value computed in place in its concat slice).
static void eraseSelfCopies(Operation *root) {
  SmallVector<memref::CopyOp> copies;
  root->walk([&](memref::CopyOp copy) {
    if (isSameView(copy.getSource(), copy.getTarget()))
      copies.push_back(copy);
  });
  for (memref::CopyOp copy : copies)
    copy.erase();
}

/// Greedy placement: largest first, each at the lowest aligned offset clear
/// of every placed buffer whose lifetime overlaps. Returns the arena size.
static int64_t place(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  llvm::stable_sort(order, [](const Buffer *a, const Buffer *b) {
    if (a->bytes != b->bytes)
      return a->bytes > b->bytes;
    return a->first < b->first;
  });
  int64_t arena = 0;
  SmallVector<Buffer *> placed;
  for (Buffer *buffer : order) {
    SmallVector<Buffer *> conflicts;
    for (Buffer *other : placed)
      if (other->first <= buffer->last && buffer->first <= other->last)
        conflicts.push_back(other);
    llvm::sort(conflicts, [](const Buffer *a, const Buffer *b) {
      return a->offset < b->offset;
    });
    int64_t offset = 0;
    for (Buffer *other : conflicts) {
      if (offset + buffer->bytes <= other->offset)
        break;
      offset = std::max(offset, other->offset + other->bytes);
    }
    buffer->offset = offset;
    arena = std::max(arena, offset + buffer->bytes);
    placed.push_back(buffer);
  }
  return arena;
}

namespace {
struct PlanMemoryPass : mlir::dlc::impl::PlanMemoryBase<PlanMemoryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto main = module.lookupSymbol<func::FuncOp>("main");
    if (!main || main.isExternal() ||
        module->hasAttr(memory_plan::kWorkspaceSizeAttr))
      return;
    if (!main.getBody().hasOneBlock()) {
      main.emitWarning("dlc-plan-memory: @main has more than one block; its "
                       "buffers are not planned");
      return;
    }
    Block &body = main.getBody().front();
    eraseSelfCopies(main);

    DenseMap<Operation *, unsigned> index;
    for (auto [i, op] : llvm::enumerate(body))
      index[&op] = i;
    const DataLayout layout = DataLayout::closest(main);
    Builder builder(&getContext());

    SmallVector<Operation *> allocs;
    main.walk([&](Operation *op) {
      if (isa<memref::AllocOp, memref::AllocaOp>(op))
        allocs.push_back(op);
    });
    std::vector<Buffer> buffers;
    int64_t unplanned = 0;
    for (Operation *alloc : allocs) {
      Buffer buffer{alloc, 0, 0, 0, {}};
      StringRef why = whyNotPlanned(alloc, body, layout, buffer.bytes);
      if (why.empty())
        why = computeLifetime(buffer, body, index);
      if (!why.empty()) {
        alloc->setAttr(memory_plan::kUnplannedAttr, builder.getStringAttr(why));
        ++unplanned;
        continue;
      }
      if (buffer.first == UINT_MAX) { // never used
        for (Operation *dealloc : buffer.deallocs)
          dealloc->erase();
        alloc->erase();
        continue;
      }
      buffers.push_back(std::move(buffer));
    }

    int64_t arenaBytes = place(buffers);
    int64_t naiveBytes = 0;
    for (const Buffer &buffer : buffers)
      naiveBytes += buffer.bytes;

    // The arena: a trailing argument of @main, which nothing else reaches.
    Location loc = main.getLoc();
    auto arenaType = MemRefType::get({arenaBytes}, builder.getI8Type());
    unsigned arenaIndex = main.getNumArguments();
    if (failed(main.insertArgument(
            arenaIndex, arenaType,
            builder.getDictionaryAttr(builder.getNamedAttr(
                LLVM::LLVMDialect::getNoAliasAttrName(),
                builder.getUnitAttr())),
            loc))) {
      main.emitError("dlc-plan-memory: cannot add the workspace argument");
      return signalPassFailure();
    }
    Value arena = main.getArgument(arenaIndex);

    OpBuilder b(&getContext());
    b.setInsertionPointToStart(&body);
    DenseMap<int64_t, Value> offsets;
    for (Buffer &buffer : buffers) {
      Value &offset = offsets[buffer.offset];
      if (!offset) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&body);
        offset = arith::ConstantIndexOp::create(b, loc, buffer.offset);
      }
      b.setInsertionPoint(buffer.alloc);
      Value view = memref::ViewOp::create(
          b, buffer.alloc->getLoc(), buffer.alloc->getResult(0).getType(),
          arena, offset, ValueRange{});
      buffer.alloc->getResult(0).replaceAllUsesWith(view);
      for (Operation *dealloc : buffer.deallocs)
        dealloc->erase();
      buffer.alloc->erase();
    }

    auto i64 = [&](int64_t value) { return builder.getI64IntegerAttr(value); };
    module->setAttr(memory_plan::kWorkspaceSizeAttr, i64(arenaBytes));
    module->setAttr(memory_plan::kNaiveBytesAttr, i64(naiveBytes));
    module->setAttr(memory_plan::kPlannedBuffersAttr, i64(buffers.size()));
    module->setAttr(memory_plan::kUnplannedAllocsAttr, i64(unplanned));
  }
};
} // namespace
