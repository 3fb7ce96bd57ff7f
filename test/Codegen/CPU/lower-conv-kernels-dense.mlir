// RUN: dlc-opt --dlc-lower-conv-kernels --split-input-file --verify-diagnostics %s | FileCheck %s

// A dense layer (1x1 conv on 1x1 images), 13 images x 19 outputs, K = 600:
// tasks over (row block, column block); K in 3 blocks (later ones reload the
// partial sums, the last applies the epilogue); A broadcast straight from
// the input rows (no packing, no stack buffer), 6 16-lane FMAs per k step; the
// bias is a vector per column; stores of the 13th image's tile skip its 5
// padding rows.
// CHECK-LABEL: func @dense_deep
// CHECK-NOT: dlc.conv2d_kernel
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0) to (%c1{{.*}}, %c1{{.*}})
// CHECK-NOT: memref.alloca
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c3{{(_[0-9]+)?}} step
// CHECK: memref.load %{{.*}}[%{{.*}}, %{{.*}}] : memref<13x600xf32>
// CHECK: vector.broadcast
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.maskedload %{{.*}}[%{{.*}}]{{.*}} : memref<19xf32>
// CHECK: arith.maximumf
// CHECK: scf.if
// CHECK: vector.maskedstore %{{.*}}[%{{.*}}, %{{.*}}]{{.*}} : memref<13x19xf32>
func.func @dense_deep(%x: memref<13x600x1x1xf32>, %w: memref<2x600x16xf32>, %b: memref<19xf32>, %o: memref<13x19x1x1xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<13x600x1x1xf32>, memref<2x600x16xf32>) bias(%b : memref<19xf32>) outs(%o : memref<13x19x1x1xf32>)
      {filter_shape = array<i64: 19, 600, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<dense>, activation = #dlc.activation<relu>}
  return
}

// -----

// One image: a 1-row tile, 1 FMA per k step with a prefetch of B 4 KiB
// ahead, and no row guard.
// CHECK-LABEL: func @dense_one_image
// CHECK: scf.parallel
// CHECK: memref.prefetch {{.*}}, read, locality<0>, data
// CHECK-COUNT-1: vector.fma
// CHECK-NOT: vector.fma
// CHECK-NOT: scf.if
// CHECK: vector.maskedstore
// CHECK: vector.maskedstore
// CHECK-NOT: vector.maskedstore
func.func @dense_one_image(%x: memref<1x64x1x1xf32>, %w: memref<1x64x16xf32>, %o: memref<1x10x1x1xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x64x1x1xf32>, memref<1x64x16xf32>) outs(%o : memref<1x10x1x1xf32>)
      {filter_shape = array<i64: 10, 64, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<dense>}
  return
}

// -----

func.func @dense_needs_1x1_images(%x: memref<1x8x2x2xf32>, %w: memref<1x8x16xf32>, %o: memref<1x4x2x2xf32>) {
  // expected-error @+1 {{algorithm 'dense' needs a 1x1 conv with group 1 on 1x1 images}}
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x2x2xf32>, memref<1x8x16xf32>) outs(%o : memref<1x4x2x2xf32>)
      {filter_shape = array<i64: 4, 8, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<dense>}
  return
}
