// RUN: dlc-opt --convert-dlc-to-linalg --split-input-file %s | FileCheck %s

// CHECK-LABEL: func @reshape_flatten
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : tensor<2x3x4x5xf32> into tensor<120xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [2, 60]
func.func @reshape_flatten(%x: tensor<2x3x4x5xf32>) -> tensor<2x60xf32> {
  %0 = dlc.reshape %x : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
  return %0 : tensor<2x60xf32>
}

// -----

// Concat inserts each input into its slice of one destination.
// CHECK-LABEL: func @concat_channels
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x5x2x2xf32>
// CHECK: %[[A:.*]] = tensor.insert_slice %{{.*}} into %[[E]][0, 0, 0, 0] [1, 2, 2, 2] [1, 1, 1, 1]
// CHECK: tensor.insert_slice %{{.*}} into %[[A]][0, 2, 0, 0] [1, 3, 2, 2] [1, 1, 1, 1]
func.func @concat_channels(%a: tensor<1x2x2x2xf32>, %b: tensor<1x3x2x2xf32>) -> tensor<1x5x2x2xf32> {
  %0 = dlc.concat %a, %b {axis = 1} : (tensor<1x2x2x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x5x2x2xf32>
  return %0 : tensor<1x5x2x2xf32>
}

// -----

// CHECK-LABEL: func @transpose
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<4x2x3xf32>) permutation = [2, 0, 1]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = dlc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func @pad_constant
// CHECK: %[[V:.*]] = arith.constant 1.500000e+00 : f32
// CHECK: tensor.pad %{{.*}} low[0, 1] high[2, 0]
// CHECK: tensor.yield %[[V]]
func.func @pad_constant(%x: tensor<2x3xf32>) -> tensor<4x4xf32> {
  %0 = dlc.pad %x {pads = array<i64: 0, 1, 2, 0>, value = 1.5 : f32} : (tensor<2x3xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// A strided slice is one tensor.extract_slice.
// CHECK-LABEL: func @slice_strided
// CHECK: tensor.extract_slice %{{.*}}[0, 2, 1, 0] [1, 3, 2, 4] [1, 1, 2, 1] : tensor<1x8x4x4xf32> to tensor<1x3x2x4xf32>
func.func @slice_strided(%x: tensor<1x8x4x4xf32>) -> tensor<1x3x2x4xf32> {
  %0 = dlc.slice %x {offsets = array<i64: 0, 2, 1, 0>, strides = array<i64: 1, 1, 2, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x3x2x4xf32>
  return %0 : tensor<1x3x2x4xf32>
}
