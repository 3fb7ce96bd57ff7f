// Softmax before opset 13 normalises the input coerced to 2-D at `axis`
// (reshape, softmax on the last axis, reshape back; no reshape when axis is
// the last one); from opset 13 it normalises along `axis`, default -1.

// RUN: %python %S/onnx_text_to_model.py %s %t.11.onnx --model v11
// RUN: %dlc %t.11.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V11
// RUN: %python %S/onnx_text_to_model.py %s %t.13.onnx --model v13
// RUN: %dlc %t.13.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V13

// ONNX[v11]: <ir_version: 7, opset_import: ["" : 11]>
// ONNX[v11]: v11 (float[2,3,4] x) => (float[2,3,4] a, float[2,3,4] b, float[2,3,4] c, float[2,3,4] d)
// ONNX[v11]: {
// ONNX[v11]:   a = Softmax (x)
// ONNX[v11]:   b = Softmax <axis = -1> (x)
// ONNX[v11]:   c = Softmax <axis = 0> (x)
// ONNX[v11]:   d = Softmax <axis = 2> (x)
// ONNX[v11]: }

// V11-LABEL: func.func @main(
// V11:         %[[A2:.*]] = dlc.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
// V11-NEXT:    %[[AS:.*]] = dlc.softmax %[[A2]] {axis = 1 : i64} : tensor<2x12xf32>
// V11-NEXT:    %[[A:.*]] = dlc.reshape %[[AS]] : (tensor<2x12xf32>) -> tensor<2x3x4xf32>
// V11-NEXT:    %[[B:.*]] = dlc.softmax %arg0 {axis = 2 : i64} : tensor<2x3x4xf32>
// V11-NEXT:    %[[C2:.*]] = dlc.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<1x24xf32>
// V11-NEXT:    %[[CS:.*]] = dlc.softmax %[[C2]] {axis = 1 : i64} : tensor<1x24xf32>
// V11-NEXT:    %[[C:.*]] = dlc.reshape %[[CS]] : (tensor<1x24xf32>) -> tensor<2x3x4xf32>
// V11-NEXT:    %[[D:.*]] = dlc.softmax %arg0 {axis = 2 : i64} : tensor<2x3x4xf32>
// V11-NEXT:    return %[[A]], %[[B]], %[[C]], %[[D]]

// ONNX[v13]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[v13]: v13 (float[2,3,4] x) => (float[2,3,4] a, float[2,3,4] b, float[2,3,4] c)
// ONNX[v13]: {
// ONNX[v13]:   a = Softmax (x)
// ONNX[v13]:   b = Softmax <axis = 1> (x)
// ONNX[v13]:   c = Softmax <axis = -3> (x)
// ONNX[v13]: }

// V13-LABEL: func.func @main(
// V13-NOT:     dlc.reshape
// V13:         dlc.softmax %arg0 {axis = 2 : i64} : tensor<2x3x4xf32>
// V13-NEXT:    dlc.softmax %arg0 {axis = 1 : i64} : tensor<2x3x4xf32>
// V13-NEXT:    dlc.softmax %arg0 {axis = 0 : i64} : tensor<2x3x4xf32>
