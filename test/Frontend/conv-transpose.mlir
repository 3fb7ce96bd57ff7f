// ConvTranspose imports as a stride-1 dlc.conv2d of the zero-upsampled,
// padded (or cropped) input with the transposed, spatially flipped weight.
// Unsupported attributes are errors naming the node and the attribute.

// RUN: %python %S/onnx_text_to_model.py %s %t.ok.onnx --model ok
// RUN: %dlc %t.ok.onnx --emit=mlir -o - | FileCheck %s
// RUN: %python %S/onnx_text_to_model.py %s %t.group.onnx --model group
// RUN: %python %S/expect_exit.py 3 %dlc %t.group.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=GROUP

// ONNX[ok]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[ok]: ok (float[1,2,3,3] x, float[2,4,3,3] w) => (float[1,4,6,6] y)
// ONNX[ok]: {
// ONNX[ok]:   y = ConvTranspose <strides = [2, 2], pads = [1, 1, 1, 1], output_padding = [1, 1]> (x, w)
// ONNX[ok]: }

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<1x2x3x3xf32>, %[[W:[^:]*]]: tensor<2x4x3x3xf32>
// CHECK:         %[[R:.*]] = dlc.reshape %[[X]] : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x1x3x1xf32>
// CHECK-NEXT:    %[[U:.*]] = dlc.pad %[[R]] {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1>} : (tensor<1x2x3x1x3x1xf32>) -> tensor<1x2x3x2x3x2xf32>
// CHECK-NEXT:    %[[UP:.*]] = dlc.reshape %[[U]] : (tensor<1x2x3x2x3x2xf32>) -> tensor<1x2x6x6xf32>
// CHECK-NEXT:    %[[P:.*]] = dlc.pad %[[UP]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x8x8xf32>
// CHECK-NEXT:    %[[T:.*]] = dlc.transpose %[[W]] {perm = array<i64: 1, 0, 2, 3>} : (tensor<2x4x3x3xf32>) -> tensor<4x2x3x3xf32>
// CHECK:         dlc.concat {{.*}} {axis = 2 : i64}
// CHECK:         %[[F:.*]] = dlc.concat {{.*}} {axis = 3 : i64}
// CHECK-NEXT:    %[[Y:.*]] = dlc.conv2d %[[P]], %[[F]] {{.*}}pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT:    return %[[Y]]

// ONNX[group]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[group]: group (float[1,2,3,3] x, float[2,1,3,3] w) => (float[1,2,5,5] y)
// ONNX[group]: {
// ONNX[group]:   [up] y = ConvTranspose <group = 2> (x, w)
// ONNX[group]: }

// GROUP: error: ConvTranspose 'up': group=2 is not supported; dlc supports group=1 only
