// RUN: dlc-opt --dlc-fold-constants --split-input-file %s | FileCheck %s
// RUN: dlc-opt --dlc-fold-constants="max-result-elements=4 max-flops=4" --split-input-file %s | FileCheck %s --check-prefix=LIMIT

// A weight transposed for a MatMul becomes the transposed constant.
// CHECK-LABEL: func @transpose_for_matmul
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NOT: dlc.transpose
// CHECK: dlc.matmul %arg0, %[[W]]
// The 6-element result is over the limit.
// LIMIT-LABEL: func @transpose_for_matmul
// LIMIT: dlc.transpose
func.func @transpose_for_matmul(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %t = dlc.transpose %w {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %y = dlc.matmul %x, %t : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// A chain (reshape, then a broadcast multiply) folds in one sweep, as does
// the bias sum; the inputs that nothing reads any more are gone. The module
// records the three folds for dlc --report=graph.
// CHECK: module attributes {dlc.graph_rewrites = {"dlc ops folded into constants" = 3 : i64}}
// CHECK-LABEL: func @weight_chain
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}9.000000e+00]], {{\[\[}}1.200000e+01]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK-NOT: arith.constant
// CHECK-NOT: dlc.reshape
// CHECK-NOT: dlc.mul
// CHECK-NOT: dlc.add
// CHECK: dlc.conv2d %arg0, %[[W]], %[[B]]
func.func @weight_chain(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %v = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %g = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %half = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %r = dlc.reshape %v : (tensor<4xf32>) -> tensor<2x2x1x1xf32>
  %w = dlc.mul %r, %g : (tensor<2x2x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<2x2x1x1xf32>
  %b = dlc.add %half, %half : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %y = dlc.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// concat -> slice -> pad of constants: [[1, 2], [3, 4]], its second column,
// padded on the left with 7.
// CHECK-LABEL: func @concat_slice_pad
// CHECK: %[[C:.*]] = arith.constant dense<{{\[\[}}7.000000e+00, 2.000000e+00], [7.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @concat_slice_pad() -> tensor<2x2xf32> {
  %a = arith.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %b = arith.constant dense<[[3.0, 4.0]]> : tensor<1x2xf32>
  %c = dlc.concat %a, %b {axis = 0 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<2x2xf32>
  %s = dlc.slice %c {offsets = array<i64: 0, 1>, strides = array<i64: 1, 1>} : (tensor<2x2xf32>) -> tensor<2x1xf32>
  %p = dlc.pad %s {pads = array<i64: 0, 1, 0, 0>, value = 7.0 : f32} : (tensor<2x1xf32>) -> tensor<2x2xf32>
  return %p : tensor<2x2xf32>
}

// -----

// BatchNorm of constants: channel 0 is (x - 1) * 2 / sqrt(3 + 1) + 0,
// channel 1 is (x - 3) * 1 / sqrt(0 + 1) + 1.
// CHECK-LABEL: func @batch_norm_of_constants
// CHECK: arith.constant dense<{{\[\[\[\[}}0.000000e+00, 1.000000e+00]], {{\[\[}}1.000000e+00, 2.000000e+00]]]]> : tensor<1x2x1x2xf32>
// CHECK-NOT: dlc.batch_norm
// The 8 flops are over the LIMIT run's budget.
// LIMIT-LABEL: func @batch_norm_of_constants
// LIMIT: dlc.batch_norm
func.func @batch_norm_of_constants() -> tensor<1x2x1x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0]], [[3.0, 4.0]]]]> : tensor<1x2x1x2xf32>
  %scale = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %bias = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %y = dlc.batch_norm %x, %scale, %bias, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x2x1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x1x2xf32>
  return %y : tensor<1x2x1x2xf32>
}

// -----

// gemm with trans_b, C and a fused relu: [1, -2] x I + 0.5 = [1.5, -1.5].
// CHECK-LABEL: func @gemm_relu
// CHECK: arith.constant dense<{{\[\[}}1.500000e+00, 0.000000e+00]]> : tensor<1x2xf32>
// CHECK-NOT: dlc.gemm
// LIMIT-LABEL: func @gemm_relu
// LIMIT: dlc.gemm
func.func @gemm_relu() -> tensor<1x2xf32> {
  %a = arith.constant dense<[[1.0, -2.0]]> : tensor<1x2xf32>
  %b = arith.constant dense<[[1.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf32>
  %c = arith.constant dense<[0.5, 0.5]> : tensor<2xf32>
  %y = dlc.gemm %a, %b, %c {trans_b = true, activation = #dlc.activation<relu>}
      : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// conv2d of constants with bottom/right padding and a bias:
// [[1+2+3+4, 2+4], [3+4, 4]] + 1.
// CHECK-LABEL: func @conv_of_constants
// CHECK: arith.constant dense<{{\[\[\[\[}}1.100000e+01, 7.000000e+00], [8.000000e+00, 5.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK-NOT: dlc.conv2d
func.func @conv_of_constants() -> tensor<1x1x2x2xf32> {
  %x = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x2x2xf32>
  %b = arith.constant dense<1.0> : tensor<1xf32>
  %y = dlc.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// Element-wise activations and softmax of non-splat constants.
// CHECK-LABEL: func @activations
// CHECK-DAG: arith.constant dense<[5.000000e-01, 1.000000e+00]> : tensor<2xf32>
// CHECK-DAG: arith.constant dense<[0.000000e+00, 6.000000e+00]> : tensor<2xf32>
// CHECK-DAG: arith.constant dense<2.500000e-01> : tensor<4xf32>
// CHECK-NOT: dlc.
// CHECK: return
func.func @activations() -> (tensor<2xf32>, tensor<2xf32>, tensor<4xf32>) {
  %x = arith.constant dense<[0.0, 1000.0]> : tensor<2xf32>
  %y = arith.constant dense<[-1.0, 7.0]> : tensor<2xf32>
  %z = arith.constant dense<[1.0, 1.0, 1.0, 1.0]> : tensor<4xf32>
  %s = dlc.sigmoid %x : tensor<2xf32>
  %c = dlc.clip %y {min = 0.0 : f32, max = 6.0 : f32} : tensor<2xf32>
  %m = dlc.softmax %z {axis = 0 : i64} : tensor<4xf32>
  return %s, %c, %m : tensor<2xf32>, tensor<2xf32>, tensor<4xf32>
}

// -----

// A result above 16 elements becomes a resource blob, as imported weights
// are: the 4x5 matrix 0..19 transposed starts 0, 5, 10, 15.
// CHECK-LABEL: func @large_result
// CHECK: arith.constant dense_resource<[[KEY:weight.transpose[^>]*]]> : tensor<5x4xf32>
// CHECK-NOT: dlc.transpose
// CHECK: [[KEY]]: "0x04000000000000000000A0400000204100007041
func.func @large_result() -> tensor<5x4xf32> {
  %w = arith.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0, 9.0],
                             [10.0, 11.0, 12.0, 13.0, 14.0], [15.0, 16.0, 17.0, 18.0, 19.0]]> : tensor<4x5xf32>
  %t = dlc.transpose %w {perm = array<i64: 1, 0>} : (tensor<4x5xf32>) -> tensor<5x4xf32>
  return %t : tensor<5x4xf32>
}

// -----

// Not folded: an operand is not a constant (a graph input), and an integer
// tensor (only f32 is evaluated).
// CHECK-NOT: dlc.graph_rewrites
// CHECK-LABEL: func @not_constant
// CHECK: dlc.add %arg0
// CHECK: dlc.transpose
func.func @not_constant(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<3x2xi64>) {
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %i = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %y = dlc.add %x, %c : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %t = dlc.transpose %i {perm = array<i64: 1, 0>} : (tensor<2x3xi64>) -> tensor<3x2xi64>
  return %y, %t : tensor<2xf32>, tensor<3x2xi64>
}
