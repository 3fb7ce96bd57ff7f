// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// Round-trips every dlc op through the printer and parser.

// CHECK-LABEL: func @conv_block
func.func @conv_block(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3x3x3xf32>,
                      %b: tensor<16xf32>, %s: tensor<16xf32>) -> tensor<1x16x16x16xf32> {
  // CHECK: dlc.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32>
  // CHECK: dlc.batch_norm {{.*}} {epsilon = 1.000000e-03 : f32}
  %1 = dlc.batch_norm %0, %s, %b, %b, %s {epsilon = 1.0e-3 : f32}
      : (tensor<1x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32>
  // CHECK: dlc.relu
  %2 = dlc.relu %1 : tensor<1x16x32x32xf32>
  // CHECK: dlc.max_pool2d {{.*}} kernel_shape = array<i64: 2, 2>
  %3 = dlc.max_pool2d %2 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x16x32x32xf32>) -> tensor<1x16x16x16xf32>
  return %3 : tensor<1x16x16x16xf32>
}

// CHECK-LABEL: func @grouped_conv_with_algo
func.func @grouped_conv_with_algo(%x: tensor<2x8x9x9xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<2x8x4x4xf32> {
  // CHECK: algo = #dlc.algo<winograd>
  // CHECK-SAME: group = 4
  %0 = dlc.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 4, algo = #dlc.algo<winograd>}
      : (tensor<2x8x9x9xf32>, tensor<8x2x3x3xf32>) -> tensor<2x8x4x4xf32>
  return %0 : tensor<2x8x4x4xf32>
}

// CHECK-LABEL: func @dense_head
func.func @dense_head(%x: tensor<1x16x4x4xf32>, %w: tensor<10x256xf32>, %c: tensor<10xf32>) -> tensor<1x10xf32> {
  // CHECK: dlc.global_avg_pool {{.*}} -> tensor<1x16x1x1xf32>
  %g = dlc.global_avg_pool %x : (tensor<1x16x4x4xf32>) -> tensor<1x16x1x1xf32>
  // CHECK: dlc.reshape
  %r = dlc.reshape %x : (tensor<1x16x4x4xf32>) -> tensor<1x256xf32>
  // CHECK: dlc.gemm {{.*}} {trans_b = true}
  %y = dlc.gemm %r, %w, %c {trans_b = true} : (tensor<1x256xf32>, tensor<10x256xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  // CHECK: dlc.softmax {{.*}} {axis = 1 : i64}
  %s = dlc.softmax %y {axis = 1} : tensor<1x10xf32>
  return %s : tensor<1x10xf32>
}

// CHECK-LABEL: func @elementwise
func.func @elementwise(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: dlc.add {{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: dlc.leaky_relu {{.*}} {alpha = 1.000000e-01 : f32}
  %1 = dlc.leaky_relu %0 {alpha = 0.1 : f32} : tensor<2x3xf32>
  // CHECK: dlc.clip {{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}
  %2 = dlc.clip %1 {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x3xf32>
  // CHECK: dlc.transpose {{.*}} {perm = array<i64: 1, 0>}
  %3 = dlc.transpose %2 {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // CHECK: dlc.matmul {{.*}} -> tensor<2x2xf32>
  %4 = dlc.matmul %2, %3 : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  // CHECK: dlc.concat {{.*}} {axis = 1 : i64}
  %5 = dlc.concat %4, %2 {axis = 1} : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x5xf32>
  %6 = "tensor.extract_slice"(%5) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>, static_offsets = array<i64: 0, 0>, static_sizes = array<i64: 2, 3>, static_strides = array<i64: 1, 1>}> : (tensor<2x5xf32>) -> tensor<2x3xf32>
  return %6 : tensor<2x3xf32>
}
