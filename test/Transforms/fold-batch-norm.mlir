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

// -----

// conv -> reshape keeping N and C -> 3-D batch_norm: the BatchNorm still
// normalizes the conv's channels, so it folds; the reshape stays.
// CHECK-LABEL: func @conv_reshape_bn
// CHECK: %[[Y:.*]] = dlc.conv2d %arg0, %{{.*}}, %{{.*}} {
// CHECK: %[[R:.*]] = dlc.reshape %[[Y]]
// CHECK-NOT: dlc.batch_norm
// CHECK: return %[[R]]
func.func @conv_reshape_bn(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x4xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.reshape %0 : (tensor<1x2x2x2xf32>) -> tensor<1x2x4xf32>
  %2 = dlc.batch_norm %1, %p, %p, %p, %p : (tensor<1x2x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4xf32>
  return %2 : tensor<1x2x4xf32>
}

// -----

// Through a transpose that keeps dim 1 (H and W swapped), with the same
// numbers as @conv_bn.
// CHECK-LABEL: func @conv_transpose_bn
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[5.000000e-01, -1.500000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = dlc.conv2d %arg0, %[[W]], %[[B]]
// CHECK: %[[T:.*]] = dlc.transpose %[[Y]]
// CHECK-NOT: dlc.batch_norm
// CHECK: return %[[T]]
func.func @conv_transpose_bn(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x4x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[1.0]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[4.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 0.5]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x3x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x4xf32>
  %1 = dlc.transpose %0 {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x2x3x4xf32>) -> tensor<1x2x4x3xf32>
  %2 = dlc.batch_norm %1, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x2x4x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x3xf32>
  return %2 : tensor<1x2x4x3xf32>
}

// -----

// gemm -> reshape to [M, N, 1, 1] -> batch_norm (as @gemm_bn).
// CHECK-LABEL: func @gemm_reshape_bn
// CHECK: dlc.gemm %arg0, %{{.*}}, %{{.*}} {trans_b = true}
// CHECK: dlc.reshape
// CHECK-NOT: dlc.batch_norm
func.func @gemm_reshape_bn(%a: tensor<1x2xf32>) -> tensor<1x2x1x1xf32> {
  %b = arith.constant dense<1.0> : tensor<2x2xf32>
  %gamma = arith.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %var = arith.constant dense<1.0> : tensor<2xf32>
  %0 = dlc.gemm %a, %b {trans_b = true} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = dlc.reshape %0 : (tensor<1x2xf32>) -> tensor<1x2x1x1xf32>
  %2 = dlc.batch_norm %1, %gamma, %beta, %zero, %var {epsilon = 0.0 : f32}
      : (tensor<1x2x1x1xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
  return %2 : tensor<1x2x1x1xf32>
}

// -----

// Not folded: the reshape moves elements to other channels (2 -> 4).
// CHECK-LABEL: func @conv_reshape_other_channels_bn
// CHECK: dlc.batch_norm
func.func @conv_reshape_other_channels_bn(%x: tensor<1x1x2x2xf32>) -> tensor<1x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<4xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.reshape %0 : (tensor<1x2x2x2xf32>) -> tensor<1x4x2xf32>
  %2 = dlc.batch_norm %1, %p, %p, %p, %p : (tensor<1x4x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2xf32>
  return %2 : tensor<1x4x2xf32>
}

// -----

// Not folded: the transpose puts H in dim 1.
// CHECK-LABEL: func @conv_transpose_channels_bn
// CHECK: dlc.batch_norm
func.func @conv_transpose_channels_bn(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.transpose %0 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %2 = dlc.batch_norm %1, %p, %p, %p, %p : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

// Not folded: the view has another user, which needs the unnormalized conv.
// CHECK-LABEL: func @conv_shared_view_bn
// CHECK: dlc.batch_norm
func.func @conv_shared_view_bn(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.reshape %0 : (tensor<1x2x2x2xf32>) -> tensor<1x2x4xf32>
  %2 = dlc.batch_norm %1, %p, %p, %p, %p : (tensor<1x2x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4xf32>
  return %1, %2 : tensor<1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// batch_norm -> conv without padding: with s = [2, 1] and t = [1, -1] per
// input channel, W' = [1 * 2, 3 * 1] and b' = 0.5 + 1 * 1 + 3 * -1.
// CHECK-LABEL: func @bn_conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<-1.500000e+00> : tensor<1xf32>
// CHECK-NOT: dlc.batch_norm
// CHECK: dlc.conv2d %arg0, %[[W]], %[[B]]
func.func @bn_conv(%x: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %gamma = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %w = arith.constant dense<[[[[1.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %0 = dlc.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.conv2d %0, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// batch_norm -> depthwise conv (group 2): each output channel sees one
// input channel: W' = [1 * 2, 3 * 1], b' = [1 * 1, 3 * -1] (no bias before).
// CHECK-LABEL: func @bn_depthwise_conv
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK-NOT: dlc.batch_norm
// CHECK: dlc.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 2
func.func @bn_depthwise_conv(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %gamma = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %w = arith.constant dense<[[[[1.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %0 = dlc.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.conv2d %0, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64}
      : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Not folded: the conv pads with zeros, where the BatchNorm's output would
// be its shift t = [1, -1].
// CHECK-LABEL: func @bn_padded_conv
// CHECK: dlc.batch_norm
// CHECK: dlc.conv2d
func.func @bn_padded_conv(%x: tensor<1x2x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %gamma = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %w = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %0 = dlc.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.conv2d %0, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x4x4xf32>
  return %1 : tensor<1x1x4x4xf32>
}

// -----

// A padded conv takes a BatchNorm without shift (t = beta - s * mean = 0):
// the padding of s * x is 0 either way.
// CHECK-LABEL: func @bn_no_shift_padded_conv
// CHECK-NOT: dlc.batch_norm
// CHECK: dlc.conv2d %arg0
func.func @bn_no_shift_padded_conv(%x: tensor<1x2x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %gamma = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %w = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %0 = dlc.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.conv2d %0, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x4x4xf32>
  return %1 : tensor<1x1x4x4xf32>
}

// -----

// Not folded: the BatchNorm has another user.
// CHECK-LABEL: func @bn_two_users_conv
// CHECK: dlc.batch_norm
func.func @bn_two_users_conv(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>) {
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %w = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %0 = dlc.batch_norm %x, %p, %p, %p, %p
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.conv2d %0, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %0, %1 : tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// batch_norm -> gemm over A's columns: with s = [2, 1], t = [1, -1], the rows
// of B are scaled (B' = [[2, 4], [3, 4]]) and C = t^T B = [1 - 3, 2 - 4].
// CHECK-LABEL: func @bn_gemm
// CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[}}2.000000e+00, 4.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<-2.000000e+00> : tensor<1x2xf32>
// CHECK-NOT: dlc.batch_norm
// CHECK: dlc.gemm %arg0, %[[B]], %[[C]]
func.func @bn_gemm(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %gamma = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %b = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %0 = dlc.batch_norm %a, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %1 = dlc.gemm %0, %b : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Not folded: with trans_a the BatchNorm's channels are op(A)'s rows.
// CHECK-LABEL: func @bn_gemm_trans_a
// CHECK: dlc.batch_norm
func.func @bn_gemm_trans_a(%a: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = arith.constant dense<1.0> : tensor<2x2xf32>
  %0 = dlc.batch_norm %a, %p, %p, %p, %p
      : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %1 = dlc.gemm %0, %b {trans_a = true} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %1 : tensor<2x2xf32>
}

// -----

// conv -> batch_norm -> conv: the BatchNorm goes into the conv before it
// (which does not depend on padding), not into the one after.
// CHECK-LABEL: func @conv_bn_conv
// CHECK-DAG: %[[W2:.*]] = arith.constant dense<2.000000e+00> : tensor<2x2x1x1xf32>
// CHECK: %[[A:.*]] = dlc.conv2d %arg0, %{{.*}}, %{{.*}} {
// CHECK-NOT: dlc.batch_norm
// CHECK: dlc.conv2d %[[A]], %[[W2]] {
func.func @conv_bn_conv(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %w2 = arith.constant dense<2.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = dlc.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.batch_norm %0, %p, %p, %p, %p : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %2 = dlc.conv2d %1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}
