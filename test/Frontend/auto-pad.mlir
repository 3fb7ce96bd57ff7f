// auto_pad: SAME_UPPER puts the odd padding row/column at the end,
// SAME_LOWER at the beginning, VALID and NOTSET without pads pad nothing.
// With SAME_*, the output is ceil(in / stride) whatever ceil_mode says.

// RUN: %python %S/onnx_text_to_model.py %s %t.onnx
// RUN: %dlc %t.onnx --emit=mlir -o - | FileCheck %s

// ONNX: <ir_version: 8, opset_import: ["" : 13]>
// ONNX: autopad (float[1,1,6,6] x) => (float[1,1,3,3] upper, float[1,1,3,3] lower,
// ONNX:     float[1,1,2,2] valid, float[1,1,2,2] notset, float[1,1,6,6] mp,
// ONNX:     float[1,1,3,3] ap)
// ONNX: #! fill w float 1x1x3x3
// ONNX: {
// ONNX:   [upper] upper = Conv <auto_pad = "SAME_UPPER", strides = [2, 2]> (x, w)
// ONNX:   [lower] lower = Conv <auto_pad = "SAME_LOWER", strides = [2, 2]> (x, w)
// ONNX:   [valid] valid = Conv <auto_pad = "VALID", strides = [2, 2]> (x, w)
// ONNX:   [notset] notset = Conv <auto_pad = "NOTSET", strides = [2, 2]> (x, w)
// ONNX:   [mp] mp = MaxPool <auto_pad = "SAME_UPPER", kernel_shape = [2, 2], ceil_mode = 1> (x)
// ONNX:   [ap] ap = AveragePool <auto_pad = "SAME_LOWER", kernel_shape = [3, 3], strides = [2, 2]> (x)
// ONNX: }

// Total padding (ceil(6 / 2) - 1) * 2 + 3 - 6 = 1 per spatial dim.
// CHECK: dlc.conv2d {{.*}}pads = array<i64: 0, 0, 1, 1>{{.*}} -> tensor<1x1x3x3xf32>
// CHECK: dlc.conv2d {{.*}}pads = array<i64: 1, 1, 0, 0>{{.*}} -> tensor<1x1x3x3xf32>
// CHECK: dlc.conv2d {{.*}}pads = array<i64: 0, 0, 0, 0>{{.*}} -> tensor<1x1x2x2xf32>
// CHECK: dlc.conv2d {{.*}}pads = array<i64: 0, 0, 0, 0>{{.*}} -> tensor<1x1x2x2xf32>
// CHECK: dlc.max_pool2d
// CHECK-NOT: ceil_mode
// CHECK-SAME: pads = array<i64: 0, 0, 1, 1>{{.*}} -> tensor<1x1x6x6xf32>
// CHECK: dlc.avg_pool2d {{.*}}pads = array<i64: 1, 1, 0, 0>{{.*}} -> tensor<1x1x3x3xf32>
