// RUN: dlc-opt --dlc-select-conv-algo --split-input-file %s | FileCheck %s
// RUN: dlc-opt --dlc-select-conv-algo=conv-algo=fft --split-input-file %s | FileCheck %s --check-prefix=FORCED

// Large filters at stride 1: FFT tiles beat the im2col GEMM (group 1) and
// the direct depthwise kernel (9x9, 56x56: measured 0.49 vs 0.96 ms).
// CHECK-LABEL: func @large_kernels
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<fft>
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<fft>
// CHECK: dlc.conv2d {{.*}}algo = #dlc.algo<fft>
func.func @large_kernels(%x: tensor<1x96x56x56xf32>) -> tensor<1x32x56x56xf32> {
  %dw = arith.constant dense<0.5> : tensor<96x1x9x9xf32>
  %w7 = arith.constant dense<0.25> : tensor<32x96x7x7xf32>
  %w5 = arith.constant dense<0.25> : tensor<32x32x1x5xf32>
  %0 = dlc.conv2d %x, %dw {strides = array<i64: 1, 1>, pads = array<i64: 4, 4, 4, 4>, dilations = array<i64: 1, 1>, group = 96}
      : (tensor<1x96x56x56xf32>, tensor<96x1x9x9xf32>) -> tensor<1x96x56x56xf32> loc("dw9")
  %1 = dlc.conv2d %0, %w7 {strides = array<i64: 1, 1>, pads = array<i64: 3, 3, 3, 3>, dilations = array<i64: 1, 1>}
      : (tensor<1x96x56x56xf32>, tensor<32x96x7x7xf32>) -> tensor<1x32x56x56xf32> loc("c7")
  %2 = dlc.conv2d %1, %w5 {strides = array<i64: 1, 1>, pads = array<i64: 0, 2, 0, 2>, dilations = array<i64: 1, 1>}
      : (tensor<1x32x56x56xf32>, tensor<32x32x1x5xf32>) -> tensor<1x32x56x56xf32> loc("c1x5")
  return %2 : tensor<1x32x56x56xf32>
}

// -----

// Never chosen, even when forced: strides and dilations (the tiles would
// not overlap by the filter size), 3x3 filters (Winograd's), and filters
// whose frequency-domain weights would be huge (16 MB of 5x5 weights at
// T = 16 take 288 MiB).
// FORCED: {algo = "fft", note = "needs a stride-1, dilation-1 conv, filter 5 to 17 wide"}
// FORCED-SAME: node = "dilated", reason = "--conv-algo 'fft' cannot compute this layer
// FORCED-SAME: {algo = "fft", note = "needs a stride-1, dilation-1 conv, filter 5 to 17 wide"}
// FORCED-SAME: node = "c3"
// FORCED-SAME: {algo = "fft", note = "its frequency-domain filter would take 288 MiB"}
// FORCED-SAME: node = "c5"
// FORCED-LABEL: func @not_fft
// FORCED-NOT: algo = #dlc.algo<fft>
func.func @not_fft(%x: tensor<1x512x14x14xf32>) -> tensor<1x512x14x14xf32> {
  %w9 = arith.constant dense<0.5> : tensor<512x512x3x3xf32>
  %w3 = arith.constant dense<0.5> : tensor<512x512x3x3xf32>
  %w5 = arith.constant dense<0.5> : tensor<512x512x5x5xf32>
  %0 = dlc.conv2d %x, %w9 {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>}
      : (tensor<1x512x14x14xf32>, tensor<512x512x3x3xf32>) -> tensor<1x512x14x14xf32> loc("dilated")
  %1 = dlc.conv2d %0, %w3 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x512x14x14xf32>, tensor<512x512x3x3xf32>) -> tensor<1x512x14x14xf32> loc("c3")
  %2 = dlc.conv2d %1, %w5 {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 1, 1>}
      : (tensor<1x512x14x14xf32>, tensor<512x512x5x5xf32>) -> tensor<1x512x14x14xf32> loc("c5")
  return %2 : tensor<1x512x14x14xf32>
}
