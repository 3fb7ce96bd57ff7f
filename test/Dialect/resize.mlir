// RUN: dlc-opt %s -split-input-file | dlc-opt -split-input-file | FileCheck %s
// dlc.resize round-trips with its mode attributes, and the defaults
// (nearest, half_pixel, round_prefer_floor) are left out when printed.

// CHECK-LABEL: func @resize_defaults
// CHECK: dlc.resize %{{.*}} {scales = array<f64: 1.000000e+00, 1.000000e+00, 1.500000e+00, 2.000000e+00>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x8xf32>
func.func @resize_defaults(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x6x8xf32> {
  %0 = dlc.resize %x {scales = array<f64: 1.0, 1.0, 1.5, 2.0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x8xf32>
  return %0 : tensor<1x2x6x8xf32>
}

// -----

// CHECK-LABEL: func @resize_cubic
// CHECK: dlc.resize %{{.*}} {coordinate_transform = #dlc.coordinate_transform<align_corners>, cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = true, mode = #dlc.resize_mode<cubic>, nearest_mode = #dlc.nearest_mode<ceil>, scales = array<f64: 1.000000e+00, 1.000000e+00, 8.000000e-01, 8.000000e-01>}
func.func @resize_cubic(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  %0 = dlc.resize %x {mode = #dlc.resize_mode<cubic>, coordinate_transform = #dlc.coordinate_transform<align_corners>, nearest_mode = #dlc.nearest_mode<ceil>, cubic_coeff_a = -0.5 : f32, exclude_outside = true, scales = array<f64: 1.0, 1.0, 0.8, 0.8>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}
