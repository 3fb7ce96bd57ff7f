// RUN: dlc-opt --dlc-select-conv-algo --split-input-file %s | FileCheck %s
// RUN: dlc-opt --dlc-select-conv-algo=conv-algo=indirect --split-input-file %s | FileCheck %s --check-prefix=FORCED
// RUN: dlc-opt --dlc-select-conv-algo=conv-algo=gemm --split-input-file %s | FileCheck %s --check-prefix=FORCED-GEMM
// RUN: not dlc-opt --dlc-select-conv-algo=conv-algo=bogus %s 2>&1 | FileCheck %s --check-prefix=BOGUS

// BOGUS: unknown convolution algorithm 'bogus'

// A 1x1 stride-1 conv is a GEMM on the input as it is (48 filters: whole
// 6-row panels; with 32, im2row's 16-column ones would pad less); a 3x3
// stride-1 one is a Winograd F(4x4,3x3).
// CHECK-LABEL: func @pointwise_and_3x3
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<gemm>
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<winograd>
// FORCED-LABEL: func @pointwise_and_3x3
// FORCED: dlc.conv2d {{.*}}algo = #dlc.algo<indirect>
// FORCED: dlc.conv2d {{.*}}algo = #dlc.algo<indirect>
// gemm cannot compute the 3x3 conv: it is never chosen there.
// FORCED-GEMM-LABEL: func @pointwise_and_3x3
// FORCED-GEMM: dlc.conv2d {{.*}}algo = #dlc.algo<gemm>
// FORCED-GEMM: dlc.conv2d {{.*}}algo = #dlc.algo<winograd>
// FORCED-GEMM: reason = "--conv-algo 'gemm' cannot compute this layer (needs a 1x1, stride-1, unpadded conv); lowest estimate instead"
func.func @pointwise_and_3x3(%x: tensor<1x32x28x28xf32>) -> tensor<1x16x28x28xf32> {
  %w1 = arith.constant dense<0.5> : tensor<48x32x1x1xf32>
  %w3 = arith.constant dense<0.25> : tensor<16x48x3x3xf32>
  %0 = dlc.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x32x28x28xf32>, tensor<48x32x1x1xf32>) -> tensor<1x48x28x28xf32> loc("pw")
  %1 = dlc.conv2d %0, %w3 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x48x28x28xf32>, tensor<16x48x3x3xf32>) -> tensor<1x16x28x28xf32> loc("c3")
  return %1 : tensor<1x16x28x28xf32>
}

// -----

// Weights that are not constants cannot be packed at compile time: only
// the loop nest remains. An algorithm already set is kept (and not
// reported: the report lists the decisions this pass made).
// CHECK: module attributes {dlc.algo_report = [{algo = "loops"
// CHECK-SAME: note = "the filter is not a constant (it is packed at compile time)"
// CHECK-NOT: {algo = "im2col", candidates
// CHECK-LABEL: func @runtime_weights
// CHECK: dlc.conv2d %arg0, %arg1 {{.*}}algo = #dlc.algo<loops>
// CHECK: dlc.conv2d %arg0, %arg1 {{.*}}algo = #dlc.algo<im2col>
func.func @runtime_weights(%x: tensor<1x8x9x9xf32>, %w: tensor<8x8x3x3xf32>) -> (tensor<1x8x9x9xf32>, tensor<1x8x9x9xf32>) {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x8x9x9xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x9x9xf32>
  %1 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, algo = #dlc.algo<im2col>}
      : (tensor<1x8x9x9xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x9x9xf32>
  return %0, %1 : tensor<1x8x9x9xf32>, tensor<1x8x9x9xf32>
}

// -----

// 1x1 convs on small images: on 7x7 (49 pixels) the pixels are the GEMM's
// rows (im2row: 9 tiles of 6, 54 rows, where gemm pads to 4 panels of 16,
// 64 columns); on 28x28 (784 pixels, whole panels) gemm stays.
// CHECK-LABEL: func @small_images
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<im2row>
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<gemm>
func.func @small_images(%x: tensor<1x512x7x7xf32>, %y: tensor<1x512x28x28xf32>) -> (tensor<1x2048x7x7xf32>, tensor<1x256x28x28xf32>) {
  %w1 = arith.constant dense<0.5> : tensor<2048x512x1x1xf32>
  %w2 = arith.constant dense<0.5> : tensor<256x512x1x1xf32>
  %0 = dlc.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x512x7x7xf32>, tensor<2048x512x1x1xf32>) -> tensor<1x2048x7x7xf32> loc("pw7")
  %1 = dlc.conv2d %y, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x512x28x28xf32>, tensor<256x512x1x1xf32>) -> tensor<1x256x28x28xf32> loc("pw28")
  return %0, %1 : tensor<1x2048x7x7xf32>, tensor<1x256x28x28xf32>
}
