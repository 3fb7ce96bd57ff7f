// RUN: dlc-opt --dlc-fold-batch-norm --split-input-file %s | FileCheck %s

// conv -> batch_norm with constant weights: one conv with scaled weights
// and a shifted bias. With s = gamma / sqrt(var + eps):
// channel 0: s = 4/sqrt(3+1) = 2, W' = 2*[1, 2], b' = (1 - 1)*2 + 0.5 = 0.5;
// channel 1: s = -1/sqrt(0+1) = -1, W' = -[1, 1], b' = (2 - 0)*-1 + 0.5.
// CHECK-LABEL: func @conv_bn
// CHECK-NOT: dlc.batch_norm
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[5.000000e-01, -1.500000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = dlc.conv2d %arg0, %[[W]], %[[B]]
// CHECK: return %[[Y]]
func.func @conv_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[1.0]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[4.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 0.5]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %1 = dlc.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// A conv without bias gets one.
// CHECK-LABEL: func @conv_no_bias_bn
// CHECK: dlc.conv2d %arg0, %{{.*}}, %{{.*}} {
// CHECK-NOT: dlc.batch_norm
func.func @conv_no_bias_bn(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = dlc.batch_norm %0, %p, %p, %p, %p : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// Not folded: the conv result has another user.
// CHECK-LABEL: func @conv_two_users
// CHECK: dlc.batch_norm
func.func @conv_two_users(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = dlc.batch_norm %0, %p, %p, %p, %p : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %0, %1 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// Not folded: the weights are not constants (a graph input).
// CHECK-LABEL: func @conv_runtime_weights
// CHECK: dlc.batch_norm
func.func @conv_runtime_weights(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = dlc.batch_norm %0, %p, %p, %p, %p : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// Not folded: BatchNorm after something that is not a conv/gemm.
// CHECK-LABEL: func @relu_bn
// CHECK: dlc.batch_norm
func.func @relu_bn(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %0 = dlc.relu %x : tensor<1x1x2x2xf32>
  %1 = dlc.batch_norm %0, %p, %p, %p, %p : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// gemm with transB: the rows of B (the output features) are scaled and the
// shift goes into C (with beta = 1, the default).
// CHECK-LABEL: func @gemm_bn
// CHECK-DAG: arith.constant dense<{{\[\[}}2.000000e+00, 2.000000e+00], [3.000000e+00, 3.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00]]> : tensor<1x2xf32>
// CHECK: dlc.gemm %arg0, %{{.*}}, %{{.*}} {trans_b = true}
// CHECK-NOT: dlc.batch_norm
func.func @gemm_bn(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<1.0> : tensor<2x2xf32>
  %gamma = arith.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var = arith.constant dense<1.0> : tensor<2xf32>
  %0 = dlc.gemm %a, %b {trans_b = true} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = dlc.batch_norm %0, %gamma, %beta, %zero, %var {epsilon = 0.0 : f32}
      : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
