// Models of old opsets: the attributes of opsets before 7 (broadcast/axis,
// is_test, spatial, consumed_inputs) and the ops that changed since.

// RUN: %python %S/onnx_text_to_model.py %s %t.v6.onnx --model v6
// RUN: %dlc %t.v6.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V6
// RUN: %python %S/onnx_text_to_model.py %s %t.v1.onnx --model v1
// RUN: %dlc %t.v1.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V1

// ONNX[v6]: <ir_version: 3, opset_import: ["" : 6]>
// ONNX[v6]: legacy (float[2,3,4,5] a, float[3,4] b, float[5] c, float[2,5] x) => (float[2,3,4,5] y, float[2,4] g, float[2,3,4,5] s)
// ONNX[v6]: #! fill slope float 3
// ONNX[v6]: #! fill w float 4x5
// ONNX[v6]: #! fill bias float 4
// ONNX[v6]: #! fill scale float 3
// ONNX[v6]: #! fill shift float 3
// ONNX[v6]: #! fill mean float 3
// ONNX[v6]: #! fill var float 3 1.0
// ONNX[v6]: {
// ONNX[v6]:   add = Add <broadcast = 1, axis = 1> (a, b)
// ONNX[v6]:   mul = Mul <broadcast = 1> (add, c)
// ONNX[v6]:   sub = Sub (mul, a)
// ONNX[v6]:   prelu = PRelu (sub, slope)
// ONNX[v6]:   bn = BatchNormalization <is_test = 1, epsilon = 0.001, momentum = 0.9, spatial = 1> (prelu, scale, shift, mean, var)
// ONNX[v6]:   clip = Clip <min = -1.0, max = 1.0> (bn)
// ONNX[v6]:   y = Dropout <is_test = 1, ratio = 0.5> (clip)
// ONNX[v6]:   g = Gemm <broadcast = 1, transB = 1, alpha = 0.5> (x, w, bias)
// ONNX[v6]:   s = Softmax (y)
// ONNX[v6]: }

// V6-LABEL: func.func @main(
// V6-SAME:      %[[A:.*]]: tensor<2x3x4x5xf32>, %[[B:.*]]: tensor<3x4xf32>, %[[C:.*]]: tensor<5xf32>, %[[X:.*]]: tensor<2x5xf32>)
// B lines up with A's dims 1 and 2 (axis = 1), so it gets a trailing 1.
// V6:         %[[B3:.*]] = dlc.reshape %[[B]] : (tensor<3x4xf32>) -> tensor<3x4x1xf32>
// V6-NEXT:    %[[ADD:.*]] = dlc.add %[[A]], %[[B3]] : (tensor<2x3x4x5xf32>, tensor<3x4x1xf32>) -> tensor<2x3x4x5xf32>
// V6-NEXT:    %[[MUL:.*]] = dlc.mul %[[ADD]], %[[C]] : (tensor<2x3x4x5xf32>, tensor<5xf32>) -> tensor<2x3x4x5xf32>
// V6-NEXT:    %[[SUB:.*]] = dlc.sub %[[MUL]], %[[A]]
// A 1-D opset-6 PRelu slope is per channel.
// V6-NEXT:    %[[SLOPE:.*]] = arith.constant dense<{{.*}}> : tensor<3xf32>
// V6-NEXT:    %[[SLOPE3:.*]] = dlc.reshape %[[SLOPE]] : (tensor<3xf32>) -> tensor<3x1x1xf32>
// V6-NEXT:    %[[PRELU:.*]] = dlc.prelu %[[SUB]], %[[SLOPE3]] : (tensor<2x3x4x5xf32>, tensor<3x1x1xf32>) -> tensor<2x3x4x5xf32>
// V6:         %[[BN:.*]] = dlc.batch_norm %[[PRELU]], {{.*}} {epsilon = 1.000000e-03 : f32}
// V6-NEXT:    %[[Y:.*]] = dlc.clip %[[BN]] {max = 1.000000e+00 : f32, min = -1.000000e+00 : f32}
// V6:         %[[G:.*]] = dlc.gemm %[[X]], %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f32, trans_b = true} : (tensor<2x5xf32>, tensor<4x5xf32>, tensor<4xf32>) -> tensor<2x4xf32>
// Before opset 13, Softmax coerces its input to 2-D at axis (default 1).
// V6-NEXT:    %[[S:.*]] = dlc.reshape %[[Y]] : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
// V6-NEXT:    %[[SM:.*]] = dlc.softmax %[[S]] {axis = 1 : i64} : tensor<2x60xf32>
// V6-NEXT:    %[[SM4:.*]] = dlc.reshape %[[SM]] : (tensor<2x60xf32>) -> tensor<2x3x4x5xf32>
// V6-NEXT:    return %[[Y]], %[[G]], %[[SM4]]

// ONNX[v1]: <ir_version: 3, opset_import: ["" : 1]>
// ONNX[v1]: v1 (float[2,3,4] a, float[2,3,4] b) => (float[6,4] r, float[2,6,4] c)
// ONNX[v1]: {
// ONNX[v1]:   relu = Relu <consumed_inputs = [0]> (a)
// ONNX[v1]:   sum = Add <consumed_inputs = [0, 0]> (relu, b)
// ONNX[v1]:   r = Reshape <shape = [6, 4]> (sum)
// ONNX[v1]:   c = Concat (sum, b)
// ONNX[v1]: }

// V1:      %[[RELU:.*]] = dlc.relu %arg0
// V1-NEXT: %[[SUM:.*]] = dlc.add %[[RELU]], %arg1
// Reshape's shape is an attribute before opset 5.
// V1-NEXT: %[[R:.*]] = dlc.reshape %[[SUM]] : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// Concat's axis defaults to 1 before opset 4.
// V1-NEXT: %[[C:.*]] = dlc.concat %[[SUM]], %arg1 {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x6x4xf32>
// V1-NEXT: return %[[R]], %[[C]]
