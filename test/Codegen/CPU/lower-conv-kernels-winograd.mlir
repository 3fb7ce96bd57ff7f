// RUN: dlc-opt --dlc-lower-conv-kernels --split-input-file --verify-diagnostics %s | FileCheck %s

// F(4x4,3x3) on a 16x16 output: 4x4 = 16 tiles, one 16-tile panel; tasks
// (image, tile block, filter block) in one scf.parallel, here 1 x 1 x 4 (a
// 6-filter panel each). On the task's stack: V, 36 x 8 channels x 16
// tiles, and M, 36 x 6 filters x 16 tiles. Per channel: masked loads of
// each tile's patch rows, an 8x8 transpose (shuffles), B^T d B, 36 stores
// into the B panels; then per xi the 6x16 register tile (6 FMAs on
// 16-lane rows per k step, one 16-lane B row) into M; then A^T m A, bias, the transpose back,
// residual (masked 4-lane loads), relu and masked stores of each tile's
// 4-pixel rows.
// CHECK-LABEL: func @winograd_f4
// CHECK-NOT: dlc.conv2d_kernel
// CHECK: scf.parallel ({{.*}}, {{.*}}, {{.*}}) = (%c0, %c0, %c0) to (%c1{{.*}}, %c1{{.*}}, %c4{{.*}})
// CHECK: llvm.intr.stacksave
// CHECK: %[[V:.*]] = memref.alloca() {alignment = 64 : i64} : memref<4608xf32>
// CHECK: %[[M:.*]] = memref.alloca() {alignment = 64 : i64} : memref<3456xf32>
// CHECK: vector.maskedload {{.*}} vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK: vector.shuffle
// CHECK-COUNT-36: vector.store {{.*}}, %[[V]]
// CHECK: scf.for {{.*}} iter_args
// CHECK: vector.load %[[V]]{{.*}} vector<16xf32>
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// CHECK: vector.store {{.*}}, %[[M]]
// CHECK-COUNT-36: vector.load %[[M]]
// CHECK: vector.shuffle
// CHECK: vector.maskedload {{.*}} vector<4xi1>, vector<4xf32> into vector<4xf32>
// CHECK: arith.maximumf
// CHECK: vector.maskedstore {{.*}} vector<4xi1>, vector<4xf32>
// CHECK: llvm.intr.stackrestore
func.func @winograd_f4(%x: memref<1x8x16x16xf32>, %w: memref<36x4x8x6xf32>, %b: memref<24xf32>, %r: memref<1x24x16x16xf32>, %o: memref<1x24x16x16xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x16x16xf32>, memref<36x4x8x6xf32>) bias(%b : memref<24xf32>) residual(%r : memref<1x24x16x16xf32>) outs(%o : memref<1x24x16x16xf32>)
      {filter_shape = array<i64: 24, 8, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<winograd>, activation = #dlc.activation<relu>}
  return
}

// -----

// An 8x16 output has 8 tiles: 8-tile panels pad less than 16-tile ones. The
// register tile is then two 6-filter A panels by 8 tiles (12 FMAs on one B
// vector per k step), and a 6x8 one for an odd last panel. 8 filter panels
// in 4 blocks: V 36 x 16 x 8, M 36 x 12 x 8.
// CHECK-LABEL: func @winograd_f4_narrow
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0, %c0) to (%c1{{.*}}, %c1{{.*}}, %c4{{.*}})
// CHECK: %[[V:.*]] = memref.alloca() {alignment = 64 : i64} : memref<4608xf32>
// CHECK: %[[M:.*]] = memref.alloca() {alignment = 64 : i64} : memref<3456xf32>
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c2
// CHECK: scf.for {{.*}} iter_args
// CHECK-NEXT: arith.constant 8 : index
// CHECK-NEXT: arith.muli
// CHECK-NEXT: arith.addi
// CHECK-NEXT: vector.load %[[V]]
// CHECK-COUNT-12: vector.fma
// CHECK-NOT: vector.load %[[V]]
// CHECK: scf.yield
// CHECK: scf.if
// CHECK: scf.for {{.*}} iter_args
// CHECK-COUNT-6: vector.fma
// CHECK: scf.yield
func.func @winograd_f4_narrow(%x: memref<1x16x8x16xf32>, %w: memref<36x8x16x6xf32>, %o: memref<1x48x8x16xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x16x8x16xf32>, memref<36x8x16x6xf32>) outs(%o : memref<1x48x8x16xf32>)
      {filter_shape = array<i64: 48, 16, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<winograd>}
  return
}

// -----

// F(2x2,3x3), 300 channels: tasks over 2 images x 2 blocks of 16 of the 25
// tiles; the channels in 2 blocks of 150 (V: 16 x 150 x 16 floats), the
// second adding to the partial sums the first left in M. Output rows are
// 2 pixels.
// CHECK-LABEL: func @winograd_f2_channel_blocks
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0, %c0) to (%c2{{.*}}, %c2{{.*}}, %c1{{.*}})
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<38400xf32>
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<3072xf32>
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c2{{.*}} step
// CHECK: scf.if {{.*}} -> (vector<8xf32>
// CHECK: vector.load
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.maskedstore {{.*}} vector<2xi1>, vector<2xf32>
func.func @winograd_f2_channel_blocks(%x: memref<2x300x9x9xf32>, %w: memref<16x2x300x6xf32>, %o: memref<2x8x9x9xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<2x300x9x9xf32>, memref<16x2x300x6xf32>) outs(%o : memref<2x8x9x9xf32>)
      {filter_shape = array<i64: 8, 300, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<winograd_f2>}
  return
}

// -----

// Winograd computes stride-1, dilation-1 convs only.
func.func @winograd_stride2(%x: memref<1x8x10x10xf32>, %w: memref<36x2x8x6xf32>, %o: memref<1x12x5x5xf32>) {
  // expected-error @+1 {{algorithm 'winograd' needs stride 1 and dilation 1}}
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x10x10xf32>, memref<36x2x8x6xf32>) outs(%o : memref<1x12x5x5xf32>)
      {filter_shape = array<i64: 12, 8, 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<winograd>}
  return
}
