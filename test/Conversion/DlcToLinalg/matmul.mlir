// RUN: dlc-opt --convert-dlc-to-linalg --split-input-file %s | FileCheck %s

// transB transposes once; alpha == 1 accumulates onto beta * C.
// CHECK-LABEL: func @gemm_trans_b_bias
// CHECK: linalg.transpose ins(%{{.*}} : tensor<10x64xf32>) outs(%{{.*}} : tensor<64x10xf32>) permutation = [1, 0]
// CHECK: %[[C:.*]] = linalg.generic
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x64xf32>, tensor<64x10xf32>) outs(%[[C]] : tensor<1x10xf32>)
func.func @gemm_trans_b_bias(%a: tensor<1x64xf32>, %b: tensor<10x64xf32>, %c: tensor<10xf32>) -> tensor<1x10xf32> {
  %0 = dlc.gemm %a, %b, %c {trans_b = true} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// alpha != 1 scales the product afterwards and then adds beta * C.
// CHECK-LABEL: func @gemm_alpha_beta
// CHECK: linalg.matmul
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @gemm_alpha_beta(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>, %c: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = dlc.gemm %a, %b, %c {alpha = 2.0 : f32, beta = 0.5 : f32} : (tensor<4x8xf32>, tensor<8x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Batched matmul broadcasts the batch dim of the 2-D operand away.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-LABEL: func @matmul_batched
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
func.func @matmul_batched(%a: tensor<5x2x3xf32>, %b: tensor<3x4xf32>) -> tensor<5x2x4xf32> {
  %0 = dlc.matmul %a, %b : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

// Constant weights: the dense GEMM kernel, images as rows. W^T (transB) is
// packed at compile time into ceil(N / 16) column panels [K][16]; alpha
// scales the packed weights, beta the bias; the activation is fused.
// CHECK-LABEL: func @gemm_constant_weights
// CHECK: %[[W:.*]] = arith.constant dense_resource<{{.*}}packed_dense> : tensor<2x3x16xf32>
// CHECK: %[[B:.*]] = arith.constant dense_resource<{{.*}}bias> : tensor<20xf32>
// CHECK: %[[X:.*]] = tensor.expand_shape {{.*}} into tensor<4x3x1x1xf32>
// CHECK: dlc.conv2d_kernel ins(%[[X]], %[[W]] : {{.*}}) bias(%[[B]] : {{.*}}) outs(%{{.*}} : tensor<4x20x1x1xf32>) {activation = #dlc.activation<relu>, algo = #dlc.algo<dense>, {{.*}}filter_shape = array<i64: 20, 3, 1, 1>
// CHECK-NOT: linalg.matmul
func.func @gemm_constant_weights(%a: tensor<4x3xf32>) -> tensor<4x20xf32> {
  %w = arith.constant dense<0.5> : tensor<20x3xf32>
  %c = arith.constant dense<1.0> : tensor<20xf32>
  %0 = dlc.gemm %a, %w, %c {trans_b = true, alpha = 2.0 : f32, beta = 3.0 : f32, activation = #dlc.activation<relu>} : (tensor<4x3xf32>, tensor<20x3xf32>, tensor<20xf32>) -> tensor<4x20xf32>
  return %0 : tensor<4x20xf32>
}
