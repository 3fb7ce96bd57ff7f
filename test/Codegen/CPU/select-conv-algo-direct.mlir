// RUN: dlc-opt --dlc-select-conv-algo --split-input-file %s | FileCheck %s
// RUN: dlc-opt --dlc-select-conv-algo=conv-algo=direct --split-input-file %s | FileCheck %s --check-prefix=FORCED
// RUN: dlc-opt --dlc-select-conv-algo=conv-algo=im2col --split-input-file %s | FileCheck %s --check-prefix=IM2COL

// A depthwise conv (MobileNet's 3x3, stride 1 and 2) is computed directly:
// as a GEMM its one filter row per group would waste 5 of the tile's 6
// rows. The dense 3x3 conv cannot be `direct`, and the explicit im2col
// costs more than the implicit one (it writes the matrix out).
// CHECK: {algo = "direct", candidates = [{{.*}}{algo = "im2col", cycles = {{.*}}{algo = "direct", cycles = {{.*}}node = "dw1"
// CHECK-SAME: {algo = "direct", candidates = {{.*}}node = "dw2"
// CHECK-SAME: candidates = [{{.*}}{algo = "direct", note = "depthwise convs only (group == channels == filters)"}{{.*}}node = "c3"
// CHECK-LABEL: func @mobilenet_block
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<direct>
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<direct>
// CHECK: dlc.conv2d %1, %{{.*}} {algo = #dlc.algo<{{indirect|winograd|winograd_f2|fft}}>
// FORCED-LABEL: func @mobilenet_block
// FORCED: dlc.conv2d {{.*}}algo = #dlc.algo<direct>
// FORCED: dlc.conv2d {{.*}}algo = #dlc.algo<direct>
// FORCED: dlc.conv2d %1, %{{.*}} {algo = #dlc.algo<{{indirect|winograd|winograd_f2|fft}}>
// FORCED: reason = "--conv-algo 'direct' cannot compute this layer (depthwise convs only (group == channels == filters)); lowest estimate instead"
// im2col computes every conv.
// IM2COL-LABEL: func @mobilenet_block
// IM2COL-COUNT-3: dlc.conv2d {{.*}}algo = #dlc.algo<im2col>
func.func @mobilenet_block(%x: tensor<1x32x56x56xf32>) -> tensor<1x16x28x28xf32> {
  %w1 = arith.constant dense<0.5> : tensor<32x1x3x3xf32>
  %w2 = arith.constant dense<0.5> : tensor<32x1x3x3xf32>
  %w3 = arith.constant dense<0.25> : tensor<16x32x3x3xf32>
  %0 = dlc.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 32}
      : (tensor<1x32x56x56xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x56x56xf32> loc("dw1")
  %1 = dlc.conv2d %0, %w2 {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 32}
      : (tensor<1x32x56x56xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x28x28xf32> loc("dw2")
  %2 = dlc.conv2d %1, %w3 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x32x28x28xf32>, tensor<16x32x3x3xf32>) -> tensor<1x16x28x28xf32> loc("c3")
  return %2 : tensor<1x16x28x28xf32>
}

// -----

// A depthwise conv with a channel multiplier is not `direct`'s.
// CHECK-LABEL: func @multiplier
// CHECK-NOT: algo = #dlc.algo<direct>
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<{{indirect|winograd|winograd_f2|fft}}>
func.func @multiplier(%x: tensor<1x8x14x14xf32>) -> tensor<1x16x14x14xf32> {
  %w = arith.constant dense<0.5> : tensor<16x1x3x3xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 8}
      : (tensor<1x8x14x14xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x14x14xf32>
  return %0 : tensor<1x16x14x14xf32>
}
