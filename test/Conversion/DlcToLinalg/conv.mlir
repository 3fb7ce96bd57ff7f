// RUN: dlc-opt --convert-dlc-to-linalg --split-input-file %s | FileCheck %s

// Bias is broadcast into the output, padding is explicit, group 1 is a plain
// NCHW/FCHW convolution that accumulates onto the bias.
// CHECK-LABEL: func @conv_bias_pad
// CHECK: %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 2] high[0, 0, 1, 2]
// CHECK: %[[INIT:.*]] = linalg.broadcast ins(%{{.*}} : tensor<8xf32>) outs(%{{.*}} : tensor<1x8x4x5xf32>) dimensions = [0, 2, 3]
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[PAD]], %{{.*}} : tensor<1x3x10x12xf32>, tensor<8x3x3x3xf32>) outs(%[[INIT]] : tensor<1x8x4x5xf32>)
func.func @conv_bias_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x5xf32> {
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 2, 1, 2>, dilations = array<i64: 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x5xf32>
  return %0 : tensor<1x8x4x5xf32>
}

// -----

// No padding: no tensor.pad; no bias: the output starts at zero.
// CHECK-LABEL: func @conv_no_bias_no_pad
// CHECK-NOT: tensor.pad
// CHECK: linalg.fill
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<2> : vector<2xi64>
func.func @conv_no_bias_no_pad(%x: tensor<1x3x9x9xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>}
      : (tensor<1x3x9x9xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// -----

// group == channels with one filter per channel: depthwise.
// CHECK-LABEL: func @conv_depthwise
// CHECK: tensor.collapse_shape
// CHECK: tensor.expand_shape {{.*}} into tensor<16x3x3xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw
func.func @conv_depthwise(%x: tensor<1x16x8x8xf32>, %w: tensor<16x1x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 16}
      : (tensor<1x16x8x8xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// -----

// Other groups: a grouped convolution over [N, G, C/G, H, W].
// CHECK-LABEL: func @conv_grouped
// CHECK: linalg.conv_2d_ngchw_gfchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x4x6x6xf32>, tensor<2x3x4x3x3xf32>) outs(%{{.*}} : tensor<1x2x3x4x4xf32>)
func.func @conv_grouped(%x: tensor<1x8x6x6xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x4x4xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2}
      : (tensor<1x8x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x4x4xf32>
  return %0 : tensor<1x6x4x4xf32>
}

// -----

// The epilogue: residual add, then the activation, in one generic after the
// convolution.
// CHECK-LABEL: func @conv_epilogue
// CHECK: %[[C:.*]] = linalg.conv_2d_nchw_fchw
// CHECK: linalg.generic {{.*}} ins(%[[C]], %arg0 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>)
// CHECK: arith.addf
// CHECK: arith.constant 6.000000e+00 : f32
// CHECK: arith.minimumf
func.func @conv_epilogue(%x: tensor<1x2x2x2xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32> {
  %0 = dlc.conv2d %x, %w residual(%x) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, activation = #dlc.activation<clip>, activation_alpha = 0.0 : f32, activation_beta = 6.0 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}
