// RUN: dlc-opt --convert-dlc-to-linalg --split-input-file --verify-diagnostics %s | FileCheck %s

// A conv with a kernel algorithm becomes dlc.conv2d_kernel writing into a
// fresh destination, its filter packed at compile time into 6-row panels:
// 8 filters -> 2 panels of 6 rows (the last one zero-padded), K = 3*3*3.
// CHECK-LABEL: func @indirect
// CHECK: %[[PACKED:.*]] = arith.constant dense_resource<{{.*}}packed_indirect> : tensor<1x2x27x6xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x8x4x5xf32>
// CHECK: dlc.conv2d_kernel ins(%arg0, %[[PACKED]] : {{.*}}) bias(%arg1 : {{.*}}) outs(%[[EMPTY]] : tensor<1x8x4x5xf32>)
// CHECK-SAME: activation = #dlc.activation<relu>
// CHECK-SAME: algo = #dlc.algo<indirect>
// CHECK-SAME: filter_shape = array<i64: 8, 3, 3, 3>
// CHECK-NOT: linalg.conv
func.func @indirect(%x: tensor<1x3x8x8xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x5xf32> {
  %w = arith.constant dense<0.5> : tensor<8x3x3x3xf32>
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 2, 1, 2>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<indirect>, activation = #dlc.activation<relu>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x5xf32>
  return %0 : tensor<1x8x4x5xf32>
}

// -----

// Grouped 1x1 conv as a GEMM per group: [group, panels, K, 6].
// CHECK-LABEL: func @grouped_gemm
// CHECK: arith.constant dense_resource<{{.*}}> : tensor<2x2x4x6xf32>
// CHECK: dlc.conv2d_kernel {{.*}}algo = #dlc.algo<gemm>{{.*}}group = 2
func.func @grouped_gemm(%x: tensor<1x8x5x5xf32>) -> tensor<1x16x5x5xf32> {
  %w = arith.constant dense<0.5> : tensor<16x4x1x1xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      group = 2, algo = #dlc.algo<gemm>}
      : (tensor<1x8x5x5xf32>, tensor<16x4x1x1xf32>) -> tensor<1x16x5x5xf32>
  return %0 : tensor<1x16x5x5xf32>
}

// -----

// The filter must be a constant for its compile-time packing.
func.func @runtime_filter(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{algorithm 'indirect' packs the filter at compile time: it must be a constant}}
  // expected-error @+1 {{failed to legalize operation 'dlc.conv2d'}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<indirect>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @gemm_needs_1x1(%x: tensor<1x3x8x8xf32>) -> tensor<1x8x6x6xf32> {
  %w = arith.constant dense<0.5> : tensor<8x3x3x3xf32>
  // expected-error @+2 {{algorithm 'gemm' cannot compute this convolution}}
  // expected-error @+1 {{failed to legalize operation 'dlc.conv2d'}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<gemm>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}
