//===- DlcDialect.td - The dlc dialect ---------------------*- tablegen -*-===//
//
// The dlc dialect models a neural-network graph at the level of ONNX-like
// layers, on statically shaped tensors. Per-layer decisions (convolution
// algorithm, fused epilogues) are attributes on the ops so they are visible
// in the IR and can be overridden before lowering.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_TD
#define DLC_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Dlc_Dialect : Dialect {
  let name = "dlc";
  let summary = "Deep-learning layers on static tensors";
  let description = [{
    Ops mirror the layers of image networks (convolution, normalisation,
    activations, pooling, dense layers, element-wise arithmetic and shape
    manipulation). Every op produced by the ONNX frontend carries the ONNX
    node name as its location, so diagnostics name the node.
  }];
  let cppNamespace = "::mlir::dlc";
  let useDefaultAttributePrinterParser = 1;
  // Op folders that produce a constant materialize it as arith.constant,
  // the form weights are imported in.
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

class Dlc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dlc_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

def Dlc_FloatTensor : RankedTensorOf<[F32]>;
def Dlc_IndexTensor : RankedTensorOf<[I32, I64]>;

//===----------------------------------------------------------------------===//
// Enums and attributes
//===----------------------------------------------------------------------===//

// Convolution algorithms. `auto` leaves the choice to dlc-select-conv-algo;
// `loops` is the reference linalg loop nest. The others are dlc's own
// kernels (compiler/lib/Codegen/CPU): `gemm` (1x1, stride 1, no padding:
// the input already is the GEMM's B matrix), `indirect` (implicit im2col:
// GEMM panels are gathered straight from the input), `im2col` (an explicit
// im2col matrix, then `gemm`), `winograd` F(4x4,3x3) and `winograd_f2`
// F(2x2,3x3), `fft`, `direct` (depthwise), `dense` (1x1 convs on 1x1
// images, as dense layers are: the images are the GEMM's rows) and `im2row`
// (the output pixels are the GEMM's rows: small images).
def Dlc_ConvAlgoAuto : I32EnumAttrCase<"Auto", 0, "auto">;
def Dlc_ConvAlgoDirect : I32EnumAttrCase<"Direct", 1, "direct">;
def Dlc_ConvAlgoIm2col : I32EnumAttrCase<"Im2col", 2, "im2col">;
def Dlc_ConvAlgoWinograd : I32EnumAttrCase<"Winograd", 3, "winograd">;
def Dlc_ConvAlgoFFT : I32EnumAttrCase<"FFT", 4, "fft">;
def Dlc_ConvAlgoGemm : I32EnumAttrCase<"Gemm", 5, "gemm">;
def Dlc_ConvAlgoIndirect : I32EnumAttrCase<"Indirect", 6, "indirect">;
def Dlc_ConvAlgoWinogradF2 : I32EnumAttrCase<"WinogradF2", 7, "winograd_f2">;
def Dlc_ConvAlgoLoops : I32EnumAttrCase<"Loops", 8, "loops">;
def Dlc_ConvAlgoDense : I32EnumAttrCase<"Dense", 9, "dense">;
def Dlc_ConvAlgoIm2row : I32EnumAttrCase<"Im2row", 10, "im2row">;

def Dlc_ConvAlgo : I32EnumAttr<"ConvAlgo",
    "convolution algorithm chosen for a layer",
    [Dlc_ConvAlgoAuto, Dlc_ConvAlgoDirect, Dlc_ConvAlgoIm2col,
     Dlc_ConvAlgoWinograd, Dlc_ConvAlgoFFT, Dlc_ConvAlgoGemm,
     Dlc_ConvAlgoIndirect, Dlc_ConvAlgoWinogradF2, Dlc_ConvAlgoLoops,
     Dlc_ConvAlgoDense, Dlc_ConvAlgoIm2row]> {
  let cppNamespace = "::mlir::dlc";
  let genSpecializedAttr = 0;
}

def Dlc_ConvAlgoAttr : EnumAttr<Dlc_Dialect, Dlc_ConvAlgo, "algo"> {
  let assemblyFormat = "`<` $value `>`";
}

def Dlc_ActNone : I32EnumAttrCase<"None", 0, "none">;
def Dlc_ActRelu : I32EnumAttrCase<"Relu", 1, "relu">;
def Dlc_ActLeakyRelu : I32EnumAttrCase<"LeakyRelu", 2, "leaky_relu">;
def Dlc_ActClip : I32EnumAttrCase<"Clip", 3, "clip">;
def Dlc_ActSigmoid : I32EnumAttrCase<"Sigmoid", 4, "sigmoid">;
def Dlc_ActTanh : I32EnumAttrCase<"Tanh", 5, "tanh">;
def Dlc_ActHardSigmoid : I32EnumAttrCase<"HardSigmoid", 6, "hard_sigmoid">;
def Dlc_ActHardSwish : I32EnumAttrCase<"HardSwish", 7, "hard_swish">;
def Dlc_ActSilu : I32EnumAttrCase<"Silu", 8, "silu">;

def Dlc_Activation : I32EnumAttr<"Activation",
    "activation applied in a layer's epilogue",
    [Dlc_ActNone, Dlc_ActRelu, Dlc_ActLeakyRelu, Dlc_ActClip, Dlc_ActSigmoid,
     Dlc_ActTanh, Dlc_ActHardSigmoid, Dlc_ActHardSwish, Dlc_ActSilu]> {
  let cppNamespace = "::mlir::dlc";
  let genSpecializedAttr = 0;
}

def Dlc_ActivationAttr : EnumAttr<Dlc_Dialect, Dlc_Activation, "activation"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // DLC_DIALECT_TD
