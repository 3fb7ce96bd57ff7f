// Pad becomes dlc.pad: pads and value are attributes before opset 11 and
// constant inputs from 11. Only constant mode and non-negative pads are
// supported.

// RUN: %python %S/onnx_text_to_model.py %s %t.2.onnx --model v2
// RUN: %dlc %t.2.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V2
// RUN: %python %S/onnx_text_to_model.py %s %t.13.onnx --model v13
// RUN: %dlc %t.13.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V13
// RUN: %python %S/onnx_text_to_model.py %s %t.bad.onnx --model unsupported
// RUN: %python %S/expect_exit.py 3 %dlc %t.bad.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: %python %S/onnx_text_to_model.py %s %t.crop.onnx --model crop
// RUN: %python %S/expect_exit.py 3 %dlc %t.crop.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=CROP

// ONNX[v2]: <ir_version: 3, opset_import: ["" : 2]>
// ONNX[v2]: v2 (float[1,2,3,3] x) => (float[1,2,5,7] y)
// ONNX[v2]: {
// ONNX[v2]:   y = Pad <pads = [0, 0, 1, 2, 0, 0, 1, 2], value = 1.5> (x)
// ONNX[v2]: }

// V2: dlc.pad %arg0 {pads = array<i64: 0, 0, 1, 2, 0, 0, 1, 2>, value = 1.500000e+00 : f32} : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x7xf32>

// ONNX[v13]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[v13]: v13 (float[1,2,3,3] x) => (float[1,2,4,4] y, float[1,2,3,3] z)
// ONNX[v13]: #! fill zeros int64 8 0
// ONNX[v13]: {
// ONNX[v13]:   pads = Constant <value = int64[8] {0, 0, 1, 0, 0, 0, 0, 1}> ()
// ONNX[v13]:   y = Pad (x, pads)
// ONNX[v13]:   z = Pad (x, zeros)
// ONNX[v13]: }

// V13:      %[[Y:.*]] = dlc.pad %arg0 {pads = array<i64: 0, 0, 1, 0, 0, 0, 0, 1>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x4x4xf32>
// All-zero pads leave the input as it is.
// V13-NEXT: return %[[Y]], %arg0

// ONNX[unsupported]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[unsupported]: unsupported (float[1,2,3,3] x) => (float[1,2,5,5] y)
// ONNX[unsupported]: {
// ONNX[unsupported]:   pads = Constant <value = int64[8] {0, 0, 1, 1, 0, 0, 1, 1}> ()
// ONNX[unsupported]:   [mirror] y = Pad <mode = "reflect"> (x, pads)
// ONNX[unsupported]: }

// BAD: node 'mirror': error: Pad 'mirror': mode 'reflect' is not supported; dlc pads with a constant only

// ONNX[crop]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[crop]: crop (float[1,2,3,3] x) => (float[1,2,2,3] y)
// ONNX[crop]: {
// ONNX[crop]:   crop = Constant <value = int64[8] {0, 0, -1, 0, 0, 0, 0, 0}> ()
// ONNX[crop]:   [crop] y = Pad (x, crop)
// ONNX[crop]: }

// CROP: node 'crop': error: Pad 'crop': negative pads (cropping) are not supported, got [0, 0, -1, 0, 0, 0, 0, 0]
