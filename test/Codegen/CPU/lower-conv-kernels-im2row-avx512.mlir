// RUN: dlc-opt --dlc-lower-conv-kernels=vector-bits=512 --split-input-file %s | FileCheck %s

// With 512-bit vectors a 16-lane tile row is one of 32 registers, and
// im2row's tiles take the 6 to 8 rows that pad the pixels least. A 7x7
// image is 7 tiles of 7 rows (49 of 49; 9 tiles of 6 would be 54): packed
// A 7 tiles x 256 x 8, partial sums 7 x 2 tiles of 7 x 16; 7 FMAs per k
// step; the transposes take 7 rows and one row of zeros. Each k step also
// prefetches the next W panel's row: with 7 tiles per panel, W streams from
// memory.
// CHECK-LABEL: func @pointwise_7x7
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<14336xf32>
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<1568xf32>
// CHECK: vector.maskedload %{{.*}} : memref<1x25088xf32>
// CHECK: scf.for {{.*}} iter_args
// CHECK: memref.prefetch %{{.*}}, read, locality<3>, data : memref<16384xf32>
// CHECK-COUNT-7: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
// CHECK: scf.yield
func.func @pointwise_7x7(%x: memref<1x512x7x7xf32>, %w: memref<2x512x16xf32>, %b: memref<32xf32>, %o: memref<1x32x7x7xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x512x7x7xf32>, memref<2x512x16xf32>) bias(%b : memref<32xf32>) outs(%o : memref<1x32x7x7xf32>)
      {filter_shape = array<i64: 32, 512, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<im2row>}
  return
}

// -----

// 28x28 = 784 pixels: 98 tiles of 8 rows (7 rows pad as little, 8 take
// fewer tiles).
// CHECK-LABEL: func @pointwise_28x28
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0, %c0) to (%c1{{.*}}, %c7{{.*}}, %c1{{.*}})
// CHECK: scf.for {{.*}} iter_args
// CHECK-COUNT-8: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
// CHECK: scf.yield
func.func @pointwise_28x28(%x: memref<1x16x28x28xf32>, %w: memref<1x16x16xf32>, %o: memref<1x16x28x28xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x16x28x28xf32>, memref<1x16x16xf32>) outs(%o : memref<1x16x28x28xf32>)
      {filter_shape = array<i64: 16, 16, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<im2row>}
  return
}
