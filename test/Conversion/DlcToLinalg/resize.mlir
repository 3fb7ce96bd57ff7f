// RUN: dlc-opt --convert-dlc-to-linalg --split-input-file %s | FileCheck %s
// dlc.resize becomes one linalg.generic that reads constant tables of input
// indices (and weights) per resized dim and gathers with tensor.extract;
// dims that keep their size and coordinates read their own index.

// Bilinear 2x2 -> 4x4 (half_pixel): input coordinates -0.25, 0.25, 0.75,
// 1.25 read indices (0, 0), (0, 1), (0, 1), (1, 1) (the first and last
// clamped to the edge) with weights (0.25, 0.75), (0.75, 0.25), ...
// CHECK-LABEL: func @linear_half_pixel
// CHECK-DAG: %[[I0:.*]] = arith.constant dense<[0, 0, 0, 1]> : tensor<4xi32>
// CHECK-DAG: %[[I1:.*]] = arith.constant dense<[0, 1, 1, 1]> : tensor<4xi32>
// CHECK-DAG: %[[W0:.*]] = arith.constant dense<[2.500000e-01, 7.500000e-01, 2.500000e-01, 7.500000e-01]> : tensor<4xf32>
// CHECK-DAG: %[[W1:.*]] = arith.constant dense<[7.500000e-01, 2.500000e-01, 7.500000e-01, 2.500000e-01]> : tensor<4xf32>
// CHECK:     linalg.generic
// CHECK-SAME:  iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK:       linalg.index 0
// CHECK:       linalg.index 1
// CHECK-COUNT-4: tensor.extract %{{.*}} : tensor<1x1x2x2xf32>
// CHECK:       linalg.yield
func.func @linear_half_pixel(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %0 = dlc.resize %x {mode = #dlc.resize_mode<linear>, scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Nearest by 1.5 along dim 1 only: coordinates -1/6, 0.5, 7/6; the tie at
// 0.5 rounds down with round_prefer_floor, up with round_prefer_ceil. One
// index table, one read, no weights.
// CHECK-LABEL: func @nearest_prefer_floor
// CHECK:     %[[I:.*]] = arith.constant dense<[0, 0, 1]> : tensor<3xi32>
// CHECK:     linalg.generic {{.*}} ins(%[[I]] : tensor<3xi32>)
// CHECK-NOT:   arith.mulf
// CHECK:       %[[C:.*]] = arith.index_cast
// CHECK:       %[[D0:.*]] = linalg.index 0
// CHECK:       tensor.extract %{{.*}}[%[[D0]], %[[C]]] : tensor<3x2xf32>
// CHECK-NOT:   tensor.extract
// CHECK:       linalg.yield
func.func @nearest_prefer_floor(%x: tensor<3x2xf32>) -> tensor<3x3xf32> {
  %0 = dlc.resize %x {scales = array<f64: 1.0, 1.5>} : (tensor<3x2xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// CHECK-LABEL: func @nearest_prefer_ceil
// CHECK: arith.constant dense<[0, 1, 1]> : tensor<3xi32>
func.func @nearest_prefer_ceil(%x: tensor<3x2xf32>) -> tensor<3x3xf32> {
  %0 = dlc.resize %x {nearest_mode = #dlc.nearest_mode<round_prefer_ceil>, scales = array<f64: 1.0, 1.5>} : (tensor<3x2xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// Downsampling by 0.75 (asymmetric, floor): 4 -> 3 reads 0, 1, 2.
// CHECK-LABEL: func @nearest_down_asymmetric
// CHECK: arith.constant dense<[0, 1, 2]> : tensor<3xi32>
// CHECK: linalg.generic
func.func @nearest_down_asymmetric(%x: tensor<1x4xf32>) -> tensor<1x3xf32> {
  %0 = dlc.resize %x {coordinate_transform = #dlc.coordinate_transform<asymmetric>, nearest_mode = #dlc.nearest_mode<floor>, scales = array<f64: 1.0, 0.75>} : (tensor<1x4xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Cubic reads 4 neighbours per resized dim: 16 reads for 2 dims.
// CHECK-LABEL: func @cubic
// CHECK:     linalg.generic
// CHECK-COUNT-16: tensor.extract
// CHECK-NOT: tensor.extract
// CHECK:     linalg.yield
func.func @cubic(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x8x8xf32> {
  %0 = dlc.resize %x {mode = #dlc.resize_mode<cubic>, scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x8x8xf32>
  return %0 : tensor<1x1x8x8xf32>
}

// -----

// Nothing resizes: the input itself.
// CHECK-LABEL: func @identity
// CHECK-SAME:  (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT:   linalg.generic
// CHECK:       return %[[X]]
func.func @identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.resize %x {mode = #dlc.resize_mode<linear>, coordinate_transform = #dlc.coordinate_transform<align_corners>, scales = array<f64: 1.0, 1.0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
