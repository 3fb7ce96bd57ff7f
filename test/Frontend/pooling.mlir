// MaxPool, AveragePool and the global pools, with their attributes.

// RUN: %python %S/onnx_text_to_model.py %s %t.onnx
// RUN: %dlc %t.onnx --emit=mlir -o - --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s

// ONNX: <ir_version: 8, opset_import: ["" : 13]>
// ONNX: pools (float[1,2,8,8] x, float[1,2,5,5] y) => (float[1,2,4,4] mp,
// ONNX:     float[1,2,3,3] ap, float[1,2,2,2] ap2, float[1,2,1,1] gap,
// ONNX:     float[1,2,1,1] gmp)
// ONNX: {
// ONNX:   [mp] mp = MaxPool <kernel_shape = [3, 3], strides = [2, 2], dilations = [2, 2], pads = [1, 1, 1, 1], ceil_mode = 1> (x)
// ONNX:   [ap] ap = AveragePool <kernel_shape = [2, 2], strides = [2, 2], ceil_mode = 1, count_include_pad = 1> (y)
// ONNX:   [ap2] ap2 = AveragePool <kernel_shape = [2, 2], strides = [2, 2]> (y)
// ONNX:   [gap] gap = GlobalAveragePool (y)
// ONNX:   [gmp] gmp = GlobalMaxPool (y)
// ONNX: }

// Effective kernel 5: ceil((8 + 2 - 5) / 2) + 1 = 4 (3 without ceil_mode).
// CHECK: dlc.max_pool2d %arg0 {ceil_mode = true, dilations = array<i64: 2, 2>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> loc("mp"(
// CHECK: dlc.avg_pool2d %arg1 {ceil_mode = true, count_include_pad = true, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> loc("ap"(
// CHECK: dlc.avg_pool2d %arg1 {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x2x2xf32> loc("ap2"(
// CHECK: dlc.global_avg_pool %arg1 : (tensor<1x2x5x5xf32>) -> tensor<1x2x1x1xf32> loc("gap"(
// CHECK: dlc.global_max_pool %arg1 : (tensor<1x2x5x5xf32>) -> tensor<1x2x1x1xf32> loc("gmp"(
