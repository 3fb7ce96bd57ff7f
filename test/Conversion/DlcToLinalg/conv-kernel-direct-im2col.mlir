// RUN: dlc-opt --convert-dlc-to-linalg --split-input-file --verify-diagnostics %s | FileCheck %s

// Depthwise `direct`: the filter [C, 1, kH, kW] is kept as [C, kH * kW]
// (the taps of each channel, in order: the constant's values are the
// filter's), the conv and its epilogue stay one kernel op.
// CHECK-LABEL: func @direct
// CHECK: %[[PACKED:.*]] = arith.constant dense<{{\[}}[0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00], [8.000000e+00, 9.000000e+00, 1.000000e+01, 1.100000e+01]]> : tensor<3x4xf32>
// CHECK: dlc.conv2d_kernel ins(%arg0, %[[PACKED]] : {{.*}}) bias(%arg1 : {{.*}}) outs(%{{.*}} : tensor<1x3x7x7xf32>)
// CHECK-SAME: algo = #dlc.algo<direct>
// CHECK-SAME: filter_shape = array<i64: 3, 1, 2, 2>
// CHECK-SAME: group = 3
// CHECK-NOT: linalg.
func.func @direct(%x: tensor<1x3x8x8xf32>, %b: tensor<3xf32>) -> tensor<1x3x7x7xf32> {
  %w = arith.constant dense<[[[[0.0, 1.0], [2.0, 3.0]]], [[[4.0, 5.0], [6.0, 7.0]]], [[[8.0, 9.0], [10.0, 11.0]]]]> : tensor<3x1x2x2xf32>
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      group = 3, algo = #dlc.algo<direct>, activation = #dlc.activation<relu>}
      : (tensor<1x3x8x8xf32>, tensor<3x1x2x2xf32>, tensor<3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// A depthwise conv with a channel multiplier (2 filters per group) is not
// one `direct` computes.
func.func @direct_multiplier(%x: tensor<1x3x8x8xf32>) -> tensor<1x6x6x6xf32> {
  %w = arith.constant dense<0.5> : tensor<6x1x3x3xf32>
  // expected-error @+2 {{algorithm 'direct' cannot compute this convolution (filter 'tensor<6x1x3x3xf32>', group 3)}}
  // expected-error @+1 {{failed to legalize operation 'dlc.conv2d'}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      group = 3, algo = #dlc.algo<direct>}
      : (tensor<1x3x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// Explicit im2col: the padded input is copied into the im2col matrix
// [N, C * kH * kW, OH, OW] (one linalg.generic reading input row
// oh * stride + kh * dilation, column ow * stride + kw * dilation), which
// the kernel multiplies as a 1x1 conv: filter_shape [F, C * kH * kW, 1, 1],
// stride 1, no padding, the filter packed in the GEMM's 6-row panels.
// CHECK-DAG: #[[READ:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2 * 2, d5 * 2 + d3 * 2)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func @im2col
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 1, 2] high[0, 0, 1, 2]
// CHECK: %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[READ]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[PADDED]] : tensor<1x4x10x12xf32>) outs(%{{.*}} : tensor<1x4x3x3x3x4xf32>)
// CHECK: %[[MATRIX:.*]] = tensor.collapse_shape %[[COLS]] {{\[}}[0], [1, 2, 3], [4], [5]] : tensor<1x4x3x3x3x4xf32> into tensor<1x36x3x4xf32>
// CHECK: %[[PACKED:.*]] = arith.constant dense_resource<{{.*}}packed_im2col> : tensor<2x1x18x6xf32>
// CHECK: dlc.conv2d_kernel ins(%[[MATRIX]], %[[PACKED]] : {{.*}}) residual(%arg1 : {{.*}}) outs(%{{.*}} : tensor<1x8x3x4xf32>)
// CHECK-SAME: algo = #dlc.algo<im2col>
// CHECK-SAME: dilations = array<i64: 1, 1>
// CHECK-SAME: filter_shape = array<i64: 8, 18, 1, 1>
// CHECK-SAME: group = 2
// CHECK-SAME: pads = array<i64: 0, 0, 0, 0>
// CHECK-SAME: strides = array<i64: 1, 1>
func.func @im2col(%x: tensor<1x4x8x8xf32>, %r: tensor<1x8x3x4xf32>) -> tensor<1x8x3x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x2x3x3xf32>
  %0 = dlc.conv2d %x, %w residual(%r) {strides = array<i64: 2, 2>, pads = array<i64: 1, 2, 1, 2>, dilations = array<i64: 2, 2>,
      group = 2, algo = #dlc.algo<im2col>}
      : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<1x8x3x4xf32>) -> tensor<1x8x3x4xf32>
  return %0 : tensor<1x8x3x4xf32>
}

// -----

// im2row on a 3x3 stride-2 conv: the same im2col matrix, then the 1x1 conv
// on it, its filter packed in 16-column panels over K = 2 * 9 ([1, 18, 16]).
// A pointwise conv keeps its input and shape.
// CHECK-LABEL: func @im2row
// CHECK: linalg.generic
// CHECK: %[[MATRIX:.*]] = tensor.collapse_shape %{{.*}} into tensor<1x18x3x3xf32>
// CHECK: %[[PACKED:.*]] = arith.constant dense_resource<{{.*}}packed_im2row> : tensor<1x18x16xf32>
// CHECK: dlc.conv2d_kernel ins(%[[MATRIX]], %[[PACKED]] : {{.*}})
// CHECK-SAME: algo = #dlc.algo<im2row>
// CHECK-SAME: filter_shape = array<i64: 4, 18, 1, 1>
// CHECK-SAME: strides = array<i64: 1, 1>
// CHECK-NOT: linalg.generic
// CHECK: dlc.conv2d_kernel ins(%{{.*}}, %{{.*}} : tensor<1x4x3x3xf32>, tensor<1x4x16xf32>)
// CHECK-SAME: filter_shape = array<i64: 4, 4, 1, 1>
func.func @im2row(%x: tensor<1x2x6x6xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<0.5> : tensor<4x2x3x3xf32>
  %w1 = arith.constant dense<0.25> : tensor<4x4x1x1xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<im2row>}
      : (tensor<1x2x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  %1 = dlc.conv2d %0, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<im2row>}
      : (tensor<1x4x3x3xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %1 : tensor<1x4x3x3xf32>
}
