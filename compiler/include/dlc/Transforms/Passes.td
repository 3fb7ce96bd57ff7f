//===- Passes.td - dlc transformation passes ---------------*- tablegen -*-===//
//
// Every dlc transformation pass, alphabetically. One pass per file in
// compiler/lib/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ElementwiseInPlace : Pass<"dlc-elementwise-in-place"> {
  let summary = "Let element-wise ops write over an input nothing else reads";
  let description = [{
    The lowering gives every element-wise linalg.generic (an activation, a
    BatchNorm that could not be folded) a fresh tensor.empty to write into,
    so bufferization gives it a buffer of its own even when its input dies
    there. When an input of the result's type, read through the output's
    indexing map, has no other use and is computed by a destination-style
    op (not a function argument or a constant), the generic writes over it
    instead (outs = that input) and is computed in place. The payload does
    not read the old output, so the result is unchanged.
  }];
}

def FoldBatchNorm : Pass<"dlc-fold-batch-norm", "ModuleOp"> {
  let summary = "Fold inference BatchNorm into the preceding conv2d or gemm";
  let description = [{
    conv2d/gemm -> batch_norm with constant weights and statistics becomes
    one conv2d/gemm with scaled weights and a shifted bias, also through
    single-use reshapes that keep dims 0 and 1 and transposes that keep
    dim 1 (the BatchNorm's channels are still the producer's). Kept when the
    producer has other users, non-constant weights or an epilogue already.
    batch_norm -> conv2d/gemm folds into the consumer's weights and bias
    when that is exact: a conv with no padding (or a BatchNorm without
    shift: padding would have to be the shift, not 0), a gemm whose A
    is the BatchNorm's output without trans_a.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numFolded", "folded", "BatchNorms folded into conv2d/gemm">
  ];
}

def FoldConstants : Pass<"dlc-fold-constants", "ModuleOp"> {
  let summary = "Evaluate dlc ops whose operands are all constants";
  let description = [{
    Weight-only subgraphs (a Transpose, Reshape, Mul, Concat, Pad, Slice,
    activation, BatchNorm, Gemm, MatMul, ... of constants) are computed at
    compile time, in program order, and replaced by one arith.constant: dense
    up to 16 elements, a dense_resource blob above, as the importer stores
    weights. An op whose result has more than `max-result-elements`
    elements, or that costs more than `max-flops` (dlc/Dialect/DlcCost.h),
    is left to run time. Counted as "dlc ops folded into constants" in
    `dlc --report=graph`.
  }];
  let options = [
    Option<"maxResultElements", "max-result-elements", "int64_t",
           /*default=*/"int64_t(1) << 24",
           "Largest result (in elements) to compute at compile time">,
    Option<"maxFlops", "max-flops", "int64_t", /*default=*/"int64_t(1) << 32",
           "Costliest op (floating-point operations) to compute at compile "
           "time">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numFolded", "folded", "dlc ops folded into constants">
  ];
}

def FoldPadIntoWindow : Pass<"dlc-fold-pad-into-window", "ModuleOp"> {
  let summary = "Fold zero spatial padding into conv2d and avg_pool2d pads";
  let statistics = [
    Statistic<"numFolded", "folded", "pads folded into a conv or pool">
  ];
}

def FuseActivation : Pass<"dlc-fuse-activation", "ModuleOp"> {
  let summary = "Fuse activations into the epilogue of conv2d and gemm";
  let description = [{
    Relu, LeakyRelu, Clip (Relu6), Sigmoid, Tanh, HardSigmoid, HardSwish and
    SiLU (x * sigmoid(x)) that follow a single-use conv2d or gemm become
    its `activation` attribute.
  }];
  let statistics = [
    Statistic<"numFused", "fused", "activations fused into conv2d/gemm">
  ];
}

def FuseResidualAdd : Pass<"dlc-fuse-residual-add", "ModuleOp"> {
  let summary = "Fuse a residual Add into the conv2d producing one operand";
  let statistics = [
    Statistic<"numFused", "fused", "residual adds fused into conv2d">
  ];
}

def InstrumentLayers : Pass<"dlc-instrument-layers", "ModuleOp"> {
  let summary = "Time every dlc op: bracket it with profile calls (dlc --profile)";
  let description = [{
    Numbers the dlc ops of the module in program order and brackets each
    with `func.call @dlc_profile_enter(i32) -> i64` and
    `func.call @dlc_profile_exit(i32, i64)`. The calls have unknown side
    effects, so the lowered layer stays between them through bufferization
    and code generation. Records, per layer, the ONNX node name (from the
    op's NameLoc), the op, the output shape, the `algo` attribute and an
    estimated FLOP count in the module attribute `dlc.profile_layers`; the
    model.so ABI turns it into dlc_abi_profile(). Runs before the lowering
    so that the table shows the graph-level decisions (algorithms, fusions).
    A module that already has the attribute is left as it is.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect"];
}

def LowerStridedCopies : Pass<"dlc-lower-strided-copies"> {
  let summary = "Rewrite memref.copy between non-contiguous buffers as linalg.copy";
  let description = [{
    memref.copy of two contiguous row-major buffers becomes a memcpy; any
    other copy would need MLIR's C runner library at run time, which a
    self-contained model.so cannot use. Such copies become linalg.copy, and
    so loops.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def OutlineParallelLoops : Pass<"dlc-outline-parallel-loops", "ModuleOp"> {
  let summary = "Outline outermost parallel loops into bodies the runtime's "
                "thread pool runs";
  let description = [{
    Every outermost scf.parallel or scf.forall (on memrefs: no results, no
    reductions) with static bounds whose loop nest does at least `min-work`
    in all is outlined. Work is estimated as the ops of each loop body (a
    vector op counts its lanes) times the loop's iterations, nested loops
    included; an inner loop's dynamic upper bound counts as its constant
    bound (a tile: min(tile, remaining)), else as one iteration. A prefix
    of its dims, the shortest whose trip counts multiply to at least
    `min-tasks` (or all of them), is linearised into [0, n), n >= 2; the
    body moves into a private
    `@<fn>_parallel_<k>(%begin: index, %end: index, <captured>...)` that
    loops over [begin, end), delinearises the index and runs the remaining
    dims as an inner scf.parallel. The loop becomes a call of
    `@__dlc_parallel_for_<k>(%n, <captured>...)`, a private declaration
    with `dlc.parallel_body = @<fn>_parallel_<k>` that the model.so ABI
    defines on top of dlc_run_hooks::parallel_for
    (dlc/Transforms/OutlineParallelLoops.h). Constants, and views
    (subview, reshapes, memref.view) of what is captured, are cloned into
    the body, so that views of one buffer share its pointer there; another
    memref that is not of static shape and identity layout is passed as its
    base buffer plus the dynamic parts of its offset, sizes and strides, and
    rebuilt with memref.reinterpret_cast, so every argument survives the
    bare-pointer calling convention. A `llvm.noalias` argument of the
    function (the workspace) stays `llvm.noalias` in the body. Static
    allocas of an iteration move to the body's entry (one per thread).
    A loop that is not outlined (too small, dynamic bounds, a captured value
    of another type) is searched for outermost loops inside it.
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", /*default=*/"65536",
           "Least estimated work (scalar ops) of a loop nest worth a "
           "parallel_for">,
    Option<"minTasks", "min-tasks", "int64_t", /*default=*/"256",
           "Linearise the shortest prefix of the parallel dims with at least "
           "this many iterations">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect"];
  let statistics = [
    Statistic<"numOutlined", "outlined", "parallel loops outlined">
  ];
}

def PlanMemory : Pass<"dlc-plan-memory", "ModuleOp"> {
  let summary = "Place @main's static buffers in one arena, the model.so workspace";
  let description = [{
    Runs on bufferized IR, before deallocation. Every memref.alloc and
    memref.alloca of static size at the top level of `@main` becomes a
    `memref.view` into one `memref<Nxi8>` passed as a new trailing argument
    of `@main` (the `workspace` of `dlc_abi_run`, marked `llvm.noalias`:
    only the views reach it), and its deallocations are erased. A buffer
    is live from the first to the last top-level op that uses it or an
    alias of it (views, reshapes, casts, values yielded from regions);
    buffers are placed largest first at the lowest 64-byte aligned offset
    that no buffer with an overlapping lifetime occupies.
    Allocations inside regions, of dynamic size or returned from `@main`
    stay, marked `dlc.unplanned = "<why>"`. Copies of a buffer onto itself
    (left by values computed in place in their concat slice) are erased.
    The module gets `dlc.workspace_size`, `dlc.naive_activation_bytes`,
    `dlc.planned_buffers` and `dlc.unplanned_allocs`
    (dlc/Transforms/PlanMemory.h). A module that has them is left alone.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect"];
}

def ShareConcatPrefixes : Pass<"dlc-share-concat-prefixes"> {
  let summary = "Let concats whose inputs start with another concat's inputs "
                "share one buffer";
  let description = [{
    Runs on the lowered concats (tensor.empty, then tensor.insert_slice of
    each input side by side along one axis). When the inputs of one concat
    are the first inputs of a longer one, as in a DenseNet block
    (concat(x0, x1), concat(x0, x1, x2), ...), the family becomes one chain
    of insert_slices into one tensor.empty, each input inserted right after
    it is computed, and every shorter concat an extract_slice of that chain.
    Bufferization then keeps one buffer instead of one per concat and copies
    nothing (eliminate-empty-tensors computes each input in its slice). A
    shorter concat that is still read after the next input is inserted is
    left alone.
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

def UnshareDestinations : Pass<"dlc-unshare-destinations"> {
  let summary = "Give every use of a tensor.empty, or of a fill or broadcast "
                "into one, its own copy, right before it";
  let description = [{
    CSE merges identical tensor.empty ops, and identical linalg.fill and
    linalg.broadcast ops into them (a zero bias, say), so one destination
    tensor ends up feeding many ops. One-shot bufferization then copies to
    keep their results apart, and eliminate-empty-tensors cannot compute
    each concat input in its own slice of the concat. This pass puts a
    copy of each such op right before each of its uses and erases the
    original: no sharing, and each destination sits where
    eliminate-empty-tensors can replace it with a slice of a later concat.
    A copy costs no more than the buffer copy it saves.
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
