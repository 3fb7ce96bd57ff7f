// Conv imports as dlc.conv2d with its attributes, the weight as a dense
// resource blob, the node name as the location, and the result type from the
// shape rules.

// RUN: %python %S/onnx_text_to_model.py %s %t.onnx
// RUN: %dlc %t.onnx --emit=mlir -o - --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s

// ONNX: <ir_version: 8, opset_import: ["" : 13]>
// ONNX: convs (float[1,4,9,9] x) => (float[1,8,5,5] y, float[1,8,1,2] z)
// ONNX: #! fill w1 float 8x4x3x3
// ONNX: #! fill b1 float 8
// ONNX: #! fill w2 float 8x2x2x2
// ONNX: {
// ONNX:   [conv1] y = Conv <kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1]> (x, w1, b1)
// ONNX:   [dw] z = Conv <group = 4, dilations = [3, 3], strides = [2, 2], pads = [0, 1, 0, 0]> (y, w2)
// ONNX: }

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:.*]]: tensor<1x4x9x9xf32> loc("x"("{{.*}}.onnx":0:0))
// CHECK-SAME:      -> (tensor<1x8x5x5xf32>, tensor<1x8x1x2xf32>)
// CHECK:         %[[W1:.*]] = arith.constant dense_resource<w1> : tensor<8x4x3x3xf32> loc("w1"(
// CHECK:         %[[B1:.*]] = arith.constant dense<{{.*}}> : tensor<8xf32> loc("b1"(
// CHECK:         %[[Y:.*]] = dlc.conv2d %[[X]], %[[W1]], %[[B1]]
// CHECK-SAME:      dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>
// CHECK-SAME:      -> tensor<1x8x5x5xf32> loc("conv1"("{{.*}}.onnx":0:0))
// CHECK:         %[[W2:.*]] = arith.constant dense_resource<w2> : tensor<8x2x2x2xf32>
// Effective kernel 3 * (2 - 1) + 1 = 4: height (5 - 4) / 2 + 1 = 1, width
// (5 + 1 - 4) / 2 + 1 = 2.
// CHECK:         %[[Z:.*]] = dlc.conv2d %[[Y]], %[[W2]]
// CHECK-SAME:      dilations = array<i64: 3, 3>, group = 4 : i64, pads = array<i64: 0, 1, 0, 0>, strides = array<i64: 2, 2>
// CHECK-SAME:      (tensor<1x8x5x5xf32>, tensor<8x2x2x2xf32>) -> tensor<1x8x1x2xf32> loc("dw"(
// CHECK:         return %[[Y]], %[[Z]]
