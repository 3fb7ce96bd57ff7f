// RUN: dlc-opt --dlc-lower-conv-kernels --split-input-file --verify-diagnostics %s | FileCheck %s

// Depthwise 9x9, T = 16 (8x8 output tiles): one task per (image, 8
// channels, row of tiles) with a 16x9 complex transform buffer. Per tile:
// the forward row pass reads 8 contiguous pixels of 8 channels (masked
// gathers at the border) and transposes them in registers; the column pass
// goes forward, multiplies by the filter's spectrum and back; the inverse
// row pass transposes back to pixel rows, applies bias and relu, and
// stores with masks.
// CHECK-LABEL: func @depthwise_9x9
// CHECK-NOT: dlc.conv2d_kernel
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0, %c0) to (%c1, %c2, %c3)
// CHECK: llvm.intr.stacksave
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<2304xf32>
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %{{.*}} to %c16{{(_[0-9]+)?}} step
// CHECK: scf.if
// CHECK-COUNT-8: vector.load
// CHECK: } else {
// CHECK-COUNT-8: vector.gather
// CHECK: vector.shuffle
// CHECK: scf.for %{{.*}} = %{{.*}} to %c9{{(_[0-9]+)?}} step
// CHECK: vector.fma
// CHECK: scf.for
// CHECK: vector.shuffle
// CHECK: memref.load %arg2
// CHECK: arith.maximumf
// CHECK: vector.maskedstore
// CHECK: llvm.intr.stackrestore
// CHECK-NOT: dlc.conv2d_kernel
func.func @depthwise_9x9(%x: memref<1x16x20x20xf32>, %w: memref<2x16x9x2x8xf32>, %b: memref<16xf32>, %o: memref<1x16x20x20xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x16x20x20xf32>, memref<2x16x9x2x8xf32>) bias(%b : memref<16xf32>) outs(%o : memref<1x16x20x20xf32>)
      {filter_shape = array<i64: 16, 1, 9, 9>, strides = array<i64: 1, 1>, pads = array<i64: 4, 4, 4, 4>, group = 16,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<fft>, activation = #dlc.activation<relu>}
  return
}

// -----

// 5x5 with 12 channels and 10 filters (T = 16, 12x12 output tiles, 2x2
// tiles): tasks (image, group, 4 tiles, 2 filter vectors). Per 8 channels
// the 4 tiles are transformed into X (144 frequencies x 4 tiles x 16
// floats); then per filter vector and frequency the complex GEMM
// accumulates into Y (the first channel vector starts from zero), with X
// broadcast and W loaded as vectors; last, each tile and filter vector goes
// back (columns, then rows) and out, the residual read with the same masks.
// CHECK-LABEL: func @conv_5x5
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0, %c0, %c0) to (%c2, %c1, %c1{{.*}}, %c1{{.*}})
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<2304xf32>
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<9216xf32>
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<18432xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %c2{{(_[0-9]+)?}} step
// CHECK: scf.for %{{.*}} = %{{.*}} to %c4{{(_[0-9]+)?}} step
// CHECK: vector.shuffle
// CHECK: scf.for %{{.*}} = %{{.*}} to %c9{{(_[0-9]+)?}} step
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %{{.*}} to %c144{{(_[0-9]+)?}} step
// CHECK: scf.if
// CHECK: } else {
// CHECK: vector.load %alloca_{{[0-9]+}}
// CHECK: memref.load %alloca_{{[0-9]+}}
// CHECK: vector.broadcast
// CHECK: vector.fma
// CHECK: vector.store {{.*}}, %alloca_{{[0-9]+}}
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %{{.*}} to %c9{{(_[0-9]+)?}} step
// CHECK: vector.maskedload
// CHECK: vector.maskedstore
// CHECK: llvm.intr.stackrestore
func.func @conv_5x5(%x: memref<2x12x13x13xf32>, %w: memref<1x2x2x16x9x8x2x8xf32>, %b: memref<10xf32>, %r: memref<2x10x13x13xf32>, %o: memref<2x10x13x13xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<2x12x13x13xf32>, memref<1x2x2x16x9x8x2x8xf32>) bias(%b : memref<10xf32>) residual(%r : memref<2x10x13x13xf32>) outs(%o : memref<2x10x13x13xf32>)
      {filter_shape = array<i64: 10, 12, 5, 5>, strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<fft>}
  return
}

// -----

// 11x11: T = 32 (22x22 output tiles), 32x17 frequencies.
// CHECK-LABEL: func @large_11x11
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<8704xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %c32{{(_[0-9]+)?}} step
// CHECK: scf.for %{{.*}} = %{{.*}} to %c17{{(_[0-9]+)?}} step
func.func @large_11x11(%x: memref<1x8x30x30xf32>, %w: memref<1x32x17x2x8xf32>, %o: memref<1x8x20x20xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x30x30xf32>, memref<1x32x17x2x8xf32>) outs(%o : memref<1x8x20x20xf32>)
      {filter_shape = array<i64: 8, 1, 11, 11>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, group = 8,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<fft>}
  return
}

// -----

// Overlap-save tiles need stride 1 (the op's verifier).
func.func @strided(%x: memref<1x8x16x16xf32>, %w: memref<1x1x1x16x9x8x2x8xf32>, %o: memref<1x4x6x6xf32>) {
  // expected-error @+1 {{algorithm 'fft' needs stride 1 and dilation 1}}
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x16x16xf32>, memref<1x1x1x16x9x8x2x8xf32>) outs(%o : memref<1x4x6x6xf32>)
      {filter_shape = array<i64: 4, 8, 5, 5>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<fft>}
  return
}
