//===- Passes.td - dlc code generation passes --------------*- tablegen -*-===//
//
// Kernel selection and kernel code generation, alphabetically. One pass per
// file in compiler/lib/Codegen/CPU.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_PASSES_TD
#define DLC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerConvKernels : Pass<"dlc-lower-conv-kernels", "mlir::ModuleOp"> {
  let summary = "Expand dlc.conv2d_kernel (on memrefs) into vector code";
  let description = [{
    Runs after bufferization. Each dlc.conv2d_kernel becomes an scf.parallel
    over independent output tiles (images, groups, blocks of output channels
    and of output pixels), each computing its tile with the algorithm's
    kernel: packing B panels into a stack buffer, then 6x16 register-tiled
    outer products on 8-lane vectors, then the fused epilogue (bias,
    residual, activation) applied in registers before the one store.
    `vector-bits` is the target's vector register width: with 512 (AVX-512,
    32 registers) some kernels use taller register tiles.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"256",
           "Width of the target's vector registers in bits (256: AVX2, "
           "512: AVX-512)">
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::LLVM::LLVMDialect",
    "mlir::math::MathDialect", "mlir::memref::MemRefDialect", "mlir::scf::SCFDialect",
    "mlir::vector::VectorDialect"
  ];
}

def SelectConvAlgo : Pass<"dlc-select-conv-algo", "mlir::ModuleOp"> {
  let summary = "Choose the kernel of every conv2d whose algo is auto";
  let description = [{
    For each dlc.conv2d with `algo = auto`, estimates the time of every
    algorithm that can compute it (a cost model of the CPU kernels: FLOPs
    at each kernel's efficiency, tile padding, the cost of gathering and
    transforming its input) and sets `algo` to the cheapest. Algorithms
    that cannot handle the layer (wrong kernel size, stride, group, or
    weights that are not constant) are never chosen. `conv-algo` forces one
    algorithm wherever it applies; `algo-config` names a JSON file
    {"<ONNX node>": "<algo>", ...} that sets single layers and wins over
    both. A conv that already has an algorithm is left alone. The decisions,
    with every candidate's estimate and the reason, are recorded in the
    module attribute `dlc.algo_report` for `dlc --report=algo`.
    `vector-bits` must be the value dlc-lower-conv-kernels gets: the model
    counts the register tiles the kernels will use.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"256",
           "Width of the target's vector registers in bits (256: AVX2, "
           "512: AVX-512)">,
    Option<"convAlgo", "conv-algo", "std::string", /*default=*/"\"\"",
           "Use this algorithm for every conv it can compute">,
    Option<"algoConfig", "algo-config", "std::string", /*default=*/"\"\"",
           "JSON file mapping ONNX node names to algorithms">
  ];
}

def VectorizeStridedElementwise
    : Pass<"dlc-vectorize-strided-elementwise", "mlir::ModuleOp"> {
  let summary = "Vector code for element-wise linalg ops on strided views";
  let description = [{
    Runs after bufferization. An element-wise linalg.generic or linalg.copy
    (every loop parallel, the output indexed by the loops in order, a body
    of lane-wise arith/math ops) with at least one operand that is not a
    contiguous buffer (the window taps of a pooling op, the interior of a
    padded buffer, a slice) becomes an scf.parallel over its outer dims,
    each task a row of 8-lane vector code along the innermost dim. Inputs
    are read by their stride along that dim: contiguous loads, two loads and
    an even-lane shuffle at stride 2, gathers otherwise, or one broadcast
    scalar when the input does not depend on it; a row's ragged end is one
    masked vector. Every linalg.fill is taken too. Other ops on contiguous
    buffers only are left alone: LLVM vectorizes those.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::memref::MemRefDialect",
    "mlir::scf::SCFDialect", "mlir::vector::VectorDialect"
  ];
}

#endif // DLC_CODEGEN_PASSES_TD
