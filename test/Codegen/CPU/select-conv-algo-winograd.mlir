// RUN: dlc-opt --dlc-select-conv-algo --split-input-file %s | FileCheck %s
// RUN: dlc-opt --dlc-select-conv-algo=conv-algo=winograd --split-input-file %s | FileCheck %s --check-prefix=FORCED

// ResNet-50's 3x3 layers: Winograd F(4x4,3x3) does 4x fewer multiplies
// than the im2col GEMM. At 7x7 there are only 4 tiles of 4x4 for each of
// its 36 GEMMs (and 4x the weights to stream): F(2x2,3x3) costs less.
// CHECK-LABEL: func @resnet_3x3
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<winograd>
// CHECK-SAME: -> tensor<1x64x56x56xf32>
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<winograd_f2>
// CHECK-SAME: -> tensor<1x512x7x7xf32>
// FORCED-LABEL: func @resnet_3x3
// FORCED: dlc.conv2d {{.*}}algo = #dlc.algo<winograd>
// FORCED: dlc.conv2d {{.*}}algo = #dlc.algo<winograd>
func.func @resnet_3x3(%x: tensor<1x64x56x56xf32>, %y: tensor<1x512x7x7xf32>) -> (tensor<1x64x56x56xf32>, tensor<1x512x7x7xf32>) {
  %w1 = arith.constant dense<0.5> : tensor<64x64x3x3xf32>
  %w4 = arith.constant dense<0.5> : tensor<512x512x3x3xf32>
  %0 = dlc.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>) -> tensor<1x64x56x56xf32> loc("layer1")
  %1 = dlc.conv2d %y, %w4 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x512x7x7xf32>, tensor<512x512x3x3xf32>) -> tensor<1x512x7x7xf32> loc("layer4")
  return %0, %1 : tensor<1x64x56x56xf32>, tensor<1x512x7x7xf32>
}

// -----

// Strided, dilated, grouped and 5x5 convs are not Winograd's: never chosen,
// not even when forced (the report says why).
// CHECK: dlc.algo_report = [{algo = "{{[a-z0-9_]+}}", candidates = [{{.*}}{algo = "winograd", note = "needs a 3x3, stride-1, dilation-1 conv with group 1"}, {algo = "winograd_f2", note = "needs a 3x3, stride-1, dilation-1 conv with group 1"}
// CHECK-LABEL: func @not_winograd
// CHECK-NOT: algo = #dlc.algo<winograd
// FORCED: reason = "--conv-algo 'winograd' cannot compute this layer (needs a 3x3, stride-1, dilation-1 conv with group 1); lowest estimate instead"
// FORCED-LABEL: func @not_winograd
// FORCED-NOT: algo = #dlc.algo<winograd
func.func @not_winograd(%x: tensor<1x16x15x15xf32>) -> (tensor<1x16x8x8xf32>, tensor<1x16x15x15xf32>, tensor<1x16x15x15xf32>, tensor<1x16x15x15xf32>) {
  %w = arith.constant dense<0.5> : tensor<16x16x3x3xf32>
  %wg = arith.constant dense<0.5> : tensor<16x4x3x3xf32>
  %w5 = arith.constant dense<0.5> : tensor<16x16x5x5xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x16x15x15xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  %1 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>}
      : (tensor<1x16x15x15xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x15x15xf32>
  %2 = dlc.conv2d %x, %wg {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 4}
      : (tensor<1x16x15x15xf32>, tensor<16x4x3x3xf32>) -> tensor<1x16x15x15xf32>
  %3 = dlc.conv2d %x, %w5 {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 1, 1>}
      : (tensor<1x16x15x15xf32>, tensor<16x16x5x5xf32>) -> tensor<1x16x15x15xf32>
  return %0, %1, %2, %3 : tensor<1x16x8x8xf32>, tensor<1x16x15x15xf32>, tensor<1x16x15x15xf32>, tensor<1x16x15x15xf32>
}
