// LRN: x / (bias + alpha * mean of squares over a window of `size`
// channels)^beta, the window mean an average pool over the channel dim.

// RUN: %python %S/onnx_text_to_model.py %s %t.ok.onnx --model ok
// RUN: %dlc %t.ok.onnx --emit=mlir -o - | FileCheck %s

// ONNX[ok]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[ok]: ok (float[1,6,2,3] x) => (float[1,6,2,3] y)
// ONNX[ok]: {
// ONNX[ok]:   y = LRN <size = 4, alpha = 0.5, beta = 0.75, bias = 2.0> (x)
// ONNX[ok]: }

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<1x6x2x3xf32>
// CHECK:         %[[SQ:.*]] = dlc.mul %[[X]], %[[X]]
// CHECK-NEXT:    %[[P:.*]] = dlc.reshape %[[SQ]] : (tensor<1x6x2x3xf32>) -> tensor<1x1x6x6xf32>
// CHECK-NEXT:    %[[A:.*]] = dlc.avg_pool2d %[[P]] {count_include_pad = true, kernel_shape = array<i64: 4, 1>, pads = array<i64: 1, 0, 2, 0>, strides = array<i64: 1, 1>}
// CHECK-NEXT:    %[[M:.*]] = dlc.reshape %[[A]] : (tensor<1x1x6x6xf32>) -> tensor<1x6x2x3xf32>
// CHECK:         dlc.mul %[[M]]
// CHECK:         dlc.add
// CHECK:         %[[D:.*]] = dlc.pow
// CHECK-NEXT:    %[[Y:.*]] = dlc.div %[[X]], %[[D]]
// CHECK-NEXT:    return %[[Y]]
