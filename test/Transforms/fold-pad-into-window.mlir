// RUN: dlc-opt --dlc-fold-pad-into-window --split-input-file %s | FileCheck %s

// CHECK-LABEL: func @pad_conv
// CHECK-NOT: dlc.pad
// CHECK: dlc.conv2d %arg0, %arg1 {{.*}}pads = array<i64: 2, 1, 2, 1>
func.func @pad_conv(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x6x4xf32> {
  %p = dlc.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 0, 1, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x4xf32>
  %0 = dlc.conv2d %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x6x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x4xf32>
  return %0 : tensor<1x1x6x4xf32>
}

// -----

// torch's AvgPool2d(padding=1): Pad + AveragePool becomes one pool that
// counts the padding.
// CHECK-LABEL: func @pad_avg_pool
// CHECK-NOT: dlc.pad
// CHECK: dlc.avg_pool2d %arg0 {count_include_pad = true, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>
func.func @pad_avg_pool(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %p = dlc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  %0 = dlc.avg_pool2d %p {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
      : (tensor<1x1x6x6xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Not folded: a non-zero pad value, or padding of the channel dim.
// CHECK-LABEL: func @pad_not_foldable
// CHECK-COUNT-2: dlc.pad
func.func @pad_not_foldable(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>, %w2: tensor<1x2x3x3xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>) {
  %p = dlc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 1.0 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  %0 = dlc.conv2d %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %q = dlc.pad %x {pads = array<i64: 0, 1, 0, 0, 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  %1 = dlc.conv2d %q, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %0, %1 : tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>
}
