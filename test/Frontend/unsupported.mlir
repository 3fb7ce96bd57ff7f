// Models that are valid ONNX but that dlc cannot compile: dlc exits with 3
// and says what and where. Unsupported op types come in one error listing
// every type with its opset and nodes.

// RUN: %python %S/onnx_text_to_model.py %s %t.ops.onnx --model ops
// RUN: %python %S/expect_exit.py 3 %dlc %t.ops.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=OPS
// RUN: %python %S/onnx_text_to_model.py %s %t.attrs.onnx --model attrs
// RUN: %python %S/expect_exit.py 3 %dlc %t.attrs.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=ATTRS
// RUN: %python %S/onnx_text_to_model.py %s %t.types.onnx --model types
// RUN: %python %S/expect_exit.py 3 %dlc %t.types.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=TYPES
// RUN: %python %S/onnx_text_to_model.py %s %t.ext.onnx --model external
// RUN: %python %S/expect_exit.py 3 %dlc %t.ext.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=EXT
// RUN: %python %S/onnx_text_to_model.py %s %t.18.onnx --model opset18
// RUN: %python %S/expect_exit.py 3 %dlc %t.18.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=V18

// ONNX[ops]: <ir_version: 8, opset_import: ["" : 13, "com.microsoft" : 1]>
// ONNX[ops]: ops (float[4,4] x) => (float[4,4] y, float[] d, float[4,4] f)
// ONNX[ops]: {
// ONNX[ops]:   [relu_ok] r = Relu (x)
// ONNX[ops]:   [s1] a1 = Sin (r)
// ONNX[ops]:   [s2] a2 = Sin (a1)
// ONNX[ops]:   [det] d = Det (r)
// ONNX[ops]:   [s3] a3 = Sin (a2)
// ONNX[ops]:   [s4] a4 = Sin (a3)
// ONNX[ops]:   [s5] a5 = Sin (a4)
// ONNX[ops]:   [s6] a6 = Sin (a5)
// ONNX[ops]:   a7 = Sin (a6)
// ONNX[ops]:   y = Relu (a7)
// ONNX[ops]:   [fused] f = com.microsoft.FusedGemm (x, x)
// ONNX[ops]: }

// OPS: {{.*}}.ops.onnx: error: 3 op types are not supported by dlc: Sin (opset 13) at nodes 's1', 's2', 's3', 's4', 's5' and 2 more; Det (opset 13) at node 'det'; com.microsoft.FusedGemm (opset 1) at node 'fused'
// OPS-NOT: error
// OPS-NOT: relu

// ONNX[attrs]: <ir_version: 8, opset_import: ["" : 15]>
// ONNX[attrs]: attrs (float[1,2,4,4,4] vol, float[1,2,4,4] img) => (float[1,2,4,4,4] c3, float[1,2,2,2] mp, int64[1,2,2,2] idx, float[1,2,4,4] bn, float[2] m, float[1,2,4,4] dr, bool[1,2,4,4] mask)
// ONNX[attrs]: #! fill w3 float 2x2x1x1x1
// ONNX[attrs]: #! fill p float 2
// ONNX[attrs]: {
// ONNX[attrs]:   [conv3d] c3 = Conv (vol, w3)
// ONNX[attrs]:   [pool] mp, idx = MaxPool <kernel_shape = [2, 2], strides = [2, 2]> (img)
// ONNX[attrs]:   [bn] bn, m, v = BatchNormalization <training_mode = 1> (img, p, p, p, p)
// ONNX[attrs]:   [drop] dr, mask = Dropout (img)
// ONNX[attrs]: }

// ATTRS-DAG: node 'conv3d': error: Conv 'conv3d': 3-D convolution (input 'vol' has rank 5); dlc supports 2-D convolution only
// ATTRS-DAG: node 'pool': error: MaxPool 'pool': the Indices output 'idx' is used; dlc computes only the pooled values
// ATTRS-DAG: node 'bn': error: BatchNormalization 'bn': training_mode=1 is not supported; dlc imports inference-mode BatchNormalization only
// ATTRS-DAG: node 'bn': error: BatchNormalization 'bn': output #1 ('m', a training statistic) is used; dlc imports inference-mode BatchNormalization only
// ATTRS-DAG: node 'drop': error: Dropout 'drop': the mask output 'mask' is used; dlc imports Dropout for inference only
// ATTRS-DAG: error: output 'idx' has element type int64; dlc supports float32 outputs only

// ONNX[types]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[types]: types (int64[4] ids, float[N,3] x, double[2] d) => (float[N,3] y)
// ONNX[types]: {
// ONNX[types]:   y = Relu (x)
// ONNX[types]: }

// TYPES-DAG: error: input 'ids' has element type int64; dlc supports float32 inputs only
// TYPES-DAG: error: input 'x' has dynamic dim 0 ('N'); fix it with --input-shape x:1x3
// TYPES-DAG: error: input 'd' has element type float64; dlc supports float32 inputs only

// ONNX[external]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[external]: external (float[16] x) => (float[16] y)
// ONNX[external]: #! fill w float 16
// ONNX[external]: #! external w
// ONNX[external]: {
// ONNX[external]:   y = Add (x, w)
// ONNX[external]: }

// EXT: error: initializer 'w' keeps its data in external files (external_data); dlc needs the weights inside the model file

// ONNX[opset18]: <ir_version: 8, opset_import: ["" : 18]>
// ONNX[opset18]: opset18 (float[4] x) => (float[4] y)
// ONNX[opset18]: {
// ONNX[opset18]:   [r] y = Relu (x)
// ONNX[opset18]: }

// V18: error: 1 op type is not supported by dlc: Relu (opset 18) at node 'r' (dlc imports models of ONNX opsets 1 to 17; this one uses opset 18)
