// RUN: dlc-opt --dlc-lower-conv-kernels --split-input-file %s | FileCheck %s

// A 1x1 conv on a 7x7 image, 512 -> 32 filters: the 49 pixels are 9 row
// tiles of 6, the filters 2 panels of 16. Tasks over (image, row block,
// column block); K = 512 in 2 blocks of 256, so tiles keep partial sums in
// a task buffer (9 x 2 tiles of 96 floats).
// Packing reads 6 contiguous pixels of a channel (a masked load); the
// register tile is 6 16-lane FMAs per k step; a finished tile is transposed
// (48 shuffles) and stored as rows of pixels, bias broadcast per filter.
// CHECK-LABEL: func @pointwise_7x7
// CHECK-NOT: dlc.conv2d_kernel
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0, %c0) to (%c1{{.*}}, %c1{{.*}}, %c1{{.*}})
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<18432xf32>
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<1728xf32>
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c2{{(_[0-9]+)?}} step
// CHECK: vector.maskedload %{{.*}} : memref<1x25088xf32>
// CHECK: vector.store %{{.*}} : memref<18432xf32>, vector<8xf32>
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.if
// CHECK-COUNT-48: vector.shuffle
// CHECK: vector.broadcast
// CHECK: vector.maskedstore %{{.*}} : memref<1x1568xf32>
// CHECK: else
// CHECK: vector.store %{{.*}} : memref<1728xf32>, vector<8xf32>
func.func @pointwise_7x7(%x: memref<1x512x7x7xf32>, %w: memref<2x512x16xf32>, %b: memref<32xf32>, %o: memref<1x32x7x7xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x512x7x7xf32>, memref<2x512x16xf32>) bias(%b : memref<32xf32>) outs(%o : memref<1x32x7x7xf32>)
      {filter_shape = array<i64: 32, 512, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<im2row>, activation = #dlc.activation<relu>}
  return
}

// -----

// A 3x3 stride-2 conv, 8 -> 20 filters, 9x9 -> 5x5, with a residual: one
// K block (72), so no partial sums; the panels are gathered (window taps
// per lane, masked at the padding and past the 25 pixels); 20 filters
// leave the second panel's last 12 filters unstored.
// CHECK-LABEL: func @strided_3x3
// CHECK: scf.parallel
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<2880xf32>
// CHECK-NOT: memref.alloca
// CHECK: vector.gather
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK-COUNT-48: vector.shuffle
// CHECK: scf.if
// CHECK: vector.maskedload %{{.*}} : memref<1x500xf32>
// CHECK: vector.maskedstore %{{.*}} : memref<1x500xf32>
func.func @strided_3x3(%x: memref<1x8x9x9xf32>, %w: memref<2x72x16xf32>, %r: memref<1x20x5x5xf32>, %o: memref<1x20x5x5xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x9x9xf32>, memref<2x72x16xf32>) residual(%r : memref<1x20x5x5xf32>) outs(%o : memref<1x20x5x5xf32>)
      {filter_shape = array<i64: 20, 8, 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<im2row>, activation = #dlc.activation<none>}
  return
}
