// RUN: dlc-opt %s -split-input-file -verify-diagnostics
// Every verifier rejection names the rule that failed.

func.func @conv_channel_mismatch(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{filter 8x3x3x3 expects 3 input channels (3 per group x group 1), but the input 1x4x8x8 has 4}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @conv_group_does_not_divide(%x: tensor<1x6x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{group=4 must divide both the 6 input channels and the 8 output channels}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 4}
      : (tensor<1x6x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @conv_wrong_result(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{result shape 1x8x8x8 does not match the inferred shape 1x8x6x6}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

func.func @conv_kernel_too_large(%x: tensor<1x3x4x4xf32>, %w: tensor<8x3x7x7xf32>) -> tensor<1x8x1x1xf32> {
  // expected-error @+1 {{height: window of 7 (kernel 7, dilation 1) is larger than the padded input of 4}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x3x4x4xf32>, tensor<8x3x7x7xf32>) -> tensor<1x8x1x1xf32>
  return %0 : tensor<1x8x1x1xf32>
}

// -----

func.func @conv_bad_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{bias must be a 1-D tensor of 8 values (one per output channel), got 4}}
  %0 = dlc.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<4xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @conv_bad_strides(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'strides' must have 2 values, got 3}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @batch_norm_wrong_channels(%x: tensor<1x4x2x2xf32>, %p: tensor<3xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{scale must have 4 values (one per channel), got 3}}
  %0 = dlc.batch_norm %x, %p, %p, %p, %p : (tensor<1x4x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

func.func @pool_pad_not_smaller_than_kernel(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x9x9xf32> {
  // expected-error @+1 {{pads 2/2 must be smaller than the kernel size 2}}
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 1, 1>}
      : (tensor<1x1x8x8xf32>) -> tensor<1x1x9x9xf32>
  return %0 : tensor<1x1x9x9xf32>
}

// -----

func.func @add_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{shapes 2x3 and 4 do not broadcast (dim 1: 3 vs 4)}}
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gemm_inner_mismatch(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{gemm inner dimensions differ: op(A) is 2x3, op(B) is 4x5}}
  %0 = dlc.gemm %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @reshape_count_mismatch(%a: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{cannot reshape 2x3 (6 elements) to 7 (7 elements)}}
  %0 = dlc.reshape %a : (tensor<2x3xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @transpose_not_permutation(%a: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{perm is not a permutation of 0..1}}
  %0 = dlc.transpose %a {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @concat_mismatch(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{concat inputs 2x3 and 3x3 differ outside axis 1}}
  %0 = dlc.concat %a, %b {axis = 1} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @softmax_axis(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = dlc.softmax %a {axis = 2} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @clip_min_above_max(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{min 6.000000e+00 is greater than max 0.000000e+00}}
  %0 = dlc.clip %a {min = 6.0 : f32, max = 0.0 : f32} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @matmul_inner(%a: tensor<4x2x3xf32>, %b: tensor<4x5xf32>) -> tensor<4x2x5xf32> {
  // expected-error @+1 {{matmul inner dimensions differ: 4x2x3 and 4x5}}
  %0 = dlc.matmul %a, %b : (tensor<4x2x3xf32>, tensor<4x5xf32>) -> tensor<4x2x5xf32>
  return %0 : tensor<4x2x5xf32>
}

// -----

func.func @pad_negative(%a: tensor<2x3xf32>) -> tensor<1x3xf32> {
  // expected-error @+1 {{negative pads (cropping) are not supported}}
  %0 = dlc.pad %a {pads = array<i64: -1, 0, 0, 0>} : (tensor<2x3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

func.func @slice_past_end(%x: tensor<1x8xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{result 1x4 reads past the input 1x8 in dim 1}}
  %0 = dlc.slice %x {offsets = array<i64: 0, 2>, strides = array<i64: 1, 2>} : (tensor<1x8xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @reduce_unsorted_axes(%x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  // expected-error @+1 {{reduction axes [2, 1] must be sorted, distinct and in [0, 3)}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}
