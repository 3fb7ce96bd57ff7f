// RUN: dlc-opt %s -split-input-file -verify-diagnostics
// dlc.resize rejects shapes and scales it cannot mean.

func.func @resize_rank(%x: tensor<1x2x4x4xf32>) -> tensor<2x8x8xf32> {
  // expected-error @+1 {{result 2x8x8 must have the rank of the input 1x2x4x4}}
  %0 = dlc.resize %x {scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x2x4x4xf32>) -> tensor<2x8x8xf32>
  return %0 : tensor<2x8x8xf32>
}

// -----

func.func @resize_scale_count(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32> {
  // expected-error @+1 {{needs one scale per dim of the rank-4 input, got 2}}
  %0 = dlc.resize %x {scales = array<f64: 2.0, 2.0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// -----

func.func @resize_zero_scale(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32> {
  // expected-error @+1 {{scale 0.000000e+00 of dim 1 must be positive and finite}}
  %0 = dlc.resize %x {scales = array<f64: 1.0, 0.0, 2.0, 2.0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}
