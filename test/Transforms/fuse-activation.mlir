// RUN: dlc-opt --dlc-fuse-activation --split-input-file %s | FileCheck %s

// CHECK-LABEL: func @conv_relu
// CHECK: %[[Y:.*]] = dlc.conv2d {{.*}}activation = #dlc.activation<relu>
// CHECK-NOT: dlc.relu
// CHECK: return %[[Y]]
func.func @conv_relu(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = dlc.relu %0 : tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// Relu6 is a clip: min and max travel as the activation parameters.
// CHECK-LABEL: func @conv_relu6
// CHECK: dlc.conv2d {{.*}}activation = #dlc.activation<clip>, activation_beta = 6.000000e+00 : f32
func.func @conv_relu6(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = dlc.clip %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// SiLU: x * sigmoid(x).
// CHECK-LABEL: func @conv_silu
// CHECK: %[[Y:.*]] = dlc.conv2d {{.*}}activation = #dlc.activation<silu>
// CHECK-NOT: dlc.sigmoid
// CHECK-NOT: dlc.mul
// CHECK: return %[[Y]]
func.func @conv_silu(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = dlc.sigmoid %0 : tensor<1x1x2x2xf32>
  %2 = dlc.mul %1, %0 : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %2 : tensor<1x1x2x2xf32>
}

// -----

// HardSwish as opset 13 spells it: x * hard_sigmoid(x; 1/6, 1/2).
// CHECK-LABEL: func @gemm_hard_swish
// CHECK: dlc.gemm {{.*}}activation = #dlc.activation<hard_swish>
// CHECK-NOT: dlc.hard_sigmoid
func.func @gemm_hard_swish(%a: tensor<1x2xf32>, %b: tensor<2x2xf32>) -> tensor<1x2xf32> {
  %0 = dlc.gemm %a, %b : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = dlc.hard_sigmoid %0 {alpha = 0.166666672 : f32, beta = 0.5 : f32} : tensor<1x2xf32>
  %2 = dlc.mul %0, %1 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %2 : tensor<1x2xf32>
}

// -----

// Not fused: the conv output is used twice.
// CHECK-LABEL: func @conv_two_users
// CHECK: dlc.conv2d
// CHECK-NOT: activation
// CHECK: dlc.relu
func.func @conv_two_users(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = dlc.relu %0 : tensor<1x1x2x2xf32>
  return %0, %1 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// Not fused twice: a second activation stays.
// CHECK-LABEL: func @relu_then_sigmoid
// CHECK: activation = #dlc.activation<relu>
// CHECK: dlc.sigmoid
func.func @relu_then_sigmoid(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = dlc.relu %0 : tensor<1x1x2x2xf32>
  %2 = dlc.sigmoid %1 : tensor<1x1x2x2xf32>
  return %2 : tensor<1x1x2x2xf32>
}
