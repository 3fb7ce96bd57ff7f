// --input-shape fixes a graph input's dims: symbolic ones, or static ones
// that the model was exported with (the shapes recorded for the old ones
// are dropped and inferred again).

// RUN: %python %S/onnx_text_to_model.py %s %t.onnx
// RUN: %python %S/expect_exit.py 3 %dlc %t.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// RUN: %dlc %t.onnx --emit=mlir -o - --input-shape x:4x3x8x8 | FileCheck %s --check-prefix=FIXED
// RUN: %dlc %t.onnx --emit=mlir -o - --input-shape x:4x3x8x8 --input-shape y:4x10 | FileCheck %s --check-prefix=BOTH
// RUN: %python %S/expect_exit.py 1 %dlc %t.onnx --emit=mlir -o - --input-shape z:1x3x8x8 2>&1 | FileCheck %s --check-prefix=NAME
// RUN: %python %S/expect_exit.py 1 %dlc %t.onnx --emit=mlir -o - --input-shape x:3x8x8 2>&1 | FileCheck %s --check-prefix=RANK

// ONNX: <ir_version: 8, opset_import: ["" : 13]>
// ONNX: dynamic_batch (float[N,3,8,8] x, float[1,10] y) => (float[N,10] z, float[1,10] y2)
// ONNX: #! fill w float 4x3x3x3
// ONNX: #! fill fc float 10x256
// ONNX: {
// ONNX:   c = Conv <pads = [1, 1, 1, 1]> (x, w)
// ONNX:   f = Flatten (c)
// ONNX:   z = Gemm <transB = 1> (f, fc)
// ONNX:   y2 = Relu (y)
// ONNX: }

// DYNAMIC: error: input 'x' has dynamic dim 0 ('N'); fix it with --input-shape x:1x3x8x8

// FIXED: func.func @main(%arg0: tensor<4x3x8x8xf32>, %arg1: tensor<1x10xf32>) -> (tensor<4x10xf32>, tensor<1x10xf32>)
// FIXED: dlc.conv2d {{.*}} -> tensor<4x4x8x8xf32>
// FIXED: dlc.reshape {{.*}} -> tensor<4x256xf32>

// y was exported with a static shape [1, 10]; the override replaces it.
// BOTH: func.func @main(%arg0: tensor<4x3x8x8xf32>, %arg1: tensor<4x10xf32>) -> (tensor<4x10xf32>, tensor<4x10xf32>)

// NAME: error: --input-shape names 'z', which is not a graph input (the inputs are 'x', 'y')
// RANK: error: input 'x' has rank 4, but --input-shape gives 3 dims (3x8x8)
