// RUN: dlc-opt --dlc-lower-conv-kernels --split-input-file %s | FileCheck %s

// Implicit im2col: one parallel loop over (image, group, filter block,
// pixel block); per task the B panels (here 7 of 72x16) are packed on the
// stack (stride 1: contiguous loads when a panel lies in one output row,
// else a masked gather), then the 6x16 tile: per k step one 16-lane row
// of B and 6 FMAs on 16-lane rows (two 8-lane halves each where the
// target has no 16-lane vectors), the epilogue in registers (bias, relu),
// masked stores.
// CHECK-LABEL: func @indirect_3x3
// CHECK-NOT: dlc.conv2d_kernel
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0, %c0, %c0) to (%c1{{.*}}, %c1{{.*}}, %c1{{.*}}, %c1{{.*}})
// CHECK: llvm.intr.stacksave
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<8064xf32>
// CHECK: scf.if
// CHECK: vector.load
// CHECK: } else {
// CHECK: vector.gather
// CHECK: vector.load {{.*}} : memref<8064xf32>, vector<16xf32>
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
// CHECK: arith.maximumf
// CHECK: vector.maskedstore
// CHECK: llvm.intr.stackrestore
func.func @indirect_3x3(%x: memref<1x8x10x10xf32>, %w: memref<1x2x72x6xf32>, %b: memref<12xf32>, %o: memref<1x12x10x10xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x10x10xf32>, memref<1x2x72x6xf32>) bias(%b : memref<12xf32>) outs(%o : memref<1x12x10x10xf32>)
      {filter_shape = array<i64: 12, 8, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<indirect>, activation = #dlc.activation<relu>}
  return
}

// -----

// 1x1: B rows are input channels, read with masked contiguous loads; no
// gather. K = 600 > 256 is split in 3 blocks: later blocks reload the
// partial sums and only the last applies the epilogue.
// CHECK-LABEL: func @gemm_1x1_deep
// CHECK: scf.parallel
// CHECK-NOT: vector.gather
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c3{{(_[0-9]+)?}} step
// CHECK: vector.maskedload
// CHECK: vector.fma
// CHECK-NOT: vector.gather
func.func @gemm_1x1_deep(%x: memref<2x600x7x7xf32>, %w: memref<1x1x600x6xf32>, %o: memref<2x4x7x7xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<2x600x7x7xf32>, memref<1x1x600x6xf32>) outs(%o : memref<2x4x7x7xf32>)
      {filter_shape = array<i64: 4, 600, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<gemm>}
  return
}

// -----

// Stride 2 (a stem): where a panel lies in one output row and reads no
// padding, each vector of B is two contiguous loads and an even-lane
// shuffle; elsewhere a masked gather.
// CHECK-LABEL: func @indirect_stride2
// CHECK: scf.if
// CHECK: vector.load
// CHECK: vector.load
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 2, 4, 6, 8, 10, 12, 14] : vector<8xf32>, vector<8xf32>
// CHECK: } else {
// CHECK: vector.gather
func.func @indirect_stride2(%x: memref<1x3x64x64xf32>, %w: memref<1x2x147x6xf32>, %o: memref<1x8x32x32xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x3x64x64xf32>, memref<1x2x147x6xf32>) outs(%o : memref<1x8x32x32xf32>)
      {filter_shape = array<i64: 8, 3, 7, 7>, strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<indirect>}
  return
}
