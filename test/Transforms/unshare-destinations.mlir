// RUN: dlc-opt --dlc-unshare-destinations --split-input-file %s | FileCheck %s

// What CSE left shared, an empty tensor and a zero fill of it, is given to
// each user separately, right before it.
// CHECK-LABEL: func @shared_fill
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x4xf32>, %[[W1:.*]]: tensor<2x4x1x1xf32>, %[[W2:.*]]: tensor<2x4x1x1xf32>)
// CHECK-NOT: linalg.fill
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<1x2x4x4xf32>
// CHECK-NEXT: %[[F1:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E1]] :
// CHECK-NEXT: linalg.conv_2d_nchw_fchw ins(%[[X]], %[[W1]] : {{.*}}) outs(%[[F1]] :
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<1x2x4x4xf32>
// CHECK-NEXT: %[[F2:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E2]] :
// CHECK-NEXT: linalg.conv_2d_nchw_fchw ins(%[[X]], %[[W2]] : {{.*}}) outs(%[[F2]] :
// CHECK-NEXT: %[[E3:.*]] = tensor.empty() : tensor<1x2x4x4xf32>
// CHECK-NEXT: linalg.generic {{.*}} outs(%[[E3]] :
// CHECK-NOT: tensor.empty
func.func @shared_fill(%x: tensor<1x4x4x4xf32>, %w1: tensor<2x4x1x1xf32>, %w2: tensor<2x4x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %a = linalg.conv_2d_nchw_fchw ins(%x, %w1 : tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) outs(%f : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %b = linalg.conv_2d_nchw_fchw ins(%x, %w2 : tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) outs(%f : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%a, %b : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %sum = arith.addf %p, %q : f32
    linalg.yield %sum : f32
  } -> tensor<1x2x4x4xf32>
  return %s : tensor<1x2x4x4xf32>
}

// -----

// A broadcast (of a bias) feeding two convs is duplicated the same way.
// CHECK-LABEL: func @shared_broadcast
// CHECK: linalg.broadcast
// CHECK-NEXT: linalg.conv_2d_nchw_fchw
// CHECK: linalg.broadcast
// CHECK-NEXT: linalg.conv_2d_nchw_fchw
func.func @shared_broadcast(%x: tensor<1x4x4x4xf32>, %w1: tensor<2x4x1x1xf32>, %w2: tensor<2x4x1x1xf32>, %bias: tensor<2xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %bb = linalg.broadcast ins(%bias : tensor<2xf32>) outs(%e : tensor<1x2x4x4xf32>) dimensions = [0, 2, 3]
  %a = linalg.conv_2d_nchw_fchw ins(%x, %w1 : tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) outs(%bb : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %b = linalg.conv_2d_nchw_fchw ins(%x, %w2 : tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) outs(%bb : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %a, %b : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
