// RUN: dlc-opt --convert-dlc-to-linalg --split-input-file %s | FileCheck %s

// Broadcasting lives in the indexing maps: a size-1 dim reads index 0 and
// missing leading dims are dropped.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
// CHECK-LABEL: func @add_broadcast
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]]
// CHECK: arith.addf
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[COL]], #[[ID]]]
// CHECK: arith.mulf
func.func @add_broadcast(%a: tensor<2x3x4xf32>, %b: tensor<4xf32>, %c: tensor<2x3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.add %a, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %1 = dlc.mul %0, %c : (tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func @activations
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: arith.cmpf olt
// CHECK: arith.select
// CHECK: arith.constant 6.000000e+00 : f32
// CHECK: arith.minimumf
func.func @activations(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = dlc.relu %x : tensor<8xf32>
  %1 = dlc.sigmoid %0 : tensor<8xf32>
  %2 = dlc.leaky_relu %1 {alpha = 0.2 : f32} : tensor<8xf32>
  %3 = dlc.clip %2 {min = 0.0 : f32, max = 6.0 : f32} : tensor<8xf32>
  return %3 : tensor<8xf32>
}
