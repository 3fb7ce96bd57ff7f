// RUN: dlc-opt --convert-dlc-to-linalg --split-input-file %s | FileCheck %s

// Max pooling pads with -inf; ceil_mode adds one more row/column at the end.
// Each output combines the window's taps (strided views of the padded input)
// in one element-wise generic: no accumulation through the output.
// CHECK-LABEL: func @max_pool_ceil
// CHECK: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[P:.*]] = tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: %[[T0:.*]] = tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: %[[T1:.*]] = tensor.extract_slice %[[P]][0, 0, 0, 1] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: %[[T2:.*]] = tensor.extract_slice %[[P]][0, 0, 1, 0] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: %[[T3:.*]] = tensor.extract_slice %[[P]][0, 0, 1, 1] [1, 2, 3, 3] [1, 1, 2, 2]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[T0]], %[[T1]], %[[T2]], %[[T3]] :
// CHECK-COUNT-3: arith.maximumf
// CHECK-NOT: linalg.pooling
func.func @max_pool_ceil(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = dlc.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true}
      : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Average pooling divides a sum-pool by a sum-pool over a 0/1 mask: without
// count_include_pad the mask is the input size, padded with zeros.
// CHECK-LABEL: func @avg_pool_exclude_pad
// CHECK: linalg.generic
// CHECK-COUNT-8: arith.addf
// CHECK: %[[MASK:.*]] = arith.constant dense<1.000000e+00> : tensor<1x1x4x4xf32>
// CHECK: tensor.pad %[[MASK]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x4xf32>)
// CHECK: linalg.generic
// CHECK: arith.divf
func.func @avg_pool_exclude_pad(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %0 = dlc.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// With count_include_pad the mask covers the padded input.
// CHECK-LABEL: func @avg_pool_include_pad
// CHECK: arith.constant dense<1.000000e+00> : tensor<1x1x6x6xf32>
func.func @avg_pool_include_pad(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %0 = dlc.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true}
      : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func @global_avg_pool
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
// CHECK: arith.addf
// CHECK: arith.constant 4.900000e+01 : f32
// CHECK: arith.divf
func.func @global_avg_pool(%x: tensor<2x8x7x7xf32>) -> tensor<2x8x1x1xf32> {
  %0 = dlc.global_avg_pool %x : (tensor<2x8x7x7xf32>) -> tensor<2x8x1x1xf32>
  return %0 : tensor<2x8x1x1xf32>
}

// -----

// ReduceMean over H and W: a reduction generic, then the division.
// CHECK-LABEL: func @reduce_mean_hw
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
// CHECK: arith.addf
// CHECK: arith.constant 1.200000e+01 : f32
// CHECK: arith.divf
func.func @reduce_mean_hw(%x: tensor<2x8x3x4xf32>) -> tensor<2x8x1x1xf32> {
  %0 = dlc.reduce_mean %x {axes = array<i64: 2, 3>} : (tensor<2x8x3x4xf32>) -> tensor<2x8x1x1xf32>
  return %0 : tensor<2x8x1x1xf32>
}

// -----

// ReduceMax over a middle axis starts from -inf; ReduceSum needs no division.
// CHECK-LABEL: func @reduce_max_sum
// CHECK: linalg.fill ins(%{{.*}} : f32)
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK: arith.maximumf
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["reduction", "parallel", "parallel"]}
// CHECK: arith.addf
// CHECK-NOT: arith.divf
func.func @reduce_max_sum(%x: tensor<2x3x4xf32>) -> (tensor<2x1x4xf32>, tensor<1x3x4xf32>) {
  %0 = dlc.reduce_max %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %1 = dlc.reduce_sum %x {axes = array<i64: 0>} : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
  return %0, %1 : tensor<2x1x4xf32>, tensor<1x3x4xf32>
}
