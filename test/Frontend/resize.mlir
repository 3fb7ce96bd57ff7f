// Resize/Upsample in nearest mode by integer factors repeat each element:
// a reshape, a broadcasting multiply by ones, and a reshape. Modes whose
// result differs (linear, align_corners, fractional scales) are errors.

// RUN: %python %S/onnx_text_to_model.py %s %t.ok.onnx --model ok
// RUN: %dlc %t.ok.onnx --emit=mlir -o - | FileCheck %s
// RUN: %python %S/onnx_text_to_model.py %s %t.linear.onnx --model linear
// RUN: %python %S/expect_exit.py 3 %dlc %t.linear.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=LINEAR

// ONNX[ok]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[ok]: ok (float[1,2,3,4] x) => (float[1,2,6,8] y)
// ONNX[ok]: {
// ONNX[ok]:   scales = Constant <value = float[4] {1, 1, 2, 2}> ()
// ONNX[ok]:   y = Resize <mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor"> (x, , scales)
// ONNX[ok]: }

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<1x2x3x4xf32>
// CHECK:         %[[S:.*]] = dlc.reshape %[[X]] : (tensor<1x2x3x4xf32>) -> tensor<1x2x3x1x4x1xf32>
// CHECK-NEXT:    %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<1x1x1x2x1x2xf32>
// CHECK-NEXT:    %[[M:.*]] = dlc.mul %[[S]], %[[ONES]] : (tensor<1x2x3x1x4x1xf32>, tensor<1x1x1x2x1x2xf32>) -> tensor<1x2x3x2x4x2xf32>
// CHECK-NEXT:    %[[Y:.*]] = dlc.reshape %[[M]] : (tensor<1x2x3x2x4x2xf32>) -> tensor<1x2x6x8xf32>
// CHECK-NEXT:    return %[[Y]]

// ONNX[linear]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[linear]: linear (float[1,2,3,4] x) => (float[1,2,6,8] y)
// ONNX[linear]: {
// ONNX[linear]:   scales = Constant <value = float[4] {1, 1, 2, 2}> ()
// ONNX[linear]:   [up] y = Resize <mode = "linear"> (x, , scales)
// ONNX[linear]: }

// LINEAR: error: Resize 'up': mode 'linear' is not supported; dlc supports nearest only
