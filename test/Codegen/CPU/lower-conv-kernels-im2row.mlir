// RUN: dlc-opt --dlc-lower-conv-kernels --split-input-file --verify-diagnostics %s | FileCheck %s

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

// 20 filters, 13x13 images, a residual: one K block (72), so no partial
// sums; 169 pixels are 29 row tiles, two row blocks (16 + 13); the second
// panel's last 12 filters are not stored; the residual is read as rows of
// pixels after the transpose.
// CHECK-LABEL: func @filter_tail_residual
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0, %c0) to (%c1{{.*}}, %c2{{.*}}, %c1{{.*}})
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<9216xf32>
// CHECK-NOT: memref.alloca
// CHECK-NOT: vector.gather
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK-COUNT-48: vector.shuffle
// CHECK: scf.if
// CHECK: vector.maskedload %{{.*}} : memref<1x3380xf32>
// CHECK: vector.maskedstore %{{.*}} : memref<1x3380xf32>
func.func @filter_tail_residual(%x: memref<1x72x13x13xf32>, %w: memref<2x72x16xf32>, %r: memref<1x20x13x13xf32>, %o: memref<1x20x13x13xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x72x13x13xf32>, memref<2x72x16xf32>) residual(%r : memref<1x20x13x13xf32>) outs(%o : memref<1x20x13x13xf32>)
      {filter_shape = array<i64: 20, 72, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<im2row>, activation = #dlc.activation<none>}
  return
}

// -----

// Other convs reach the kernel as the 1x1 conv on their im2col matrix.
func.func @strided_3x3(%x: memref<1x8x9x9xf32>, %w: memref<2x72x16xf32>, %o: memref<1x20x5x5xf32>) {
  // expected-error @+1 {{algorithm 'im2row' reads its rows in place: expected a 1x1, stride-1, unpadded conv}}
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x9x9xf32>, memref<2x72x16xf32>) outs(%o : memref<1x20x5x5xf32>)
      {filter_shape = array<i64: 20, 8, 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<im2row>}
  return
}
