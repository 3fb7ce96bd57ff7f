// Resize/Upsample: nearest mode by integer factors that repeats elements is
// a reshape, a broadcasting multiply by ones and a reshape; everything else
// (linear, cubic, fractional scales, sizes, other rounding) is dlc.resize
// with the modes as attributes and the scales the coordinates use.

// RUN: %python %S/onnx_text_to_model.py %s %t.ok.onnx --model ok
// RUN: %dlc %t.ok.onnx --emit=mlir -o - | FileCheck %s
// RUN: %python %S/onnx_text_to_model.py %s %t.linear.onnx --model linear
// RUN: %dlc %t.linear.onnx --emit=mlir -o - | FileCheck %s --check-prefix=LINEAR
// RUN: %python %S/onnx_text_to_model.py %s %t.sizes.onnx --model sizes
// RUN: %dlc %t.sizes.onnx --emit=mlir -o - | FileCheck %s --check-prefix=SIZES
// RUN: %python %S/onnx_text_to_model.py %s %t.torch.onnx --model torch
// RUN: %dlc %t.torch.onnx --emit=mlir -o - | FileCheck %s --check-prefix=TORCH
// RUN: %python %S/onnx_text_to_model.py %s %t.cubic.onnx --model cubic
// RUN: %dlc %t.cubic.onnx --emit=mlir -o - | FileCheck %s --check-prefix=CUBIC
// RUN: %python %S/onnx_text_to_model.py %s %t.upsample.onnx --model upsample
// RUN: %dlc %t.upsample.onnx --emit=mlir -o - | FileCheck %s --check-prefix=UPSAMPLE
// RUN: %python %S/onnx_text_to_model.py %s %t.crop.onnx --model crop
// RUN: %python %S/expect_exit.py 3 %dlc %t.crop.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=CROP
// RUN: %python %S/onnx_text_to_model.py %s %t.dyn.onnx --model dynamic_scales
// RUN: %python %S/expect_exit.py 3 %dlc %t.dyn.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=DYN
// RUN: %python %S/onnx_text_to_model.py %s %t.mode.onnx --model bad_mode
// RUN: %python %S/expect_exit.py 1 %dlc %t.mode.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=MODE

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

// LINEAR-LABEL: func.func @main(
// LINEAR-SAME:      %[[X:[^:]*]]: tensor<1x2x3x4xf32>
// LINEAR:         %[[Y:.*]] = dlc.resize %[[X]] {mode = #dlc.resize_mode<linear>, scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x2x3x4xf32>) -> tensor<1x2x6x8xf32>
// LINEAR-NEXT:    return %[[Y]]

// Sizes: the coordinates use size / input size.
// ONNX[sizes]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[sizes]: sizes (float[1,2,3,4] x) => (float[1,2,5,2] y)
// ONNX[sizes]: {
// ONNX[sizes]:   sizes = Constant <value = int64[4] {1, 2, 5, 2}> ()
// ONNX[sizes]:   y = Resize <mode = "nearest", nearest_mode = "ceil"> (x, , , sizes)
// ONNX[sizes]: }

// SIZES: dlc.resize %{{.*}} {nearest_mode = #dlc.nearest_mode<ceil>, scales = array<f64: 1.000000e+00, 1.000000e+00, 1.6666666666666667, 5.000000e-01>} : (tensor<1x2x3x4xf32>) -> tensor<1x2x5x2xf32>

// What torch.onnx.export (opset 11) writes for bilinear upsampling: an empty
// roi and fractional scales; the output size rounds down.
// ONNX[torch]: <ir_version: 7, opset_import: ["" : 11]>
// ONNX[torch]: torch (float[1,3,5,5] x) => (float[1,3,7,7] y)
// ONNX[torch]: #! fill roi float 0
// ONNX[torch]: {
// ONNX[torch]:   scales = Constant <value = float[4] {1, 1, 1.5, 1.5}> ()
// ONNX[torch]:   y = Resize <mode = "linear", coordinate_transformation_mode = "pytorch_half_pixel"> (x, roi, scales)
// ONNX[torch]: }

// TORCH: dlc.resize %{{.*}} {coordinate_transform = #dlc.coordinate_transform<pytorch_half_pixel>, mode = #dlc.resize_mode<linear>, scales = array<f64: 1.000000e+00, 1.000000e+00, 1.500000e+00, 1.500000e+00>} : (tensor<1x3x5x5xf32>) -> tensor<1x3x7x7xf32>

// ONNX[cubic]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[cubic]: cubic (float[1,1,4,4] x) => (float[1,1,8,8] y)
// ONNX[cubic]: {
// ONNX[cubic]:   scales = Constant <value = float[4] {1, 1, 2, 2}> ()
// ONNX[cubic]:   y = Resize <mode = "cubic", cubic_coeff_a = -0.5, exclude_outside = 1, coordinate_transformation_mode = "align_corners"> (x, , scales)
// ONNX[cubic]: }

// CUBIC: dlc.resize %{{.*}} {coordinate_transform = #dlc.coordinate_transform<align_corners>, cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = true, mode = #dlc.resize_mode<cubic>, scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>}

// Upsample (opset 9) resizes as onnxruntime does: asymmetric coordinates,
// rounded down.
// ONNX[upsample]: <ir_version: 7, opset_import: ["" : 9]>
// ONNX[upsample]: upsample (float[1,1,2,2] x) => (float[1,1,4,5] y)
// ONNX[upsample]: {
// ONNX[upsample]:   scales = Constant <value = float[4] {1, 1, 2, 2.5}> ()
// ONNX[upsample]:   y = Upsample <mode = "nearest"> (x, scales)
// ONNX[upsample]: }

// UPSAMPLE: dlc.resize %{{.*}} {coordinate_transform = #dlc.coordinate_transform<asymmetric>, nearest_mode = #dlc.nearest_mode<floor>, scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.500000e+00>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x5xf32>

// ONNX[crop]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[crop]: crop (float[1,1,4,4] x) => (float[1,1,3,3] y)
// ONNX[crop]: {
// ONNX[crop]:   roi = Constant <value = float[8] {0, 0, 0.4, 0.6, 1, 1, 1.2, 1.7}> ()
// ONNX[crop]:   sizes = Constant <value = int64[4] {1, 1, 3, 3}> ()
// ONNX[crop]:   [crop] y = Resize <mode = "linear", coordinate_transformation_mode = "tf_crop_and_resize"> (x, roi, , sizes)
// ONNX[crop]: }

// CROP: error: Resize 'crop': coordinate_transformation_mode 'tf_crop_and_resize' is not supported

// ONNX[dynamic_scales]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[dynamic_scales]: dynamic_scales (float[1,1,2,2] x, float[4] s) => (float[1,1,4,4] y)
// ONNX[dynamic_scales]: {
// ONNX[dynamic_scales]:   [up] y = Resize (x, , s)
// ONNX[dynamic_scales]: }

// DYN: error: Resize 'up': scales input 's' must be a constant (an initializer or a Constant node)

// ONNX[bad_mode]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[bad_mode]: bad_mode (float[1,1,2,2] x) => (float[1,1,4,4] y)
// ONNX[bad_mode]: {
// ONNX[bad_mode]:   scales = Constant <value = float[4] {1, 1, 2, 2}> ()
// ONNX[bad_mode]:   [up] y = Resize <mode = "area"> (x, , scales)
// ONNX[bad_mode]: }

// MODE: error: Resize 'up': mode 'area' is not nearest, linear or cubic
