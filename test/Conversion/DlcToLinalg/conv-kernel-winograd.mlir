// RUN: dlc-opt --convert-dlc-to-linalg --split-input-file --verify-diagnostics %s | FileCheck %s

// Winograd F(2x2,3x3): U = G g G^T is packed at compile time as
// [alpha^2 = 16, ceil(F / 6), C, 6]. For an all-ones filter, G g G^T is the
// outer product of G's row sums (1, 1.5, 0.5, 1): xi = i * 4 + j holds
// s_i * s_j in lane 0 of its panel, lanes 1..5 (no filter) are zero.
// CHECK-LABEL: func @winograd_f2_values
// CHECK: %[[U:.*]] = arith.constant dense_resource<[[BLOB:.*packed_winograd_f2]]> : tensor<16x1x1x6xf32>
// CHECK: dlc.conv2d_kernel ins(%arg0, %[[U]] : {{.*}}) outs(%{{.*}} : tensor<1x1x5x5xf32>)
// CHECK-SAME: algo = #dlc.algo<winograd_f2>
// CHECK-SAME: filter_shape = array<i64: 1, 1, 3, 3>
// CHECK: [[BLOB]]: "0x040000000000803F00000000000000000000000000000000000000000000C03F00000000000000000000000000000000000000000000003F00000000000000000000000000000000000000000000803F00000000000000000000000000000000000000000000C03F00000000000000000000000000000000000000000000104000000000000000000000000000000000000000000000403F00000000000000000000000000000000000000000000C03F00000000000000000000000000000000000000000000003F00000000000000000000000000000000000000000000403F00000000000000000000000000000000000000000000803E00000000000000000000000000000000000000000000003F00000000000000000000000000000000000000000000803F00000000000000000000000000000000000000000000C03F00000000000000000000000000000000000000000000003F00000000000000000000000000000000000000000000803F0000000000000000000000000000000000000000"
func.func @winograd_f2_values(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<winograd_f2>}
      : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32>
  return %0 : tensor<1x1x5x5xf32>
}

// -----

// F(4x4,3x3): 36 GEMMs; 8 filters -> 2 panels of 6 (the second half
// empty), 3 channels. Bias, residual and activation stay on the kernel op.
// CHECK-LABEL: func @winograd_shape
// CHECK: arith.constant dense_resource<{{.*}}packed_winograd> : tensor<36x2x3x6xf32>
// CHECK: dlc.conv2d_kernel ins(%arg0, %{{.*}} : {{.*}}) bias(%arg1 : {{.*}}) residual(%arg2 : {{.*}}) outs(%{{.*}} : tensor<2x8x11x10xf32>)
// CHECK-SAME: activation = #dlc.activation<relu>
// CHECK-SAME: algo = #dlc.algo<winograd>
// CHECK-NOT: linalg.conv
func.func @winograd_shape(%x: tensor<2x3x11x11xf32>, %b: tensor<8xf32>, %r: tensor<2x8x11x10xf32>) -> tensor<2x8x11x10xf32> {
  %w = arith.constant dense<0.5> : tensor<8x3x3x3xf32>
  %0 = dlc.conv2d %x, %w, %b residual(%r) {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 1, 1>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<winograd>, activation = #dlc.activation<relu>}
      : (tensor<2x3x11x11xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<2x8x11x10xf32>) -> tensor<2x8x11x10xf32>
  return %0 : tensor<2x8x11x10xf32>
}

// -----

// A 7x6 output is 2x2 F(4x4,3x3) tiles, at most MR: the kernel transforms
// the filter itself, packed as its taps in 16-filter panels [1, C, 9, 16]
// (filter f's tap k at [f / 16][c][k][f % 16]; filters 2.. are zero):
// taps 0 and 1 of filters 0 and 1 are 1, 2, then 2, 4.
// CHECK-LABEL: func @winograd_tiles_as_rows
// CHECK: %[[G:.*]] = arith.constant dense_resource<[[BLOB:.*packed_winograd]]> : tensor<1x1x9x16xf32>
// CHECK: dlc.conv2d_kernel ins(%arg0, %[[G]] : {{.*}}) outs(%{{.*}} : tensor<1x2x7x6xf32>)
// CHECK: [[BLOB]]: "0x040000000000803F0000004000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004000008040
func.func @winograd_tiles_as_rows(%x: tensor<1x1x7x7xf32>) -> tensor<1x2x7x6xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]],
                             [[[2.0, 4.0, 6.0], [8.0, 10.0, 12.0], [14.0, 16.0, 18.0]]]]> : tensor<2x1x3x3xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 1, 1>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<winograd>}
      : (tensor<1x1x7x7xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x7x6xf32>
  return %0 : tensor<1x2x7x6xf32>
}

// -----

// Only 3x3 filters have a Winograd layout.
func.func @winograd_needs_3x3(%x: tensor<1x3x8x8xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x3x5x5xf32>
  // expected-error @+2 {{algorithm 'winograd' cannot compute this convolution}}
  // expected-error @+1 {{failed to legalize operation 'dlc.conv2d'}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<winograd>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x5x5xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Grouped convs have none either.
func.func @winograd_needs_group_1(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x6x6xf32> {
  %w = arith.constant dense<0.5> : tensor<4x2x3x3xf32>
  // expected-error @+2 {{algorithm 'winograd_f2' cannot compute this convolution}}
  // expected-error @+1 {{failed to legalize operation 'dlc.conv2d'}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      group = 2, algo = #dlc.algo<winograd_f2>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}
