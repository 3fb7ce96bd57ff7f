//===- DlcOps.td - dlc dialect operations ------------------*- tablegen -*-===//
//
// Layout conventions: images are NCHW, convolution filters are
// [out_channels, in_channels / group, kH, kW]. Spatial padding lists follow
// ONNX: [top, left, bottom, right].
//
//===----------------------------------------------------------------------===//

#ifndef DLC_OPS_TD
#define DLC_OPS_TD

include "dlc/Dialect/DlcDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"

//===----------------------------------------------------------------------===//
// Convolution and dense layers
//===----------------------------------------------------------------------===//

def Dlc_Conv2dOp : Dlc_Op<"conv2d", [Pure, AttrSizedOperandSegments]> {
  let summary = "2-D convolution (NCHW) with optional bias";
  let description = [{
    Grouped, strided, dilated and padded 2-D convolution. `algo` records the
    algorithm chosen for this layer; `auto` leaves the choice to the
    compiler. The epilogue, applied to each output element in order:
    `+ bias`, `+ residual` (a tensor of the output's type: a fused residual
    Add), then `activation` with its parameters (leaky_relu: alpha; clip:
    min = alpha, max = beta; hard_sigmoid: alpha, beta).

    ```mlir
    %y = dlc.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>,
        strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 1}
        : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
        -> tensor<1x16x32x32xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$filter,
      Optional<Dlc_FloatTensor>:$bias, Optional<Dlc_FloatTensor>:$residual,
      DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
      DenseI64ArrayAttr:$dilations,
      DefaultValuedAttr<I64Attr, "1">:$group,
      DefaultValuedAttr<Dlc_ConvAlgoAttr, "ConvAlgo::Auto">:$algo,
      DefaultValuedAttr<Dlc_ActivationAttr, "Activation::None">:$activation,
      DefaultValuedAttr<F32Attr, "0.0f">:$activation_alpha,
      DefaultValuedAttr<F32Attr, "0.0f">:$activation_beta);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? (`residual` `(` $residual^ `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let builders = [
    // A plain convolution (no fused epilogue).
    OpBuilder<(ins "Type":$output, "Value":$input, "Value":$filter,
        "Value":$bias, "ArrayRef<int64_t>":$strides, "ArrayRef<int64_t>":$pads,
        "ArrayRef<int64_t>":$dilations, "int64_t":$group), [{
      build($_builder, $_state, output, input, filter, bias, /*residual=*/Value(),
            strides, pads, dilations, group, ConvAlgo::Auto, Activation::None,
            llvm::APFloat(0.0f), llvm::APFloat(0.0f));
    }]>
  ];
  let hasVerifier = 1;
}

def Dlc_GemmOp : Dlc_Op<"gemm", [Pure]> {
  let summary = "General matrix multiply: alpha * op(A) * op(B) + beta * C";
  let description = [{
    ONNX Gemm. A and B are 2-D; op(X) is X or its transpose. The optional C
    broadcasts (unidirectionally) to the [M, N] result. `activation` (as on
    conv2d) is applied last.
  }];
  let arguments = (ins Dlc_FloatTensor:$a, Dlc_FloatTensor:$b,
      Optional<Dlc_FloatTensor>:$c,
      DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
      DefaultValuedAttr<F32Attr, "1.0f">:$beta,
      DefaultValuedAttr<BoolAttr, "false">:$trans_a,
      DefaultValuedAttr<BoolAttr, "false">:$trans_b,
      DefaultValuedAttr<Dlc_ActivationAttr, "Activation::None">:$activation,
      DefaultValuedAttr<F32Attr, "0.0f">:$activation_alpha,
      DefaultValuedAttr<F32Attr, "0.0f">:$activation_beta);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Dlc_MatMulOp : Dlc_Op<"matmul", [Pure]> {
  let summary = "NumPy matmul: batched, with broadcasting of batch dims";
  let arguments = (ins Dlc_FloatTensor:$lhs, Dlc_FloatTensor:$rhs);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalisation
//===----------------------------------------------------------------------===//

def Dlc_BatchNormOp : Dlc_Op<"batch_norm", [Pure]> {
  let summary = "Inference-mode batch normalisation over channel dim 1";
  let description = [{
    y = scale * (x - mean) / sqrt(var + epsilon) + bias, per channel.
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$scale,
      Dlc_FloatTensor:$bias, Dlc_FloatTensor:$mean, Dlc_FloatTensor:$variance,
      DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Dlc_SoftmaxOp : Dlc_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "Softmax along one axis";
  let arguments = (ins Dlc_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

class Dlc_PoolOp<string mnemonic, string what> : Dlc_Op<mnemonic,
    [Pure]> {
  let summary = what # " pooling over the spatial dims of an NCHW tensor";
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Dlc_MaxPool2dOp : Dlc_PoolOp<"max_pool2d", "Max"> {
  let description = [{ Padding never wins: padded positions count as -inf. }];
  let arguments = (ins Dlc_FloatTensor:$input,
      DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
      DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$dilations,
      DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
}

def Dlc_AvgPool2dOp : Dlc_PoolOp<"avg_pool2d", "Average"> {
  let description = [{
    With `count_include_pad` false the divisor is the number of input
    elements under the window; with it true, padded positions count too
    (but never the extra positions added by `ceil_mode`).
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
      DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
      DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
      DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
}

def Dlc_GlobalAvgPoolOp : Dlc_PoolOp<"global_avg_pool", "Global average"> {
  let arguments = (ins Dlc_FloatTensor:$input);
}

def Dlc_GlobalMaxPoolOp : Dlc_PoolOp<"global_max_pool", "Global max"> {
  let arguments = (ins Dlc_FloatTensor:$input);
}

//===----------------------------------------------------------------------===//
// Element-wise unary ops and activations
//===----------------------------------------------------------------------===//

class Dlc_UnaryOp<string mnemonic, string what, dag attrs = (ins)>
    : Dlc_Op<mnemonic, [Pure, Elementwise, SameOperandsAndResultType]> {
  let summary = what;
  let arguments = !con((ins Dlc_FloatTensor:$input), attrs);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  // Folds a splat constant input; dlc-fold-constants does the rest.
  let hasFolder = 1;
}

def Dlc_ReluOp : Dlc_UnaryOp<"relu", "max(x, 0)">;
def Dlc_SigmoidOp : Dlc_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def Dlc_TanhOp : Dlc_UnaryOp<"tanh", "tanh(x)">;
def Dlc_ExpOp : Dlc_UnaryOp<"exp", "exp(x)">;
def Dlc_LogOp : Dlc_UnaryOp<"log", "natural logarithm">;
def Dlc_AbsOp : Dlc_UnaryOp<"abs", "|x|">;
def Dlc_NegOp : Dlc_UnaryOp<"neg", "-x">;
def Dlc_SqrtOp : Dlc_UnaryOp<"sqrt", "square root">;
def Dlc_ReciprocalOp : Dlc_UnaryOp<"reciprocal", "1 / x">;
def Dlc_FloorOp : Dlc_UnaryOp<"floor", "round toward -inf">;
def Dlc_CeilOp : Dlc_UnaryOp<"ceil", "round toward +inf">;
def Dlc_ErfOp : Dlc_UnaryOp<"erf", "Gauss error function">;
def Dlc_SoftplusOp : Dlc_UnaryOp<"softplus", "log(1 + exp(x))">;
def Dlc_SoftsignOp : Dlc_UnaryOp<"softsign", "x / (1 + |x|)">;
def Dlc_HardSwishOp : Dlc_UnaryOp<"hard_swish", "x * max(0, min(1, x/6 + 1/2))">;
def Dlc_LeakyReluOp : Dlc_UnaryOp<"leaky_relu", "x >= 0 ? x : alpha * x",
    (ins DefaultValuedAttr<F32Attr, "0.01f">:$alpha)>;
def Dlc_EluOp : Dlc_UnaryOp<"elu", "x >= 0 ? x : alpha * (exp(x) - 1)",
    (ins DefaultValuedAttr<F32Attr, "1.0f">:$alpha)>;
def Dlc_SeluOp : Dlc_UnaryOp<"selu",
    "gamma * (x > 0 ? x : alpha * (exp(x) - 1))",
    (ins F32Attr:$alpha, F32Attr:$gamma)>;
def Dlc_HardSigmoidOp : Dlc_UnaryOp<"hard_sigmoid",
    "max(0, min(1, alpha * x + beta))",
    (ins DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
         DefaultValuedAttr<F32Attr, "0.5f">:$beta)>;
def Dlc_ClipOp : Dlc_UnaryOp<"clip", "min(max(x, min), max)",
    (ins F32Attr:$min, F32Attr:$max)> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Element-wise binary ops (NumPy broadcasting)
//===----------------------------------------------------------------------===//

class Dlc_BinaryOp<string mnemonic, string what>
    : Dlc_Op<mnemonic, [Pure]> {
  let summary = what # " with NumPy-style broadcasting";
  let arguments = (ins Dlc_FloatTensor:$lhs, Dlc_FloatTensor:$rhs);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  // Folds two splat constants and x * 1, 1 * x, x / 1, x - 0.
  let hasFolder = 1;
}

def Dlc_AddOp : Dlc_BinaryOp<"add", "lhs + rhs">;
def Dlc_SubOp : Dlc_BinaryOp<"sub", "lhs - rhs">;
def Dlc_MulOp : Dlc_BinaryOp<"mul", "lhs * rhs">;
def Dlc_DivOp : Dlc_BinaryOp<"div", "lhs / rhs">;
def Dlc_MaxOp : Dlc_BinaryOp<"max", "max(lhs, rhs)">;
def Dlc_MinOp : Dlc_BinaryOp<"min", "min(lhs, rhs)">;
def Dlc_PowOp : Dlc_BinaryOp<"pow", "lhs ^ rhs">;
def Dlc_PReluOp : Dlc_BinaryOp<"prelu", "lhs >= 0 ? lhs : slope * lhs">;

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def Dlc_ReshapeOp : Dlc_Op<"reshape", [Pure]> {
  let summary = "Reinterpret a tensor with another static shape";
  let description = [{
    Same elements in the same (row-major) order; Flatten, Squeeze and
    Unsqueeze import as this op.
  }];
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dlc_PadOp : Dlc_Op<"pad", [Pure]> {
  let summary = "Constant padding: `pads` is [begin_0, ..., begin_n, end_0, ..., end_n]";
  let arguments = (ins Dlc_FloatTensor:$input, DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<F32Attr, "0.0f">:$value);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dlc_TransposeOp : Dlc_Op<"transpose", [Pure]> {
  let summary = "Permute dimensions: output dim i is input dim perm[i]";
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dlc_ConcatOp : Dlc_Op<"concat", [Pure]> {
  let summary = "Concatenate tensors along one axis";
  let arguments = (ins Variadic<AnyRankedTensor>:$inputs, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Dlc_SliceOp : Dlc_Op<"slice", [Pure]> {
  let summary = "Strided slice: output[i] = input[offsets + i * strides]";
  let description = [{
    ONNX Slice (and Split, and Gather with constant indices) with every
    start, end and step resolved at import: the sizes are the result's dims,
    strides are positive.
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DenseI64ArrayAttr:$offsets,
      DenseI64ArrayAttr:$strides);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Resampling
//===----------------------------------------------------------------------===//

def Dlc_ResizeNearest : I32EnumAttrCase<"Nearest", 0, "nearest">;
def Dlc_ResizeLinear : I32EnumAttrCase<"Linear", 1, "linear">;
def Dlc_ResizeCubic : I32EnumAttrCase<"Cubic", 2, "cubic">;

def Dlc_ResizeMode : I32EnumAttr<"ResizeMode",
    "how dlc.resize interpolates",
    [Dlc_ResizeNearest, Dlc_ResizeLinear, Dlc_ResizeCubic]> {
  let cppNamespace = "::mlir::dlc";
  let genSpecializedAttr = 0;
}

def Dlc_ResizeModeAttr : EnumAttr<Dlc_Dialect, Dlc_ResizeMode, "resize_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def Dlc_CoordHalfPixel : I32EnumAttrCase<"HalfPixel", 0, "half_pixel">;
def Dlc_CoordPytorchHalfPixel
    : I32EnumAttrCase<"PytorchHalfPixel", 1, "pytorch_half_pixel">;
def Dlc_CoordAlignCorners : I32EnumAttrCase<"AlignCorners", 2, "align_corners">;
def Dlc_CoordAsymmetric : I32EnumAttrCase<"Asymmetric", 3, "asymmetric">;
def Dlc_CoordTfHalfPixelForNN
    : I32EnumAttrCase<"TfHalfPixelForNN", 4, "tf_half_pixel_for_nn">;

def Dlc_CoordinateTransform : I32EnumAttr<"CoordinateTransform",
    "how dlc.resize maps an output coordinate to an input coordinate",
    [Dlc_CoordHalfPixel, Dlc_CoordPytorchHalfPixel, Dlc_CoordAlignCorners,
     Dlc_CoordAsymmetric, Dlc_CoordTfHalfPixelForNN]> {
  let cppNamespace = "::mlir::dlc";
  let genSpecializedAttr = 0;
}

def Dlc_CoordinateTransformAttr
    : EnumAttr<Dlc_Dialect, Dlc_CoordinateTransform, "coordinate_transform"> {
  let assemblyFormat = "`<` $value `>`";
}

def Dlc_RoundPreferFloor
    : I32EnumAttrCase<"RoundPreferFloor", 0, "round_prefer_floor">;
def Dlc_RoundPreferCeil : I32EnumAttrCase<"RoundPreferCeil", 1, "round_prefer_ceil">;
def Dlc_RoundFloor : I32EnumAttrCase<"Floor", 2, "floor">;
def Dlc_RoundCeil : I32EnumAttrCase<"Ceil", 3, "ceil">;

def Dlc_NearestMode : I32EnumAttr<"NearestMode",
    "how nearest-mode dlc.resize rounds an input coordinate",
    [Dlc_RoundPreferFloor, Dlc_RoundPreferCeil, Dlc_RoundFloor,
     Dlc_RoundCeil]> {
  let cppNamespace = "::mlir::dlc";
  let genSpecializedAttr = 0;
}

def Dlc_NearestModeAttr : EnumAttr<Dlc_Dialect, Dlc_NearestMode, "nearest_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def Dlc_ResizeOp : Dlc_Op<"resize", [Pure]> {
  let summary = "Resize a tensor by interpolation (ONNX Resize)";
  let description = [{
    Every output element is interpolated from the input along each dim, as
    ONNX Resize (opsets 11 to 17) computes it. For output index x of a dim
    of input size `in` and scale `s` (`scales`, one per dim: the ONNX scale,
    or output size / input size when the model gives sizes), the input
    coordinate is, by `coordinate_transform`:

    - half_pixel: (x + 0.5) / s - 0.5
    - pytorch_half_pixel: the same, but -0.5 when s * in is 1
    - align_corners: x * (in - 1) / (s * in - 1), 0 when s * in is 1
    - asymmetric: x / s
    - tf_half_pixel_for_nn: (x + 0.5) / s

    `nearest` reads the input index the coordinate rounds to by
    `nearest_mode` (a whole coordinate is itself); `linear` weighs the two
    neighbours, `cubic` the four, with the cubic convolution kernel of
    coefficient `cubic_coeff_a` (neighbours outside the input then weigh 0
    when `exclude_outside`, and the others are renormalised). Indices past
    either end read the edge. The result shape is floor(in * s) per dim, or
    the sizes the model gave.

    ```mlir
    %y = dlc.resize %x {mode = #dlc.resize_mode<linear>,
        scales = array<f64: 1.0, 1.0, 2.0, 2.0>}
        : (tensor<1x3x8x8xf32>) -> tensor<1x3x16x16xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DenseF64ArrayAttr:$scales,
      DefaultValuedAttr<Dlc_ResizeModeAttr, "ResizeMode::Nearest">:$mode,
      DefaultValuedAttr<Dlc_CoordinateTransformAttr,
                        "CoordinateTransform::HalfPixel">:$coordinate_transform,
      DefaultValuedAttr<Dlc_NearestModeAttr,
                        "NearestMode::RoundPreferFloor">:$nearest_mode,
      DefaultValuedAttr<F32Attr, "-0.75f">:$cubic_coeff_a,
      DefaultValuedAttr<BoolAttr, "false">:$exclude_outside);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Dlc_ReduceOp<string mnemonic, string what> : Dlc_Op<mnemonic, [Pure]> {
  let summary = what # " over `axes`; the result keeps them as size 1";
  let description = [{
    ONNX Reduce* with keepdims=1 (keepdims=0 imports as this op followed by
    dlc.reshape). `axes` are sorted, distinct and non-negative.
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs Dlc_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Dlc_ReduceMeanOp : Dlc_ReduceOp<"reduce_mean", "Mean">;
def Dlc_ReduceSumOp : Dlc_ReduceOp<"reduce_sum", "Sum">;
def Dlc_ReduceMaxOp : Dlc_ReduceOp<"reduce_max", "Maximum">;

//===----------------------------------------------------------------------===//
// Kernel-level ops (after algorithm selection)
//===----------------------------------------------------------------------===//

def Dlc_TensorOrMemRef : AnyTypeOf<[RankedTensorOf<[F32]>, MemRefOf<[F32]>]>;

def Dlc_Conv2dKernelOp : Dlc_Op<"conv2d_kernel",
    [AttrSizedOperandSegments, DestinationStyleOpInterface,
     DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "A conv2d bound to one of dlc's CPU kernels";
  let description = [{
    What dlc.conv2d becomes once its algorithm is chosen: the same
    convolution and epilogue, with the filter already rearranged (at compile
    time) into the layout the algorithm's kernel reads, and a destination
    (`outs`) so that it bufferizes like a linalg op. `filter_shape` keeps the
    original [out_channels, in_channels / group, kH, kW]. Packed layouts
    (MR = 6 rows of the GEMM register tile):

    - `gemm`, `indirect`: [group, ceil(Fg / MR), Cg * kH * kW, MR], where
      Fg = out_channels / group, Cg = in_channels / group: the GEMM's A
      matrix in MR-row panels, zero-padded to whole panels.
    - `im2col`: the same; the op is then the 1x1 conv (filter_shape
      [F, Cg * kH * kW, 1, 1], stride 1, no padding) on the im2col matrix
      [N, C * kH * kW, OH, OW] that the lowering materialised.
    - `dense` (1x1 filters, group 1, on 1x1 images: a dense layer, whose
      batch is the GEMM's rows): [ceil(F / NR), C, NR], NR = 16, the
      filter as the GEMM's B matrix in NR-column panels, zero-padded.
    - `im2row` (group 1; the output pixels are the GEMM's rows): as
      `dense` over C * kH * kW: [ceil(F / NR), C * kH * kW, NR].
    - `direct` (depthwise only: group == in_channels == out_channels):
      [C, kH * kW], each channel's taps.
    - `winograd` (F(4x4,3x3), alpha = 6), `winograd_f2` (F(2x2,3x3),
      alpha = 4); 3x3 filters, group 1, stride 1 and dilation 1 only:
      [alpha * alpha, ceil(F / MR), C, MR], the transformed filter
      U = G g G^T of each (filter, channel) with its alpha x alpha entries
      spread over the first dim (xi = row * alpha + col): for each xi the A
      matrix of one GEMM (filters x channels) in MR-row panels.
    - `fft` (filters 2x2 to 17x17; stride 1 and dilation 1 only): each
      (filter, channel) slice as conj(FFT2(w zero-padded to T x T)) / T^2,
      T = 16 up to 9x9 and 32 above, for ky < T, kx <= T / 2 (real and
      imaginary parts). Depthwise (one channel and one filter per group):
      [ceil(group / 8), T, T / 2 + 1, 2, 8], 8 channels to a lane block.
      Otherwise [group, ceil(Cg / 8), ceil(Fg / 8), T, T / 2 + 1, 8, 2, 8]:
      per block of 8 channels and of 8 filters, per frequency, per channel
      an 8-filter vector; missing channels and filters are zero.

    On tensors it returns the written destination; on memrefs (after
    bufferization) it has no results and dlc-lower-conv-kernels expands it
    into loops over vector code.
  }];
  let arguments = (ins Dlc_TensorOrMemRef:$input,
      Dlc_TensorOrMemRef:$packed_filter,
      Optional<Dlc_TensorOrMemRef>:$bias,
      Optional<Dlc_TensorOrMemRef>:$residual,
      Dlc_TensorOrMemRef:$init,
      DenseI64ArrayAttr:$filter_shape,
      DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
      DenseI64ArrayAttr:$dilations,
      DefaultValuedAttr<I64Attr, "1">:$group,
      Dlc_ConvAlgoAttr:$algo,
      DefaultValuedAttr<Dlc_ActivationAttr, "Activation::None">:$activation,
      DefaultValuedAttr<F32Attr, "0.0f">:$activation_alpha,
      DefaultValuedAttr<F32Attr, "0.0f">:$activation_beta);
  let results = (outs Variadic<RankedTensorOf<[F32]>>:$result);
  // The optional operands are keyword-led groups, so that either one can be
  // there without the other (`, bias` and `, residual` groups both start
  // with a comma, which made a residual without a bias unparsable).
  let assemblyFormat = [{
    `ins` `(` $input `,` $packed_filter `:` type($input) `,`
    type($packed_filter) `)`
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`residual` `(` $residual^ `:` type($residual) `)`)?
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
  let extraClassDeclaration = [{
    MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
  }];
  let hasVerifier = 1;
}

#endif // DLC_OPS_TD
