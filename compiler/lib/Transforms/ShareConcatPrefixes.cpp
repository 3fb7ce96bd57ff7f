//===- ShareConcatPrefixes.cpp - Concats that extend others share a buffer ===//
//
// A DenseNet block concatenates its input with every layer output so far:
//
//   c1 = concat(x0, x1), c2 = concat(x0, x1, x2), ..., cn = concat(x0..xn)
//
// Each ci is a prefix of cn along the concat axis. Lowered one by one, every
// ci is a new buffer and x0..xi are copied into each: quadratic copying, and
// all of those buffers live until the end of the block. Here the family
// becomes one chain of tensor.insert_slice into one tensor.empty, each xi
// inserted right after it is computed, and every ci an extract_slice of the
// chain as far as it goes. Bufferization then keeps one buffer, the xi are
// computed in their slices (eliminate-empty-tensors), and nothing is copied.
//
//===----------------------------------------------------------------------===//

#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"

namespace mlir::dlc {
#define GEN_PASS_DEF_SHARECONCATPREFIXES
#include "dlc/Transforms/Passes.h.inc"
} // namespace mlir::dlc

using namespace mlir;

namespace {

/// A concat as the lowering writes it: tensor.empty, then insert_slices of
/// the inputs side by side along `axis`, each into the previous one's
/// result, covering the whole result.
struct Chain {
  SmallVector<tensor::InsertSliceOp> inserts;
  int64_t axis = -1;
  RankedTensorType type;
  bool assigned = false;

  Value result() { return inserts.back().getResult(); }
  /// The inputs, read from the ops: rewriting another chain may have
  /// replaced one (a concat of a concat).
  SmallVector<Value> sources() const {
    SmallVector<Value> values;
    for (tensor::InsertSliceOp insert : inserts)
      values.push_back(insert.getSource());
    return values;
  }
  Block *block() const { return inserts.front()->getBlock(); }
};

} // namespace

/// The chain that starts with `first`, if it is a concat chain.
static std::optional<Chain> matchChain(tensor::InsertSliceOp first) {
  auto empty = first.getDest().getDefiningOp<tensor::EmptyOp>();
  if (!empty || !empty.getType().hasStaticShape())
    return std::nullopt;
  Chain chain;
  chain.type = empty.getType();
  ArrayRef<int64_t> shape = chain.type.getShape();
  int64_t offset = 0;
  for (tensor::InsertSliceOp insert = first; insert;) {
    if (insert->getBlock() != first->getBlock() ||
        !insert.getOffsets().empty() || !insert.getSizes().empty() ||
        !insert.getStrides().empty() ||
        !llvm::all_of(insert.getStaticStrides(),
                      [](int64_t s) { return s == 1; }))
      return std::nullopt;
    ArrayRef<int64_t> sizes = insert.getStaticSizes();
    ArrayRef<int64_t> offsets = insert.getStaticOffsets();
    if (sizes.size() != shape.size() ||
        insert.getSourceType().getRank() != chain.type.getRank())
      return std::nullopt;
    for (auto [dim, size] : llvm::enumerate(sizes)) {
      if (size == shape[dim])
        continue;
      if (chain.axis == -1)
        chain.axis = dim;
      if (static_cast<int64_t>(dim) != chain.axis)
        return std::nullopt;
    }
    if (chain.axis == -1)
      return std::nullopt; // one input: not a concat worth sharing
    for (auto [dim, off] : llvm::enumerate(offsets))
      if (off != (static_cast<int64_t>(dim) == chain.axis ? offset : 0))
        return std::nullopt;
    offset += sizes[chain.axis];
    chain.inserts.push_back(insert);
    Value result = insert.getResult();
    insert = nullptr;
    if (result.hasOneUse())
      if (auto next = dyn_cast<tensor::InsertSliceOp>(*result.user_begin()))
        if (next.getDest() == result)
          insert = next;
  }
  if (chain.axis == -1 || offset != shape[chain.axis])
    return std::nullopt;
  return chain;
}

/// Whether `prefix` concatenates the first inputs of `full` along the same
/// axis into a result of the same shape but along that axis.
static bool isPrefixOf(const Chain &prefix, const Chain &full) {
  if (prefix.axis != full.axis || prefix.block() != full.block() ||
      prefix.inserts.size() > full.inserts.size() ||
      prefix.type.getElementType() != full.type.getElementType())
    return false;
  for (int64_t dim = 0; dim < full.type.getRank(); ++dim)
    if (dim != full.axis && prefix.type.getDimSize(dim) != full.type.getDimSize(dim))
      return false;
  SmallVector<Value> sources = full.sources();
  return llvm::equal(prefix.sources(),
                     ArrayRef(sources).take_front(prefix.inserts.size()));
}

/// The op of `block` that is or contains the definition of `value`, or null
/// if `value` is defined before the block starts.
static Operation *definitionIn(Block *block, Value value) {
  Operation *def = value.getDefiningOp();
  if (!def)
    return nullptr;
  return block->findAncestorOpInBlock(*def);
}

/// Rewrites `full` and the chains in `prefixes` as one chain.
static void share(Chain &full, ArrayRef<Chain *> prefixes) {
  Block *block = full.block();
  OpBuilder builder(full.inserts.front()->getContext());
  builder.setInsertionPointToStart(block);
  Location loc = full.inserts.back().getLoc();
  Value current = tensor::EmptyOp::create(builder, loc, full.type.getShape(),
                                          full.type.getElementType());
  // chain[k]: the tensor holding the first k inputs.
  SmallVector<Value> chain{current};
  for (tensor::InsertSliceOp old : full.inserts) {
    Value source = old.getSource();
    Operation *after = current.getDefiningOp();
    Operation *def = definitionIn(block, source);
    if (def && after->isBeforeInBlock(def))
      after = def;
    builder.setInsertionPointAfter(after);
    current = tensor::InsertSliceOp::create(
        builder, old.getLoc(), source, current, old.getMixedOffsets(),
        old.getMixedSizes(), old.getMixedStrides());
    chain.push_back(current);
  }

  auto erase = [](Chain &chain) {
    for (tensor::InsertSliceOp insert : llvm::reverse(chain.inserts)) {
      Value dest = insert.getDest();
      insert.erase();
      if (auto empty = dest.getDefiningOp<tensor::EmptyOp>())
        if (empty->use_empty())
          empty.erase();
    }
  };
  for (Chain *prefix : prefixes) {
    size_t k = prefix->inserts.size();
    // Only if the prefix is read before the next input is written into the
    // shared buffer; otherwise bufferization would have to copy it anyway.
    if (k < full.inserts.size()) {
      Operation *next = chain[k + 1].getDefiningOp();
      if (!llvm::all_of(prefix->result().getUsers(), [&](Operation *user) {
            Operation *top = block->findAncestorOpInBlock(*user);
            return top && top->isBeforeInBlock(next);
          }))
        continue;
    }
    Value value = chain[k];
    if (prefix->type != full.type) {
      builder.setInsertionPointAfter(value.getDefiningOp());
      SmallVector<OpFoldResult> offsets(full.type.getRank(),
                                        builder.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, strides(full.type.getRank(),
                                               builder.getIndexAttr(1));
      for (int64_t size : prefix->type.getShape())
        sizes.push_back(builder.getIndexAttr(size));
      value = tensor::ExtractSliceOp::create(builder, loc, prefix->type, value,
                                             offsets, sizes, strides);
    }
    prefix->result().replaceAllUsesWith(value);
    erase(*prefix);
  }
  full.result().replaceAllUsesWith(chain.back());
  erase(full);
}

namespace {
struct ShareConcatPrefixesPass
    : mlir::dlc::impl::ShareConcatPrefixesBase<ShareConcatPrefixesPass> {
  void runOnOperation() override {
    std::vector<Chain> chains;
    getOperation()->walk([&](tensor::InsertSliceOp insert) {
      if (insert.getDest().getDefiningOp<tensor::EmptyOp>())
        if (std::optional<Chain> chain = matchChain(insert))
          chains.push_back(std::move(*chain));
    });
    // Longest first: each becomes the root of the chains that are its
    // prefixes and not yet taken.
    llvm::stable_sort(chains, [](const Chain &a, const Chain &b) {
      return a.inserts.size() > b.inserts.size();
    });
    for (Chain &full : chains) {
      if (full.assigned)
        continue;
      full.assigned = true;
      SmallVector<Chain *> prefixes;
      for (Chain &other : chains)
        if (!other.assigned && isPrefixOf(other, full)) {
          other.assigned = true;
          prefixes.push_back(&other);
        }
      if (!prefixes.empty())
        share(full, prefixes);
    }
  }
};
} // namespace
