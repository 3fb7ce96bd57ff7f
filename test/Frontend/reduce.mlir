// ReduceMean/ReduceSum/ReduceMax become dlc.reduce_* with sorted,
// non-negative axes and the reduced dims kept; keepdims=0 adds a dlc.reshape.

// RUN: %python %S/onnx_text_to_model.py %s %t.13.onnx --model v13
// RUN: %dlc %t.13.onnx --emit=mlir -o - | FileCheck %s

// ONNX[v13]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[v13]: v13 (float[2,3,4,5] x) => (float[2,3,1,1] m, float[2,3] mk, float[1,1,1,1] ma, float[2,1,4,5] s, float[2,3,4] mx)
// ONNX[v13]: {
// ONNX[v13]:   m = ReduceMean <axes = [-1, 2]> (x)
// ONNX[v13]:   mk = ReduceMean <axes = [2, 3], keepdims = 0> (x)
// ONNX[v13]:   ma = ReduceMean (x)
// ONNX[v13]:   ax = Constant <value = int64[1] {1}> ()
// ONNX[v13]:   s = ReduceSum (x, ax)
// ONNX[v13]:   mx = ReduceMax <axes = [3], keepdims = 0> (x)
// ONNX[v13]: }

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x4x5xf32>
// CHECK:         %[[M:.*]] = dlc.reduce_mean %[[X]] {axes = array<i64: 2, 3>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x1x1xf32>
// CHECK-NEXT:    %[[MK0:.*]] = dlc.reduce_mean %[[X]] {axes = array<i64: 2, 3>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x1x1xf32>
// CHECK-NEXT:    %[[MK:.*]] = dlc.reshape %[[MK0]] : (tensor<2x3x1x1xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[MA:.*]] = dlc.reduce_mean %[[X]] {axes = array<i64: 0, 1, 2, 3>} : (tensor<2x3x4x5xf32>) -> tensor<1x1x1x1xf32>
// CHECK-NEXT:    %[[S:.*]] = dlc.reduce_sum %[[X]] {axes = array<i64: 1>} : (tensor<2x3x4x5xf32>) -> tensor<2x1x4x5xf32>
// CHECK-NEXT:    %[[MX0:.*]] = dlc.reduce_max %[[X]] {axes = array<i64: 3>} : (tensor<2x3x4x5xf32>) -> tensor<2x3x4x1xf32>
// CHECK-NEXT:    %[[MX:.*]] = dlc.reshape %[[MX0]] : (tensor<2x3x4x1xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    return %[[M]], %[[MK]], %[[MA]], %[[S]], %[[MX]] :
