// RUN: dlc-opt --dlc-elementwise-in-place --split-input-file %s | FileCheck %s

#id = affine_map<(n, c, h, w) -> (n, c, h, w)>

// A ReLU after a conv writes over the conv's result, which nothing else
// reads; its empty tensor goes away.
// CHECK-LABEL: func @relu_over_conv
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw
// CHECK-NOT: tensor.empty
// CHECK: linalg.generic {{.*}} ins(%[[CONV]] : tensor<1x2x4x4xf32>) outs(%[[CONV]] : tensor<1x2x4x4xf32>)
func.func @relu_over_conv(%x: tensor<1x4x4x4xf32>, %w: tensor<2x4x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %conv = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) outs(%f : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %e2 = tensor.empty() : tensor<1x2x4x4xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv : tensor<1x2x4x4xf32>) outs(%e2 : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x4xf32>
  return %relu : tensor<1x2x4x4xf32>
}

// -----

#id = affine_map<(n, c, h, w) -> (n, c, h, w)>

// The conv's result is also returned: the ReLU keeps its own tensor.
// CHECK-LABEL: func @input_read_later
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nchw_fchw
// CHECK-NEXT: %[[E:.*]] = tensor.empty() : tensor<1x2x4x4xf32>
// CHECK-NEXT: linalg.generic {{.*}} ins(%[[CONV]] : tensor<1x2x4x4xf32>) outs(%[[E]] :
func.func @input_read_later(%x: tensor<1x4x4x4xf32>, %w: tensor<2x4x1x1xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %conv = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) outs(%f : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %e2 = tensor.empty() : tensor<1x2x4x4xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv : tensor<1x2x4x4xf32>) outs(%e2 : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x4xf32>
  return %conv, %relu : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

#id = affine_map<(n, c, h, w) -> (n, c, h, w)>

// A function argument (a model input) is never written.
// CHECK-LABEL: func @input_is_an_argument
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x2x4x4xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] :
func.func @input_is_an_argument(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x4xf32>
  return %relu : tensor<1x2x4x4xf32>
}

// -----

#id = affine_map<(c) -> (c)>
#bcast = affine_map<(c) -> (0)>

// An input read through another indexing map (a broadcast) is not the
// output's element: left alone.
// CHECK-LABEL: func @different_map
// CHECK: linalg.copy
// CHECK-NEXT: %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT: linalg.generic {{.*}} outs(%[[E]] :
func.func @different_map(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e0 = tensor.empty() : tensor<4xf32>
  %y = linalg.copy ins(%x : tensor<4xf32>) outs(%e0 : tensor<4xf32>) -> tensor<4xf32>
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#bcast, #id], iterator_types = ["parallel"]}
      ins(%y : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}
