// Gemm, MatMul and inference-mode BatchNormalization.

// RUN: %python %S/onnx_text_to_model.py %s %t.onnx
// RUN: %dlc %t.onnx --emit=mlir -o - --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s

// ONNX: <ir_version: 8, opset_import: ["" : 15]>
// ONNX: dense (float[4,6] a, float[3,4,6] batch, float[6] v, float[2,3,5,5] img)
// ONNX:     => (float[4,8] g1, float[6,8] g2, float[4,8] g3, float[3,4,8] mm, float[3,4] mv, float[2,3,5,5] bn)
// ONNX: #! fill w float 8x6
// ONNX: #! fill wt float 4x8
// ONNX: #! fill c float 8
// ONNX: #! fill m float 6x8
// ONNX: #! fill scale float 3
// ONNX: #! fill shift float 3
// ONNX: #! fill mean float 3
// ONNX: #! fill var float 3 0.5
// ONNX: {
// ONNX:   [fc] g1 = Gemm <transB = 1, alpha = 2.0, beta = 0.5> (a, w, c)
// ONNX:   [fc_t] g2 = Gemm <transA = 1> (a, wt)
// ONNX:   [fc_plain] g3 = Gemm (a, m, c)
// ONNX:   [mm] mm = MatMul (batch, m)
// ONNX:   [mv] mv = MatMul (batch, v)
// ONNX:   [bn] bn, running_mean, running_var = BatchNormalization <epsilon = 0.01> (img, scale, shift, mean, var)
// ONNX: }

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[A:[^:]*]]: tensor<4x6xf32>{{.*}}, %[[BATCH:[^:]*]]: tensor<3x4x6xf32>{{.*}}, %[[V:[^:]*]]: tensor<6xf32>{{.*}}, %[[IMG:[^:]*]]: tensor<2x3x5x5xf32>
// CHECK:         %[[W:.*]] = arith.constant dense_resource<w> : tensor<8x6xf32>
// CHECK:         %[[C:.*]] = arith.constant dense<{{.*}}> : tensor<8xf32>
// CHECK:         dlc.gemm %[[A]], %[[W]], %[[C]] {alpha = 2.000000e+00 : f32, beta = 5.000000e-01 : f32, trans_b = true} : (tensor<4x6xf32>, tensor<8x6xf32>, tensor<8xf32>) -> tensor<4x8xf32> loc("fc"(
// The optional C is left out.
// CHECK:         %[[WT:.*]] = arith.constant dense_resource<wt> : tensor<4x8xf32>
// CHECK:         dlc.gemm %[[A]], %[[WT]] {trans_a = true} : (tensor<4x6xf32>, tensor<4x8xf32>) -> tensor<6x8xf32> loc("fc_t"(
// A constant used twice is materialised once.
// CHECK:         %[[M:.*]] = arith.constant dense_resource<m> : tensor<6x8xf32>
// CHECK:         dlc.gemm %[[A]], %[[M]], %[[C]] : (tensor<4x6xf32>, tensor<6x8xf32>, tensor<8xf32>) -> tensor<4x8xf32> loc("fc_plain"(
// CHECK-NEXT:    dlc.matmul %[[BATCH]], %[[M]] : (tensor<3x4x6xf32>, tensor<6x8xf32>) -> tensor<3x4x8xf32> loc("mm"(
// CHECK-NEXT:    dlc.matmul %[[BATCH]], %[[V]] : (tensor<3x4x6xf32>, tensor<6xf32>) -> tensor<3x4xf32> loc("mv"(
// CHECK:         dlc.batch_norm %[[IMG]], {{.*}} {epsilon = 0.00999999977 : f32} : (tensor<2x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x5x5xf32> loc("bn"(
