// RUN: dlc-opt --dlc-lower-conv-kernels --split-input-file --verify-diagnostics %s | FileCheck %s

// Depthwise 3x3, stride 1, pad 1, 40x20: column vector 1 (8..15) is
// interior, vectors 0 (left padding) and 2 (tail 16..19) are peeled. One
// parallel loop over (image, channel block, row block); per channel the 9
// taps are broadcast once; interior rows go 4 at a time: 6 input rows, 3
// plain loads each, 36 FMAs, bias and relu in registers, plain stores.
// CHECK-LABEL: func @dw3x3_s1
// CHECK-NOT: dlc.conv2d_kernel
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0, %c0) to (%c1{{.*}}, %c1{{.*}}, %c1{{.*}})
// CHECK: scf.for %[[C:.*]] = %{{.*}} to %{{.*}} step %c1
// CHECK-COUNT-9: vector.broadcast {{.*}} : f32 to vector<8xf32>
// The top border row (0) is peeled: its left vector shifts the inputs one
// lane right (lane 0 reads padding), its tail vector stores 4 lanes.
// CHECK: vector.maskedload
// CHECK: vector.shuffle {{.*}} [8, 0, 1, 2, 3, 4, 5, 6]
// CHECK: vector.maskedstore
// Interior rows 1..38, 4 at a time, then the interior column loop; the
// last 2 interior rows are one tile.
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4
// CHECK: scf.for %[[COL:.*]] = %c8{{.*}} to %c16{{.*}} step %c8
// CHECK-NOT: vector.maskedload
// CHECK-COUNT-36: vector.fma
// CHECK: arith.maximumf
// CHECK: vector.store
// CHECK: scf.for %{{.*}} = %c8{{.*}} to %c16{{.*}} step %c8
// CHECK-COUNT-18: vector.fma
// CHECK: scf.reduce
func.func @dw3x3_s1(%x: memref<1x16x40x20xf32>, %w: memref<16x9xf32>, %b: memref<16xf32>, %o: memref<1x16x40x20xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x16x40x20xf32>, memref<16x9xf32>) bias(%b : memref<16xf32>) outs(%o : memref<1x16x40x20xf32>)
      {filter_shape = array<i64: 16, 1, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, group = 16, algo = #dlc.algo<direct>, activation = #dlc.activation<relu>}
  return
}

// -----

// Stride 2: an interior tap loads inputs 0..7 and 7..14 and keeps the even
// ones with one shuffle. A plane of 112x112 outputs is split in row blocks
// of 40 rows (3 per channel), 32 channels, batch 2: 2x32x3 tasks. The
// residual is added before the activation.
// CHECK-LABEL: func @dw3x3_s2
// CHECK: scf.parallel ({{.*}}) = (%c0, %c0, %c0) to (%c2{{.*}}, %c32{{.*}}, %c3{{.*}})
// CHECK: vector.shuffle {{.*}} [0, 2, 4, 6, 9, 11, 13, 15]
// CHECK: vector.fma
// CHECK: vector.load
// CHECK: arith.addf
// CHECK: arith.minimumf
// CHECK: vector.store
func.func @dw3x3_s2(%x: memref<2x32x224x224xf32>, %w: memref<32x9xf32>, %b: memref<32xf32>, %r: memref<2x32x112x112xf32>, %o: memref<2x32x112x112xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<2x32x224x224xf32>, memref<32x9xf32>) bias(%b : memref<32xf32>) residual(%r : memref<2x32x112x112xf32>) outs(%o : memref<2x32x112x112xf32>)
      {filter_shape = array<i64: 32, 1, 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>,
       dilations = array<i64: 1, 1>, group = 32, algo = #dlc.algo<direct>, activation = #dlc.activation<clip>,
       activation_alpha = 0.0 : f32, activation_beta = 6.0 : f32}
  return
}

// -----

// 5x5: 2 rows of 2 vectors per tile (4 accumulators, 25 taps); a 7x7
// output has no interior column vector: every vector is peeled. A plane
// this small is 4 static tiles of 2, 2, 2 and 1 rows, no row loop: the
// first one leaves out the taps on the padding rows above it (row 0 reads
// 3 of its 5 filter rows, row 1 4 of them: 35 FMAs of 2x25).
// CHECK-LABEL: func @dw5x5_small
// CHECK: scf.parallel
// CHECK: scf.for
// CHECK-COUNT-25: vector.broadcast {{.*}} : f32 to vector<8xf32>
// CHECK-NOT: scf.for
// CHECK-COUNT-35: vector.fma
// CHECK-NOT: vector.fma
// CHECK: vector.maskedstore
// CHECK: vector.maskedstore
// CHECK-NOT: scf.for
// CHECK: scf.reduce
func.func @dw5x5_small(%x: memref<1x24x7x7xf32>, %w: memref<24x25xf32>, %o: memref<1x24x7x7xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x24x7x7xf32>, memref<24x25xf32>) outs(%o : memref<1x24x7x7xf32>)
      {filter_shape = array<i64: 24, 1, 5, 5>, strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>,
       dilations = array<i64: 1, 1>, group = 24, algo = #dlc.algo<direct>}
  return
}

// -----

// Strides above 2 gather the lanes' inputs.
// CHECK-LABEL: func @dw3x3_s3
// CHECK: vector.gather
func.func @dw3x3_s3(%x: memref<1x8x60x60xf32>, %w: memref<8x9xf32>, %o: memref<1x8x20x20xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x60x60xf32>, memref<8x9xf32>) outs(%o : memref<1x8x20x20xf32>)
      {filter_shape = array<i64: 8, 1, 3, 3>, strides = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, group = 8, algo = #dlc.algo<direct>}
  return
}

// -----

// Only depthwise convs have a `direct` layout.
func.func @direct_not_depthwise(%x: memref<1x8x6x6xf32>, %w: memref<8x9xf32>, %o: memref<1x8x4x4xf32>) {
  // expected-error @+1 {{algorithm 'direct' has no kernel for this convolution (filter 8x2x3x3, group 4)}}
  dlc.conv2d_kernel ins(%x, %w : memref<1x8x6x6xf32>, memref<8x9xf32>) outs(%o : memref<1x8x4x4xf32>)
      {filter_shape = array<i64: 8, 2, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, group = 4, algo = #dlc.algo<direct>}
  return
}

// -----

// `im2col` kernels are the GEMM on the materialised matrix: a 1x1 conv.
// CHECK-LABEL: func @im2col_gemm
// CHECK: scf.parallel
// CHECK-NOT: vector.gather
// CHECK: vector.fma
func.func @im2col_gemm(%x: memref<1x27x4x5xf32>, %w: memref<1x2x27x6xf32>, %o: memref<1x8x4x5xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x27x4x5xf32>, memref<1x2x27x6xf32>) outs(%o : memref<1x8x4x5xf32>)
      {filter_shape = array<i64: 8, 27, 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<im2col>}
  return
}

// -----

func.func @im2col_not_1x1(%x: memref<1x3x6x6xf32>, %w: memref<1x2x27x6xf32>, %o: memref<1x8x4x4xf32>) {
  // expected-error @+1 {{algorithm 'im2col' runs on the im2col matrix: expected a 1x1, stride-1, unpadded conv}}
  dlc.conv2d_kernel ins(%x, %w : memref<1x3x6x6xf32>, memref<1x2x27x6xf32>) outs(%o : memref<1x8x4x4xf32>)
      {filter_shape = array<i64: 8, 3, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<im2col>}
  return
}

// -----

// OW = 14 at stride 2: the left vector is peeled (padding) and the partial
// last one is recomputed as the interior vector of columns 6..13, whose
// taps read inputs 11..27 of the 28: no masked store.
// CHECK-LABEL: func @dw3x3_s2_tail
// CHECK: vector.maskedload
// CHECK: vector.shuffle {{.*}} [0, 2, 4, 6, 9, 11, 13, 15]
// CHECK-NOT: vector.maskedstore
// CHECK: return
func.func @dw3x3_s2_tail(%x: memref<1x16x28x28xf32>, %w: memref<16x9xf32>, %o: memref<1x16x14x14xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x16x28x28xf32>, memref<16x9xf32>) outs(%o : memref<1x16x14x14xf32>)
      {filter_shape = array<i64: 16, 1, 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, group = 16, algo = #dlc.algo<direct>, activation = #dlc.activation<relu>}
  return
}
