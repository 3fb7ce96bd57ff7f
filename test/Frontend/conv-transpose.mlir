// ConvTranspose imports as a stride-1 dlc.conv2d of the zero-upsampled,
// padded (or cropped) input with the transposed, spatially flipped weight:
// grouped weights are transposed per group, output_shape and SAME_* auto_pad
// choose the pads as ONNX says, 1-D is 2-D with a height of 1, and 3-D is an
// error naming the node.

// RUN: %python %S/onnx_text_to_model.py %s %t.ok.onnx --model ok
// RUN: %dlc %t.ok.onnx --emit=mlir -o - | FileCheck %s
// RUN: %python %S/onnx_text_to_model.py %s %t.group.onnx --model group
// RUN: %dlc %t.group.onnx --emit=mlir -o - | FileCheck %s --check-prefix=GROUP
// RUN: %python %S/onnx_text_to_model.py %s %t.outshape.onnx --model outshape
// RUN: %dlc %t.outshape.onnx --emit=mlir -o - | FileCheck %s --check-prefix=OUTSHAPE
// RUN: %python %S/onnx_text_to_model.py %s %t.same.onnx --model same
// RUN: %dlc %t.same.onnx --emit=mlir -o - | FileCheck %s --check-prefix=SAME
// RUN: %python %S/onnx_text_to_model.py %s %t.oned.onnx --model oned
// RUN: %dlc %t.oned.onnx --emit=mlir -o - | FileCheck %s --check-prefix=ONED
// RUN: %python %S/onnx_text_to_model.py %s %t.threed.onnx --model threed
// RUN: %python %S/expect_exit.py 3 %dlc %t.threed.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=THREED
// RUN: %python %S/onnx_text_to_model.py %s %t.badpad.onnx --model badpad
// RUN: %python %S/expect_exit.py 1 %dlc %t.badpad.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=BADPAD

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

// Two groups of 2 input and 3 output channels: the weight [4, 3, k, k]
// becomes [2 groups x 3, 2, k, k].
// ONNX[group]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[group]: group (float[1,4,3,3] x, float[4,3,3,3] w) => (float[1,6,5,5] y)
// ONNX[group]: {
// ONNX[group]:   [up] y = ConvTranspose <group = 2> (x, w)
// ONNX[group]: }

// GROUP-LABEL: func.func @main(
// GROUP-SAME:      %[[X:[^:]*]]: tensor<1x4x3x3xf32>, %[[W:[^:]*]]: tensor<4x3x3x3xf32>
// GROUP:         %[[P:.*]] = dlc.pad %[[X]] {pads = array<i64: 0, 0, 2, 2, 0, 0, 2, 2>} : (tensor<1x4x3x3xf32>) -> tensor<1x4x7x7xf32>
// GROUP-NEXT:    %[[G:.*]] = dlc.reshape %[[W]] : (tensor<4x3x3x3xf32>) -> tensor<2x2x3x3x3xf32>
// GROUP-NEXT:    %[[T:.*]] = dlc.transpose %[[G]] {perm = array<i64: 0, 2, 1, 3, 4>} : (tensor<2x2x3x3x3xf32>) -> tensor<2x3x2x3x3xf32>
// GROUP-NEXT:    dlc.reshape %[[T]] : (tensor<2x3x2x3x3xf32>) -> tensor<6x2x3x3xf32>
// GROUP:         %[[F:.*]] = dlc.concat {{.*}} {axis = 3 : i64}
// GROUP-NEXT:    %[[Y:.*]] = dlc.conv2d %[[P]], %[[F]] {{.*}}group = 2 : i64{{.*}} : (tensor<1x4x7x7xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x5x5xf32>
// GROUP-NEXT:    return %[[Y]]

// output_shape 10x8 is one more row and column than the strides give: they
// are added at the end, as output_padding would.
// ONNX[outshape]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[outshape]: outshape (float[1,1,3,3] x, float[1,2,3,3] w) => (float[1,2,10,8] y)
// ONNX[outshape]: {
// ONNX[outshape]:   y = ConvTranspose <strides = [3, 2], output_shape = [10, 8]> (x, w)
// ONNX[outshape]: }

// OUTSHAPE:      dlc.reshape {{.*}} -> tensor<1x1x9x6xf32>
// OUTSHAPE-NEXT: dlc.pad {{.*}} {pads = array<i64: 0, 0, 2, 2, 0, 0, 1, 2>} : (tensor<1x1x9x6xf32>) -> tensor<1x1x12x10xf32>
// OUTSHAPE:      dlc.conv2d {{.*}} : (tensor<1x1x12x10xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x10x8xf32>

// SAME_UPPER: out = in * stride; the odd padding row is taken off the end.
// ONNX[same]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[same]: same (float[1,1,3,3] x, float[1,2,3,3] w) => (float[1,2,6,6] y)
// ONNX[same]: {
// ONNX[same]:   y = ConvTranspose <strides = [2, 2], auto_pad = "SAME_UPPER"> (x, w)
// ONNX[same]: }

// SAME:      dlc.reshape {{.*}} -> tensor<1x1x6x6xf32>
// SAME-NEXT: dlc.pad {{.*}} {pads = array<i64: 0, 0, 2, 2, 0, 0, 0, 0>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x8x8xf32>
// SAME:      dlc.conv2d {{.*}} -> tensor<1x2x6x6xf32>

// ONNX[oned]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[oned]: oned (float[1,1,3] x, float[1,2,3] w, float[2] b) => (float[1,2,5] y)
// ONNX[oned]: {
// ONNX[oned]:   y = ConvTranspose (x, w, b)
// ONNX[oned]: }

// ONED-LABEL: func.func @main(
// ONED-SAME:      %[[X:[^:]*]]: tensor<1x1x3xf32>, %[[W:[^:]*]]: tensor<1x2x3xf32>, %[[B:[^:]*]]: tensor<2xf32>
// ONED:         dlc.reshape %[[X]] : (tensor<1x1x3xf32>) -> tensor<1x1x1x3xf32>
// ONED:         dlc.reshape %[[W]] : (tensor<1x2x3xf32>) -> tensor<1x2x1x3xf32>
// ONED:         %[[C:.*]] = dlc.conv2d {{.*}} -> tensor<1x2x1x5xf32>
// ONED-NEXT:    %[[Y:.*]] = dlc.reshape %[[C]] : (tensor<1x2x1x5xf32>) -> tensor<1x2x5xf32>
// ONED-NEXT:    return %[[Y]]

// ONNX[threed]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[threed]: threed (float[1,1,3,4,5] x, float[1,2,3,3,3] w) => (float[1,2,5,6,7] y)
// ONNX[threed]: {
// ONNX[threed]:   [up3] y = ConvTranspose (x, w)
// ONNX[threed]: }

// THREED: error: ConvTranspose 'up3': 3-D ConvTranspose (input 'x' has rank 5); dlc supports 1-D and 2-D ConvTranspose only

// ONNX[badpad]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[badpad]: badpad (float[1,1,3,3] x, float[1,2,3,3] w) => (float[1,2,9,7] y)
// ONNX[badpad]: {
// ONNX[badpad]:   [up] y = ConvTranspose <strides = [2, 2], output_padding = [2, 0]> (x, w)
// ONNX[badpad]: }

// BADPAD: error: ConvTranspose 'up': output_padding 2x0 must be non-negative and smaller than the stride or the dilation
