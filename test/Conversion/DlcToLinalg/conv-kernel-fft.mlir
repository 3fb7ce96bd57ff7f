// RUN: dlc-opt --convert-dlc-to-linalg --split-input-file --verify-diagnostics %s | FileCheck %s

// fft packs conj(FFT(w zero-padded to 16x16)) / 16^2 for ky < 16, kx <= 8,
// here for w = 2 at (0, 1): 2 e^{+2 pi i kx / 16} / 256. One channel per
// group and one filter: the depthwise layout [ceil(C / 8), 16, 9, 2, 8],
// lane 0 only. In the blob (after its 4-byte alignment word): freq (0, 0)
// re = 2/256 (0x3C000000), im = 0; freq (0, 1) re = cos(pi/8)/128
// (0x3BEC835E), im = sin(pi/8)/128 (0x3B43EF15); freq (0, 2) re = im =
// cos(pi/4)/128 (0x3BB504F3).
// CHECK-LABEL: func @depthwise_layout
// CHECK: arith.constant dense_resource<[[NAME:.*packed_fft]]> : tensor<1x16x9x2x8xf32>
// CHECK: dlc.conv2d_kernel {{.*}}algo = #dlc.algo<fft>
// CHECK: [[NAME]]: "0x040000000000003C{{(0{120})}}5E83EC3B{{(0{56})}}15EF433B{{(0{56})}}F304B53B{{(0{56})}}F304B53B{{(0{56})}}
func.func @depthwise_layout(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x7x7xf32> {
  %w = arith.constant dense<[[[[0.0, 2.0], [0.0, 0.0]]]]> : tensor<1x1x2x2xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<fft>}
      : (tensor<1x1x8x8xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x7x7xf32>
  return %0 : tensor<1x1x7x7xf32>
}

// -----

// Other convs: [group, ceil(Cg / 8), ceil(Fg / 8), T, T/2 + 1, 8, 2, 8];
// T = 16 up to 9x9 filters, 32 above.
// CHECK-LABEL: func @gemm_layouts
// CHECK: tensor<1x1x2x16x9x8x2x8xf32>
// CHECK: tensor<2x1x1x32x17x8x2x8xf32>
func.func @gemm_layouts(%x: tensor<1x3x20x20xf32>, %y: tensor<1x10x20x20xf32>) -> (tensor<1x10x16x16xf32>, tensor<1x4x10x10xf32>) {
  %w = arith.constant dense<0.5> : tensor<10x3x5x5xf32>
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<fft>}
      : (tensor<1x3x20x20xf32>, tensor<10x3x5x5xf32>) -> tensor<1x10x16x16xf32>
  %v = arith.constant dense<0.5> : tensor<4x5x11x11xf32>
  %1 = dlc.conv2d %y, %v {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      group = 2, algo = #dlc.algo<fft>}
      : (tensor<1x10x20x20xf32>, tensor<4x5x11x11xf32>) -> tensor<1x4x10x10xf32>
  return %0, %1 : tensor<1x10x16x16xf32>, tensor<1x4x10x10xf32>
}

// -----

// Filters above 17x17 would need 64x64 tiles: no layout.
func.func @too_large(%x: tensor<1x1x20x20xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x19x19xf32>
  // expected-error @+2 {{algorithm 'fft' cannot compute this convolution}}
  // expected-error @+1 {{failed to legalize operation 'dlc.conv2d'}}
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
      algo = #dlc.algo<fft>}
      : (tensor<1x1x20x20xf32>, tensor<1x1x19x19xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}
