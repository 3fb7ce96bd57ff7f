// RUN: dlc-opt --split-input-file --verify-diagnostics %s | FileCheck %s
// Printed IR parses back to the same IR.
// RUN: dlc-opt --split-input-file %s --verify-diagnostics | dlc-opt --split-input-file | FileCheck %s

// The op on tensors returns its destination; on memrefs it has no result.
// CHECK-LABEL: func @round_trip
// CHECK: dlc.conv2d_kernel ins(%arg0, %arg1 : tensor<1x8x10x10xf32>, tensor<1x2x72x6xf32>) outs(%arg2 : tensor<1x12x10x10xf32>) {{.*}} -> tensor<1x12x10x10xf32>
// CHECK: dlc.conv2d_kernel ins(%arg3, %arg4 : memref<1x8x10x10xf32>, memref<1x2x72x6xf32>) bias(%arg5 : memref<12xf32>) outs(%arg6 : memref<1x12x10x10xf32>)
func.func @round_trip(%x: tensor<1x8x10x10xf32>, %w: tensor<1x2x72x6xf32>, %o: tensor<1x12x10x10xf32>,
                      %mx: memref<1x8x10x10xf32>, %mw: memref<1x2x72x6xf32>, %mb: memref<12xf32>, %mo: memref<1x12x10x10xf32>) -> tensor<1x12x10x10xf32> {
  %0 = dlc.conv2d_kernel ins(%x, %w : tensor<1x8x10x10xf32>, tensor<1x2x72x6xf32>) outs(%o : tensor<1x12x10x10xf32>)
      {filter_shape = array<i64: 12, 8, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<indirect>} -> tensor<1x12x10x10xf32>
  dlc.conv2d_kernel ins(%mx, %mw : memref<1x8x10x10xf32>, memref<1x2x72x6xf32>) bias(%mb : memref<12xf32>) outs(%mo : memref<1x12x10x10xf32>)
      {filter_shape = array<i64: 12, 8, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<indirect>}
  return %0 : tensor<1x12x10x10xf32>
}

// -----

// A residual without a bias (a bias-free conv followed by an Add) prints
// and parses back; so do both, and a bias alone.
// CHECK-LABEL: func @optional_operands
// CHECK: dlc.conv2d_kernel ins(%arg0, %arg1 : {{.*}}) residual(%arg3 : memref<1x4x4x4xf32>) outs(%arg4 : memref<1x4x4x4xf32>)
// CHECK: dlc.conv2d_kernel ins(%arg0, %arg1 : {{.*}}) bias(%arg2 : memref<4xf32>) residual(%arg3 : memref<1x4x4x4xf32>) outs(%arg4 : memref<1x4x4x4xf32>)
func.func @optional_operands(%x: memref<1x8x4x4xf32>, %w: memref<1x1x8x6xf32>, %b: memref<4xf32>, %r: memref<1x4x4x4xf32>, %o: memref<1x4x4x4xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x4x4xf32>, memref<1x1x8x6xf32>) residual(%r : memref<1x4x4x4xf32>) outs(%o : memref<1x4x4x4xf32>)
      {filter_shape = array<i64: 4, 8, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<gemm>}
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x4x4xf32>, memref<1x1x8x6xf32>) bias(%b : memref<4xf32>) residual(%r : memref<1x4x4x4xf32>) outs(%o : memref<1x4x4x4xf32>)
      {filter_shape = array<i64: 4, 8, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<gemm>}
  return
}

// -----

func.func @wrong_packing(%x: tensor<1x8x10x10xf32>, %w: tensor<1x3x72x6xf32>, %o: tensor<1x12x10x10xf32>) -> tensor<1x12x10x10xf32> {
  // expected-error @+1 {{packed filter shape 1x3x72x6 is not the indirect layout 1x2x72x6}}
  %0 = dlc.conv2d_kernel ins(%x, %w : tensor<1x8x10x10xf32>, tensor<1x3x72x6xf32>) outs(%o : tensor<1x12x10x10xf32>)
      {filter_shape = array<i64: 12, 8, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<indirect>} -> tensor<1x12x10x10xf32>
  return %0 : tensor<1x12x10x10xf32>
}

// -----

func.func @wrong_output(%x: tensor<1x8x10x10xf32>, %w: tensor<1x2x72x6xf32>, %o: tensor<1x12x8x8xf32>) -> tensor<1x12x8x8xf32> {
  // expected-error @+1 {{destination shape 1x12x8x8 does not match the convolution's 1x12x10x10}}
  %0 = dlc.conv2d_kernel ins(%x, %w : tensor<1x8x10x10xf32>, tensor<1x2x72x6xf32>) outs(%o : tensor<1x12x8x8xf32>)
      {filter_shape = array<i64: 12, 8, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<indirect>} -> tensor<1x12x8x8xf32>
  return %0 : tensor<1x12x8x8xf32>
}

// -----

func.func @no_kernel(%x: tensor<1x8x10x10xf32>, %w: tensor<1x2x72x6xf32>, %o: tensor<1x12x10x10xf32>) -> tensor<1x12x10x10xf32> {
  // expected-error @+1 {{algorithm 'loops' has no kernel for this convolution}}
  %0 = dlc.conv2d_kernel ins(%x, %w : tensor<1x8x10x10xf32>, tensor<1x2x72x6xf32>) outs(%o : tensor<1x12x10x10xf32>)
      {filter_shape = array<i64: 12, 8, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<loops>} -> tensor<1x12x10x10xf32>
  return %0 : tensor<1x12x10x10xf32>
}
